"""`main.py till --db PATH`: the cashier's window. Qt and the store are imported only when it runs."""
from __future__ import annotations

import argparse
from pathlib import Path

from pos_loyalty.errors import InvalidInput


def register(commands) -> None:  # noqa: ANN001 - argparse's private subparsers action
    parser = commands.add_parser("till", help="open the till window (cashier), optionally the customer display")
    parser.add_argument("--db", required=True, help="the local store (SQLite file)")
    parser.add_argument("--lang", choices=("en", "zh_TW"), default="en", help="screen language (Ctrl+L switches)")
    parser.add_argument("--theme", choices=("light", "dark"), default="light", help="colour theme (Ctrl+T switches)")
    parser.add_argument("--customer-display", action="store_true", help="also open the customer-facing window")
    parser.set_defaults(run=run_till)


def run_till(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if not path.exists():
        raise InvalidInput(f"--db: {path} does not exist; create one with `main.py init --demo --db {path}`")
    from ui.app import run

    return run(path, lang=args.lang, theme=args.theme, customer_display=args.customer_display)
