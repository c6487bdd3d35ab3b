"""Glue between the scan field and the core: sort the text (cards.scan), verify member codes
(cards.verifier) and find what it names. No Qt; runs on a worker thread.

An outcome is data. A refusal carries a key the UI turns into a translated sentence, and for
membership codes the verifier's own reason (with its English and Chinese message).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ui.till.backend import Product, TillBackend


@dataclass(frozen=True)
class MemberScanned:
    member_id: str
    via: str  # "card", "phone code", "number", "phone", "name"


@dataclass(frozen=True)
class ProductScanned:
    product: "Product"


@dataclass(frozen=True)
class Candidates:
    """Several members match a typed name or partial phone: the cashier picks one."""

    members: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class ScanRefused:
    """Nothing changes: `key` names the sentence; `verdict` texts come from the cards verifier."""

    key: str                     # unknown_code, unknown_product, unknown_member(_offline), card_refused
    text: str = ""               # what was scanned (shortened)
    verdict_en: str = ""
    verdict_zh: str = ""
    reason: str = ""


ScanOutcome = MemberScanned | ProductScanned | Candidates | ScanRefused


def _verifier_for(backend: "TillBackend"):  # noqa: ANN202
    """The card verifier with this terminal's keyring, the store's revoked serials and certified
    phones (db.card_store.terminal_verifier). Before the store held cards, revocations came from
    `<db>.keys/cards.json`: that path stays only for a db.card_store without terminal_verifier."""
    from pos_loyalty.cards.key_directory import KeyDirectory

    keys = KeyDirectory.next_to(backend.db_path)
    try:
        from db.card_store import terminal_verifier
    except ImportError:
        terminal_verifier = None
    if terminal_verifier is not None:
        return terminal_verifier(backend.engine, keys.path, backend.clock)
    from pos_loyalty.cards.card_store import JsonCardStore
    from pos_loyalty.cards.revocation import RevokedSerials
    from pos_loyalty.cards.verifier import CardVerifier

    cards = keys.path / "cards.json"
    revoked = RevokedSerials.of(JsonCardStore(cards).revoked) if cards.exists() else RevokedSerials()
    return CardVerifier(keys.keyring(), revoked=revoked)


def _cards_marker(backend: "TillBackend") -> Optional[str]:
    try:
        from db.card_store import cards_changed
    except ImportError:
        return None
    return cards_changed(backend.engine) if backend.engine is not None else None


class ScanRouter:
    """Turns scanned or typed text into what it names; never raises for bad input."""

    def __init__(self, backend: "TillBackend") -> None:
        self.backend = backend
        self._verifier = None
        self._cards_marker: Optional[str] = None

    @property
    def verifier(self):  # noqa: ANN201
        # A phone that joined (or moved) a moment ago, or a card revoked, since the verifier was
        # built: build it again (one settings look-up per member code to notice).
        marker = _cards_marker(self.backend)
        if self._verifier is None or marker != self._cards_marker:
            self._verifier = _verifier_for(self.backend)
            self._cards_marker = marker
        return self._verifier

    def reload_keys(self) -> None:
        """Read keys, revocations and phones again on the next member code (after a sync or an issue)."""
        self._verifier = None

    def resolve(self, text: str) -> ScanOutcome:
        from pos_loyalty.cards.scan import (
            MemberCode, MemberNumber, PhoneNumber, ProductBarcode, ReceiptReference, classify_scan,
        )

        text = (text or "").strip()
        short = text if len(text) <= 24 else text[:21] + "…"
        if not text:
            return ScanRefused("empty")
        scan = classify_scan(text)
        if isinstance(scan, MemberCode):
            verdict = self.verifier.verify(scan.text, at=self.backend.clock())
            if verdict.reason == "phone_not_registered":  # e.g. certified by a sync pull just now
                self._verifier = None
                verdict = self.verifier.verify(scan.text, at=self.backend.clock())
            fetched: Optional[bool] = True
            member_id = str(verdict.member_id) if verdict.member_id is not None else None
            if member_id is not None and verdict.reason in ("ok", "phone_not_registered") \
                    and self.backend.member(member_id) is None:
                # A member of another store: fetched from the chain with their cards, phones and revocations,
                # then the code is checked again against what came (a card revoked there is refused here).
                fetched = self.backend.fetch_member(member_id)
                if fetched:
                    self._verifier = None
                    verdict = self.verifier.verify(scan.text, at=self.backend.clock())
            if not verdict.ok:
                return ScanRefused("card_refused", short, verdict.message, verdict.message_zh_tw, str(verdict.reason))
            via = "phone code" if verdict.from_phone else "card"
            if fetched is None and self.backend.member(str(verdict.member_id)) is None:
                # Offline: the signed code alone serves a member this till never saw (they earn; what they
                # hold in the chain is not known here, so nothing to redeem until the till is back online).
                if self.backend.keep_code_member(str(verdict.member_id)):
                    return MemberScanned(str(verdict.member_id), via)
            return self._member(str(verdict.member_id), via, short)
        if isinstance(scan, ReceiptReference):  # a receipt names a sale, not a member: nobody is attached
            return ScanRefused("receipt_code", short)
        if isinstance(scan, MemberNumber):
            return self._member(scan.number, "number", short)
        if isinstance(scan, ProductBarcode):
            product = self.backend.product_by_code(scan.digits)
            return ProductScanned(product) if product else ScanRefused("unknown_product", short)
        if isinstance(scan, PhoneNumber):  # the whole number: the unique index, not a suffix search
            member = self.backend.member_by_phone(scan.number)
            return MemberScanned(member.id, "phone") if member is not None else ScanRefused("unknown_phone", short)
        # Anything else: a SKU typed by hand, then a member's name or the end of a phone number.
        product = self.backend.product_by_code(text)
        if product is not None:
            return ProductScanned(product)
        looks_like_name = not text.isascii() or (text.replace(" ", "").isalpha() and len(text) >= 2)
        looks_like_phone_end = text.isdigit() and 3 <= len(text) < 8
        if looks_like_name or looks_like_phone_end:
            found = self.backend.find_members(text)
            if len(found) == 1:
                return MemberScanned(found[0].id, "name")
            if found:
                return Candidates(found)
        return ScanRefused("unknown_code", short)

    def _member(self, member_id: str, via: str, short: str) -> ScanOutcome:
        member = self.backend.member(member_id)
        if member is not None:   # by its number now, also when scanned or typed by an older one (an alias)
            return MemberScanned(member.id, via)
        fetched = self.backend.fetch_member(member_id)   # another store's member: ask the chain
        if fetched:
            return MemberScanned(member_id, via)
        return ScanRefused("unknown_member_offline" if fetched is None and self.backend.in_chain() else
                           "unknown_member", short)
