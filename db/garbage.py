"""Fewer garbage collections while a long build or replay keeps many objects alive.

The demo's ~8,000 receipts (until written) and a backtest part's receipts (read up front) stay
alive to the end, so every full collection walks all of them again: a fifth of a demo build's
time, ~7 % of a backtest part's CPU. Cycles are still collected, only less often."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
