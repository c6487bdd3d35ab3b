"""The chain's change numbers: one counter row, moved inside the writing transaction.

Its row lock is held until commit, so writers take numbers one after another and commit in
that order; a reader that first reads the committed counter value V sees every row numbered
up to V. That is what lets a pull cursor be a single number that never skips a row.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from pos_loyalty.central.models import counters
from pos_loyalty.sync.protocol import utc_text


def take(connection: Connection, count: int) -> int:
    """Reserve `count` consecutive change numbers; returns the first."""
    if count <= 0:
        return 0
    after = connection.execute(update(counters).where(counters.c.name == "change")
                               .values(value=counters.c.value + count).returning(counters.c.value)).scalar_one()
    from pos_loyalty.central.news import notify
    notify(connection, after)   # PostgreSQL tells every listening server process at commit
    return after - count + 1


def committed(connection: Connection) -> int:
    return connection.execute(select(counters.c.value).where(counters.c.name == "change")).scalar_one()


def text_of(moment: datetime | None) -> str | None:
    return None if moment is None else utc_text(moment)
