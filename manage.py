#!/usr/bin/env python
"""Django's manage.py; the same as the `blaupause` command."""

import sys

from blaupause.cli import main

if __name__ == "__main__":
    sys.exit(main())
