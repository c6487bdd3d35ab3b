"""The LY1 membership code: a versioned binary layout, Base45 text, "LY1:" prefix.

Layout (all integers unsigned; varint = LEB128, at most 9 bytes):

    printed card   kind=1 | key id varint | member | serial varint | issued u32 | issuer sig 64
    phone code     kind=3 | device key id varint | member | serial varint | step mod 2^16 u16
                   | renewal u8 | device sig 64
    device cert    kind=4 | key id varint | member | serial varint | device key id varint
                   | device pub 32 | issuer sig 64      (never scanned: enrolled once, held by terminals)

    member         varint (n << 1) for a canonical decimal id ("0", "1234"),
                   varint (len << 1 | 1) then UTF-8 bytes otherwise (1..20 bytes)

The renewal byte lets a phone show a new code within the same 30 s step when the member taps
"New code" (a till refuses a code it already accepted; it keys its replay check on device,
step and renewal). Kind 2 was a phone code carrying its device certificate in-band (two signatures, QR version
9-10); it is retired and refused as malformed. Every signature covers every byte before it plus
a domain label, so no byte of a code is outside a signature. Parsing is strict and bounded: the
text is capped before decoding, the binary must be consumed exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from pos_loyalty.cards.base45 import Base45Error, b45decode, b45encode
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.verdict import Reason

PREFIX = "LY1:"
MAX_CODE_CHARS = 400  # our codes are at most ~150 characters; anything this long is not ours
MAX_CODE_BYTES = 260
MAX_MEMBER_ID_BYTES = 20  # with serial < 2**35 and key id < 2**14 a printed card stays QR version <= 6-M
# Serials and device key ids carry the terminal's number above CHAIN_BLOCK_BITS (pos_loyalty.cards.chain_numbers),
# so tills number them offline without colliding; 5-byte varints keep the largest phone code at 98 bytes.
MAX_CARD_SERIAL = (1 << 35) - 1
MAX_KEY_ID = (1 << 14) - 1
MAX_DEVICE_KEY_ID = (1 << 35) - 1  # the largest phone code stays QR version 6-M (tests/unit/cards/test_rendering.py)
MAX_RENEWAL = 255  # new codes a phone may show within one 30 s step
SIGNATURE_BYTES = 64
PUBLIC_KEY_BYTES = 32

CARD_DOMAIN = b"LY1/card\x00"
DEVICE_DOMAIN = b"LY1/device\x00"
PHONE_DOMAIN = b"LY1/phone\x00"


class PayloadKind(IntEnum):
    CARD = 1
    PHONE = 3
    DEVICE_CERTIFICATE = 4


class PayloadError(ValueError):
    """The text is not a well-formed LY1 code; carries the refusal reason."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class CardPayload:
    """What a printed card carries: who, which card, when issued, signed by the issuer."""

    key_id: KeyId
    member_id: MemberId
    card_serial: CardSerial
    issued_at: int  # Unix seconds
    signature: bytes

    def body(self) -> bytes:
        return (bytes([PayloadKind.CARD]) + _varint(self.key_id) + _member(self.member_id)
                + _varint(self.card_serial) + self.issued_at.to_bytes(4, "big"))

    def signed_message(self) -> bytes:
        return CARD_DOMAIN + self.body()

    def to_text(self) -> str:
        return PREFIX + b45encode(self.body() + self.signature)


@dataclass(frozen=True)
class DeviceCertificate:
    """The issuer's statement that device key `device_key_id` speaks for one member's card.

    Enrolled once (central or a till online); terminals hold these and check them with the
    issuer's public keys when they load them, so a phone code itself carries no certificate.
    """

    key_id: KeyId  # the issuer key that signed
    member_id: MemberId
    card_serial: CardSerial
    device_key_id: int
    device_public_key: bytes
    signature: bytes

    def body(self) -> bytes:
        return (bytes([PayloadKind.DEVICE_CERTIFICATE]) + _varint(self.key_id) + _member(self.member_id)
                + _varint(self.card_serial) + _varint(self.device_key_id) + self.device_public_key)

    def signed_message(self) -> bytes:
        return DEVICE_DOMAIN + self.body()

    def to_bytes(self) -> bytes:
        return self.body() + self.signature


@dataclass(frozen=True)
class PhonePayload:
    """A rotating code: which registered device, whose card, which 30 s step (and which renewal
    within it), the device's signature."""

    device_key_id: int
    member_id: MemberId
    card_serial: CardSerial
    step_low: int  # time step modulo 2**16; the terminal restores the full step from its clock
    signature: bytes
    renewal: int = 0  # 0 for the step's first code, +1 each time the member asks for a new one

    def body(self) -> bytes:
        return (bytes([PayloadKind.PHONE]) + _varint(self.device_key_id) + _member(self.member_id)
                + _varint(self.card_serial))

    def signed_message(self, full_step: int) -> bytes:
        return PHONE_DOMAIN + self.body() + full_step.to_bytes(8, "big") + bytes([self.renewal])

    def to_text(self) -> str:
        return PREFIX + b45encode(self.body() + self.step_low.to_bytes(2, "big") + bytes([self.renewal])
                                  + self.signature)


