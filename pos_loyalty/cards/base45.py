"""Base45 (RFC 9285): binary payloads as QR alphanumeric-mode text.

QR alphanumeric mode packs 45 symbols at 5.5 bits each, so Base45 text makes a
smaller QR than base64 in byte mode. The decoder is strict (every 3-char group
must be <= 0xFFFF, no dangling single char) so that each byte string has exactly
one text form: a changed character can never decode to the same bytes.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


class Base45Error(ValueError):
    """The text is not canonical Base45."""


def b45encode(data: bytes) -> str:
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        e, rest = divmod(n, 45 * 45)
        d, c = divmod(rest, 45)
        out += (ALPHABET[c], ALPHABET[d], ALPHABET[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += (ALPHABET[c], ALPHABET[d])
    return "".join(out)


def b45decode(text: str, *, max_bytes: int) -> bytes:
    """Decode canonical Base45; refuse before doing work if it would exceed max_bytes."""
    if len(text) % 3 == 1:
        raise Base45Error("Base45 length leaves a single dangling character")
    if (len(text) // 3) * 2 + (len(text) % 3 == 2) > max_bytes:
        raise Base45Error("Base45 text longer than allowed")
    try:
        values = [_VALUE[ch] for ch in text]
    except KeyError as exc:
        raise Base45Error("character outside the Base45 alphabet") from exc
    out = bytearray()
    full = len(values) - len(values) % 3
    for i in range(0, full, 3):
        n = values[i] + values[i + 1] * 45 + values[i + 2] * 45 * 45
        if n > 0xFFFF:
            raise Base45Error("Base45 group out of range")
        out += n.to_bytes(2, "big")
    if len(values) % 3 == 2:
        n = values[-2] + values[-1] * 45
        if n > 0xFF:
            raise Base45Error("Base45 group out of range")
        out.append(n)
    return bytes(out)
