"""The member's phone: shows a fresh code every 30 seconds, signed with its device key."""

from __future__ import annotations

from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_loyalty.cards.clock import time_step
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.payload import DeviceCertificate, PhonePayload


def rotating_code(certificate: DeviceCertificate, device_key: Ed25519PrivateKey, *, at: datetime) -> str:
    """The code a phone shows at `at`: valid in its 30 s step (one step of skew), once.

    The code names the device by its key id only; a terminal accepts it if it holds that
    device's certificate (enrolled once, synced like the revocation list)."""
    if public_bytes(device_key.public_key()) != certificate.device_public_key:
        raise ValueError("device key does not match the certificate it claims")
    step = time_step(at)
    unsigned = PhonePayload(certificate.device_key_id, certificate.member_id, certificate.card_serial,
                            step % 65536, b"")
    signature = device_key.sign(unsigned.signed_message(step))
    return PhonePayload(unsigned.device_key_id, unsigned.member_id, unsigned.card_serial, unsigned.step_low,
                        signature).to_text()