def encode_member_id(member_id: MemberId) -> bytes:
    """The member field as it appears in a payload; raises ValueError for ids that cannot be carried."""
    return _member(member_id)


def parse_code(text: object) -> CardPayload | PhonePayload:
    """Parse scanned text into a payload, or raise PayloadError with the reason."""
    if not isinstance(text, str):
        raise PayloadError(Reason.MALFORMED, "not text")
    if len(text) > MAX_CODE_CHARS:
        raise PayloadError(Reason.OVERSIZED, "longer than any LY1 code")
    if not text.startswith(PREFIX):
        if len(text) >= 4 and text[:2] == "LY" and text[2].isdigit() and text[3] == ":" and text[2] != "1":
            raise PayloadError(Reason.UNSUPPORTED_VERSION, f"version {text[2]}")
        raise PayloadError(Reason.MALFORMED, "no LY1: prefix")
    try:
        raw = b45decode(text[len(PREFIX):], max_bytes=MAX_CODE_BYTES)
    except Base45Error as exc:
        reason = Reason.OVERSIZED if "longer" in str(exc) else Reason.MALFORMED
        raise PayloadError(reason, str(exc)) from None
    return _parse_binary(raw)


def _parse_binary(raw: bytes) -> CardPayload | PhonePayload:
    reader = _Reader(raw)
    kind = reader.byte()
    if kind == PayloadKind.CARD:
        key_id = KeyId(reader.varint())
        member_id = reader.member()
        card_serial = CardSerial(reader.varint())
        issued_at = int.from_bytes(reader.take(4), "big")
        signature = reader.take(SIGNATURE_BYTES)
        reader.end()
        return CardPayload(key_id, member_id, card_serial, issued_at, signature)
    if kind == PayloadKind.PHONE:
        device_key_id = reader.varint()
        member_id = reader.member()
        card_serial = CardSerial(reader.varint())
        step_low = int.from_bytes(reader.take(2), "big")
        renewal = reader.byte()
        signature = reader.take(SIGNATURE_BYTES)
        reader.end()
        return PhonePayload(device_key_id, member_id, card_serial, step_low, signature, renewal)
    raise PayloadError(Reason.MALFORMED, "unknown payload kind")


def parse_device_certificate(raw: bytes) -> DeviceCertificate:
    """Read back a stored certificate (DeviceCertificate.to_bytes); raises PayloadError."""
    reader = _Reader(raw)
    if reader.byte() != PayloadKind.DEVICE_CERTIFICATE:
        raise PayloadError(Reason.MALFORMED, "not a device certificate")
    key_id = KeyId(reader.varint())
    member_id = reader.member()
    card_serial = CardSerial(reader.varint())
    device_key_id = reader.varint()
    certificate = DeviceCertificate(key_id, member_id, card_serial, device_key_id, reader.take(PUBLIC_KEY_BYTES),
                                    reader.take(SIGNATURE_BYTES))
    reader.end()
    return certificate


def _varint(n: int) -> bytes:
    if n < 0 or n >= 1 << 63:
        raise ValueError("value out of range for a varint")
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _member(member_id: MemberId) -> bytes:
    text = str(member_id)
    if text.isascii() and text.isdigit() and (text == "0" or text[0] != "0") and len(text) <= 18:
        return _varint(int(text) << 1)
    data = text.encode("utf-8")
    if not 1 <= len(data) <= MAX_MEMBER_ID_BYTES:
        raise ValueError(f"member id must be 1..{MAX_MEMBER_ID_BYTES} UTF-8 bytes")
    return _varint(len(data) << 1 | 1) + data


class _Reader:
    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._at = 0

    def take(self, n: int) -> bytes:
        if self._at + n > len(self._raw):
            raise PayloadError(Reason.MALFORMED, "payload too short")
        chunk = self._raw[self._at:self._at + n]
        self._at += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def varint(self) -> int:
        value = 0
        for shift in range(0, 63, 7):
            b = self.byte()
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                if b == 0 and shift:
                    raise PayloadError(Reason.MALFORMED, "non-minimal varint")
                return value
        raise PayloadError(Reason.MALFORMED, "varint too long")

    def member(self) -> MemberId:
        tagged = self.varint()
        if not tagged & 1:
            return MemberId(str(tagged >> 1))
        length = tagged >> 1
        if not 1 <= length <= MAX_MEMBER_ID_BYTES:
            raise PayloadError(Reason.MALFORMED, "member id length out of range")
        try:
            text = self.take(length).decode("utf-8")
        except UnicodeDecodeError:
            raise PayloadError(Reason.MALFORMED, "member id is not UTF-8") from None
        if text.isascii() and text.isdigit() and (text == "0" or text[0] != "0") and len(text) <= 18:
            raise PayloadError(Reason.MALFORMED, "non-canonical member id")
        return MemberId(text)

    def end(self) -> None:
        if self._at != len(self._raw):
            raise PayloadError(Reason.MALFORMED, "trailing bytes")
