"""The headless command line: `python main.py COMMAND ...`. Errors become one line, exit 2."""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional, Sequence

from pos_loyalty.errors import LoyaltyError

# Each module registers its sub-commands; a module that is not there yet is skipped.
COMMAND_MODULES = ("cli.evaluate", "cli.store", "cli.card", "cli.till", "cli.central", "cli.staff", "cli.program",
                   "cli.backtest", "cli.phone", "cli.manager", "cli.settings")
COMMAND_MODULES += ("cli.sync",)  # the till in the chain: terminal register, sync


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other refusal
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="Loyalty terminal")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        module.register(commands)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except LoyaltyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
