"""The store's side of held baskets (pos_loyalty.services.held_baskets): rows in `held_baskets`.
Mixed into SqlUnitOfWork, so holding runs in the same kind of transaction as everything else."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import Connection, delete, select

from db.models import Base

HELD_BASKETS = Base.metadata.tables["held_baskets"]
Row = tuple[str, datetime, str, str, dict]


class HeldBasketRows:
    c: Connection  # the unit of work's connection

    def add_held_basket(self, basket_id: str, held_at: datetime, label: str, reason: str, body: dict) -> None:
        self.c.execute(HELD_BASKETS.insert(), {"id": basket_id, "held_at": held_at, "label": label, "reason": reason,
                                               "body": body})

    def held_baskets(self, reason: Optional[str] = None) -> list[Row]:
        query = select(HELD_BASKETS).order_by(HELD_BASKETS.c.held_at, HELD_BASKETS.c.id)
        if reason is not None:
            query = query.where(HELD_BASKETS.c.reason == reason)
        return [_row(r) for r in self.c.execute(query)]

    def take_held_basket(self, basket_id: str) -> Optional[Row]:
        row = self.c.execute(select(HELD_BASKETS).where(HELD_BASKETS.c.id == basket_id)).first()
        if row is None:
            return None
        if self.c.execute(delete(HELD_BASKETS).where(HELD_BASKETS.c.id == basket_id)).rowcount != 1:
            return None  # taken by another till in between
        return _row(row)


def _row(row: Any) -> Row:
    return row.id, row.held_at, row.label, row.reason, row.body
