"""Members as the shop knows them: profile, masked display, phone numbers."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Optional

from pos_loyalty.engine.member import MemberId
from pos_loyalty.errors import InvalidInput


@dataclass(frozen=True)
class Member:
    """A member's profile. Balances live in the ledger, not here."""

    id: MemberId
    name: str
    phone: Optional[str]
    birthday: Optional[date]
    joined: date
    consent: bool = False

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def mask_name(name: str) -> str:
    """陳小華 -> 陳○華, 王明 -> 王○, Alice Wang -> Alice W.: enough to recognise, not to copy."""
    name = name.strip()
    if not name:
        return ""
    if _is_cjk(name[0]):
        if len(name) <= 2:
            return name[0] + "○"
        return name[0] + "○" * (len(name) - 2) + name[-1]
    parts = name.split()
    if len(parts) == 1:
        return parts[0][0] + "*" * (len(parts[0]) - 1)
    return parts[0] + " " + " ".join(part[0] + "." for part in parts[1:])


def mask_phone(phone: Optional[str]) -> str:
    """0912345678 -> 0912-***-678."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:4]}-***-{digits[-3:]}"


def normalise_phone(text: str) -> str:
    """A Taiwanese mobile (09xxxxxxxx, +886 9xxxxxxxx) or another +international number, digits only."""
    digits = re.sub(r"[\s\-().]", "", text)
    if digits.startswith("+886"):
        digits = "0" + digits[4:]
    if re.fullmatch(r"09\d{8}", digits) or re.fullmatch(r"\+\d{8,15}", digits) or re.fullmatch(r"0\d{8,9}", digits):
        return digits
    raise InvalidInput(f"phone: {text!r} is not a phone number (e.g. 0912345678)")


def check_digit(digits: str) -> int:
    """Luhn: catches every single mistyped digit and most swaps of neighbours."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def chain_member_number(terminal: int, count: int) -> str:
    """A member number unique across the chain: M + terminal (4 digits) + count (6) + check digit."""
    if not 1 <= terminal <= 9999:
        raise InvalidInput(f"terminal number {terminal} is outside 1-9999")
    if not 1 <= count <= 999_999:
        raise InvalidInput("this terminal has enrolled 999,999 members: register it again for a new number block")
    digits = f"{terminal:04d}{count:06d}"
    return f"M{digits}{check_digit(digits)}"


def is_chain_member_number(text: str) -> bool:
    return (len(text) == 12 and text[0] == "M" and text[1:].isdigit()
            and check_digit(text[1:11]) == int(text[11]))
