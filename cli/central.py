"""The central server's commands: `serve`, and `central code|member|quarantine|terminal ...` on its store."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from pos_loyalty.errors import InvalidInput


def wall_clock() -> datetime:
    return datetime.now(tz=timezone.utc)


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the central server (HTTP on loopback by default)")
    serve.add_argument("--db", required=True, help="postgresql://user@host:port/db or an SQLite file")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700, help="0 picks a free port (printed on start)")
    serve.set_defaults(run=_serve)


def _port(value: int) -> int:
    if not 0 <= value <= 65535:
        raise InvalidInput(f"--port {value} is not a TCP port (0-65535)")
    return value


def _serve(args: argparse.Namespace) -> int:
    import socket

    import uvicorn

    from pos_loyalty.central.app import create_app
    from pos_loyalty.central.settings import CentralSettings

    port = _port(args.port)
    app = _open_app(lambda: create_app(CentralSettings(db_url=args.db, clock=wall_clock)), args.db)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, port))
    except OSError as error:
        raise InvalidInput(f"cannot listen on {args.host}:{port}: {error.strerror}") from None
    sock.listen(128)
    host, bound = sock.getsockname()[:2]
    print(f"serving on http://{host}:{bound}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])
    return 0


def _open_app(build, url: str):  # noqa: ANN001, ANN202
    from sqlalchemy.exc import ArgumentError, OperationalError
    try:
        return build()
    except (OperationalError, ArgumentError) as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise InvalidInput(f"central store {url!r} cannot be opened: {reason}") from None
