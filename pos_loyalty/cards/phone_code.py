"""The member's phone: shows a fresh code every 30 seconds, signed with its device key."""

from __future__ import annotations

from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_loyalty.cards.clock import time_step
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.payload import MAX_RENEWAL, DeviceCertificate, PhonePayload


def rotating_code(certificate: DeviceCertificate, device_key: Ed25519PrivateKey, *, at: datetime,
                  renewal: int = 0) -> str:
    """The code a phone shows at `at`: valid in its 30 s step (one step of skew), once.

    `renewal` counts the new codes the member asked for within this step ("New code" on the
    phone page), so a second scan in the same step need not be a replay. The code names the
    device by its key id only; a terminal accepts it if it holds that device's certificate
    (enrolled once, synced like the revocation list). The phone page computes the same bytes
    in JavaScript (pos_loyalty/central/phone/static/phone_code.mjs)."""
    if public_bytes(device_key.public_key()) != certificate.device_public_key:
        raise ValueError("device key does not match the certificate it claims")
    if not 0 <= renewal <= MAX_RENEWAL:
        raise ValueError(f"renewal must be 0..{MAX_RENEWAL}")
    step = time_step(at)
    unsigned = PhonePayload(certificate.device_key_id, certificate.member_id, certificate.card_serial,
                            step % 65536, b"", renewal)
    signature = device_key.sign(unsigned.signed_message(step))
    return PhonePayload(unsigned.device_key_id, unsigned.member_id, unsigned.card_serial, unsigned.step_low,
                        signature, renewal).to_text()
