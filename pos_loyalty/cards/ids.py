"""Typed ids for membership cards."""

from __future__ import annotations

from typing import NewType

MemberId = NewType("MemberId", str)
CardSerial = NewType("CardSerial", int)  # unique across the issuer, never reused
KeyId = NewType("KeyId", int)  # names one issuer signing key; rotation adds a new one
