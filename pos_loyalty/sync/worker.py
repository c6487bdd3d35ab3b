"""The till's background sync worker: a thread of its own (never the GUI's), pushing and pulling
every few seconds while online and backing off with jitter while the server is unreachable,
so a hundred tills coming back after an outage do not all knock at once. A second thread
long-polls the server for news (central/news.py) and starts a round as soon as the chain
changed, so revocations and other tills' sales arrive within a second, not at the next round."""
from __future__ import annotations

import random
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable, Optional

from pos_loyalty.sync.client import SyncClient, SyncRefused, Unreachable


@dataclass(frozen=True)
class SyncStatus:
    online: bool = False
    last_sync: Optional[datetime] = None
    pending: int = 0
    quarantined: int = 0
    problem: str = ""          # why we are offline or refused, one line


def backoff(failures: int, rng: random.Random, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Seconds to wait after `failures` failed rounds in a row: exponential, capped, full jitter
    on the upper half (between half and all of the step)."""
    step = min(cap, base * (2 ** max(0, failures - 1)))
    return step * (0.5 + rng.random() / 2)


class SyncWorker:
    def __init__(self, client: SyncClient, *, clock: Optional[Callable[[], datetime]] = None,
                 rng: Optional[random.Random] = None, interval: float = 10.0, cap: float = 60.0,
                 on_status: Optional[Callable[[SyncStatus], None]] = None, sleep: object = None,
                 listen: bool = True, listen_seconds: float = 20.0) -> None:
        self.client = client
        self.clock = clock or client.clock
        self.rng = rng or random.Random()
        self.interval, self.cap = interval, cap
        self.on_status = on_status
        self.status = SyncStatus(pending=self._pending())
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._listener: Optional[threading.Thread] = None
        self.listen, self.listen_seconds = listen, listen_seconds
        self.failures = 0
        self.news_heard = 0       # times the server said the chain changed (a pull followed at once)

    def _pending(self) -> int:
        try:
            return self.client.store.pending()
        except Exception:  # noqa: BLE001 - a busy store must not stop the worker; asked again next round
            return self.status.pending if hasattr(self, "status") else 0

    def _publish(self, status: SyncStatus) -> None:
        self.status = status
        if self.on_status is not None:
            self.on_status(status)

    def round(self) -> float:
        """One push-and-pull; returns the seconds to wait before the next."""
        try:
            summary = self.client.run_once()
        except Unreachable as error:
            self.failures += 1
            self._publish(replace(self.status, online=False, pending=self._pending(), problem=str(error)))
            return backoff(self.failures, self.rng, cap=self.cap)
        except SyncRefused as error:
            self.failures += 1
            self._publish(replace(self.status, online=False, pending=self._pending(), problem=str(error)))
            return self.cap
        except Exception as error:  # noqa: BLE001 - e.g. the store busy: report, keep selling, retry
            self.failures += 1
            self._publish(replace(self.status, online=False, pending=self._pending(),
                                  problem=f"{type(error).__name__}: {error}"))
            return backoff(self.failures, self.rng, cap=self.cap)
        self.failures = 0
        self._publish(SyncStatus(online=True, last_sync=self.clock(), pending=summary.pending,
                                 quarantined=summary.quarantined))
        return self.interval

    def run_forever(self) -> None:
        while not self._stop.is_set():
            delay = self.round()
            self._wake.wait(delay)
            self._wake.clear()

    def listen_forever(self) -> None:
        """The news thread: a long poll to the server (POST /v1/sync/wait) that returns as soon as the
        chain changed after what this till pulled; then the worker rounds at once. A revocation made
        anywhere in the chain thus reaches this till within a second or so, not at the next round."""
        seen, failures = 0, 0
        while not self._stop.is_set():
            try:
                seen = max(seen, self.client.store.cursor())
                top = self.client.wait_for_news(seen, self.listen_seconds)
            except Exception:  # noqa: BLE001 - offline, refused or busy: the rounds report it; listen again later
                failures += 1
                self._stop.wait(backoff(failures, self.rng, cap=self.cap))
                continue
            failures = 0
            if top > seen:
                seen = top        # the round about to run pulls up to at least here
                self.news_heard += 1
                self.wake()

    def wake(self) -> None:
        """Sync soon (a sale was just written, or the server said there is news)."""
        self._wake.set()

    def start(self) -> "SyncWorker":
        self._thread = threading.Thread(target=self.run_forever, name="sync-worker", daemon=True)
        self._thread.start()
        self.start_listening()
        return self

    def start_listening(self) -> None:
        """The news thread (listen_forever), when this worker listens and it is not running yet."""
        if self.listen and self._listener is None:
            self._listener = threading.Thread(target=self.listen_forever, name="sync-news", daemon=True)
            self._listener.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
