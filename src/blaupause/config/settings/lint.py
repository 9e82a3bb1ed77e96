"""`make lint` only: the development settings plus the migration linter (a dev dependency).

`make lint` points it at PostgreSQL (`LINT_DATABASE_URL`): production's SQL is what must stay
backward compatible, and SQLite rebuilds tables for many changes, which the linter cannot
judge.
"""

from .dev import *
from .dev import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]
MIGRATION_LINTER_OPTIONS = {
    # Our own apps; third-party migrations are their maintainers' concern.
    "include_apps": [
        app.rsplit(".", 1)[-1] for app in INSTALLED_APPS if app.startswith("blaupause.")
    ],
    # Initial migrations (0001_initial, and 0002_initial where Django splits one) create new
    # tables: nothing in use can break.
    "ignore_name_contains": "_initial",
}
