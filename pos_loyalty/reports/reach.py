"""Which recorded receipts a draft can change: the backtest replays only the members those reach.

A receipt comes out of `evaluate()` the same under two programmes that differ only in promotions
when no differing promotion applies to it: the engine sees a programme's promotions only through
the list of those that apply (phases 2, 3 and 6 all start from it), and everything else it reads
(points, tiers, stamp cards, currency, zone) is the same. So a member whose sales no changed
promotion applies to keeps every receipt, and their state moves exactly as recorded; the first sale
a changed promotion reaches makes the whole member replay under the draft (`db/backtest_run.py`).

A draft that changes anything else (earning rate, tiers, cards, zone) can move every receipt:
`reach()` answers None and every member is replayed. Names and translations change no figure and
are not compared (prize names are: a recorded draw keeps its prize by name).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from pos_loyalty.engine.basket import Unit
from pos_loyalty.engine.conditions import Occasion, conditions_hold, promotion_applies
from pos_loyalty.engine.member import MemberState, SpendRecord
from pos_loyalty.engine.tiers import basis_window, level_for, spend_in_window
from pos_loyalty.program import Program, Promotion, TierLevel

_ALIKE_EXCEPT_PROMOTIONS = ("currency", "timezone", "points", "tiers", "stamp_cards")
# Every condition but the calendar's own, switched off: what is left holds or not by the day alone.
_NOT_CALENDAR = {"min_spend": None, "min_qty": None, "match": None, "time_of_day": None, "tiers": None,
                 "birthday": None, "tenure_years": None}


@dataclass(frozen=True)
class Changed:
    """The promotions that differ between the draft and one recorded programme, each side's own."""

    draft: tuple[Promotion, ...]
    recorded: tuple[Promotion, ...]

    def pairs(self, draft: Program, recorded: Program) -> Iterable[tuple[Program, Promotion]]:
        yield from ((draft, promo) for promo in self.draft)
        yield from ((recorded, promo) for promo in self.recorded)


@dataclass(frozen=True)
class Reach:
    """What a draft changes against each programme version the window's receipts were recorded under."""

    draft: Program
    recorded: Mapping[int, Program]
    changed: Mapping[int, Changed]
    _days: dict = field(default_factory=dict, compare=False, repr=False)  # (version, day) -> promotions left

    @property
    def needs_units(self) -> bool:
        """A changed promotion counts items (min_qty): the screen needs the baskets' units."""
        return any(p.conditions.min_qty is not None for c in self.changed.values() for p in c.draft + c.recorded)

    @property
    def counted_uses(self) -> frozenset[str]:
        """Changed promotions with a use limit: the screen needs the members' uses of these."""
        return frozenset(p.id for c in self.changed.values() for p in c.draft + c.recorded
                         if p.conditions.max_uses is not None)

    def reaches(self, version: int, at: datetime, member: Optional[MemberState],
                tier: Callable[[], Optional[TierLevel]], subtotal: int, units: tuple[Unit, ...] = ()) -> bool:
        """Whether any changed promotion applies to this sale (under the draft or as recorded).

        `tier` is asked only when a tier condition is the last one left to decide."""
        zone = self.draft.zone
        left = self._on_day(version, at.astimezone(zone).date())
        occasion: Optional[Occasion] = None
        for program, promo in left:
            wanted = promo.conditions.tiers
            if wanted is not None:
                # With a tier it asks for, does everything else hold? If not, no tier makes it apply.
                hoped = next(level for level in program.tiers.levels if level.name == wanted[0])  # type: ignore[union-attr]
                if not promotion_applies(promo, Occasion(at=at, zone=zone, member=member, tier=hoped,
                                                         subtotal=subtotal, units=units)):
                    continue
            if occasion is None:
                occasion = Occasion(at=at, zone=zone, member=member, tier=tier() if member is not None else None,
                                    subtotal=subtotal, units=units)
            if promotion_applies(promo, occasion):
                return True
        return False

    def _on_day(self, version: int, day: date) -> tuple[tuple[Program, Promotion], ...]:
        """The changed promotions whose calendar (weekdays, days of the month, months, dates, valid
        from/until) allows this local day: the others cannot apply on it, whoever buys what."""
        key = (version, day)
        found = self._days.get(key)
        if found is None:
            noon = datetime.combine(day, time(12), tzinfo=self.draft.zone)
            bare = Occasion(at=noon, zone=self.draft.zone, member=None, tier=None, subtotal=0, units=())
            found = self._days[key] = tuple(
                (program, promo) for program, promo in self.changed[version].pairs(self.draft, self.recorded[version])
                if conditions_hold(promo.conditions.model_copy(update=_NOT_CALENDAR), bare, effect_match=None))
        return found


