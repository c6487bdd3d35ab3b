"""The sale in progress and the till's states (idle -> member -> basket -> paying -> receipt).

Plain data, no Qt: the window shows it; Esc walks `back()` one step and never drops the basket.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # the engine (pydantic) is imported off the GUI thread at start
    from pos_loyalty.engine import BasketLine


class State(str, Enum):
    IDLE = "idle"
    MEMBER = "member"
    BASKET = "basket"
    PAYING = "paying"
    RECEIPT = "receipt"
    TICKETS = "tickets"
    REFUND = "refund"
    ENROL = "enrol"
    LOOKUP = "lookup"


ASIDE = (State.REFUND, State.ENROL, State.LOOKUP, State.TICKETS)  # pages stepped into from the sale


@dataclass
class Sale:
    lines: list["BasketLine"] = field(default_factory=list)
    names_zh: dict[str, str] = field(default_factory=dict)
    member: Any = None             # MemberView
    redeem: Any = 0                # points to use: int or "max"
    preview: Any = None            # backend.Preview for these lines
    state: State = State.IDLE
    aside: Optional[State] = None  # the sale state to return to from refund / enrol / look-up

    @property
    def member_id(self) -> Optional[str]:
        return self.member.summary.member.id if self.member is not None else None

    def sale_state(self) -> State:
        if self.lines:
            return State.BASKET
        return State.MEMBER if self.member is not None else State.IDLE

    def add(self, product: Any, qty: int = 1) -> int:
        """Add a product; the same product scanned again raises the quantity of its line."""
        from pos_loyalty.engine import BasketLine

        from ui.i18n import know_name

        self.names_zh[product.sku] = product.name_zh or product.name
        know_name(product.name, product.name_zh)
        for i, line in enumerate(self.lines):
            if line.sku == product.sku and line.price == product.price:
                self.lines[i] = BasketLine(line.sku, line.name, line.price, line.qty + qty, line.category)
                return i
        self.lines.append(product.line(qty))
        return len(self.lines) - 1

    def change_qty(self, index: int, delta: int) -> None:
        from pos_loyalty.engine import BasketLine

        line = self.lines[index]
        qty = line.qty + delta
        if qty <= 0:
            self.remove(index)
        else:
            self.lines[index] = BasketLine(line.sku, line.name, line.price, qty, line.category)

    def remove(self, index: int) -> None:
        del self.lines[index]

    def back(self) -> State:
        """One step back: receipt/paying -> basket; member without basket -> idle (a basket stays)."""
        if self.state in ASIDE:
            self.state = self.aside or self.sale_state()
            self.aside = None
        elif self.state == State.RECEIPT:
            self.state = self.sale_state()
        elif self.state == State.PAYING:
            self.state = State.BASKET if self.lines else self.sale_state()
        elif self.state == State.BASKET and not self.lines:
            self.state = self.sale_state()
        elif self.state == State.MEMBER and not self.lines:
            self.member = None
            self.redeem = 0
            self.state = State.IDLE
        elif self.state == State.BASKET and self.member is not None:
            pass  # Esc in a basket keeps it; F2 / a new scan changes the member
        return self.state

    def take_up(self, basket: Any, member: Any) -> None:
        """A held basket (pos_loyalty.services.held_baskets.HeldBasket) becomes the sale; its member
        (a MemberView, or None) replaces the one shown only when it has one."""
        self.lines = list(basket.lines)
        self.names_zh.update(basket.names_zh)
        if member is not None:
            self.member = member
            self.redeem = basket.redeem
        self.preview = None
        self.aside = None
        self.state = self.sale_state()

    def clear(self) -> None:
        self.lines.clear()
        self.member = None
        self.redeem = 0
        self.preview = None
        self.state = State.IDLE
