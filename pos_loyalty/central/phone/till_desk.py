"""The phone desk on a till's own store: the till serves the join page itself on the shop's
network when it cannot reach the central server, and its push carries the new member, card
and device key to the chain later (docs/decisions.md "Joining while the till is offline").

The member is in the till's store the moment the form is sent, so the till sees them at once.
"""
from __future__ import annotations

import random
import secrets
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import Engine, select

from db.card_store import DEVICES, SqlCardStore
from db.join_book import SqlJoinBook
from db.setup import ensure_current
from db.store import SqlUnitOfWork, open_engine
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.central.phone.desk import DeviceRecord, device_record
from pos_loyalty.services.join_links import JoinLink, make_join_link
from pos_loyalty.services.joining import (
    JoinForm, MemberPhones, MoveForm, PhoneCard, check_join_link, join_from_phone, move_card_to_phone,
)
from pos_loyalty.services.member_page import member_page

JOIN_KEY_SETTING = "phone_join_key"


def till_join_key(engine: Engine) -> tuple[str, bytes]:
    """This till's id and join key (made on first use; the central server hands tills theirs
    when they register, see central_desk)."""
    with SqlUnitOfWork(engine) as uow:
        till = uow.terminal_id
        key = uow.setting(JOIN_KEY_SETTING)
        if key is None:
            key = secrets.token_hex(32)
            uow.set_setting(JOIN_KEY_SETTING, key)
            uow.commit()
    return till, bytes.fromhex(key)


def set_till_join_key(engine: Engine, key: bytes) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.set_setting(JOIN_KEY_SETTING, key.hex())
        uow.commit()


def new_join_link(engine: Engine, *, at: datetime, rng: random.Random) -> tuple[JoinLink, str]:
    """A fresh link for the customer display: the link and its token."""
    till, key = till_join_key(engine)
    link = make_join_link(till, key=key, at=at, rng=rng)
    return link, link.token(key)


class TillPhoneDesk:
    def __init__(self, db_path: Path | str, *, clock: Callable[[], datetime], rng: random.Random) -> None:
        self.engine = open_engine(db_path)
        ensure_current(self.engine)  # a store from an older terminal has no join_links_used yet
        self.clock = clock
        self.rng = rng
        self.keys = KeyDirectory.next_to(Path(db_path))
        self.cards = SqlCardStore(self.engine, clock)

    def now(self) -> datetime:
        return self.clock()

    def _phones(self) -> MemberPhones:
        till, key = till_join_key(self.engine)
        return MemberPhones(uow=lambda: SqlUnitOfWork(self.engine), cards=self.cards, devices=self.cards,
                            issuer=self.keys.issuer(), joins=SqlJoinBook(self.engine),
                            join_keys=lambda name: key if name == till else None, clock=self.clock, rng=self.rng)

    def join(self, token: str, form: JoinForm) -> PhoneCard:
        return join_from_phone(token, form, phones=self._phones())

    def move(self, token: str, form: MoveForm) -> PhoneCard:
        return move_card_to_phone(token, form, phones=self._phones())

    def check_link(self, token: str) -> dict:
        link = check_join_link(token, phones=self._phones())
        return {"till": link.till, "expires": link.expires_at().isoformat()}

    def device(self, device_key_id: int) -> Optional[DeviceRecord]:
        with self.engine.connect() as connection:
            row = connection.execute(select(DEVICES.c.certificate, DEVICES.c.revoked_at)
                                     .where(DEVICES.c.key_id == str(device_key_id))).first()
        return None if row is None else device_record(row.certificate, row.revoked_at)

    def member_page(self, member_id: str) -> dict:
        return member_page(member_id, uow=SqlUnitOfWork(self.engine), clock=self.clock)


PAGE_URL_SETTING = "phone_page_url"


def set_phone_page_url(engine: Engine, url: str) -> None:
    """Where phones reach this till's join page (written by `phone serve`)."""
    with SqlUnitOfWork(engine) as uow:
        uow.set_setting(PAGE_URL_SETTING, url.rstrip("/"))
        uow.commit()


CENTRAL_PAGE_SETTING = "phone_page_central"  # written at registration (db/sync_store.py)


class TillJoinLinks:
    """The join link the customer display shows: the same one until a phone uses it or it is a
    minute from expiring, then a fresh one. `current()` is cheap enough to poll every few seconds
    (one indexed read), and runs off the GUI thread.

    Where it points: a till registered with the chain points at the central server's page while
    it syncs (its last sync at most ONLINE_SECONDS ago), so the member is in the chain at once; out
    of touch, at the till's own page (`phone serve`) when it runs one, otherwise still at the
    central page (a phone on mobile data reaches it; the till sees the member when it is back)."""

    RENEW_BEFORE_SECONDS = 60
    ONLINE_SECONDS = 60

    def __init__(self, db_path: Path | str, *, clock: Callable[[], datetime], rng: random.Random) -> None:
        self.engine = open_engine(db_path)
        self.clock = clock
        self.rng = rng
        self._link: Optional[JoinLink] = None
        self._url: Optional[str] = None

    def current(self) -> Optional[str]:
        """The join URL to show now, or None when no page server is set up for this till."""
        at = self.clock()
        with SqlUnitOfWork(self.engine) as uow:
            own, central, last = (uow.setting(PAGE_URL_SETTING), uow.setting(CENTRAL_PAGE_SETTING),
                                  uow.setting("last_sync"))
        online = central and last and (at - datetime.fromisoformat(last)).total_seconds() <= self.ONLINE_SECONDS
        base = central if online else (own or central)
        if not base:
            return None
        link = self._link
        stale = (link is None or not (self._url or "").startswith(base + "/")
                 or at.timestamp() >= link.expires - self.RENEW_BEFORE_SECONDS
                 or SqlJoinBook(self.engine).link_used(link))
        if stale:
            link, token = new_join_link(self.engine, at=at, rng=self.rng)
            self._link, self._url = link, f"{base}/phone/join/{token}"
        return self._url
