"""Time as the cards see it: Unix seconds and 30-second phone-code steps, from an injected `at`."""

from __future__ import annotations

from datetime import UTC, datetime

STEP_SECONDS = 30
ALLOWED_SKEW_STEPS = 1  # one step either way: phone and till clocks drift


def unix_seconds(at: datetime) -> int:
    """Seconds since the epoch; a naive datetime is taken as UTC, never as local time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return int(at.timestamp())


def time_step(at: datetime) -> int:
    return unix_seconds(at) // STEP_SECONDS


def from_unix_seconds(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
