"""services of the knowledge app: search."""
