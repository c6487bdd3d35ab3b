"""How a server process learns that the chain changed, and how a till hears it at once.

Every writing transaction takes change numbers (changes.take); on PostgreSQL it also sends
`NOTIFY chain_changes, '<last number>'`, which PostgreSQL delivers at commit to every process
listening, whichever server process wrote. Each server process keeps one listening connection
(a thread) and so knows the chain's newest change number without asking the database; on an
SQLite store (one file, usually one process) the thread reads the counter every quarter second
instead. The number is only a cache: a waiting till re-reads the counter before it waits, and
the listener re-reads it after every reconnect, so a lost notification delays, never hides.

A till long-polls `POST /v1/sync/wait {cursor, seconds}`: the answer comes as soon as the chain
holds a change after its cursor (or after `seconds`, at most 25), and the till then pulls. That
is how a revocation made at any till, through any server process, reaches every online till
within about a second instead of at its next 10 s round.
"""
from __future__ import annotations

import asyncio
import threading
from typing import Optional

from fastapi import APIRouter, Depends, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from pos_loyalty.central import changes
from pos_loyalty.central.auth import signed_terminal
from pos_loyalty.central.terminals import Terminal
from pos_loyalty.sync.protocol import NewsAsk, NewsAnswer

CHANNEL = "chain_changes"
MAX_WAIT = 25.0          # seconds a till's wait may last (below proxies' usual 30-60 s idle cut)
SQLITE_POLL = 0.25       # seconds between counter reads on SQLite
STEP = 1.0               # a waiting request checks this often whether its till went away

router = APIRouter(tags=["sync"])


class ChainNews:
    """One per server process: the newest change number known here, and who waits for a newer one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.top = 0
        self._lock = threading.Lock()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Future]] = set()
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()

    # -- learning ---------------------------------------------------------------------
    def read(self) -> int:
        """The committed counter, from the store (and learned)."""
        with self.engine.connect() as connection:
            top = changes.committed(connection)
        self.learned(top)
        return top

    def learned(self, top: int) -> None:
        with self._lock:
            if top <= self.top:
                return
            self.top = top
            waiters, self._waiters = self._waiters, set()
        for loop, future in waiters:
            loop.call_soon_threadsafe(_resolve, future)

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            target = self._listen if self.engine.dialect.name == "postgresql" else self._poll
            self._thread = threading.Thread(target=target, name="chain-news", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            waiters, self._waiters = self._waiters, set()
        for loop, future in waiters:
            loop.call_soon_threadsafe(_resolve, future)

    def _poll(self) -> None:
        while not self._stop.wait(SQLITE_POLL):
            try:
                self.read()
            except Exception:  # noqa: BLE001 - a busy or moved store: read again next time
                continue

    def _listen(self) -> None:
        import psycopg

        conninfo = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        failures = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.read()       # what was committed before the LISTEN took hold
                    failures = 0
                    while not self._stop.is_set():
                        newest = 0
                        for note in connection.notifies(timeout=1.0):
                            if note.payload.isdigit():
                                newest = max(newest, int(note.payload))
                        if newest:
                            self.learned(newest)
            except Exception:  # noqa: BLE001 - the database restarted or dropped us: listen again
                failures += 1
                self._stop.wait(min(5.0, 0.2 * 2 ** failures))

    # -- waiting ----------------------------------------------------------------------
    async def wait_beyond(self, cursor: int, seconds: float, request: Optional[Request] = None) -> int:
        """The newest change number, as soon as it is beyond `cursor` (or after `seconds`)."""
        self.start()
        top = await run_in_threadpool(self.read)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while top <= cursor and not self._stop.is_set():
            left = deadline - loop.time()
            if left <= 0:
                break
            future: asyncio.Future = loop.create_future()
            entry = (loop, future)
            with self._lock:
                if self.top > cursor:
                    top = self.top
                    break
                self._waiters.add(entry)
            try:
                await asyncio.wait_for(future, timeout=min(STEP, left))
            except asyncio.TimeoutError:
                pass
            finally:
                with self._lock:
                    self._waiters.discard(entry)
            top = max(top, self.top)
            if request is not None and top <= cursor and await request.is_disconnected():
                break
        return max(top, self.top)


def _resolve(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


def notify(connection, top: int) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    """Tell every listening server process (at commit) that the chain now reaches `top`."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy import text

        connection.execute(text("SELECT pg_notify(:channel, :top)"), {"channel": CHANNEL, "top": str(top)})


@router.post("/v1/sync/wait", response_model=NewsAnswer,
             responses={401: {"description": "unsigned, badly signed, stale or replayed request"},
                        403: {"description": "terminal revoked"}})
async def wait_for_news(ask: NewsAsk, request: Request, terminal: Terminal = Depends(signed_terminal)) -> NewsAnswer:
    """Answers as soon as the chain changed after `cursor` (the till then pulls), or after `seconds`."""
    news: ChainNews = request.app.state.news
    top = await news.wait_beyond(ask.cursor, min(ask.seconds, MAX_WAIT), request)
    return NewsAnswer(top=top, changed=top > ask.cursor)


__all__ = ["ChainNews", "notify", "router", "CHANNEL"]
