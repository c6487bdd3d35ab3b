"""What the till shows of a member: balances, stamps, tier and the way to the next tier."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from pos_loyalty.engine.member import CardState
from pos_loyalty.program import StampCard

from pos_loyalty.engine.points import usable_lots
from pos_loyalty.engine.tiers import TierStanding, standing
from pos_loyalty.errors import NotFound
from pos_loyalty.members import Member
from pos_loyalty.services.checkout import active_program, load_member, spend_since
from pos_loyalty.services.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class CardProgress:
    card: str
    name: str
    count: int
    required: int


@dataclass(frozen=True)
class MemberSummary:
    member: Member
    points: int
    cards: list[CardProgress]
    tier: Optional[TierStanding]

    def to_dict(self) -> dict:
        tier = self.tier
        return {
            "member": self.member.id, "name": self.member.masked_name, "phone": self.member.masked_phone,
            "joined": self.member.joined.isoformat(),
            "birthday": self.member.birthday.isoformat() if self.member.birthday else None,
            "points": self.points,
            "stamps": {c.card: {"count": c.count, "required": c.required} for c in self.cards},
            "tier": tier.level.name if tier and tier.level else None,
            "tier_spend": tier.spend if tier else None,
            "next_tier": tier.next_level.name if tier and tier.next_level else None,
            "tier_progress": tier.progress if tier else None,
            "to_next_tier": tier.to_next if tier else None,
        }


def member_summary(member_id: str, *, uow: UnitOfWork, clock: Clock) -> MemberSummary:
    at = clock()
    with uow.reading():
        program = active_program(uow)
        member = load_member(uow, member_id)
        state = uow.member_state(member, spend_since=spend_since(program, at))
    usable, _ = usable_lots(program.points, state, at)
    cards = [CardProgress(card=c.id, name=c.name, count=_live_stamps(c, state.stamps[c.id], at), required=c.required)
             for c in program.stamp_cards if c.id in state.stamps]
    tier = standing(program.tiers, state.history, at, program.zone) if program.tiers else None
    return MemberSummary(member=member, points=sum(lot.points for lot in usable), cards=cards, tier=tier)


def _live_stamps(card: StampCard, state: CardState, at: datetime) -> int:
    """Stamps on a card that has lapsed count as none, even before the expiry run writes it down."""
    if card.expire_days and state.last_stamp and at >= state.last_stamp + timedelta(days=card.expire_days):
        return 0
    return state.count


def find_member(text: str, *, uow: UnitOfWork) -> list[Member]:
    """Members by number, phone or name (for manual look-up at the till)."""
    with uow.reading():
        exact = uow.member(text.strip())
        if exact is not None:
            return [exact]
        return uow.find_members(text.strip())


__all__ = ["member_summary", "find_member", "MemberSummary", "NotFound"]
