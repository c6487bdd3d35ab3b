"""Membership cards in the local store: the CardStore protocol of pos_loyalty.cards over SQLite."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable, Optional

from sqlalchemy import Engine, select

from db.store import CARDS, SqlUnitOfWork
from pos_loyalty.cards.card_store import IssuedCard, MemberDisplay
from pos_loyalty.cards.ids import CardSerial, MemberId
from pos_loyalty.cards.scan import member_number_for
from pos_loyalty.errors import NotFound


class SqlCardStore:
    """Each call is its own short transaction, as card issuing is a manager's one-off action."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.engine = engine
        self.clock = clock

    def _uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def member_display(self, member_id: MemberId) -> MemberDisplay:
        with self._uow() as uow:
            member = uow.member(member_id)
        if member is None:
            raise NotFound(f"No member {member_id!r}: enrol the member first")
        return MemberDisplay(name=member.name, number=member_number_for(member_id))

    def next_serial(self, member_id: MemberId) -> CardSerial:
        with self._uow() as uow:
            serial = int(uow.setting("next_card_serial") or "1")
            uow.set_setting("next_card_serial", str(serial + 1))
            uow.commit()
        return CardSerial(serial)

    def record_issue(self, card: IssuedCard) -> None:
        with self._uow() as uow:
            uow.add_card(str(card.card_serial), card.member_id,
                         datetime.fromtimestamp(card.issued_at, tz=timezone.utc))
            uow.commit()

    def active_serial(self, member_id: MemberId) -> Optional[CardSerial]:
        with self._uow() as uow:
            serials = uow.c.execute(select(CARDS.c.serial).where(CARDS.c.member_id == member_id,
                                                                 CARDS.c.revoked_at.is_(None))).scalars().all()
        return CardSerial(max(int(s) for s in serials)) if serials else None

    def revoke(self, card_serial: CardSerial) -> None:
        with self._uow() as uow:
            uow.revoke_card(str(card_serial), self.clock())
            uow.commit()

    def revoked_serials(self) -> frozenset[CardSerial]:
        with self._uow() as uow:
            rows = uow.c.execute(select(CARDS.c.serial).where(CARDS.c.revoked_at.is_not(None))).scalars()
            return frozenset(CardSerial(int(s)) for s in rows)

