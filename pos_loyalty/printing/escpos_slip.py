"""A Slip as ESC/POS bytes (python-escpos builds the commands), and their delivery.

Text is laid out in columns here (a CJK character takes two), then sent as bytes: ASCII as it
is, anything else in Big5 inside the printer's Kanji mode (FS & ... FS .), which Traditional
Chinese thermal printers (Epson TM-T82/T88 TW models and their clones) print with their own
font. Characters Big5 lacks are written as their nearest ASCII ("−" as "-", "é" as "e").
"""
from __future__ import annotations

import unicodedata
from typing import Iterator

from pos_loyalty.errors import LoyaltyError
from pos_loyalty.printing.slip import Slip
from pos_loyalty.printing.target import PrinterTarget, parse_target

KANJI_ON, KANJI_OFF = b"\x1c&", b"\x1c."
_ASCII_FOR = {"−": "-", "–": "-", "—": "-", "×": "x", "·": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."}


class PrinterUnavailable(LoyaltyError):
    """The printer did not take the receipt; the sale stands."""


def columns(text: str) -> int:
    """Printed width: a Big5 character (sent in Kanji mode) is two columns."""
    return sum(2 if ord(ch) > 127 else 1 for ch in _plain(text))


def _plain(text: str) -> str:
    """Only characters the printer has: ASCII, or Big5; others as their nearest ASCII."""
    out = []
    for ch in text:
        ch = _ASCII_FOR.get(ch, ch)
        if ord(ch) > 127:
            try:
                ch.encode("big5")
            except UnicodeEncodeError:
                ch = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) < 128) or "?"
        out.append(ch)
    return "".join(out)


def encode_text(text: str) -> bytes:
    """One line of text as printer bytes: ASCII runs plain, the rest Big5 in Kanji mode."""
    text = _plain(text)
    out = bytearray()  # _plain left ASCII and Big5 only
    run, wide = "", False
    for ch in text + "\0":
        is_wide = ord(ch) > 127
        if ch == "\0" or is_wide != wide:
            if run:
                out += KANJI_ON + run.encode("big5", "replace") + KANJI_OFF if wide else run.encode("ascii", "replace")
            run, wide = "", is_wide
        if ch != "\0":
            run += ch
    return bytes(out)


def _wrap(text: str, width: int) -> Iterator[str]:
    text = _plain(text)
    line = ""
    for ch in text:
        if columns(line + ch) > width:
            cut = line.rfind(" ")
            if cut > width // 2 and columns(line) == len(line):  # break Latin text at a space
                yield line[:cut]
                line = line[cut + 1:]
            else:
                yield line
                line = ""
        line += ch
    yield line


def layout(left: str, right: str, width: int, indent: int = 0) -> list[str]:
    """`left` wrapped, `right` flush right on its first line."""
    room = width - indent - (columns(right) + 1 if right else 0)
    lines = [" " * indent + part for part in _wrap(left, max(room, 8))]
    if right:
        gap = width - columns(lines[0]) - columns(right)
        if gap < 1:
            lines.append(" " * max(width - columns(right), 0) + right)
        else:
            lines[0] = lines[0] + " " * gap + right
    return lines


def encode(slip: Slip, *, width: int = 48) -> bytes:
    """The slip as one ESC/POS job: drawer kick (if asked), logo, title, rows, QR, cut."""
    from escpos.printer import Dummy

    printer = Dummy()
    if slip.open_drawer:
        printer.cashdraw(2)  # first, so the drawer opens while the slip prints
    printer._raw(b"\x1b@")  # initialise: no mode left over from an earlier job
    if slip.logo:
        printer.set(align="center")
        printer.image(slip.logo, center=False)
    printer.set(align="center", bold=True, double_height=True, double_width=True)
    for line in _wrap(slip.title, width // 2):
        printer._raw(encode_text(line) + b"\n")
    printer.set(align="left", normal_textsize=True, bold=False)
    for left, right, style in slip.rows:
        if style == "total":
            printer._raw(b"-" * width + b"\n")
            printer.set(bold=True, double_height=True, double_width=True)
            for line in layout(left, right, width // 2):
                printer._raw(encode_text(line) + b"\n")
            printer.set(normal_textsize=True, bold=False)
        else:
            for line in layout(left.strip(), right, width, indent=2 if style == "why" else 0):
                printer._raw(encode_text(line) + b"\n")
    if slip.qr_text:
        printer.set(align="center")
        printer.qr(slip.qr_text, size=6, native=True)
        printer.set(align="left")
    printer.cut()
    return printer.output


def send(data: bytes, target: str | PrinterTarget, *, timeout: float = 5.0) -> None:
    """Deliver `data` to the printer, or raise PrinterUnavailable naming it and why."""
    where = target if isinstance(target, PrinterTarget) else parse_target(target)
    try:
        if where.kind == "tcp":
            from escpos.printer import Network

            printer = Network(where.host, port=where.port, timeout=timeout)
        elif where.kind == "usb":
            from escpos.printer import Usb

            printer = Usb(where.vendor, where.product, timeout=int(timeout * 1000))
        else:
            from escpos.printer import File

            printer = File(where.path)
        printer.open()
        try:
            printer._raw(data)
        finally:
            printer.close()
    except Exception as error:  # noqa: BLE001 - sockets, USB and files fail in many ways; one message
        reason = str(error).splitlines()[-1].strip() if str(error).strip() else type(error).__name__
        raise PrinterUnavailable(
            f"The printer at {where.url} did not print ({reason}). The sale is paid: "
            "check the printer's power and paper, then press Print again.") from None


def print_slip(slip: Slip, *, printer: str, width: int = 48, timeout: float = 5.0) -> None:
    """Encode and send one slip; PrinterUnavailable if the printer does not take it."""
    send(encode(slip, width=width), printer, timeout=timeout)
