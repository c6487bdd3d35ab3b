"""A till's clock that never runs backwards (docs/decisions.md, "Time at the till").

The wall clock is injected (the core never reads it itself). When it steps back, the steady clock
keeps giving the latest instant it has given, so no sale is dated before an earlier one.
"""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Callable, Optional


class SteadyClock:
    """`wall()` made monotonic; `floor` is where it starts (the terminal's newest ledger entry)."""

    def __init__(self, wall: Callable[[], datetime], floor: Optional[datetime] = None) -> None:
        self.wall = wall
        self._last = floor
        self._lock = threading.Lock()
        self.stepped_back = False  # the wall clock was seen behind the steady one at least once

    def hold_at_least(self, moment: Optional[datetime]) -> None:
        """Never give an instant before `moment` (e.g. the store's newest entry, read on opening)."""
        if moment is None:
            return
        with self._lock:
            if self._last is None or moment > self._last:
                self._last = moment

    def __call__(self) -> datetime:
        now = self.wall()
        with self._lock:
            if self._last is not None and now < self._last:
                self.stepped_back = True
                return self._last
            self._last = now
            return now


__all__ = ["SteadyClock"]
