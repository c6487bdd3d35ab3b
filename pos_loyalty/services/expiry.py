"""The expiry run: lapsed point lots and stamp cards become expire entries in the ledger."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from pos_loyalty.services.checkout import active_program
from pos_loyalty.services.entries import EntryBook
from pos_loyalty.services.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class ExpiryReport:
    points: int
    lots: int
    stamps: int
    cards: int


def expire(*, uow: UnitOfWork, clock: Clock, ids: Optional[random.Random] = None, batch: int = 5000) -> ExpiryReport:
    """Expire what has lapsed by now; safe to run again (lapsed lots are then empty)."""
    at = clock()
    ids = ids or random.SystemRandom()
    points = lots = stamps = cards = 0
    with uow:
        program = active_program(uow)
        book = EntryBook(uow, at=at, rng=ids, program_version=program.version)
        if program.points and program.points.expire_days:
            for lot_id, member_id, remaining in uow.lapsed_lots(at - timedelta(days=program.points.expire_days), batch):
                book.add(member_id, "expire", points=-remaining, lot=lot_id, reason="points expired")
                points, lots = points + remaining, lots + 1
        for card in program.stamp_cards:
            if card.expire_days:
                for member_id, count in uow.lapsed_cards(card.id, at - timedelta(days=card.expire_days), batch):
                    book.add(member_id, "expire", stamps=-count, card=card.id, reason="stamps expired")
                    stamps, cards = stamps + count, cards + 1
        book.write()
        uow.audit("expiry", {"points": points, "lots": lots, "stamps": stamps, "cards": cards}, at, actor="system")
        uow.commit()
    return ExpiryReport(points=points, lots=lots, stamps=stamps, cards=cards)
