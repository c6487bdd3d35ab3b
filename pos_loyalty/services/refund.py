"""Refunds: a whole receipt or some of its lines, reversing exactly what those lines earned and used."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional, Sequence

from pos_loyalty.errors import InvalidInput, NotFound, Refused
from pos_loyalty.ids import uuid7
from pos_loyalty.services.entries import EntryBook
from pos_loyalty.services.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class RefundCommand:
    receipt_id: str
    lines: Optional[Sequence[int]] = None  # None: every line not yet refunded
    reason: str = ""


@dataclass(frozen=True)
class RefundResult:
    """What goes back to the customer, and what comes back from their balances."""

    refund_id: str
    receipt_id: str
    lines: list[int]
    amount: int                 # money back, after any spent points are kept back
    points_returned: int        # points the sale used, given back
    points_reversed: int        # points the sale earned, taken back
    points_short: int           # earned points already spent: their value is kept from the money
    stamps_reversed: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def refund(cmd: RefundCommand, *, uow: UnitOfWork, clock: Clock, ids: Optional[random.Random] = None) -> RefundResult:
    """Refund lines of a receipt. A line can be refunded once; a second refund is refused."""
    at = clock()
    ids = ids or random.SystemRandom()
    with uow:
        stored = uow.receipt(cmd.receipt_id)
        if stored is None:
            raise NotFound(f"No receipt {cmd.receipt_id!r} on this terminal")
        lines = stored["lines"]
        done = uow.refunded_lines(cmd.receipt_id)
        wanted = sorted(set(cmd.lines)) if cmd.lines is not None else [l["line"] for l in lines if l["line"] not in done]
        if not wanted:
            raise Refused(f"Receipt {cmd.receipt_id} was already refunded in full")
        for number in wanted:
            if not 0 <= number < len(lines):
                raise InvalidInput(f"lines: receipt {cmd.receipt_id} has no line {number} (lines 0-{len(lines) - 1})")
            if number in done:
                raise Refused(f"Line {number} ({lines[number]['name']}) of receipt {cmd.receipt_id} was already refunded")
        chosen = [lines[number] for number in wanted]
        whole = len(done) + len(wanted) == len(lines)
        money = sum(line["paid"] for line in chosen)
        member_id = stored.get("member")
        refund_id = uuid7(at, ids)
        returned = reversed_points = short = 0
        stamps: dict[str, int] = {}
        if member_id is not None:
            book = EntryBook(uow, at=at, rng=ids, receipt=cmd.receipt_id, program_version=stored["program_version"])
            entries = uow.ledger_for_receipt(cmd.receipt_id)
            returned = _give_back_points(book, member_id, entries, chosen)
            reversed_points, short = _take_back_points(book, uow, member_id, entries, chosen)
            stamps = _reverse_stamps(book, member_id, entries, stored, chosen)
            book.write()
            spend = sum(line["paid"] + line["points_tender"] for line in chosen)
            uow.add_spend(member_id, _sale_time(stored), -spend, cmd.receipt_id)
            if whole:
                uow.reverse_uses(cmd.receipt_id)
            program = uow.program(stored["program_version"])
            redeem = program.points.redeem if program and program.points else None
            money -= short * (redeem.value if redeem else 0)
        result = RefundResult(refund_id=refund_id, receipt_id=cmd.receipt_id, lines=wanted, amount=max(money, 0),
                              points_returned=returned, points_reversed=reversed_points, points_short=short,
                              stamps_reversed=stamps)
        uow.add_refund(refund_id, cmd.receipt_id, wanted, result.amount, at, {**result.to_dict(), "reason": cmd.reason})
        uow.audit("refund", {"receipt": cmd.receipt_id, "lines": wanted, "reason": cmd.reason}, at)
        uow.commit()
    return result


def _sale_time(stored: dict) -> datetime:
    return datetime.fromisoformat(stored["at"])


def _give_back_points(book: EntryBook, member: str, entries, chosen: list[dict]) -> int:
    """Points the sale used return to the lots they came from."""
    used = [e for e in entries if e.kind == "redeem"]
    due = sum(line["points_used"] for line in chosen)  # per-line shares add up to the points used
    given = 0
    for entry in reversed(used):  # newest lots first: they are the last to expire
        if given >= due:
            break
        take = min(-entry.points, due - given)
        book.add(member, "refund", points=take, lot=entry.lot, reason="points returned")
        given += take
    return given


def _take_back_points(book: EntryBook, uow: UnitOfWork, member: str, entries,
                      chosen: list[dict]) -> tuple[int, int]:
    """Points the refunded lines earned are taken back: from the lot they made, then other lots."""
    earn = next((e for e in entries if e.kind == "earn"), None)
    if earn is None:
        return 0, 0
    due = sum(line["points_earned"] for line in chosen)  # per-line shares add up to the points earned
    lots = uow.member_lots(member)
    order = sorted(lots.items(), key=lambda item: (item[0] != earn.id, item[0]))  # its own lot, then oldest
    taken = 0
    for lot_id, remaining in order:
        if taken >= due:
            break
        take = min(remaining, due - taken)
        if take > 0:
            book.add(member, "refund", points=-take, lot=lot_id, reason="points reversed")
            taken += take
    return taken, due - taken


def _reverse_stamps(book: EntryBook, member: str, entries, stored: dict, chosen: list[dict]) -> dict[str, int]:
    """Stamps the lines earned are taken back; a free item returned gives its card's stamps back."""
    out: dict[str, int] = {}
    for line in chosen:
        for card, count in line.get("stamps", {}).items():
            out[card] = out.get(card, 0) - count
    refunded = {line["line"] for line in chosen}
    for adjustment in stored["adjustments"]:
        source = adjustment["source"]
        if adjustment["kind"] == "item" and source.startswith("stamp_card:") and \
                any(part["line"] in refunded for part in adjustment["lines"]):
            card = source.split(":", 1)[1]
            reward = next((e for e in entries if e.kind == "reward" and e.card == card), None)
            if reward is not None:
                out[card] = out.get(card, 0) - reward.stamps
    for card, delta in out.items():
        if delta:
            book.add(member, "refund", stamps=delta, card=card, reason="stamps reversed" if delta < 0 else "reward returned")
    return {card: delta for card, delta in out.items() if delta}
