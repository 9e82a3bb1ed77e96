"""German full-text search over articles, measures, joint projects and events.

`indexing` keeps the `SearchDocument` table and the backend index up to date, `backends` holds
the PostgreSQL and the SQLite implementation, `query` runs a search for a viewer.
"""
