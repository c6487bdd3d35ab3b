"""What did the till just scan or the cashier just type? Sort it before acting on it.

Member numbers (printed as Code128 on older cards, or typed): "M" followed by 6 to 12
digits, e.g. M00012345; case-insensitive and tolerant of spaces/dashes when typed.
Product barcodes: EAN-13, EAN-8 and UPC-A, only with a correct check digit.
Phone numbers: Taiwan mobile numbers 09xxxxxxxx (also +886 9xxxxxxxx / 886-9xx...).
Membership codes: text with the "LY1:" prefix, handed on to the CardVerifier.
Receipt references: "RCPT:" and a receipt id, the QR printed on a receipt. It names a sale, never
a member: scanning a receipt attaches nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_loyalty.cards.payload import MAX_CODE_CHARS, PREFIX


@dataclass(frozen=True)
class MemberCode:
    """A signed LY1 membership code (printed card or phone); verify before trusting it."""

    text: str


@dataclass(frozen=True)
class MemberNumber:
    """A plain member number such as M00012345 (old cards, keyboard entry). Not proof of anything."""

    number: str


@dataclass(frozen=True)
class ProductBarcode:
    """An EAN-13, EAN-8 or UPC-A with a valid check digit."""

    digits: str
    symbology: str  # "EAN-13", "EAN-8" or "UPC-A"


@dataclass(frozen=True)
class PhoneNumber:
    """A Taiwan mobile number, normalised to 09xxxxxxxx."""

    number: str


@dataclass(frozen=True)
class ReceiptReference:
    """The QR on a receipt: which sale it is (for a refund), not who bought it."""

    receipt_id: str


@dataclass(frozen=True)
class Unknown:
    text: str


Scan = MemberCode | MemberNumber | ProductBarcode | PhoneNumber | ReceiptReference | Unknown
RECEIPT_PREFIX = "RCPT:"


def receipt_reference(receipt_id: str) -> str:
    """What a receipt's QR code holds."""
    return RECEIPT_PREFIX + receipt_id

MAX_SCAN_CHARS = MAX_CODE_CHARS
_MEMBER_NUMBER = re.compile(r"M(\d{6,12})")
_PHONE = re.compile(r"(?:\+?886|0)(9\d{8})")


def classify_scan(text: str) -> Scan:
    """Sort scanned or typed text; never raises, whatever the scanner sends."""
    if not isinstance(text, str) or len(text) > MAX_SCAN_CHARS:
        return Unknown(text if isinstance(text, str) else "")
    stripped = text.strip()
    if stripped.startswith(PREFIX):
        return MemberCode(stripped)
    if stripped.upper().startswith(RECEIPT_PREFIX):
        return ReceiptReference(stripped[len(RECEIPT_PREFIX):])
    compact = re.sub(r"[\s\-]", "", stripped)
    if match := _MEMBER_NUMBER.fullmatch(compact.upper()):
        return MemberNumber("M" + match.group(1))
    if compact.isascii() and compact.isdigit():
        if len(compact) == 13 and _gtin_check_ok(compact):
            return ProductBarcode(compact, "EAN-13")
        if len(compact) == 12 and _gtin_check_ok(compact):
            return ProductBarcode(compact, "UPC-A")
        if len(compact) == 8 and _gtin_check_ok(compact):
            return ProductBarcode(compact, "EAN-8")
    if match := _PHONE.fullmatch(compact.replace("(", "").replace(")", "")):
        return PhoneNumber("0" + match.group(1))
    return Unknown(stripped)


def _gtin_check_ok(digits: str) -> bool:
    """GS1 check digit: weights 3,1,3,1... from the right, excluding the check digit."""
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def member_number_for(member_id: str) -> str:
    """The printed member number for a numeric member id (M + 8 digits), else the id itself."""
    if member_id.isascii() and member_id.isdigit() and len(member_id) <= 12:
        return f"M{int(member_id):08d}"
    return member_id
