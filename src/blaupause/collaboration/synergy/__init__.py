"""The synergy finder: German text similarity (`text`), candidates and groups (`finder`).

Pure Python on plain data; `collaboration.services.synergy` loads the items from the database
and stores the groups as `SynergySuggestion`s.
"""
