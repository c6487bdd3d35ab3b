"""`evaluate FILE`: the receipt of a scenario file as JSON."""
from __future__ import annotations

import argparse
import json

from cli.common import read_text


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("evaluate", help="print the receipt of a scenario file as JSON")
    command.add_argument("file", help="scenario JSON (program, member, at, basket)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pos_loyalty.scenario import read_scenario  # pydantic: only when a scenario is read
    receipt = read_scenario(read_text(args.file, what="scenario file")).run()
    print(json.dumps(receipt.to_dict(), ensure_ascii=False, indent=2))
    return 0
