"""Real processes for the fault schedules: the central server and a syncing till, each in its own
OS process that we kill with SIGKILL and start again.

Both are forked from a multiprocessing *fork server* that has the modules imported once, so a
restart costs a fork and the server's start-up (~0.2 s), not a new interpreter (~1.4 s): that is
what lets the dedicated command run 1,000 schedules. The code they run is the product's own: the
server child runs `python main.py serve --db URL --port P` (cli.central._serve), the till child opens the
till's store and runs its SyncClient over HTTP, exactly as `python main.py sync --once` does.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from multiprocessing.connection import Connection
from typing import Any, Optional

PRELOAD = ["cli", "cli.central", "cli.sync", "cli.store", "cli.card", "cli.program", "cli.manager", "cli.phone",
           "cli.settings", "cli.staff", "cli.backtest", "cli.evaluate", "cli.till",
           "pos_loyalty.central.app", "pos_loyalty.central.health", "pos_loyalty.central.registration",
           "pos_loyalty.central.sync_routes", "pos_loyalty.central.phone", "pos_loyalty.sync.http",
           "db.sync_store", "db.store", "httpx", "fastapi", "sqlalchemy", "psycopg",
           "alembic.command", "alembic.runtime.migration", "alembic.runtime.environment", "alembic.ddl",
           "mako.template", "uvicorn", "uvicorn.lifespan.on", "uvicorn.loops.auto", "uvicorn.loops.asyncio",
           "uvicorn.protocols.http.auto", "uvicorn.protocols.http.h11_impl", "uvicorn.protocols.http.httptools_impl",
           "uvicorn.protocols.websockets.auto", "uvicorn.protocols.websockets.websockets_impl",
           "uvicorn.protocols.websockets.wsproto_impl"]   # every module `serve` loads lazily
_context: Optional[Any] = None


def context():  # noqa: ANN201 - multiprocessing's ForkServerContext
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _quiet() -> None:
    """The child's stdout/stderr go nowhere (a restart should not print 'serving on ...' each time)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


def _serve(db_url: str, port: int) -> None:
    """`python main.py serve --db URL --port P`, without building the whole CLI's parser first."""
    import argparse
    _quiet()
    from cli.central import _serve as serve
    os._exit(serve(argparse.Namespace(db=db_url, host="127.0.0.1", port=port)))


class CentralProcess:
    """The central server in its own process on a fixed loopback port, so tills keep their URL
    across restarts. `kill()` is SIGKILL: whatever transaction it had open is cut off."""

    def __init__(self, db_url: str) -> None:
        from tests.fixtures.central import free_port
        self.db_url = db_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: Optional[Any] = None
        self.restarts = 0

    def start(self) -> "CentralProcess":
        self.process = context().Process(target=_serve, args=(self.db_url, self.port), daemon=True)
        self.process.start()
        self._wait_until_answering()
        return self

    def _wait_until_answering(self) -> None:
        import http.client
        deadline = time.monotonic() + 30
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            finally:
                connection.close()
            if time.monotonic() > deadline or not self.process.is_alive():
                raise RuntimeError(f"the central server on {self.url} does not answer")
            time.sleep(0.005)   # a restart is ~0.15 s: a coarser poll would add a good part of it

    def kill(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
        if self.process is not None:
            self.process.join(timeout=20)

    def restart(self) -> None:
        self.kill()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=20)
        self.kill()


def _sync_till(path: str, batch: int, ready: Connection) -> None:
    _quiet()
    from cli.sync import wall_clock
    from db.store import open_engine
    from db.sync_store import TillSyncStore
    from pos_loyalty.sync.client import SyncClient
    from pos_loyalty.sync.http import HttpTransport
    from pos_loyalty.sync.signing import Signer
    store = TillSyncStore(open_engine(path))
    settings = store.settings()
    transport = HttpTransport(settings["sync_server"], Signer(settings["terminal_id"], settings["sync_key"]),
                              wall_clock, timeout=10)
    client = SyncClient(store, transport, wall_clock, batch=batch)
    ready.send("syncing")
    try:
        client.run_once()
    except Exception:  # noqa: BLE001 - the server may be away: the till just stops, as `sync --once` exits 1
        os._exit(1)
    os._exit(0)


def sync_and_kill(path: str, *, delay: float, batch: int) -> str:
    """A till process syncs its store; `delay` seconds after it starts talking to the server we
    SIGKILL it. Returns 'killed' (it was still syncing) or 'finished' (it was done first)."""
    ours, theirs = context().Pipe(duplex=False)
    process = context().Process(target=_sync_till, args=(path, batch, theirs), daemon=True)
    process.start()
    theirs.close()
    try:
        if not ours.poll(30):
            raise RuntimeError("the till process did not start syncing")
        ours.recv()
        time.sleep(delay)
        if process.is_alive():
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:      # it finished and the fork server reaped it in between
                pass
        process.join(timeout=20)
    finally:
        ours.close()
        if process.is_alive():
            process.kill()
            process.join(timeout=20)
    return "killed" if process.exitcode == -signal.SIGKILL else "finished"
