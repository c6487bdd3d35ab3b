"""The phone desk: what the phone router asks of whoever serves the page (central or a till).

`PhoneDesk` is the protocol; `till_desk.TillPhoneDesk` serves from a till's own store (the
offline case, docs/decisions.md) and `central_desk.CentralPhoneDesk` from the central store.
Requests from a joined phone are signed with its device key (`device_request_message`).
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Optional, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pos_loyalty.cards.payload import MAX_DEVICE_KEY_ID, DeviceCertificate, PayloadError, parse_device_certificate
from pos_loyalty.services.joining import JoinForm, MoveForm, PhoneCard

REQUEST_SKEW_SECONDS = 300  # a phone's clock may be this far off and its requests still count
API_DOMAIN = b"LY1/phone-api\x00"


@dataclass(frozen=True)
class DeviceRecord:
    certificate: DeviceCertificate
    revoked: bool


def device_record(certificate_hex: str, revoked_at: object) -> Optional[DeviceRecord]:
    """A stored device key row as the router needs it; None for a row that cannot vouch for anything."""
    try:
        certificate = parse_device_certificate(bytes.fromhex(certificate_hex))
    except (ValueError, PayloadError):
        return None
    return DeviceRecord(certificate, revoked=revoked_at is not None)


class PhoneDesk(Protocol):
    def now(self) -> datetime: ...
    def join(self, token: str, form: JoinForm) -> PhoneCard: ...
    def move(self, token: str, form: MoveForm) -> PhoneCard: ...
    def check_link(self, token: str) -> dict: ...
    def device(self, device_key_id: int) -> Optional[DeviceRecord]: ...
    def member_page(self, member_id: str) -> dict: ...


def device_request_message(device_key_id: int, unix_time: int, method: str, path: str) -> bytes:
    """What a phone signs for a request (phone_api.mjs builds the same bytes)."""
    return API_DOMAIN + f"{device_key_id}\x00{unix_time}\x00{method.upper()} {path}".encode("ascii")


class DeviceAuthError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


def authenticate_device(desk: PhoneDesk, header: Optional[str], *, method: str, path: str) -> DeviceRecord:
    """The device behind `Authorization: LY1-Phone <key id>.<unix time>.<base64url signature>`."""
    if not header or not header.startswith("LY1-Phone "):
        raise DeviceAuthError(401, "unsigned", "Sign the request with the phone's device key.")
    try:
        key_text, time_text, signature_text = header[len("LY1-Phone "):].strip().split(".")
        key_id, unix_time = int(key_text), int(time_text)
        signature = base64.urlsafe_b64decode(signature_text + "=" * (-len(signature_text) % 4))
    except ValueError:
        raise DeviceAuthError(401, "unsigned", "The request signature is not readable.") from None
    if abs(unix_time - int(desk.now().timestamp())) > REQUEST_SKEW_SECONDS:
        raise DeviceAuthError(401, "clock", "The phone's clock is too far off: set it to the right time.")
    record = desk.device(key_id) if 1 <= key_id <= MAX_DEVICE_KEY_ID else None
    if record is None:
        raise DeviceAuthError(401, "unknown_device", "This phone is not a member's phone here.")
    try:
        Ed25519PublicKey.from_public_bytes(record.certificate.device_public_key).verify(
            signature, device_request_message(key_id, unix_time, method, path))
    except (InvalidSignature, ValueError):
        raise DeviceAuthError(401, "bad_signature", "The request signature does not match this phone.") from None
    if record.revoked:
        raise DeviceAuthError(410, "moved", "This card was moved to another phone.")
    return record
