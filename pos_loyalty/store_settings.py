"""The store's own settings: the shop's name and logo, the receipt printer, the cash drawer.

Kept in the local store's `settings` table (key `store.<name>`), set with
`python main.py settings set KEY VALUE`, read by the till, the printed slip and the customer
display. Each value is checked when it is set, so a typo is refused there and then rather than
found by the first customer.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional

from pos_loyalty.errors import InvalidInput
from pos_loyalty.printing.target import parse_target

PREFIX = "store."
DEFAULT_SHOP = "Loyalty Café"


@dataclass(frozen=True)
class StoreSettings:
    """What a shop sets once: the name on slips and screens, a logo, where receipts print."""

    shop_name: str = DEFAULT_SHOP
    logo: Optional[str] = None        # a PNG/JPEG file: on the customer display and the printed slip
    printer: Optional[str] = None     # tcp://HOST[:PORT] | usb://VID:PID | file:///PATH; None: no printer
    printer_width: int = 48           # characters per line (80 mm paper, font A: 48; 58 mm: 32)
    drawer: bool = True               # kick the cash drawer (pin 2) when a sale takes cash


def _shop_name(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 60 or "\n" in value:
        raise InvalidInput("shop_name: give 1 to 60 characters on one line")
    return value


def _logo(value: str) -> Optional[str]:
    if value.lower() in ("", "none"):
        return None
    path = Path(value).expanduser().resolve()
    if not path.is_file():
        raise InvalidInput(f"logo: {value!r} is not a file")
    try:
        from PIL import Image

        with Image.open(path) as image:
            image.verify()
    except Exception:  # noqa: BLE001 - any reason Pillow cannot read it is the same answer
        raise InvalidInput(f"logo: {value!r} is not a PNG or JPEG image") from None
    return str(path)


def _printer(value: str) -> Optional[str]:
    if value.lower() in ("", "none"):
        return None
    return parse_target(value).url


def _width(value: str) -> str:
    if not value.isdigit() or not 24 <= int(value) <= 80:
        raise InvalidInput("printer_width: a whole number of characters from 24 to 80 (80 mm paper: 48)")
    return str(int(value))


def _flag(value: str) -> str:
    if value.lower() not in ("on", "off", "yes", "no", "true", "false"):
        raise InvalidInput("drawer: on or off")
    return "on" if value.lower() in ("on", "yes", "true") else "off"


_CHECKS: dict[str, Callable[[str], Any]] = {
    "shop_name": _shop_name, "logo": _logo, "printer": _printer, "printer_width": _width, "drawer": _flag,
}
KEYS = tuple(_CHECKS)


def checked(key: str, value: str) -> Optional[str]:
    """`value` as it will be stored for `key` (None: unset), or InvalidInput saying why not."""
    if key not in _CHECKS:
        raise InvalidInput(f"unknown setting {key!r}: one of {', '.join(KEYS)}")
    return _CHECKS[key](value)


def read_settings(uow: Any) -> StoreSettings:
    """The store's settings, defaults where none was set."""
    found = StoreSettings()
    values = {key: uow.setting(PREFIX + key) for key in KEYS}
    if values["shop_name"]:
        found = replace(found, shop_name=values["shop_name"])
    if values["logo"]:
        found = replace(found, logo=values["logo"])
    if values["printer"]:
        found = replace(found, printer=values["printer"])
    if values["printer_width"]:
        found = replace(found, printer_width=int(values["printer_width"]))
    if values["drawer"]:
        found = replace(found, drawer=values["drawer"] == "on")
    return found


def change_setting(key: str, value: Optional[str], *, uow: Any, clock: Callable[[], datetime],
                   actor: str = "cli") -> StoreSettings:
    """Check and store one setting (None unsets it: the default again), audited; the new settings."""
    stored = checked(key, value) if value is not None else None
    if value is None and key not in _CHECKS:
        checked(key, "")
    with uow:
        before = uow.setting(PREFIX + key)
        uow.set_setting(PREFIX + key, stored if stored is not None else "")
        uow.audit("setting", {"key": key, "before": before, "after": stored}, clock(), actor)
        uow.commit()
    with uow:
        return read_settings(uow)
