"""The one way the till runs slow work: off the GUI thread, results handed back by signal.

`Operation(fn).success(cb).failure(cb).run(pool)` runs `fn()` on a worker thread; the callbacks
run on the GUI thread (a queued signal). Domain errors (LoyaltyError) come back as a message a
cashier can act on; anything else as a short line too, never a traceback on screen.
"""
from __future__ import annotations

import traceback
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back to the GUI thread."""

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:  # worker thread
        try:
            result = self.fn()
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the GUI as data
            if not _is_domain(error):
                traceback.print_exc()
            self._tell(self.relay.failed, error)
            return
        self._tell(self.relay.done, result)

    @staticmethod
    def _tell(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass   # the window that asked was closed meanwhile (its relay went with it): nobody to tell


def _is_domain(error: BaseException) -> bool:
    try:
        from pos_loyalty.errors import LoyaltyError
    except Exception:  # noqa: BLE001
        return False
    return isinstance(error, LoyaltyError)


def error_text(error: BaseException) -> str:
    """A one-line message for the screen."""
    if _is_domain(error):
        from ui.error_texts import in_language

        return in_language(str(error))
    return f"{type(error).__name__}: {error}"


class Operation:
    """A unit of slow work and what to do, on the GUI thread, when it ends."""

    _alive: set["Operation"] = set()  # keep relays alive until they fired

    def __init__(self, fn: Callable[[], Any], *, parent: Optional[QObject] = None) -> None:
        self.fn = fn
        self.relay = _Relay(parent)
        self._ok: Optional[Callable[[Any], None]] = None
        self._fail: Optional[Callable[[BaseException], None]] = None
        self._finally: Optional[Callable[[], None]] = None
        self.relay.done.connect(self._on_done)
        self.relay.failed.connect(self._on_failed)
        # The relay's parent (a dialog) may be deleted before the work ends: then nothing fires.
        self.relay.destroyed.connect(lambda *_: Operation._alive.discard(self))

    def success(self, callback: Callable[[Any], None]) -> "Operation":
        self._ok = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> "Operation":
        self._fail = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> "Operation":
        self._finally = callback
        return self

    def run(self, pool: Optional[QThreadPool] = None) -> "Operation":
        Operation._alive.add(self)
        self._job = _Job(self.fn, self.relay)
        self._job.setAutoDelete(False)  # Python owns it (kept on self until the callback ran)
        (pool or QThreadPool.globalInstance()).start(self._job)
        return self

    def _on_done(self, result: Any) -> None:
        try:
            if self._ok is not None:
                self._ok(result)
        finally:
            self._end()

    def _on_failed(self, error: BaseException) -> None:
        try:
            if self._fail is not None:
                self._fail(error)
        finally:
            self._end()

    def _end(self) -> None:
        if self._finally is not None:
            self._finally()
        Operation._alive.discard(self)
        self.relay.deleteLater()


def serial_pool(name: str) -> QThreadPool:
    """A pool of one thread: operations on it run in the order they were started."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setObjectName(name)
    return pool
