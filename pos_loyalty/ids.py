"""Globally unique, time-ordered ids (UUIDv7, RFC 9562) made from an injected clock and rng."""
from __future__ import annotations

import random
import uuid
from datetime import datetime


def uuid7(at: datetime, rng: random.Random) -> str:
    """A UUIDv7: 48 bits of Unix milliseconds, then 74 random bits; sorts by time."""
    millis = int(at.timestamp() * 1000) & ((1 << 48) - 1)
    rand_a = rng.getrandbits(12)
    rand_b = rng.getrandbits(62)
    value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))
