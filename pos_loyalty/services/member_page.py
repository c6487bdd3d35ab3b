"""What the member's phone page shows: stamp cards as slots, points, tier and the way to the next,
recent visits, and today's member days and birthday offers. Plain data, cached by the phone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from pos_loyalty.engine.conditions import Occasion, conditions_hold, uses_in_period
from pos_loyalty.engine.member import MemberState
from pos_loyalty.engine.tiers import TierStanding
from pos_loyalty.program import Program, Promotion, TierLevel
from pos_loyalty.services.checkout import active_program, load_member, spend_since
from pos_loyalty.services.members import member_summary
from pos_loyalty.services.ports import Clock, UnitOfWork

RECENT_VISITS = 5


@dataclass(frozen=True)
class TodaysOffer:
    promotion: str
    name: str
    names: dict[str, str]  # the name in the shop's other languages ("zh_TW": ...)
    kind: str  # "birthday" or "member_day"
    until: Optional[str]  # "HH:MM" when it holds only part of the day


def member_page(member_id: str, *, uow: UnitOfWork, clock: Clock) -> dict:
    """The member page's data as JSON-ready values (money in minor units, times in UTC ISO)."""
    at = clock()
    summary = member_summary(member_id, uow=uow, clock=lambda: at)
    with uow.reading():
        program = active_program(uow)
        member = load_member(uow, member_id)
        state = uow.member_state(member, spend_since=spend_since(program, at))
        visits = _visits(uow, member_id)
    tier = summary.tier
    cards = {c.id: c for c in program.stamp_cards}
    return {
        "member": member.id,
        "name": member.name,
        "joined": member.joined.isoformat(),
        "points": summary.points,
        "currency": {"code": program.currency.code, "exponent": program.currency.exponent},
        "stamp_cards": [{"card": c.card, "name": c.name, "names": dict(cards[c.card].names), "count": c.count,
                         "required": c.required, "reward": _reward(cards[c.card].reward)} for c in summary.cards],
        "tier": _tier(tier),
        "visits": visits,
        "offers": [offer.__dict__ for offer in todays_offers(program, state, tier.level if tier else None, at)],
        "as_of": at.isoformat(),
    }


def todays_offers(program: Program, state: MemberState, tier: Optional[TierLevel], at: datetime) -> list[TodaysOffer]:
    """Member days and birthday offers that hold for this member today, whatever the basket."""
    occasion = Occasion(at=at, zone=program.zone, member=state, tier=tier, subtotal=0, units=())
    offers = []
    for promotion in program.promotions:
        kind = _calendar_kind(promotion)
        if kind is None:
            continue
        limit = promotion.conditions.max_uses
        if limit is not None and uses_in_period(promotion.id, limit.per, occasion) >= limit.count:
            continue
        timeless = promotion.conditions.model_copy(update={"min_spend": None, "min_qty": None, "match": None,
                                                           "time_of_day": None})
        if not conditions_hold(timeless, occasion, effect_match=None):
            continue
        window = promotion.conditions.time_of_day
        offers.append(TodaysOffer(promotion=promotion.id, name=promotion.name, names=dict(promotion.names), kind=kind,
                                  until=window.until.strftime("%H:%M") if window else None))
    return offers


def _calendar_kind(promotion: Promotion) -> Optional[str]:
    conditions = promotion.conditions
    if conditions.birthday is not None:
        return "birthday"
    if conditions.weekdays or conditions.days_of_month or conditions.dates:
        return "member_day"
    return None


def _tier(tier: Optional[TierStanding]) -> Optional[dict]:
    if tier is None:
        return None
    return {"level": tier.level.name if tier.level else None, "spend": tier.spend,
            "level_names": dict(tier.level.names) if tier.level else {},
            "next": tier.next_level.name if tier.next_level else None,
            "next_names": dict(tier.next_level.names) if tier.next_level else {},
            "next_min_spend": tier.next_level.min_spend if tier.next_level else None,
            "progress": tier.progress, "to_next": tier.to_next}


def _reward(reward: object) -> dict:
    data = reward.model_dump(mode="json") if hasattr(reward, "model_dump") else {}
    return data


def _visits(uow: UnitOfWork, member_id: str) -> list[dict]:
    return [{"at": v["at"].isoformat(), "total": v["total"], "points_earned": v["points_earned"]}
            for v in uow.member_visits(member_id, RECENT_VISITS)]
