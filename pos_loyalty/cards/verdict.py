"""What a terminal says about a scanned membership code: ok, or one reason why not."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos_loyalty.cards.ids import CardSerial, MemberId


class Reason(StrEnum):
    """Why a code was accepted or refused; stable strings for logs, the CLI and the UI."""

    OK = "ok"
    MALFORMED = "malformed"
    OVERSIZED = "oversized"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    CARD_REPLACED = "card_replaced"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REPLAYED = "replayed"
    PHONE_NOT_REGISTERED = "phone_not_registered"
    INTERNAL_ERROR = "internal_error"


# One line each a cashier can act on.
MESSAGES: dict[Reason, tuple[str, str]] = {
    Reason.OK: ("Member card accepted.", "會員卡驗證成功。"),
    Reason.MALFORMED: ("Not a membership code; scan again or type the member number.", "不是會員條碼，請重新掃描或輸入會員編號。"),
    Reason.OVERSIZED: ("Code too long to be a membership code.", "條碼過長，不是會員條碼。"),
    Reason.UNSUPPORTED_VERSION: ("Membership code from a newer system; update this till.", "會員條碼版本較新，請更新收銀機。"),
    Reason.UNKNOWN_KEY: ("Card signed by an unknown key; sync this till or check the card.", "卡片金鑰不明，請同步收銀機或檢查卡片。"),
    Reason.BAD_SIGNATURE: ("Card signature is not valid; this card may be forged or damaged.", "卡片簽章無效，可能是偽造或損壞。"),
    Reason.CARD_REPLACED: ("Card replaced: this card was reported lost; use the member's new card.", "此卡已掛失補發，請使用新卡。"),
    Reason.EXPIRED: ("Phone code expired; ask the member to refresh it.", "手機條碼已過期，請會員重新整理。"),
    Reason.NOT_YET_VALID: ("Phone code is from the future; check the phone's or till's clock.", "手機條碼時間超前，請檢查手機或收銀機時間。"),
    Reason.REPLAYED: ("Phone code already used: ask the member to tap \"New code\" on the phone.",
                      "手機條碼已使用過，請會員在手機上點「換新條碼」。"),
    Reason.PHONE_NOT_REGISTERED: ("Phone not registered on this till: show the printed card.",
                                  "此手機未在本收銀機登記，請出示實體會員卡。"),
    Reason.INTERNAL_ERROR: ("Could not check this code; scan again or type the member number.", "無法驗證此條碼，請重新掃描或輸入會員編號。"),
}


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one scanned code. Never an exception: a refusal is data."""

    ok: bool
    reason: Reason
    member_id: MemberId | None = None
    card_serial: CardSerial | None = None
    from_phone: bool = False

    @property
    def message(self) -> str:
        return MESSAGES[self.reason][0]

    @property
    def message_zh_tw(self) -> str:
        return MESSAGES[self.reason][1]

    @classmethod
    def refused(cls, reason: Reason, *, member_id: MemberId | None = None,
                card_serial: CardSerial | None = None, from_phone: bool = False) -> Verdict:
        return cls(ok=False, reason=reason, member_id=member_id, card_serial=card_serial, from_phone=from_phone)
