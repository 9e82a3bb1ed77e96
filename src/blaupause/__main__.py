import sys

from blaupause.cli import main

sys.exit(main())
