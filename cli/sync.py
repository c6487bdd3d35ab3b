"""The till's side of the chain: `terminal register` and `sync [--once]`."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone

from pos_loyalty.errors import InvalidInput, Refused


def wall_clock() -> datetime:
    return datetime.now(tz=timezone.utc)


def register(commands: argparse._SubParsersAction) -> None:
    from cli.store import add_db
    terminal = commands.add_parser("terminal", help="this till in the chain: register")
    sub = terminal.add_subparsers(dest="terminal_command", required=True)
    join = sub.add_parser("register", help="exchange a one-time code from `central code` for this till's credential")
    join.add_argument("--server", required=True, help="the central server's URL, e.g. http://127.0.0.1:8700")
    join.add_argument("--code", required=True)
    join.add_argument("--name", default="", help="a name for this till (shown to the manager)")
    add_db(join)
    join.set_defaults(run=_register)

    sync = commands.add_parser("sync", help="push this till's ledger to the central server and pull the chain's")
    sync.add_argument("--once", action="store_true",
                      help="push and pull until nothing is pending, print a JSON summary; exit 1 if unreachable")
    add_db(sync)
    sync.set_defaults(run=_sync)


def open_till(args: argparse.Namespace):  # noqa: ANN202
    from cli.store import store
    return store(args).engine


def _server_url(text: str) -> str:
    from urllib.parse import urlsplit
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"--server {text!r}: an http:// or https:// URL, e.g. http://127.0.0.1:8700")
    return text.rstrip("/")


def _register(args: argparse.Namespace) -> int:
    from db.sync_store import TillSyncStore
    from pos_loyalty.sync.client import SyncRefused, Unreachable
    from cli.store import _db_path
    from pos_loyalty.cards.key_directory import KeyDirectory
    from pos_loyalty.sync.http import register as register_with
    from pos_loyalty.sync.registering import register_till
    server = _server_url(args.server)
    code = args.code.strip()
    if not 4 <= len(code) <= 32:
        raise InvalidInput("--code: the code `central code` printed, e.g. ABCD-EFGH")
    store = TillSyncStore(open_till(args))
    if store.settings().get("sync_server"):
        raise Refused(f"this till is already registered with {store.settings()['sync_server']}")
    try:
        registered, moved = register_till(store, KeyDirectory.next_to(_db_path(args)), server=server, code=code,
                                          name=args.name, at=wall_clock(), send=register_with)
    except SyncRefused as error:
        raise Refused(str(error)) from None
    except Unreachable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"terminal": registered.terminal, "store": registered.store,
                      "member_numbers": f"M{registered.number:04d}nnnnnnC", "history_entries": moved,
                      "offline_allowance": registered.offline_allowance}, indent=2))
    return 0


def client_for(engine, *, timeout: float = 10.0):  # noqa: ANN001, ANN201
    """The till's sync client on its store, or a Refused if it is not registered."""
    from db.sync_store import TillSyncStore
    from pos_loyalty.sync.client import SyncClient
    from pos_loyalty.sync.http import HttpTransport
    from pos_loyalty.sync.signing import Signer
    store = TillSyncStore(engine)
    settings = store.settings()
    if not settings.get("sync_server"):
        raise Refused("this till is not registered: run `python main.py terminal register --server URL --code CODE`")
    transport = HttpTransport(settings["sync_server"], Signer(settings["terminal_id"], settings["sync_key"]),
                              wall_clock, timeout=timeout)
    return SyncClient(store, transport, wall_clock), transport


def _sync(args: argparse.Namespace) -> int:
    from pos_loyalty.sync.client import SyncRefused, Unreachable
    client, transport = client_for(open_till(args))
    if not args.once:
        from pos_loyalty.sync.worker import SyncWorker
        worker = SyncWorker(client, sleep=None)
        print("syncing in the foreground; Ctrl-C stops", file=sys.stderr)
        worker.start_listening()
        worker.run_forever()
        return 0
    try:
        summary = client.run_once()
    except Unreachable as error:
        pending = client.store.pending()
        print(json.dumps({"pushed": 0, "pulled": 0, "pending": pending,
                          "quarantined": client.store.quarantined(), "error": str(error)}))
        print(f"error: {error} ({pending} entries wait, nothing is lost)", file=sys.stderr)
        return 1
    except SyncRefused as error:
        raise Refused(str(error)) from None
    finally:
        transport.close()
    print(json.dumps(summary.to_dict()))
    return 0 if summary.pending == 0 else 1
