"""`backtest --program FILE [--days N]`: what a draft would have given over the last N days."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import read_text
from cli.store import add_db, clock_for, default_db


def register(commands: argparse._SubParsersAction) -> None:
    test = commands.add_parser("backtest", help="replay the last N days of receipts under a draft program")
    add_db(test)
    test.add_argument("--program", required=True, help="the draft program file")
    test.add_argument("--days", type=int, default=90)
    test.add_argument("--at", help="end of the window (default: now)")
    test.add_argument("--workers", type=int, default=None, help="processes (default: both cores)")
    test.add_argument("--by-rule", action="store_true", help="also each rule's discounts and points")
    test.set_defaults(run=run_backtest_command)


def run_backtest_command(args: argparse.Namespace) -> int:
    from db.backtest_run import run_backtest
    from pos_loyalty.errors import InvalidInput
    from pos_loyalty.services.programs import read_program
    draft = read_program(read_text(args.program, what="program file"))
    if args.workers is not None and not 1 <= args.workers <= 64:
        raise InvalidInput("--workers: must be 1 to 64")
    path = Path(args.db) if args.db else default_db()
    from cli.store import store
    store(args).engine.dispose()  # the usual checks: exists, is a store, migrated
    result, span = run_backtest(path, draft, days=args.days, now=clock_for(args.at)(), workers=args.workers,
                                rules=args.by_rule)
    out = result.to_dict(rules=args.by_rule)
    out["members_changed"] = len(result.changed)
    out["window"] = {"from": span.start.isoformat(), "until": span.end.isoformat(), "days": span.days}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
