"""Join links: what the customer display's QR code carries so a phone can join at this till.

A link names its till, a random nonce and its expiry, sealed with the till's join key
(HMAC-SHA256, cut to 16 bytes). The key is shared by the till and the central server, so a
till makes its links itself, online or not, and either one can check them. A link works once
(the nonce is spent when a member joins with it) and for JOIN_LINK_SECONDS.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Optional

from pos_loyalty.errors import Refused

JOIN_LINK_SECONDS = 10 * 60
NONCE_BYTES = 9
MAC_BYTES = 16
MAX_TILL_BYTES = 64

JoinKeys = Callable[[str], Optional[bytes]]  # till id -> that till's join key, None if unknown


class JoinLinkRefused(Refused):
    """A join link that is damaged, for another till, expired or already used."""


@dataclass(frozen=True)
class JoinLink:
    till: str
    nonce: str  # hex
    expires: int  # Unix seconds

    def token(self, key: bytes) -> str:
        body = self._body()
        mac = hmac.new(key, b"LY1/join\x00" + body, hashlib.sha256).digest()[:MAC_BYTES]
        return base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode("ascii")

    def expires_at(self) -> datetime:
        from datetime import timezone
        return datetime.fromtimestamp(self.expires, tz=timezone.utc)

    def _body(self) -> bytes:
        till = self.till.encode("utf-8")
        return bytes([len(till)]) + till + bytes.fromhex(self.nonce) + self.expires.to_bytes(4, "big")


def join_key_for(secret: bytes, till: str) -> bytes:
    """A till's join key derived from the server's secret, so the server stores one secret only."""
    return hmac.new(secret, b"LY1/join-key\x00" + till.encode("utf-8"), hashlib.sha256).digest()


def make_join_link(till: str, *, key: bytes, at: datetime, rng: random.Random) -> JoinLink:
    if not 1 <= len(till.encode("utf-8")) <= MAX_TILL_BYTES:
        raise ValueError("till id must be 1..64 UTF-8 bytes")
    nonce = rng.getrandbits(NONCE_BYTES * 8).to_bytes(NONCE_BYTES, "big").hex()
    expires = int((at + timedelta(seconds=JOIN_LINK_SECONDS)).timestamp())
    return JoinLink(till, nonce, expires)


def read_join_link(token: str, *, keys: JoinKeys, at: datetime) -> JoinLink:
    """The link a token stands for, if its seal is good and it has not expired."""
    damaged = JoinLinkRefused("This join link is not valid: scan the code on the till's screen again.")
    if not isinstance(token, str) or not 8 <= len(token) <= 200:
        raise damaged
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        raise damaged from None
    if not raw or len(raw) != 1 + raw[0] + NONCE_BYTES + 4 + MAC_BYTES:
        raise damaged
    till_end = 1 + raw[0]
    try:
        till = raw[1:till_end].decode("utf-8")
    except UnicodeDecodeError:
        raise damaged from None
    link = JoinLink(till, raw[till_end:till_end + NONCE_BYTES].hex(),
                    int.from_bytes(raw[till_end + NONCE_BYTES:till_end + NONCE_BYTES + 4], "big"))
    key = keys(till)
    if key is None or not hmac.compare_digest(link.token(key), token):
        raise damaged
    if at.timestamp() >= link.expires:
        raise JoinLinkRefused("This join link has expired: scan the new code on the till's screen.")
    return link
