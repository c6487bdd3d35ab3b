"""`manager [--db]`: the manager's console window, behind a manager's PIN."""
from __future__ import annotations

import argparse
from pathlib import Path

from cli.store import add_db, default_db
from pos_loyalty.errors import InvalidInput


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("manager", help="open the manager's console (a manager's PIN is asked)")
    add_db(parser)
    parser.add_argument("--lang", choices=("en", "zh_TW"), default="en")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.set_defaults(run=run_manager)


def run_manager(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else default_db()
    if not path.exists():
        raise InvalidInput(f"--db: {path} does not exist; create one with `main.py init --demo --db {path}`")
    from ui.manager.app import run
    return run(path, lang=args.lang, theme=args.theme)
