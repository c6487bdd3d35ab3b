"""Backtest: replay past receipts under a draft programme, member by member in order.

Each member starts the window with the balances they really had then (point lots, stamps, spend
history, promotion uses) and every one of their receipts in the window is evaluated again under
the draft, in time order, their state moving as a checkout would move it: so stamps, tiers and
points evolve as they would have. Guests' receipts are evaluated alone. Lucky draws keep their
recorded outcomes (a draw the draft does not have is not made; a draw it adds is made with a
generator seeded by the receipt, so the same backtest gives the same figures).

What is not replayed: manual adjustments, refunds and `expire` runs inside the window (see
docs/decisions.md). Plain data in, plain data out: no SQL here (db/backtest_source.py loads it).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Callable, Iterable, Iterator, Optional, Sequence

from pos_loyalty.engine import BasketLine, Receipt, evaluate
from pos_loyalty.engine import points as points_rules
from pos_loyalty.engine.member import CardState, MemberState, PointLot, SpendRecord
from pos_loyalty.engine.receipt import CardMovement
from pos_loyalty.engine.tiers import basis_window, level_for, spend_in_window
from pos_loyalty.program import Program
from pos_loyalty.reports.figures import Figures
from pos_loyalty.services.checkout import spend_since

Progress = Callable[[int, int], None]  # (receipts done, receipts in all)


@dataclass(frozen=True)
class RecordedMove:
    """What a recorded receipt did to its member's balances, from its body: enough to move the
    member's state past the sale without evaluating it again (see `recorded_state`)."""

    points_value: int
    points_balance: Optional[int]
    tier: Optional[str]
    stamps: tuple[tuple[str, int], ...]  # (card, stamps after the sale) for every card the sale moved or showed
    stamps_earned: tuple[tuple[str, int], ...]  # (card, stamps given, starter stamps included)
    promotions_used: tuple[str, ...]

    @classmethod
    def from_json(cls, points_value: int, facts: str) -> "RecordedMove":
        """From the receipt body's [points_balance, tier, stamps, stamps_earned, promotions_used]."""
        balance, tier, stamps, given, used = json.loads(facts)
        return cls(points_value=points_value, points_balance=balance, tier=tier, stamps=tuple((stamps or {}).items()),
                   stamps_earned=tuple((given or {}).items()), promotions_used=tuple(used or ()))


@dataclass(frozen=True)
class PastSale:
    """One recorded receipt, as much of it as a replay needs."""

    id: str
    at: datetime
    basket: tuple[BasketLine, ...]
    points_used: int = 0
    cards_redeemed: tuple[str, ...] = ()
    draws: tuple[tuple[str, str], ...] = ()  # (promotion id, prize name) as recorded
    recorded: tuple[int, int, int] = (0, 0, 0)  # (total, points earned, discounts) as recorded
    # What the sale did to the balances as recorded, (points value, the body's facts as JSON, see
    # RecordedMove.from_json): read only where a replay may start after this sale, parsed only if it does.
    move: Optional[tuple[int, str]] = None


@dataclass(frozen=True)
class MemberHistory:
    """A member's state when the window opens and their sales in it, oldest first."""

    start: MemberState
    sales: tuple[PastSale, ...]


@dataclass
class BacktestResult:
    """The draft's figures; `recorded` is what the store recorded (or the published programme
    replayed alongside, which is the same thing); `changed` the members whose receipts differ."""

    receipts: int
    draft: Figures
    recorded: Optional[Figures] = None
    changed: set[str] = field(default_factory=set)

    def merge(self, other: "BacktestResult") -> "BacktestResult":
        self.receipts += other.receipts
        self.draft.merge(other.draft)
        if other.recorded is not None:
            self.recorded = (self.recorded or Figures()).merge(other.recorded)
        self.changed |= other.changed
        return self

    def to_dict(self, *, rules: bool = True) -> dict:
        return {"receipts": self.receipts,
                "recorded": self.recorded.to_dict(rules=rules) if self.recorded is not None else None,
                "draft": self.draft.to_dict(rules=rules)}


