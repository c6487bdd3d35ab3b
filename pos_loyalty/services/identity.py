"""Who may spend a member's points: how the member was identified at the till, and overrides.

A member attached by a signed card or a phone code is *verified*: the code proves the card or
phone is at the counter. A member attached by a typed number, a phone number, a name or the
look-up is only *identified*: the sale earns points and stamps, but spending points or a reward
needs the member's code, or a manager's override with a reason, which the audit log keeps.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from pos_loyalty.errors import InvalidInput, Refused

VERIFYING = frozenset({"card", "phone code", "store file"})  # `store file`: the CLI, run by whoever holds it


@dataclass(frozen=True)
class MemberIdentity:
    """The member a sale is for, and how the till knows it is them."""

    member_id: str
    verified: bool
    via: str = ""      # card, phone code, number, phone, name, look-up, store file

    @classmethod
    def attached(cls, member_id: str, via: str) -> "MemberIdentity":
        """As the scan router reports it: verified only for a signed card or phone code."""
        return cls(member_id=member_id, verified=via in VERIFYING, via=via)


@dataclass(frozen=True)
class Override:
    """A manager allowed an unverified member to spend (see services.staff.approve_override)."""

    by_staff: str      # who approved, e.g. "Lin (S001)"
    reason: str

    def __post_init__(self) -> None:
        if not self.by_staff.strip():
            raise InvalidInput("override: who approved it is required")
        if not self.reason.strip():
            raise InvalidInput("override: a reason is required")


def spends(points_used: int, cards_redeemed: list[str]) -> bool:
    return points_used > 0 or bool(cards_redeemed)


def refuse_unverified_spending(identity: Optional[MemberIdentity], override: Optional[Override], *,
                               points_used: int, cards_redeemed: list[str]) -> None:
    """Refused: an identified-only member spending points or a reward without an override."""
    if identity is None or identity.verified or override is not None:
        return
    if not spends(points_used, cards_redeemed):
        return
    what = []
    if points_used:
        what.append(f"{points_used:,} points")
    what += [f"the {card} reward" for card in cards_redeemed]
    raise Refused(f"Member {identity.member_id} was found by {identity.via or 'number'}, not by their card or "
                  f"phone code: spending {' and '.join(what)} needs their code or a manager's override")


__all__ = ["MemberIdentity", "Override", "VERIFYING", "refuse_unverified_spending", "spends"]
