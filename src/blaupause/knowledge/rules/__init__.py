"""Object permissions of the knowledge app, one module per topic (imported to register them)."""

from . import articles, experts, learning, search  # noqa: F401
