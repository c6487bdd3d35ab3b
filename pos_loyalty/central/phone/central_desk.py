"""The phone desk on the central store: joins, moves and the member page served by the central
server (the router finds this module; a till serves the same page itself when it is offline,
till_desk.py, docs/decisions.md).

A join link is made by the till (sealed with the join key the server handed it at registration),
so the central page checks it with that till's key and enrols the member into that till's store.
"""
from __future__ import annotations

import random
from datetime import datetime
from typing import Callable, Optional

from sqlalchemy import Engine, select

from pos_loyalty.central.member_view import CentralMemberView
from pos_loyalty.central.models import device_keys, terminals
from pos_loyalty.central.phone.central_book import CentralCards, CentralEnrolment, CentralJoinBook, PageTerminal
from pos_loyalty.central.phone.desk import DeviceRecord, device_record
from pos_loyalty.services.join_links import JoinLinkRefused, read_join_link
from pos_loyalty.services.joining import (
    JoinForm, MemberPhones, MoveForm, PhoneCard, join_from_phone, move_card_to_phone,
)
from pos_loyalty.services.member_page import member_page


class CentralPhoneDesk:
    def __init__(self, engine: Engine, *, clock: Callable[[], datetime], rng: random.Random) -> None:
        self.engine, self.clock, self.rng = engine, clock, rng
        self._page: Optional[PageTerminal] = None

    @classmethod
    def for_app(cls, app) -> "CentralPhoneDesk":  # noqa: ANN001 - the central FastAPI app
        return cls(app.state.engine, clock=app.state.settings.clock, rng=random.SystemRandom())

    def now(self) -> datetime:
        return self.clock()

    def _join_key(self, till: str) -> Optional[bytes]:
        with self.engine.connect() as c:
            key = c.execute(select(terminals.c.join_key).where(terminals.c.id == till,
                                                               terminals.c.revoked_at.is_(None))).scalar()
        return bytes.fromhex(key) if key else None

    def _phones(self, token: str) -> MemberPhones:
        """Everything a join with this token touches: the member goes into the link's till's store."""
        link = read_join_link(token, keys=self._join_key, at=self.clock())
        with self.engine.connect() as c:
            store_id = c.execute(select(terminals.c.store_id).where(terminals.c.id == link.till)).scalar_one()
        if self._page is None:
            self._page = PageTerminal(self.engine, store_id=store_id, at=self.clock())
        page = self._page
        central_cards = CentralCards(self.engine, page, self.clock)
        return MemberPhones(uow=lambda: CentralEnrolment(self.engine, page, store_id=store_id), cards=central_cards,
                            devices=central_cards, issuer=page.issuer, joins=CentralJoinBook(self.engine),
                            join_keys=self._join_key, clock=self.clock, rng=self.rng)

    def join(self, token: str, form: JoinForm) -> PhoneCard:
        return join_from_phone(token, form, phones=self._phones(token))

    def move(self, token: str, form: MoveForm) -> PhoneCard:
        return move_card_to_phone(token, form, phones=self._phones(token))

    def check_link(self, token: str) -> dict:
        link = read_join_link(token, keys=self._join_key, at=self.clock())
        if CentralJoinBook(self.engine).link_used(link):
            raise JoinLinkRefused("This join link was already used: scan the new code on the till's screen.")
        return {"till": link.till, "expires": link.expires_at().isoformat()}

    def device(self, device_key_id: int) -> Optional[DeviceRecord]:
        with self.engine.connect() as c:
            row = c.execute(select(device_keys.c.certificate, device_keys.c.revoked_at)
                            .where(device_keys.c.key_id == str(device_key_id))).first()
        return None if row is None else device_record(row.certificate, row.revoked_at)

    def member_page(self, member_id: str) -> dict:
        return member_page(member_id, uow=CentralMemberView(self.engine), clock=self.clock)

