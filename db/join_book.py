"""Join links already used, in the store (the JoinBook of pos_loyalty.services.joining)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from db.models import Base
from pos_loyalty.services.join_links import JoinLink

USED = Base.metadata.tables["join_links_used"]


class SqlJoinBook:
    """Spending a link is one INSERT on its nonce: two phones racing with one link cannot both join."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def spend_join_link(self, link: JoinLink, *, at: datetime, outcome: str) -> bool:
        try:
            with self.engine.begin() as connection:
                connection.execute(USED.insert(), {"nonce": link.nonce, "till": link.till, "used_at": at,
                                                   "outcome": outcome})
        except IntegrityError:
            return False
        return True

    def joins_since(self, till: str, since: datetime) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(USED)
                                          .where(USED.c.till == till, USED.c.used_at > since)).scalar_one())

    def link_used(self, link: JoinLink) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(USED.c.nonce).where(USED.c.nonce == link.nonce)).first() is not None
