"""Figures every benchmark prints: percentiles by the nearest-rank method, and a summary."""
from __future__ import annotations

import statistics


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank q-th percentile (q in 0-100) of `samples`."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def summary(samples: list[float]) -> dict[str, float]:
    return {"n": len(samples), "p50": statistics.median(samples), "p99": percentile(samples, 99),
            "mean": statistics.fmean(samples), "max": max(samples)}
