"""selectors of the knowledge app: search."""
