"""Where the receipt printer is: `tcp://HOST[:PORT]` (raw port, 9100 by default),
`usb://VID:PID` (hex ids, e.g. usb://04b8:0202) or `file:///PATH` (a device such as
/dev/usb/lp0, or a plain file to keep the bytes)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from pos_loyalty.errors import InvalidInput

EXAMPLES = "tcp://192.168.1.50:9100, usb://04b8:0202 or file:///dev/usb/lp0"
_HOST = re.compile(r"^[A-Za-z0-9.\-]{1,253}$")


@dataclass(frozen=True)
class PrinterTarget:
    kind: str                       # tcp | usb | file
    host: Optional[str] = None
    port: int = 9100
    vendor: int = 0
    product: int = 0
    path: Optional[str] = None

    @property
    def url(self) -> str:
        if self.kind == "tcp":
            return f"tcp://{self.host}:{self.port}"
        if self.kind == "usb":
            return f"usb://{self.vendor:04x}:{self.product:04x}"
        return f"file://{self.path}"


def parse_target(text: str) -> PrinterTarget:
    """The printer named by `text`, or InvalidInput with the accepted forms."""
    text = text.strip()
    if text.startswith("tcp://"):
        rest = text[len("tcp://"):].rstrip("/")
        host, colon, port = rest.rpartition(":")
        if not colon:
            host, port = rest, "9100"
        if not host or not _HOST.match(host) or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise InvalidInput(f"printer: {text!r} is not a host and port (e.g. tcp://192.168.1.50:9100)")
        return PrinterTarget("tcp", host=host, port=int(port))
    if text.startswith("usb://"):
        match = re.fullmatch(r"([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})", text[len("usb://"):])
        if not match:
            raise InvalidInput(f"printer: {text!r} is not usb://VID:PID with hex ids (e.g. usb://04b8:0202)")
        return PrinterTarget("usb", vendor=int(match[1], 16), product=int(match[2], 16))
    if text.startswith("file://"):
        path = text[len("file://"):]
        if not path.startswith("/"):
            raise InvalidInput(f"printer: {text!r} needs an absolute path (file:///dev/usb/lp0)")
        return PrinterTarget("file", path=path)
    raise InvalidInput(f"printer: {text!r} is not a printer address: write {EXAMPLES}")
