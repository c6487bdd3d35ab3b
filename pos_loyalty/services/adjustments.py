"""Manual adjustments of points, always with a reason, always in the audit log."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional

from pos_loyalty.errors import InvalidInput, Refused
from pos_loyalty.services.checkout import load_member
from pos_loyalty.services.entries import EntryBook
from pos_loyalty.services.ports import Clock, UnitOfWork
from pos_loyalty.types import MAX_POINTS


@dataclass(frozen=True)
class PointsAdjustment:
    member_id: str
    points: int          # + adds a new lot, - takes from the oldest lots first
    reason: str
    actor: str = "manager"


def adjust_points(cmd: PointsAdjustment, *, uow: UnitOfWork, clock: Clock,
                  ids: Optional[random.Random] = None) -> int:
    """Add or remove points; returns the new balance. Never takes a balance below zero."""
    if not cmd.reason.strip():
        raise InvalidInput("reason: required for a manual adjustment")
    if cmd.points == 0:
        raise InvalidInput("points: must not be 0")
    if isinstance(cmd.points, bool) or not isinstance(cmd.points, int) or abs(cmd.points) > MAX_POINTS:
        raise InvalidInput(f"points: at most {MAX_POINTS:,} at a time, added or removed")
    at = clock()
    with uow:
        member = load_member(uow, cmd.member_id)
        lots = uow.member_lots(member.id)
        balance = sum(lots.values())
        book = EntryBook(uow, at=at, rng=ids or random.SystemRandom())
        if cmd.points > 0:
            book.add(member.id, "adjust", points=cmd.points, reason=cmd.reason)
        else:
            if -cmd.points > balance:
                raise Refused(f"Member {member.id} has only {balance} points; cannot remove {-cmd.points}")
            left = -cmd.points
            for lot_id in sorted(lots):  # uuid7 ids sort oldest first
                take = min(lots[lot_id], left)
                if take:
                    book.add(member.id, "adjust", points=-take, lot=lot_id, reason=cmd.reason)
                    left -= take
        book.write()
        uow.audit("adjust", {"member": member.id, "points": cmd.points, "reason": cmd.reason}, at, actor=cmd.actor)
        uow.commit()
    return balance + cmd.points
