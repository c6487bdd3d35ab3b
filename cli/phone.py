"""`phone` commands: the till's own member-page server, and a join link for this till.

    python main.py phone serve --db TILL [--host 127.0.0.1] [--port 8701]
    python main.py phone link --db TILL [--base URL]     # prints a join URL (the central page once registered)
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timezone
from pathlib import Path

from cli.store import add_db


def register(commands: argparse._SubParsersAction) -> None:
    phone = commands.add_parser("phone", help="the member's phone page served by this till; join links")
    sub = phone.add_subparsers(dest="phone_command", required=True, metavar="{serve,link}",
                               parser_class=type(phone))
    serve = sub.add_parser("serve", help="serve the join and member pages from this till's store")
    add_db(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8701)
    serve.add_argument("--public-url", default=None,
                       help="where phones on the shop's network reach this server (default http://HOST:PORT); "
                            "the customer display's join QR points there")
    serve.set_defaults(run=_serve)
    link = sub.add_parser("link", help="print a fresh one-time join link for this till")
    add_db(link)
    link.add_argument("--base", default=None,
                      help="where phones reach the page (default: the central server for a till registered "
                           "with it, else http://127.0.0.1:8701, `phone serve`)")
    link.set_defaults(run=_link)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, not {text!r}")
    return int(text)


def _store(args: argparse.Namespace) -> Path:
    from cli.store import default_db

    path = Path(args.db) if args.db else default_db()
    if not path.is_file():
        print(f"error: no database at {path}: run `python main.py init --db {path}` first", file=sys.stderr)
        raise SystemExit(2)
    return path


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from pos_loyalty.central.phone.till_server import till_phone_app

    from pos_loyalty.central.phone.till_desk import set_phone_page_url

    app = till_phone_app(_store(args), clock=_now, rng=random.SystemRandom())
    url = args.public_url or f"http://{args.host}:{args.port}"
    set_phone_page_url(app.state.phone_desk.engine, url)
    print(f"phone page for this till on {url}/phone/ (the customer display's join QR points here)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _link(args: argparse.Namespace) -> int:
    from db.store import open_engine
    from pos_loyalty.central.phone.till_desk import new_join_link

    from db.store import SqlUnitOfWork
    from pos_loyalty.central.phone.till_desk import CENTRAL_PAGE_SETTING

    engine = open_engine(_store(args))
    with SqlUnitOfWork(engine).reading() as uow:
        base = args.base or uow.setting(CENTRAL_PAGE_SETTING) or "http://127.0.0.1:8701"
    link, token = new_join_link(engine, at=_now(), rng=random.SystemRandom())
    print(f"{base.rstrip('/')}/phone/join/{token}")
    return 0
