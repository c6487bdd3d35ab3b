"""Shared makings for the card tests (fixed keys, a fixed noon)."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

NOON = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def fixed_key(n: int) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32)
