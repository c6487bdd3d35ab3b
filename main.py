"""Composition root: `python main.py COMMAND`. See README.md and `python main.py --help`."""
from __future__ import annotations

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main())
