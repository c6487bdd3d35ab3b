"""Refunds: a whole receipt or some of its lines, settled as if the kept lines had been bought alone.

The lines kept (everything not refunded so far) are evaluated again with the sale's program
version, member state and instant, and draws keep their recorded outcomes. The refund settles the
difference between what the lines kept before it and after it give and cost: money, points paid
with (back to the very lots they came from), points and stamps earned, prizes, promotion uses and
tier spend. What has expired since the sale is neither returned nor charged for.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Optional, Sequence

from pos_loyalty.engine.member import MemberState
from pos_loyalty.errors import InvalidInput, NotFound, Refused
from pos_loyalty.ids import uuid7
from pos_loyalty.ledger import LedgerEntry
from pos_loyalty.money import format_money
from pos_loyalty.program import Program
from pos_loyalty.services.bought import Bought, bought_alone, bought_at_sale
from pos_loyalty.services.entries import EntryBook
from pos_loyalty.services.ports import Clock, UnitOfWork
from pos_loyalty.services.refund_texts import say
from pos_loyalty.services.sale_basis import KEY, member_state_of

MAX_REASON = 500  # characters of a refund's reason (it goes to the audit log)


@dataclass(frozen=True)
class RefundCommand:
    receipt_id: str
    lines: Optional[Sequence[int]] = None  # None: every line not yet refunded
    reason: str = ""
    prizes_returned: bool = False          # the customer hands back prize items the kept lines no longer win


@dataclass(frozen=True)
class RefundResult:
    """What goes back to the customer, what comes back from their balances, and why (en + zh_TW)."""

    refund_id: str
    receipt_id: str
    lines: list[int]
    amount: int                 # money back, after everything kept back
    points_returned: int        # points the sale paid with, back to their lots
    points_reversed: int        # points the sale earned, taken back
    points_short: int           # earned points already spent: their value is kept from the money
    stamps_reversed: dict[str, int] = field(default_factory=dict)  # card -> stamps moved (negative: taken back)
    points_lost: int = 0        # points paid with whose lots have expired since: not returned
    points_forgiven: int = 0    # points earned that have expired since: neither taken back nor charged
    kept_back: int = 0          # money kept back in all: thresholds lost, prizes kept, points short
    prizes: list[dict[str, Any]] = field(default_factory=list)  # lucky-draw prizes the kept lines no longer win
    explain: list[dict[str, str]] = field(default_factory=list)
    reason: str = ""

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        out["explain"] = [line["en"] for line in self.explain]
        out["explain_i18n"] = list(self.explain)
        return out


def refund(cmd: RefundCommand, *, uow: UnitOfWork, clock: Clock, ids: Optional[random.Random] = None) -> RefundResult:
    """Refund lines of a receipt. A line can be refunded once; a second refund is refused."""
    if len(cmd.reason) > MAX_REASON:
        raise InvalidInput(f"reason: at most {MAX_REASON} characters")
    at = clock()
    ids = ids or random.SystemRandom()
    with uow:
        stored = uow.receipt(cmd.receipt_id)
        if stored is None:
            raise NotFound(f"No receipt {cmd.receipt_id!r} on this terminal")
        sale_at = datetime.fromisoformat(stored["at"])
        if at < sale_at:
            raise Refused(f"A refund dated {at.isoformat(timespec='minutes')} is before its sale "
                          f"({sale_at.isoformat(timespec='minutes')}): check the till's clock")
        lines = stored["lines"]
        done = uow.refunded_lines(cmd.receipt_id)
        wanted = _wanted(cmd, stored, done)
        program = uow.program(stored["program_version"])
        if program is None:
            raise Refused(f"Receipt {cmd.receipt_id} was sold under program version {stored['program_version']}, "
                          "which this terminal does not have")
        member_id = stored.get("member")
        entries = uow.ledger_for_receipt(cmd.receipt_id)
        sale_entries = [e for e in entries if e.kind != "refund"]
        state = _state_at_sale(stored, uow)
        before_lines = [l for l in lines if l["line"] not in done]
        after_lines = [l for l in before_lines if l["line"] not in wanted]
        before = bought_at_sale(stored, sale_entries) if not done else _alone(program, state, before_lines, stored)
        after = _alone(program, state, after_lines, stored)
        settling = _Settlement(cmd=cmd, uow=uow, at=at, sale_at=sale_at, program=program, stored=stored,
                               before=before, after=after, kept=after_lines)
        settling.money_and_prizes()
        book = None
        if member_id is not None:
            book = EntryBook(uow, at=at, rng=ids, receipt=cmd.receipt_id, program_version=stored["program_version"])
            settling.balances(book, member_id, state, sale_entries)
        if settling.amount < 0:
            raise Refused(settling.refusal(wanted))
        if book is not None:
            settling.draw_entries(book, member_id)
            book.write()
            spend = before.spend - after.spend
            if spend:
                uow.add_spend(member_id, sale_at, -spend, cmd.receipt_id)
            lost_uses = list((before.uses - after.uses).elements())
            if lost_uses:
                uow.reverse_uses(cmd.receipt_id, lost_uses)
                for promotion in program.promotions:  # a limited promotion (max_uses) can be used again
                    if promotion.id in lost_uses and promotion.conditions and promotion.conditions.max_uses:
                        settling.explain.append(say("refund_use_returned", promotion=promotion))
        refund_id = uuid7(at, ids)
        result = settling.result(refund_id, wanted)
        uow.add_refund(refund_id, cmd.receipt_id, wanted, result.amount, at,
                       {**result.to_dict(), "prizes_returned": cmd.prizes_returned})
        uow.audit("refund", {"receipt": cmd.receipt_id, "lines": wanted, "reason": cmd.reason}, at)
        uow.commit()
    return result


def _wanted(cmd: RefundCommand, stored: dict, done: set[int]) -> list[int]:
    lines = stored["lines"]
    wanted = sorted(set(cmd.lines)) if cmd.lines is not None else [l["line"] for l in lines if l["line"] not in done]
    if not wanted:
        raise Refused(f"Receipt {cmd.receipt_id} was already refunded in full")
    for number in wanted:
        if not 0 <= number < len(lines):
            raise InvalidInput(f"lines: receipt {cmd.receipt_id} has no line {number} (lines 0-{len(lines) - 1})")
        if number in done:
            raise Refused(f"Line {number} ({lines[number]['name']}) of receipt {cmd.receipt_id} was already refunded")
    return wanted


def _state_at_sale(stored: dict, uow: UnitOfWork) -> Optional[MemberState]:
    """The member as the sale saw them: kept on the receipt; rebuilt from the ledger for older receipts."""
    if stored.get("member") is None:
        return None
    basis = stored.get(KEY)
    if basis is not None:
        return member_state_of(basis)
    return uow.member_state_before(stored["member"], stored["id"])


def _alone(program: Program, state: Optional[MemberState], lines: list[dict], stored: dict) -> Bought:
    basis = stored.get(KEY) or {}
    return bought_alone(program, state, lines, at=datetime.fromisoformat(stored["at"]),
                        redeem_points=basis.get("redeem_points", stored.get("points_used", 0)),
                        redeem_cards=basis.get("redeem_cards", stored.get("cards_redeemed", [])),
                        draws={d["promotion"]: d["prize"] for d in stored.get("draws", [])})


def _promotion(program: Program, promotion_id: str) -> Any:
    """The promotion (it reads per language), or its id where the program no longer has it."""
    return next((p for p in program.promotions if p.id == promotion_id), promotion_id)


def _prize(promotion: Any, prize: str) -> Any:
    """The prize as the program names it (per language), else the name on the receipt."""
    for candidate in getattr(getattr(promotion, "effect", None), "prizes", None) or []:
        if candidate.name == prize:
            return candidate
    return prize


def _prize_item(promotion: Any, prize: str, item: dict) -> Any:
    found = _prize(promotion, prize)
    return found.item if getattr(found, "item", None) is not None else item["name"]


@dataclass
class _Settlement:
    """Works out one refund from the two sides; nothing is written until it is known to be possible."""

    cmd: RefundCommand
    uow: UnitOfWork
    at: datetime
    sale_at: datetime
    program: Program
    stored: dict
    before: Bought
    after: Bought
    kept: list[dict]
    amount: int = 0
    kept_back: int = 0
    returned: int = 0
    lost: int = 0
    reversed: int = 0
    forgiven: int = 0
    short: int = 0
    stamps: dict[str, int] = field(default_factory=dict)
    prizes: list[dict[str, Any]] = field(default_factory=list)
    explain: list[dict[str, str]] = field(default_factory=list)
    _moves: list[dict[str, str]] = field(default_factory=list)  # draws undone: entries to write

    def money(self, amount: int) -> str:
        currency = self.program.currency
        return format_money(amount, code=currency.code, exponent=currency.exponent)

    # -- money: discounts lost, prizes no longer won ----------------------------------------
    def money_and_prizes(self) -> None:
        self.amount = self.before.total - self.after.total
        kept = {l["line"] for l in self.kept}
        for source, discount in self.before.discounts.items():
            on_kept = sum(amount for line, amount in discount.lines.items() if line in kept)
            still = self.after.discounts.get(source)
            lost = on_kept - (sum(still.lines.values()) if still else 0)
            if lost > 0:
                self.kept_back += lost
                self.explain.append(say("refund_discount_lost", discount=discount.explain, amount=self.money(lost)))
        for promotion, prize in self.before.draws.items():
            name = _promotion(self.program, promotion)
            if self.after.draws.get(promotion) == prize:
                if self.kept:
                    self.explain.append(say("refund_draw_kept", promotion=name, prize=_prize(name, prize)))
                continue
            item = self.before.prize_items.get(promotion)
            if item is None:
                self.explain.append(say("refund_draw_lost", promotion=name, prize=_prize(name, prize)))
                self._moves.append({"promotion": promotion, "reason": f"lucky draw no longer won: {prize}"})
                continue
            cost = 0 if self.cmd.prizes_returned else int(item.get("cost", 0))
            self.prizes.append({"promotion": promotion, "prize": prize, "item": item["name"],
                                "returned": self.cmd.prizes_returned, "kept_back": cost})
            if self.cmd.prizes_returned:
                self.explain.append(say("refund_prize_returned", promotion=name,
                                        item=_prize_item(name, prize, item)))
                reason = f"prize handed back: {item['name']}"
            else:
                self.explain.append(say("refund_prize_kept_back", promotion=name, item=_prize_item(name, prize, item),
                                        amount=self.money(cost)))
                reason = f"prize kept, cost kept back: {item['name']}"
            self._moves.append({"promotion": promotion, "reason": reason})
            self.amount -= cost
            self.kept_back += cost

    # -- points and stamps ------------------------------------------------------------------
    def balances(self, book: EntryBook, member: str, state: Optional[MemberState],
                 sale_entries: list[LedgerEntry]) -> None:
        own = {e.id for e in sale_entries}
        since = [e for e in self.uow.member_entries(member, since=self.sale_at) if e.id not in own]
        self._points_back(book, member, state, since)
        self._points_earned_back(book, member, sale_entries, since)
        self._stamps_back(book, member, since)

    def _points_back(self, book: EntryBook, member: str, state: Optional[MemberState],
                     since: list[LedgerEntry]) -> None:
        """Points paid with go back to the very lots they came from, unless a lot has expired since."""
        earned = {lot.id: lot.earned for lot in (state.point_lots if state else ())}
        expired = {e.lot for e in since if e.kind == "expire" and e.lot}
        days = self._expire_days()
        for lot, used in self.before.points_used.items():
            back = used - self.after.points_used.get(lot, 0)
            if back <= 0:
                continue
            when = earned.get(lot)
            if lot in expired or (days and when is not None and self.at >= when + timedelta(days=days)):
                self.lost += back
                continue
            book.add(member, "refund", points=back, lot=lot, reason="points returned")
            self.returned += back
        if self.returned:
            self.explain.append(say("refund_points_returned", points=f"{self.returned:,}"))
        if self.lost:
            self.explain.append(say("refund_points_lost", points=f"{self.lost:,}"))

    def _points_earned_back(self, book: EntryBook, member: str, sale_entries: list[LedgerEntry],
                            since: list[LedgerEntry]) -> None:
        """Points earned beyond what the kept lines earn alone: from their own lot; what expired there
        is let go; what was spent comes from the member's other live lots, then from the money."""
        due = self.before.points_earned - self.after.points_earned
        earn = next((e for e in sale_entries if e.kind == "earn"), None)
        if due <= 0 or earn is None:
            return
        lots = self.uow.member_lots(member)
        take = min(due, lots.get(earn.id, 0))
        if take:
            book.add(member, "refund", points=-take, lot=earn.id, reason="points reversed")
            self.reversed += take
        left = due - take
        expired = -sum(e.points for e in since if e.kind == "expire" and e.lot == earn.id)
        already = sum(body.get("points_forgiven", 0) for body in self.uow.refunds_of(self.stored["id"]))
        self.forgiven = min(left, max(expired - already, 0))
        left -= self.forgiven
        if left:
            for lot_id, remaining in self._live_lots(member, lots, exclude=earn.id):
                take = min(remaining, left)
                book.add(member, "refund", points=-take, lot=lot_id, reason="points reversed")
                self.reversed += take
                left -= take
                if not left:
                    break
        self.short = left
        if self.reversed:
            self.explain.append(say("refund_points_reversed", points=f"{self.reversed:,}",
                                    kept=f"{self.after.points_earned:,}"))
        if self.forgiven:
            self.explain.append(say("refund_points_forgiven", points=f"{self.forgiven:,}"))
        if self.short:
            redeem = self.program.points.redeem if self.program.points else None
            value = self.short * (redeem.value if redeem else 0)
            self.amount -= value
            self.kept_back += value
            self.explain.append(say("refund_points_short", points=f"{self.short:,}", amount=self.money(value)))

    def _live_lots(self, member: str, lots: dict[str, int], *, exclude: str) -> list[tuple[str, int]]:
        """The member's other lots with points left that have not lapsed, oldest first."""
        days = self._expire_days()
        member_row = self.uow.member(member)
        state = self.uow.member_state(member_row, spend_since=self.at) if member_row else None
        earned = {lot.id: lot.earned for lot in (state.point_lots if state else ())}
        live = [(lot_id, left) for lot_id, left in lots.items() if lot_id != exclude and left > 0 and not (
            days and earned.get(lot_id) is not None and self.at >= earned[lot_id] + timedelta(days=days))]
        return sorted(live, key=lambda item: (earned.get(item[0]) or datetime.min.replace(tzinfo=self.at.tzinfo),
                                              item[0]))

    def _stamps_back(self, book: EntryBook, member: str, since: list[LedgerEntry]) -> None:
        """Stamps beyond what the kept lines give alone are taken back (a card may go below zero: the
        member re-earns them); a reward no longer given returns its stamps. A card the sale opened keeps
        its starter stamps, and a card that lapsed since the sale is left as it is."""
        lapsed = {e.card for e in since if e.kind == "expire" and e.card}
        after = dict(self.after.stamps)
        for card in self.before.opened - self.after.opened:  # starter stamps come once: the card stays opened
            found = self.program.card(card)
            after[card] = after.get(card, 0) + (found.starter_stamps if found else 0)
        for card in sorted(set(self.before.stamps) | set(after)):
            delta = after.get(card, 0) - self.before.stamps.get(card, 0)
            if not delta:
                continue
            name = self.program.card(card) or card
            if card in lapsed:
                self.explain.append(say("refund_card_lapsed", card=name))
                continue
            book.add(member, "refund", stamps=delta, card=card,
                     reason="stamps reversed" if delta < 0 else "reward returned")
            self.stamps[card] = delta
            self.explain.append(say("refund_stamps_reversed", card=name, stamps=-delta) if delta < 0
                                else say("refund_stamps_returned", card=name, stamps=delta))

    def draw_entries(self, book: EntryBook, member: str) -> None:
        for fields in self._moves:
            book.add(member, "refund", **fields)

    def _expire_days(self) -> Optional[int]:
        current = self.uow.active_program() or self.program
        return current.points.expire_days if current.points else None

    # -- outcome ------------------------------------------------------------------------------
    def refusal(self, wanted: list[int]) -> str:
        whole = not self.kept
        owed = self.money(-self.amount)
        if whole:
            return (f"Refund refused: what receipt {self.cmd.receipt_id} gave that cannot be taken back "
                    f"is worth {owed} more than the money paid; ask a manager")
        return (f"Refund refused: without line(s) {', '.join(map(str, wanted))} the kept lines alone cost {owed} "
                "more than this refund gives back; refund the whole receipt instead")

    def result(self, refund_id: str, wanted: list[int]) -> RefundResult:
        explain = [say("refund_money", amount=self.money(self.amount)), *self.explain]
        return RefundResult(refund_id=refund_id, receipt_id=self.cmd.receipt_id, lines=wanted, amount=self.amount,
                            points_returned=self.returned, points_reversed=self.reversed, points_short=self.short,
                            stamps_reversed=dict(self.stamps), points_lost=self.lost, points_forgiven=self.forgiven,
                            kept_back=self.kept_back, prizes=list(self.prizes), explain=explain,
                            reason=self.cmd.reason)


__all__ = ["RefundCommand", "RefundResult", "refund"]
