"""Checkout: evaluate the basket and write receipt, ledger entries and caches in one transaction."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional, Sequence

from pos_loyalty.engine import BasketLine, Receipt, evaluate
from pos_loyalty.engine.calendar import month_start
from pos_loyalty.engine.points import RedeemAsk
from pos_loyalty.engine.tiers import basis_window
from pos_loyalty.errors import InvalidInput, NotFound, Refused
from pos_loyalty.ids import uuid7
from pos_loyalty.members import Member
from pos_loyalty.program import Program
from pos_loyalty.services.entries import EntryBook
from pos_loyalty.services.offline_allowance import refuse_beyond_offline_allowance
from pos_loyalty.services.identity import MemberIdentity, Override, refuse_unverified_spending
from pos_loyalty.services.ports import Clock, UnitOfWork
from pos_loyalty.types import MAX_MONEY, MAX_POINTS
from pos_loyalty.services.sale_basis import KEY, sale_basis

TENDER_METHODS = ("cash", "card", "mobile")


@dataclass(frozen=True)
class Tender:
    method: str
    amount: int


@dataclass(frozen=True)
class CheckoutCommand:
    """A basket to pay, by a member (or a guest when neither member_id nor identity is given).

    `identity` says how the till knows the member (services.identity): a member given only by
    `member_id` counts as typed in, i.e. not verified; spending points or a reward then needs
    `override` (a manager's, with a reason, kept in the audit log)."""

    basket: Sequence[BasketLine]
    member_id: Optional[str] = None
    redeem_points: RedeemAsk = 0
    redeem_cards: Sequence[str] = ()
    tenders: Sequence[Tender] = ()
    identity: Optional[MemberIdentity] = None
    override: Optional[Override] = None

    def __post_init__(self) -> None:
        if self.identity is not None:
            if self.member_id not in (None, self.identity.member_id):
                raise InvalidInput("member: the member number and the member identified differ")
            object.__setattr__(self, "member_id", self.identity.member_id)
        elif self.member_id is not None:
            object.__setattr__(self, "identity", MemberIdentity(self.member_id, verified=False, via="number"))


@dataclass(frozen=True)
class CheckoutResult:
    receipt_id: str
    receipt: Receipt
    tenders: list[Tender] = field(default_factory=list)


def spend_since(program: Program, at: datetime) -> datetime:
    """The earliest spend the tier rules (and the progress towards the next tier) look at."""
    if program.tiers is None:
        return at
    start, _ = basis_window(program.tiers, at, program.zone)
    return min(start, month_start(at.astimezone(program.zone).date(), program.zone))


def load_member(uow: UnitOfWork, member_id: str) -> Member:
    member = uow.member(member_id)
    if member is None:
        raise NotFound(f"No member {member_id!r}: check the number or scan the card again")
    return member


def active_program(uow: UnitOfWork) -> Program:
    program = uow.active_program()
    if program is None:
        raise Refused("No loyalty program is published on this terminal yet")
    return program


def preview(cmd: CheckoutCommand, *, uow: UnitOfWork, clock: Clock, rng: random.Random) -> Receipt:
    """What the checkout would give now, without writing anything (the basket view uses this)."""
    at = clock()
    with uow.reading():
        program = active_program(uow)
        state = None
        if cmd.member_id is not None:
            state = uow.member_state(load_member(uow, cmd.member_id), spend_since=spend_since(program, at))
        return evaluate(program, state, list(cmd.basket), at=at, rng=rng, draw=False,
                        redeem_points=cmd.redeem_points, redeem_cards=list(cmd.redeem_cards))


def checkout(cmd: CheckoutCommand, *, uow: UnitOfWork, clock: Clock, rng: random.Random,
             ids: Optional[random.Random] = None) -> CheckoutResult:
    """Pay a basket. Either the whole receipt with its ledger entries is stored, or nothing."""
    if not cmd.basket:
        raise InvalidInput("basket: is empty; add a product first")
    ids = ids or random.SystemRandom()
    with uow:
        at = clock()  # read with the write lock held: sales on one store are dated in the order they are written
        program = active_program(uow)
        member = load_member(uow, cmd.member_id) if cmd.member_id is not None else None
        if member is not None:
            refuse_before_joining(member, at, program)
        state = uow.member_state(member, spend_since=spend_since(program, at)) if member else None
        receipt = evaluate(program, state, list(cmd.basket), at=at, rng=rng,
                           redeem_points=cmd.redeem_points, redeem_cards=list(cmd.redeem_cards))
        refuse_unverified_spending(cmd.identity, cmd.override, points_used=receipt.points_used,
                                   cards_redeemed=list(receipt.cards_redeemed))
        refuse_points_from_later(receipt, at)
        if member is not None:
            refuse_beyond_offline_allowance(uow, member_id=member.id, points=receipt.points_used, at=at,
                                            zone=program.zone)
        refuse_beyond_bounds(receipt)
        tenders = _settle(cmd.tenders, receipt.total)
        receipt_id = uuid7(at, ids)
        body = {**receipt.to_dict(),
                KEY: sale_basis(state, cmd.redeem_points, list(cmd.redeem_cards))}  # what a refund re-evaluates with
        uow.add_receipt(receipt_id, body, [t.__dict__ for t in tenders])
        if member is not None and cmd.override is not None and (receipt.points_used or receipt.cards_redeemed):
            uow.audit("spend_override", {"member": member.id, "receipt": receipt_id, "via": cmd.identity.via,
                                         "points": receipt.points_used, "cards": list(receipt.cards_redeemed),
                                         "reason": cmd.override.reason.strip()}, at, actor=cmd.override.by_staff)
        if member is not None:
            book = EntryBook(uow, at=at, rng=ids, receipt=receipt_id, program_version=program.version)
            record_movements(book, member.id, receipt, program)
            book.write()
            uow.add_spend(member.id, at, receipt.spend, receipt_id)
            uow.add_uses(member.id, receipt.promotions_used, at, receipt_id)
        uow.commit()
    return CheckoutResult(receipt_id=receipt_id, receipt=receipt, tenders=tenders)


def refuse_before_joining(member: Member, at: datetime, program: Program) -> None:
    day = at.astimezone(program.zone).date()
    if member.joined is not None and day < member.joined:
        raise Refused(f"This sale ({day.isoformat()}) is before member {member.id} joined "
                      f"({member.joined.isoformat()}): check the till's clock")


def refuse_points_from_later(receipt: Receipt, at: datetime) -> None:
    later = [lot for lot, _ in receipt.points.used_from if lot.earned is not None and lot.earned > at]
    if later:
        first = min(lot.earned for lot in later)
        raise Refused(f"Points earned after this sale ({first.isoformat(timespec='seconds')}) cannot pay for it: "
                      "check the till's clock")


def refuse_beyond_bounds(receipt: Receipt) -> None:
    if receipt.points_earned > MAX_POINTS:
        raise Refused(f"points: this sale would earn {receipt.points_earned:,} points; one sale may earn at most "
                      f"{MAX_POINTS:,} (check the program's earn rate)")


def _settle(tenders: Sequence[Tender], total: int) -> list[Tender]:
    if not tenders:
        return [Tender("cash", total)]
    for tender in tenders:
        if tender.method not in TENDER_METHODS:
            raise InvalidInput(f"tender: {tender.method!r} is not one of {', '.join(TENDER_METHODS)}")
        if tender.amount < 0:
            raise InvalidInput("tender: an amount cannot be negative")
        if tender.amount > MAX_MONEY:
            raise InvalidInput(f"tender: at most {MAX_MONEY:,} minor units")
    paid = sum(t.amount for t in tenders)
    if paid < total:
        raise Refused(f"Tendered {paid} is less than the total {total}")
    if sum(t.amount for t in tenders if t.method != "cash") > total:
        raise Refused("Card and mobile pay at most the total: change is given from cash only")
    return list(tenders)


def record_movements(book: EntryBook, member_id: str, receipt: Receipt, program: Program) -> None:
    """The ledger entries that turn a member's balances before into the receipt's balances after."""
    for lot in receipt.points.expired:
        book.add(member_id, "expire", points=-lot.points, lot=lot.id, reason="points expired")
    for card, move in receipt.cards.items():
        if move.expired:
            book.add(member_id, "expire", stamps=-move.expired, card=card, reason="stamps expired")
        if move.redeemed:
            book.add(member_id, "reward", stamps=-move.redeemed, card=card, reason="card redeemed")
        if move.starter or move.earned:
            reason = f"opened with {move.starter} starter stamps" if move.opened else "stamps earned"
            book.add(member_id, "stamp", stamps=move.starter + move.earned, card=card, reason=reason)
    for lot, points in receipt.points.used_from:
        book.add(member_id, "redeem", points=-points, lot=lot.id, reason="points as tender")
    if receipt.points_earned:
        book.add(member_id, "earn", points=receipt.points_earned, reason="points earned")
    for promotion in receipt.promotions_used:
        book.add(member_id, "use", promotion=promotion)
    for draw in receipt.draws:
        book.add(member_id, "draw", promotion=draw.promotion, reason=draw.prize)
