"""The loyalty program at the command line: program show, program publish FILE."""
from __future__ import annotations

import argparse
import sys

from cli.common import read_text
from cli.store import add_db, clock_for, emit, store


def register(commands: argparse._SubParsersAction) -> None:
    program = commands.add_parser("program", help="the loyalty program: show, publish")
    program_commands = program.add_subparsers(dest="program_command", required=True)
    show = program_commands.add_parser("show", help="print the active program file")
    add_db(show)
    show.set_defaults(run=run_program_show)
    publish = program_commands.add_parser("publish", help="make FILE the active program from the next sale on")
    add_db(publish)
    publish.add_argument("file")
    publish.add_argument("--by", default="cli", help="who is publishing (for the audit log)")
    publish.set_defaults(run=run_program_publish)


def run_program_show(args: argparse.Namespace) -> int:
    from pos_loyalty.services.programs import active_program_text
    text = active_program_text(uow=store(args))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def run_program_publish(args: argparse.Namespace) -> int:
    from pos_loyalty.services.programs import publish
    text = read_text(args.file, what="program file")
    return emit(publish(text, uow=store(args), clock=clock_for(None), actor=args.by).to_dict())
