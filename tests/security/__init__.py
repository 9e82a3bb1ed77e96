"""Security tests that span all apps (access-control matrix)."""
