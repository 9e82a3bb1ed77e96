"""`make lint` only: the development settings plus the migration linter (a dev dependency)."""

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
