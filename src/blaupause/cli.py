"""The `blaupause` command: Django's management commands plus demo, serve and worker.

    blaupause demo [--port N] [--no-serve]   set up database, reference and demo data, serve
    blaupause serve [--bind ADDR] [--workers N]   production server (gunicorn + whitenoise)
    blaupause worker                          run background tasks
    blaupause import-municipalities FILE      load municipalities from a CSV file
    blaupause createtoken EMAIL               create a personal API token
    blaupause <any manage.py command>         e.g. `blaupause migrate`

Hyphens in command names are accepted for underscores (`load-blueprint` = `load_blueprint`).
"""

from __future__ import annotations

import os
import sys

DEFAULT_SETTINGS = "blaupause.config.settings.dev"
PRODUCTION_SETTINGS = "blaupause.config.settings.production"
ALIASES = {"worker": "db_worker"}
#: `serve` is the production server: it uses the production settings unless told otherwise,
#: so that it never runs with DEBUG on by accident.
PRODUCTION_COMMANDS = {"serve"}


def _language() -> str:
    lang = os.environ.get("BLAUPAUSE_LANGUAGE") or os.environ.get("LANG") or "de"
    return "en" if lang.lower().startswith("en") else "de"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    command = ""
    if len(argv) > 1 and not argv[1].startswith("-"):
        command = argv[1].replace("-", "_")
        command = argv[1] = ALIASES.get(command, command)
    default = PRODUCTION_SETTINGS if command in PRODUCTION_COMMANDS else DEFAULT_SETTINGS
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)

    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.utils import translation

    try:
        django.setup()
    except ImproperlyConfigured as error:
        # A configuration mistake is the operator's to fix: say what, without a traceback.
        print(f"blaupause: {error}", file=sys.stderr)
        return 2
    translation.activate(_language())
    try:
        execute_from_command_line(argv)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
