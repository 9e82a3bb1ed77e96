"""Object permissions of the collaboration app, one module per topic (imported to register them)."""

from . import procurement, projects, synergy  # noqa: F401
