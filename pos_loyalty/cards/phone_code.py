"""The member's phone: shows a fresh code every 30 seconds, signed with its device key."""

from __future__ import annotations

from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_loyalty.cards.clock import time_step
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.payload import DeviceCredential, PhonePayload


def rotating_code(credential: DeviceCredential, device_key: Ed25519PrivateKey, *, at: datetime) -> str:
    """The code a phone shows at `at`: valid in its 30 s step (one step of skew), once."""
    if public_bytes(device_key.public_key()) != credential.device_public_key:
        raise ValueError("device key does not match the credential it claims")
    step = time_step(at)
    unsigned = PhonePayload(credential, step % 65536, b"")
    return PhonePayload(credential, step % 65536, device_key.sign(unsigned.signed_message(step))).to_text()
