"""Held baskets: a sale set aside at the till and taken up again (open tickets, as Square and
Loyverse call them), and the sale left open when the till was closed.

A held basket is not a sale: it writes no ledger entry, moves no point and no stock. Holding one
stores its lines, the member it was for and the points asked for; recalling it removes it (so two
cashiers cannot both take it up) and hands it back to be paid like any basket. The member comes
back identified only: whoever holds the phone or card at recall time must show it again to spend.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional, Protocol, Sequence

from pos_loyalty.engine import BasketLine
from pos_loyalty.errors import InvalidInput, NotFound
from pos_loyalty.ids import uuid7
from pos_loyalty.services.ports import Clock

HELD = "held"        # the cashier set it aside (F5)
CLOSED = "closed"    # the till was closed in the middle of it
MAX_HELD = 200       # a counter with more open tickets than this has forgotten them


@dataclass(frozen=True)
class HeldBasket:
    lines: Sequence[BasketLine]
    label: str = ""
    member_id: Optional[str] = None
    redeem: Any = 0                                   # points asked for: an int or "max"
    names_zh: dict[str, str] = field(default_factory=dict)
    reason: str = HELD
    id: str = ""
    held_at: Optional[datetime] = None

    @property
    def items(self) -> int:
        return sum(line.qty for line in self.lines)

    @property
    def gross(self) -> int:
        return sum(line.price * line.qty for line in self.lines)


class HeldBasketStore(Protocol):
    """What holding needs of a unit of work (db.store.SqlUnitOfWork implements it)."""

    def __enter__(self) -> "HeldBasketStore": ...
    def __exit__(self, *exc: Any) -> None: ...
    def commit(self) -> None: ...
    def add_held_basket(self, basket_id: str, held_at: datetime, label: str, reason: str, body: dict) -> None: ...
    def held_baskets(self, reason: Optional[str] = None) -> list[tuple[str, datetime, str, str, dict]]: ...
    def take_held_basket(self, basket_id: str) -> Optional[tuple[str, datetime, str, str, dict]]: ...
    def audit(self, action: str, detail: dict, at: datetime, actor: str = "till") -> None: ...


def hold(basket: HeldBasket, *, uow: HeldBasketStore, clock: Clock, ids: Optional[random.Random] = None) -> HeldBasket:
    """Set a basket aside; returns it with its id and time."""
    if not basket.lines:
        raise InvalidInput("basket: nothing to hold")
    if basket.reason not in (HELD, CLOSED):
        raise InvalidInput(f"reason: {basket.reason!r} is not held or closed")
    at = clock()
    basket_id = uuid7(at, ids or random.SystemRandom())
    label = (basket.label or "").strip()[:200]
    with uow:
        if basket.reason == HELD and len(uow.held_baskets(HELD)) >= MAX_HELD:
            raise InvalidInput(f"held baskets: at most {MAX_HELD}; recall or clear some first")
        uow.add_held_basket(basket_id, at, label, basket.reason, _body(basket))
        uow.audit("basket_held", {"id": basket_id, "reason": basket.reason, "lines": len(basket.lines),
                                  "member": basket.member_id}, at)
        uow.commit()
    return HeldBasket(lines=list(basket.lines), label=label, member_id=basket.member_id, redeem=basket.redeem,
                      names_zh=dict(basket.names_zh), reason=basket.reason, id=basket_id, held_at=at)


def held(*, uow: HeldBasketStore, reason: Optional[str] = None) -> list[HeldBasket]:
    """The baskets set aside, oldest first."""
    with uow:
        return [_basket(row) for row in uow.held_baskets(reason)]


def recall(basket_id: str, *, uow: HeldBasketStore, clock: Clock) -> HeldBasket:
    """Take a held basket up again: it leaves the list in the same transaction."""
    with uow:
        row = uow.take_held_basket(basket_id)
        if row is None:
            raise NotFound("That basket was already recalled (or never held here).")
        basket = _basket(row)
        uow.audit("basket_recalled", {"id": basket_id, "reason": basket.reason, "member": basket.member_id}, clock())
        uow.commit()
    return basket


def recall_left_open(*, uow: HeldBasketStore, clock: Clock) -> Optional[HeldBasket]:
    """The sale left open when the till last closed (the newest), taken up; None if there is none."""
    waiting = held(uow=uow, reason=CLOSED)
    return recall(waiting[-1].id, uow=uow, clock=clock) if waiting else None


def _body(basket: HeldBasket) -> dict:
    redeem = basket.redeem if basket.redeem == "max" else int(basket.redeem or 0)
    return {"member": basket.member_id, "redeem": redeem, "names_zh": dict(basket.names_zh),
            "lines": [{"sku": l.sku, "name": l.name, "price": l.price, "qty": l.qty, "category": l.category}
                      for l in basket.lines]}


def _basket(row: tuple[str, datetime, str, str, dict]) -> HeldBasket:
    basket_id, at, label, reason, body = row
    lines = [BasketLine(sku=l["sku"], name=l["name"], price=int(l["price"]), qty=int(l["qty"]), category=l["category"])
             for l in body.get("lines", [])]
    return HeldBasket(lines=lines, label=label, member_id=body.get("member"), redeem=body.get("redeem", 0),
                      names_zh=dict(body.get("names_zh", {})), reason=reason, id=basket_id, held_at=at)