def reach(draft: Program, recorded: Mapping[int, Program], versions: Iterable[int]) -> Optional[Reach]:
    """The draft's reach over receipts recorded under `versions`; None when it may change any receipt."""
    changed: dict[int, Changed] = {}
    for version in versions:
        program = recorded.get(version)
        if program is None or _rest(program) != _rest(draft):
            return None
        found = _changed(draft, program)
        if found is None:
            return None
        changed[version] = found
    return Reach(draft=draft, recorded=dict(recorded), changed=changed)


def _rest(program: Program) -> dict:
    rest = _unnamed(program.model_dump(include=set(_ALIKE_EXCEPT_PROMOTIONS), warnings=False))
    for card in rest.get("stamp_cards") or ():
        card.pop("name", None)  # a card is known by its id; a tier by its name, which stays
    return rest


def _rule(promo: Promotion) -> dict:
    return _unnamed(promo.model_dump(exclude={"name"}, warnings=False))


def _unnamed(value: Any) -> Any:
    """`value` without translations (`names`, anywhere in it): they change no figure."""
    if isinstance(value, dict):
        return {key: _unnamed(item) for key, item in value.items() if key != "names"}
    if isinstance(value, list):
        return [_unnamed(item) for item in value]
    return value


def _changed(draft: Program, recorded: Program) -> Optional[Changed]:
    before = {promo.id: promo for promo in recorded.promotions}
    after = {promo.id: promo for promo in draft.promotions}
    same = [pid for pid in after if pid in before and _rule(after[pid]) == _rule(before[pid])]
    if same != [pid for pid in before if pid in set(same)]:
        return None  # the rules kept were reordered: not worth proving that order never matters
    kept = set(same)
    return Changed(draft=tuple(p for p in draft.promotions if p.id not in kept),
                   recorded=tuple(p for p in recorded.promotions if p.id not in kept))


Sale = tuple[datetime, int, int, int, tuple[Unit, ...]]  # (at, programme version, subtotal, spend, units)


def reached_members(found: Reach, members: Iterable[tuple[MemberState, Sequence[Sale]]]) -> set[str]:
    """Members any of whose sales (oldest first) a changed promotion reaches."""
    return set(first_reached(found, members))


def first_reached(found: Reach, members: Iterable[tuple[MemberState, Sequence[Sale]]]) -> dict[str, int]:
    """Each member a changed promotion reaches, with the index of the first of their sales (oldest
    first) that it reaches. Until that sale the member's state is the recorded one: spend for the
    tier moves by each sale's recorded spend."""
    tiers, zone = found.draft.tiers, found.draft.zone
    reached: dict[str, int] = {}
    for state, sales in members:
        history = list(state.history)
        for index, (at, version, subtotal, spend, units) in enumerate(sales):
            def tier(at: datetime = at) -> Optional[TierLevel]:
                if tiers is None:
                    return None
                return level_for(tiers, spend_in_window(history, *basis_window(tiers, at, zone)))
            if found.reaches(version, at, state, tier, subtotal, units):
                reached[str(state.id)] = index
                break
            history.append(SpendRecord(at=at, spend=spend))
    return reached


def reached_guests(found: Reach, sales: Iterable[tuple[str, Sale]]) -> list[str]:
    """Guests' receipts (by id) a changed promotion reaches."""
    never = lambda: None  # noqa: E731 - a guest has no tier
    return [receipt for receipt, (at, version, subtotal, _, units) in sales
            if found.reaches(version, at, None, never, subtotal, units)]


__all__ = ["Reach", "Changed", "reach", "reached_members", "first_reached", "reached_guests", "Sale"]