class _RecordedDraws:
    """Gives each lucky draw its recorded prize: the engine draws applicable promotions in
    (priority, id) order, one `random()` each, so the values are laid out in that order.

    Past the recorded values it is `random.Random(seed)`, made only when first asked: most sales
    draw nothing, and making a generator seeded by a string cost more than the rest of a sale's
    set-up (the engine asks a generator for nothing but `random()`)."""

    __slots__ = ("_values", "_seed", "_generator")

    def __init__(self, values: Sequence[Optional[float]], seed: str) -> None:
        self._values = list(values)
        self._seed = seed
        self._generator: Optional[random.Random] = None

    def random(self) -> float:  # noqa: D401 - random.Random's own name
        while self._values:
            value = self._values.pop(0)
            if value is not None:
                return value
        return self._seeded().random()

    def _seeded(self) -> random.Random:
        if self._generator is None:
            self._generator = random.Random(self._seed)
        return self._generator

    def __getattr__(self, name: str):  # noqa: ANN204 - any other generator method, from the seeded one
        return getattr(self._seeded(), name)


class _Replay:
    """What a programme's replay asks of it for every sale, worked out once per programme."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.manual = frozenset(card.id for card in program.stamp_cards if card.redeem == "manual")
        self.points_pay = program.points is not None and program.points.redeem is not None
        self.draws = {p.id: p for p in program.promotions if p.effect.type == "lucky_draw"}

    def rng(self, sale: PastSale) -> _RecordedDraws:
        values = []
        for promotion, prize in sale.draws:
            promo = self.draws.get(promotion)
            values.append(_value_for(promo, prize) if promo is not None else None)
        return _RecordedDraws(values, sale.id)

    def asks(self, sale: PastSale) -> dict:
        return {"redeem_points": sale.points_used if self.points_pay else 0,
                "redeem_cards": [c for c in sale.cards_redeemed if c in self.manual] if sale.cards_redeemed else []}


def _value_for(promo, prize: str) -> Optional[float]:  # noqa: ANN001
    weights = [float(p.weight) for p in promo.effect.prizes]
    total, cumulative = sum(weights), 0.0
    for candidate, weight in zip(promo.effect.prizes, weights):
        if candidate.name == prize:
            return (cumulative + weight / 2) / total  # the middle of that prize's share
        cumulative += weight
    return None


def moved(state: MemberState, receipt: Receipt, at: datetime) -> MemberState:
    """The member's state after this checkout, as the store's caches would hold it."""
    gone = {lot.id for lot in receipt.points.expired}
    used = {lot.id: points for lot, points in receipt.points.used_from}
    lots = []
    for lot in state.point_lots:
        if lot.id in gone:
            continue
        left = lot.points - used.get(lot.id, 0)
        if left > 0:
            lots.append(lot if left == lot.points else replace(lot, points=left))
    if receipt.points_earned > 0:
        lots.append(PointLot(points=receipt.points_earned, earned=at, id=f"{at.isoformat()}#{len(lots)}"))
    stamps = dict(state.stamps)
    for card, move in receipt.cards.items():
        stamped = move.earned + move.starter > 0
        previous = stamps.get(card)
        last = at if stamped else (previous.last_stamp if previous else None)
        stamps[card] = CardState(count=move.after, last_stamp=last)
    uses = dict(state.uses)
    for promotion in receipt.promotions_used:
        uses[promotion] = uses.get(promotion, ()) + (at,)
    history = state.history + (SpendRecord(at=at, spend=receipt.spend),)
    return replace(state, point_lots=tuple(lots), stamps=stamps, uses=uses, history=history)


def recorded_state(program: Program, state: MemberState, sales: Sequence[PastSale]) -> Optional[MemberState]:
    """The member's state after `sales` as they were recorded: each sale's recorded outcome (points
    used and earned, stamps, promotions used, spend) moved into the state as `moved` moves an
    evaluated receipt, without evaluating it again. For sales that no changed promotion reaches
    this is the state a replay under the draft would reach, when each recorded receipt is what the
    state before it gives (as at a till: the same points, tiers and cards, see reach.py). That is
    checked sale by sale: the points balance after it, the tier, each card's count; a sale that
    does not follow (an adjustment, a refund or an expiry run in the window moved the balances
    between sales) answers None, and the member is replayed from the window's start instead."""
    rules, tiers, zone = program.points, program.tiers, program.zone
    cards = {card.id: card for card in program.stamp_cards}
    for sale in sales:
        if sale.move is None:
            return None
        move = RecordedMove.from_json(*sale.move)
        horizon = spend_since(program, sale.at)
        if state.history and state.history[0].at < horizon:
            state = replace(state, history=tuple(r for r in state.history if r.at >= horizon))
        usable, expired = points_rules.usable_lots(rules, state, sale.at)
        total, earned, _ = sale.recorded
        if move.points_balance != sum(lot.points for lot in usable) - sale.points_used + earned:
            return None
        if tiers is not None:
            level = level_for(tiers, spend_in_window(state.history, *basis_window(tiers, sale.at, zone)))
            if move.tier != (level.name if level else None):
                return None
        given = dict(move.stamps_earned)
        shown = {card for card in cards if card in state.stamps} | set(given)
        if {card for card, _ in move.stamps} != shown:
            return None
        receipt = Receipt(currency="", exponent=0, program_version=0, at=sale.at, member_id=state.id,
                          total=total, points_earned=earned, points_used=sale.points_used,
                          points_value=move.points_value, promotions_used=list(move.promotions_used))
        for card_id, after in move.stamps:
            card, held = cards.get(card_id), state.stamps.get(card_id)
            if card is None:
                return None
            before = held.count if held else 0
            if held and card.expire_days and held.last_stamp and held.count > 0 \
                    and sale.at >= held.last_stamp + timedelta(days=card.expire_days):
                before = 0
            redeemed = card.required if card_id in sale.cards_redeemed else 0
            if before - redeemed + given.get(card_id, 0) != after:
                return None
            receipt.cards[card_id] = CardMovement(card=card_id, before=after - given.get(card_id, 0),
                                                  earned=given.get(card_id, 0))
        receipt.points.expired = expired
        if sale.points_used:
            receipt.points.used_from = points_rules.take_oldest_first(usable, sale.points_used)
        state = moved(state, receipt, sale.at)
    return state


