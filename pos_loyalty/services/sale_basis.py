"""What a sale was evaluated with, kept on its receipt so a refund can re-evaluate the lines kept.

The engine is pure: the same program version, member state, basket, instant and draw outcomes give
the same receipt. A checkout therefore stores the member state it read (before the sale) and what
was asked (points, cards); the program version and instant are on the receipt already.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from pos_loyalty.engine.member import CardState, MemberId, MemberState, PointLot, SpendRecord
from pos_loyalty.engine.points import RedeemAsk

KEY = "refund_basis"


def sale_basis(state: Optional[MemberState], redeem_points: RedeemAsk, redeem_cards: list[str]) -> dict[str, Any]:
    """The JSON kept under the receipt's `refund_basis` key."""
    return {"member_state": None if state is None else _state_json(state),
            "redeem_points": redeem_points, "redeem_cards": list(redeem_cards)}


def member_state_of(basis: dict[str, Any]) -> Optional[MemberState]:
    """The member state a sale was evaluated with (None: a guest)."""
    data = basis.get("member_state")
    if data is None:
        return None
    return MemberState(
        id=MemberId(data["id"]), joined=_day(data.get("joined")), birthday=_day(data.get("birthday")),
        point_lots=tuple(PointLot(points=lot["points"], earned=_instant(lot.get("earned")), id=lot.get("id"))
                         for lot in data["point_lots"]),
        stamps={card: CardState(count=s["count"], last_stamp=_instant(s.get("last_stamp")))
                for card, s in data["stamps"].items()},
        history=tuple(SpendRecord(at=datetime.fromisoformat(at), spend=spend) for at, spend in data["history"]),
        uses={promotion: tuple(datetime.fromisoformat(t) for t in times) for promotion, times in data["uses"].items()})


def _state_json(state: MemberState) -> dict[str, Any]:
    return {
        "id": state.id, "joined": _text(state.joined), "birthday": _text(state.birthday),
        "point_lots": [{"points": lot.points, "earned": _text(lot.earned), "id": lot.id} for lot in state.point_lots],
        "stamps": {card: {"count": s.count, "last_stamp": _text(s.last_stamp)} for card, s in state.stamps.items()},
        "history": [[record.at.isoformat(), record.spend] for record in state.history],
        "uses": {promotion: [t.isoformat() for t in times] for promotion, times in state.uses.items()},
    }


def _text(value: Optional[date]) -> Optional[str]:
    return None if value is None else value.isoformat()


def _day(text: Optional[str]) -> Optional[date]:
    return None if text is None else date.fromisoformat(text)


def _instant(text: Optional[str]) -> Optional[datetime]:
    return None if text is None else datetime.fromisoformat(text)
