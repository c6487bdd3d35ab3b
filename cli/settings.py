"""The store's settings at the command line: settings show / set KEY VALUE / unset KEY."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from cli.store import add_db, clock_for, emit, store


def register(commands: argparse._SubParsersAction) -> None:
    from pos_loyalty.store_settings import KEYS

    settings = commands.add_parser("settings", help="the store's settings: shop name, logo, printer, drawer")
    sub = settings.add_subparsers(dest="settings_command", required=True)
    show = sub.add_parser("show", help="every setting, defaults included")
    add_db(show)
    show.set_defaults(run=run_show)
    put = sub.add_parser("set", help="e.g. settings set printer tcp://192.168.1.50:9100")
    add_db(put)
    put.add_argument("key", choices=KEYS)
    put.add_argument("value")
    put.add_argument("--by", default="cli", help="who is making the change (for the audit log)")
    put.set_defaults(run=run_set)
    unset = sub.add_parser("unset", help="back to the default (no printer, no logo, ...)")
    add_db(unset)
    unset.add_argument("key", choices=KEYS)
    unset.add_argument("--by", default="cli")
    unset.set_defaults(run=run_unset)


def run_show(args: argparse.Namespace) -> int:
    from pos_loyalty.store_settings import read_settings

    with store(args) as uow:
        return emit(asdict(read_settings(uow)))


def run_set(args: argparse.Namespace) -> int:
    from pos_loyalty.store_settings import change_setting

    return emit(asdict(change_setting(args.key, args.value, uow=store(args), clock=clock_for(None), actor=args.by)))


def run_unset(args: argparse.Namespace) -> int:
    from pos_loyalty.store_settings import change_setting

    return emit(asdict(change_setting(args.key, None, uow=store(args), clock=clock_for(None), actor=args.by)))