def replay_member(program: Program, history: MemberHistory, replay: Optional[_Replay] = None
                  ) -> Iterator[tuple[PastSale, Receipt]]:
    """Each of the member's sales evaluated under `program`, the state moving between them."""
    replay = replay or _Replay(program)
    state = history.start
    for sale in history.sales:
        horizon = spend_since(program, sale.at)
        if state.history and state.history[0].at < horizon:  # spend no tier rule looks at any more
            state = replace(state, history=tuple(r for r in state.history if r.at >= horizon))
        receipt = evaluate(program, state, sale.basket, at=sale.at, rng=replay.rng(sale), **replay.asks(sale))
        yield sale, receipt
        state = moved(state, receipt, sale.at)


def replay_guest(program: Program, sale: PastSale, replay: Optional[_Replay] = None) -> Receipt:
    return evaluate(program, None, sale.basket, at=sale.at, rng=(replay or _Replay(program)).rng(sale))


def backtest(draft: Program, members: Iterable[MemberHistory], guests: Iterable[PastSale], *,
             also: Optional[Program] = None, total: int = 0, progress: Optional[Progress] = None,
             every: int = 5000) -> BacktestResult:
    """Replay every member's sales (and every guest sale) under `draft`; with `also` (the
    published programme), under it too, side by side. `changed`: members whose receipts come
    out differently from what was recorded."""
    result = BacktestResult(receipts=0, draft=Figures(), recorded=Figures() if also is not None else None)
    done = 0
    replay, replay_also = _Replay(draft), _Replay(also) if also is not None else None
    for history in members:
        for sale, receipt in _counted(replay, history, result.draft):
            if (receipt.total, receipt.points_earned, receipt.discount_total) != sale.recorded:
                result.changed.add(str(history.start.id))
        if replay_also is not None:
            for _ in _counted(replay_also, history, result.recorded):
                pass
        done += len(history.sales)
        if progress is not None and done % every < len(history.sales):
            progress(done, total)
    for sale in guests:
        result.draft.add(replay_guest(draft, sale, replay), draft)
        if also is not None:
            result.recorded.add(replay_guest(also, sale, replay_also), also)
        done += 1
    result.receipts = done
    if progress is not None:
        progress(done, total)
    return result


def _counted(replay: _Replay, history: MemberHistory, figures: Figures) -> Iterator[tuple[PastSale, Receipt]]:
    for sale, receipt in replay_member(replay.program, history, replay):
        figures.add(receipt, replay.program)
        yield sale, receipt


__all__ = ["PastSale", "RecordedMove", "recorded_state", "MemberHistory", "BacktestResult", "backtest", "replay_member", "replay_guest", "moved"]

