"""Stamp cards: expiry, phase-1 redemption of full cards, and stamps earned at the end."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from pos_loyalty.engine.basket import BasketLine, Unit, cheapest, matching
from pos_loyalty.engine.explain import explain
from pos_loyalty.engine.member import MemberState
from pos_loyalty.engine.receipt import Adjustment, CardMovement, Earning, Receipt
from pos_loyalty.program import FreeItemReward, Program, StampCard


def open_cards(program: Program, member: Optional[MemberState], at: datetime, receipt: Receipt) -> None:
    """Record each opened card's stamps, expiring them when the card has lapsed."""
    if member is None:
        return
    for card in program.stamp_cards:
        state = member.stamps.get(card.id)
        if state is None:
            continue
        move = CardMovement(card=card.id, before=state.count, last_stamp=state.last_stamp)
        if card.expire_days and state.last_stamp and state.count > 0:
            lapse = state.last_stamp + timedelta(days=card.expire_days)
            if at >= lapse:
                move.expired, move.expired_at = state.count, lapse
                receipt.expiries.append(Earning(
                    source=f"stamp_card:{card.id}", stamps=-state.count,
                    explain=explain("note_stamps_expired", card=card, stamps=state.count,
                                    date=lapse.astimezone(program.zone).date().isoformat())))
        receipt.cards[card.id] = move


def redeem_free_items(program: Program, basket: list[BasketLine], units: list[Unit],
                      asked: set[str], receipt: Receipt) -> list[StampCard]:
    """Phase 1: full cards give their free item now; order rewards are returned for phase 3."""
    order_rewards: list[StampCard] = []
    for card in program.stamp_cards:
        if card.redeem == "manual" and card.id not in asked:
            continue
        move = receipt.cards.get(card.id)
        count = (move.before - move.expired) if move else 0
        if count < card.required:
            if card.id in asked:
                receipt.notes.append(explain("note_card_not_full", card=card, count=count,
                                             required=card.required))
            continue
        if not isinstance(card.reward, FreeItemReward):
            order_rewards.append(card)
            continue
        unit = cheapest([u for u in units if u.eligible and u.price > 0 and u.matches(card.reward.match)])
        if unit is None:
            if card.id in asked:
                receipt.notes.append(explain("note_card_gives_nothing", card=card))
            continue
        unit.discount, unit.by, unit.free_from_card = unit.price, f"stamp_card:{card.id}", True
        assert move is not None
        move.redeemed = card.required
        receipt.cards_redeemed.append(card.id)
        receipt.adjustments.append(Adjustment(
            source=f"stamp_card:{card.id}", amount=unit.price, kind="item", lines={unit.line: unit.price},
            explain=explain("card_free_item", card=card, item=basket[unit.line].name)))
    return order_rewards


def earn_stamps(program: Program, units: list[Unit], at: datetime, receipt: Receipt) -> None:
    """Stamps for units not made free in phase 1; a card is opened by its first stamp."""
    for card in program.stamp_cards:
        paying = [u for u in matching(units, card.earn.match) if not u.free_from_card]
        per_line: dict[int, int] = {}
        if card.earn.per == "item":
            for unit in paying:
                per_line[unit.line] = per_line.get(unit.line, 0) + 1
        elif paying and (card.earn.min_spend is None or sum(u.price for u in paying) >= card.earn.min_spend):
            per_line[paying[0].line] = 1
        earned = sum(per_line.values())
        if not earned:
            continue
        move = receipt.cards.get(card.id)
        if move is None:
            move = receipt.cards[card.id] = CardMovement(card=card.id, before=0, opened=True,
                                                         starter=card.starter_stamps)
            if card.starter_stamps:
                receipt.earnings.append(Earning(source=f"stamp_card:{card.id}", stamps=card.starter_stamps,
                                                explain=explain("card_opened", card=card,
                                                                starter=card.starter_stamps,
                                                                required=card.required)))
        move.earned, move.last_stamp = earned, at
        for line, stamps in per_line.items():
            receipt.lines[line].stamps[card.id] = stamps
        receipt.earnings.append(Earning(source=f"stamp_card:{card.id}", stamps=earned, explain=explain(
            "stamps_earned", card=card, stamps=earned, count=move.after, required=card.required)))
        if move.after >= card.required:
            receipt.earnings.append(Earning(source=f"stamp_card:{card.id}",
                                            explain=explain("card_now_full", card=card)))
