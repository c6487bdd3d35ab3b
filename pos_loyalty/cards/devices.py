"""Members' phones: enrolling a device key once, and the certified devices a terminal holds.

A phone code carries only the device key id; the terminal looks the device up among the
certificates it holds (synced like the revocation list) and checks each certificate with the
issuer's public keys when it loads them, so a till cannot add a device of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pos_loyalty.cards.base45 import Base45Error, b45decode, b45encode
from pos_loyalty.cards.card_store import CardStore
from pos_loyalty.cards.ids import CardSerial, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.keyring import Keyring, public_bytes
from pos_loyalty.cards.payload import DeviceCertificate, PayloadError, parse_device_certificate
from pos_loyalty.cards.phone_code import rotating_code
from pos_loyalty.errors import NotFound

SECRET_PREFIX = "LYD1:"
PRIVATE_KEY_BYTES = 32


class DeviceStore(Protocol):
    """Where enrolled device certificates are kept (the SQLite one lives in db/)."""

    def next_device_key_id(self) -> int: ...
    def record_device(self, certificate: DeviceCertificate, *, at: datetime) -> None: ...
    def device_certificates(self) -> list[DeviceCertificate]: ...


@dataclass(frozen=True)
class PhoneDevice:
    """What the member's phone keeps: its private key and its certificate. Makes rotating codes."""

    certificate: DeviceCertificate
    device_key: Ed25519PrivateKey

    def code(self, *, at: datetime, renewal: int = 0) -> str:
        return rotating_code(self.certificate, self.device_key, at=at, renewal=renewal)

    def to_text(self) -> str:
        """One line to hand to the phone (or show as a QR for its app to scan): secret, keep private."""
        from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

        raw = self.device_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return SECRET_PREFIX + b45encode(raw + self.certificate.to_bytes())

    @classmethod
    def from_text(cls, text: str) -> PhoneDevice:
        """Read a device secret back; raises ValueError if it is not one."""
        text = text.strip()
        if not text.startswith(SECRET_PREFIX) or len(text) > 400:
            raise ValueError(f"not a device secret (it starts with {SECRET_PREFIX})")
        try:
            raw = b45decode(text[len(SECRET_PREFIX):], max_bytes=260)
            certificate = parse_device_certificate(raw[PRIVATE_KEY_BYTES:])
        except (Base45Error, PayloadError) as exc:
            raise ValueError(f"damaged device secret: {exc}") from None
        device_key = Ed25519PrivateKey.from_private_bytes(raw[:PRIVATE_KEY_BYTES])
        if public_bytes(device_key.public_key()) != certificate.device_public_key:
            raise ValueError("damaged device secret: key and certificate do not match")
        return cls(certificate, device_key)


def enrol_device(store: CardStore, devices: DeviceStore, issuer: CardIssuer, *, member_id: MemberId,
                 at: datetime, device_key: Ed25519PrivateKey | None = None) -> PhoneDevice:
    """Certify a new device key for the member's current card and record it for terminals.

    `device_key` stands for the key made on the phone; without one a fresh key is made here."""
    serial = store.active_serial(member_id)
    if serial is None:
        raise NotFound(f"Member {member_id} has no card yet: issue one first (card issue --member {member_id})")
    device_key = device_key or Ed25519PrivateKey.generate()
    certificate = issuer.certify_device(member_id=member_id, card_serial=serial,
                                        device_key_id=devices.next_device_key_id(),
                                        device_public_key=device_key.public_key())
    devices.record_device(certificate, at=at)
    return PhoneDevice(certificate, device_key)


@dataclass(frozen=True)
class RegisteredDevice:
    member_id: MemberId
    card_serial: CardSerial
    public_key: Ed25519PublicKey


class RegisteredDevices:
    """The certified phone keys a terminal knows, by device key id. Certificates the issuer's
    keys do not vouch for are left out (counted in `refused`)."""

    def __init__(self, certificates: Iterable[DeviceCertificate] = (), *, keyring: Keyring | None = None) -> None:
        self._devices: dict[int, RegisteredDevice] = {}
        self.refused = 0
        for certificate in certificates:
            device = _checked(certificate, keyring or Keyring())
            if device is None:
                self.refused += 1
            else:
                self._devices[certificate.device_key_id] = device

    def get(self, device_key_id: int) -> RegisteredDevice | None:
        return self._devices.get(device_key_id)

    def __len__(self) -> int:
        return len(self._devices)

    def __iter__(self) -> Iterator[int]:
        return iter(self._devices)


def _checked(certificate: DeviceCertificate, keyring: Keyring) -> RegisteredDevice | None:
    issuer_key = keyring.get(certificate.key_id)
    if issuer_key is None:
        return None
    try:
        issuer_key.verify(certificate.signature, certificate.signed_message())
        public_key = Ed25519PublicKey.from_public_bytes(certificate.device_public_key)
    except (InvalidSignature, ValueError):
        return None
    return RegisteredDevice(certificate.member_id, certificate.card_serial, public_key)
