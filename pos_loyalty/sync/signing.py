"""Every sync request is signed with the terminal's own Ed25519 key (made at registration; the
server keeps only the public half). The signature covers method, path, time, a one-time nonce
and the body's SHA-256, so a request cannot be altered, replayed or kept for later."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HEADERS = ("x-terminal", "x-timestamp", "x-nonce", "x-signature")


def new_key() -> tuple[str, str]:
    """A fresh key pair as (private hex, public hex)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    return private.hex(), public_hex(private.hex())


def public_hex(private_hex: str) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def message(method: str, path: str, timestamp: int, nonce: str, body: bytes) -> bytes:
    return "\n".join((method.upper(), path, str(timestamp), nonce, hashlib.sha256(body).hexdigest())).encode()


@dataclass(frozen=True)
class Signer:
    terminal: str
    private_hex: str

    def headers(self, method: str, path: str, body: bytes, *, timestamp: int) -> dict[str, str]:
        nonce = secrets.token_hex(16)
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.private_hex))
        signature = key.sign(message(method, path, timestamp, nonce, body)).hex()
        return {"X-Terminal": self.terminal, "X-Timestamp": str(timestamp), "X-Nonce": nonce,
                "X-Signature": signature}


def verify(public_hex_key: str, signature_hex: str, signed: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex_key))
        key.verify(bytes.fromhex(signature_hex), signed)
    except (InvalidSignature, ValueError):
        return False
    return True
