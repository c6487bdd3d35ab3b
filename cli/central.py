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
    register_central(commands)


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
    # IPPROTO_TCP named: asyncio turns Nagle off only on sockets that say TCP, and with Nagle on a
    # keep-alive answer (headers, then body) waited 40 ms for the till's delayed ACK every time.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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


def register_central(commands: argparse._SubParsersAction) -> None:
    central = commands.add_parser("central", help="the central store: registration codes, members, quarantine")
    sub = central.add_subparsers(dest="central_command", required=True)

    code = sub.add_parser("code", help="a one-time registration code for a new till (10 minutes)")
    code.add_argument("--db", required=True)
    code.add_argument("--store", default="Main store", help="the store the till belongs to (created if new)")
    code.set_defaults(run=_code)

    member = sub.add_parser("member", help="members as the chain knows them")
    member_sub = member.add_subparsers(dest="member_command", required=True)
    show = member_sub.add_parser("show", help="the same fields as `member show`, from the merged ledger")
    show.add_argument("member")
    show.add_argument("--db", required=True)
    show.add_argument("--at", help="ISO time to show the member at (default: now)")
    show.set_defaults(run=_member_show)

    quarantine = sub.add_parser("quarantine", help="what tills sent that the chain could not take, and flags")
    quarantine.add_argument("--db", required=True)
    quarantine.set_defaults(run=_quarantine)

    terminal = sub.add_parser("terminal", help="registered tills")
    terminal_sub = terminal.add_subparsers(dest="terminal_command", required=True)
    listing = terminal_sub.add_parser("list", help="every till, its store and how far its ledger has arrived")
    listing.add_argument("--db", required=True)
    listing.set_defaults(run=_terminal_list)
    revoke = terminal_sub.add_parser("revoke", help="a lost or stolen till: its requests are refused from now on")
    revoke.add_argument("terminal")
    revoke.add_argument("--db", required=True)
    revoke.set_defaults(run=_terminal_revoke)

    store = sub.add_parser("store", help="a store's configuration")
    store_sub = store.add_subparsers(dest="store_command", required=True)
    allowance = store_sub.add_parser("allowance", help="points one member may redeem per day on a till while offline")
    allowance.add_argument("store")
    allowance.add_argument("points", type=int)
    allowance.add_argument("--db", required=True)
    allowance.set_defaults(run=_allowance)

    program = sub.add_parser("program", help="programs the tills pull")
    program_sub = program.add_subparsers(dest="program_command", required=True)
    publish = program_sub.add_parser("publish", help="publish a program file to every till of the chain")
    publish.add_argument("file")
    publish.add_argument("--db", required=True)
    publish.set_defaults(run=_program_publish)


def _engine(url: str):  # noqa: ANN202
    from pos_loyalty.central.db import migrate, open_central
    return _open_app(lambda: _migrated(open_central(url), migrate), url)


def _migrated(engine, migrate):  # noqa: ANN001, ANN202
    migrate(engine)
    return engine


def _emit(data) -> int:  # noqa: ANN001
    import json
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _code(args: argparse.Namespace) -> int:
    from pos_loyalty.central.terminals import new_code
    engine = _engine(args.db)
    code = new_code(engine, store=args.store, at=wall_clock())
    print(f"store: {args.store.strip()}; the code works once, for 10 minutes:")
    print(code)
    return 0


def _member_show(args: argparse.Namespace) -> int:
    from pos_loyalty.central.member_view import CentralMemberView
    from pos_loyalty.services.members import member_summary
    clock = wall_clock
    if args.at:
        try:
            moment = datetime.fromisoformat(args.at)
        except ValueError:
            raise InvalidInput(f"--at {args.at!r} is not an ISO time") from None
        if moment.tzinfo is None:
            raise InvalidInput("--at needs a UTC offset, e.g. 2026-12-01T10:00:00+08:00")
        clock = lambda: moment  # noqa: E731
    return _emit(member_summary(args.member, uow=CentralMemberView(_engine(args.db)), clock=clock).to_dict())


def _quarantine(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from pos_loyalty.central.models import ledger, quarantine
    with _engine(args.db).connect() as connection:
        held = [{"terminal": r.terminal_id, "what": r.what, "ref": r.ref, "seq": r.seq, "reason": r.reason,
                 "at": r.at} for r in connection.execute(select(quarantine).order_by(quarantine.c.id))]
        flagged = [{"entry": r.id, "terminal": r.terminal_id, "member": r.member_id, "points": r.points,
                    "flag": r.flagged} for r in connection.execute(
            select(ledger).where(ledger.c.flagged.is_not(None)).order_by(ledger.c.change))]
    return _emit({"quarantined": held, "flagged": flagged})


def _terminal_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from pos_loyalty.central.models import stores, terminals
    with _engine(args.db).connect() as connection:
        rows = connection.execute(select(terminals, stores.c.name.label("store"))
                                  .join(stores, stores.c.id == terminals.c.store_id).order_by(terminals.c.number))
        return _emit([{"terminal": r.id, "store": r.store, "name": r.name, "acked_seq": r.acked_seq,
                       "last_seen": r.last_seen, "revoked": r.revoked_at is not None} for r in rows])


def _terminal_revoke(args: argparse.Namespace) -> int:
    from pos_loyalty.central.terminals import revoke_terminal
    revoke_terminal(_engine(args.db), args.terminal, wall_clock())
    print(f"terminal {args.terminal} revoked")
    return 0


def _allowance(args: argparse.Namespace) -> int:
    from pos_loyalty.central.terminals import set_offline_allowance
    set_offline_allowance(_engine(args.db), args.store, args.points, wall_clock())
    print(f"{args.store}: a till offline lets one member redeem up to {args.points} points a day")
    return 0


def _program_publish(args: argparse.Namespace) -> int:
    from cli.common import read_text
    from pos_loyalty.central.programs import publish_program
    text = read_text(args.file, what="program file")
    version = publish_program(_engine(args.db), text, wall_clock())
    print(f"program version {version} published; tills take it at their next pull")
    return 0
