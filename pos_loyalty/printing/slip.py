"""A printed receipt as plain data: what the thermal printer gets, whatever built it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# Row styles, as the on-screen receipt uses them: an item line, the reason for a discount under it,
# a sum line, the TOTAL (printed large), a quiet note.
STYLES = ("item", "why", "sum", "total", "note")


@dataclass(frozen=True)
class Slip:
    title: str                                   # the shop's name, printed large and centred
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (left, right, style)
    qr_text: Optional[str] = None                # the receipt's QR, printed under the rows
    logo: Optional[str] = None                   # an image file printed above the title
    open_drawer: bool = False                    # kick the cash drawer (a cash tender)
