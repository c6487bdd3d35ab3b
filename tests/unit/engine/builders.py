"""Small builders so engine tests read as the shop would say them.

Programs are built from plain dicts through the same JSON reader as program files, so a
test's program is exactly what a manager could write (floats become exact decimals).
"""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta, timezone
from typing import Any, Optional, Sequence

from pos_loyalty.engine import BasketLine, CardState, MemberId, MemberState, PointLot, Receipt, SpendRecord, evaluate
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.scenario import Scenario, read_scenario

TAIPEI = timezone(timedelta(hours=8))
BASE: dict[str, Any] = {"version": 1, "currency": {"code": "TWD", "exponent": 0}, "timezone": "Asia/Taipei"}


def when(text: str = "2026-11-24T10:00") -> datetime:
    """A Taipei wall-clock instant: `when("2026-11-24T10:00")` (24 Nov 2026 is a Tuesday)."""
    return datetime.fromisoformat(text).replace(tzinfo=TAIPEI)


AT = when()


def program_doc(**sections: Any) -> dict[str, Any]:
    return {**BASE, **sections}


def make_program(**sections: Any) -> Program:
    """A program from its sections, read like a program file."""
    return read_program(program_doc(**sections))


def read_program(doc: dict[str, Any]) -> Program:
    return validate(Program, parse_json(json.dumps(doc), what="program"), what="program")


def points(spend: int = 100, earn: int = 1, **rest: Any) -> dict[str, Any]:
    return {"earn": {"spend": spend, "points": earn}, **rest}


def redeem(value: int = 1, **rest: Any) -> dict[str, Any]:
    return {"value": value, **rest}


def promo(id: str, effect: dict[str, Any], *, name: Optional[str] = None, **rest: Any) -> dict[str, Any]:
    return {"id": id, "name": name or id, "effect": effect, **rest}


def open_promo(id: str, effect: dict[str, Any], **rest: Any) -> dict[str, Any]:
    """A promotion guests get too."""
    return promo(id, effect, members_only=False, **rest)


def match(*categories: str, skus: Sequence[str] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if categories:
        out["categories"] = list(categories)
    if skus:
        out["skus"] = list(skus)
    return out


def percent_off(percent: Any, scope: str = "order", match: Optional[dict] = None) -> dict[str, Any]:
    out = {"type": "percent_off", "percent": percent, "scope": scope}
    if match is not None:
        out["match"] = match
    return out


def amount_off(amount: int) -> dict[str, Any]:
    return {"type": "amount_off", "amount": amount}


def nth_item(n: int, percent: Any, match: Optional[dict] = None) -> dict[str, Any]:
    return {"type": "nth_item", "n": n, "percent": percent, **({"match": match} if match is not None else {})}


def buy_x_get_y(buy: int, get: int, match: Optional[dict] = None) -> dict[str, Any]:
    return {"type": "buy_x_get_y", "buy": buy, "get": get, **({"match": match} if match is not None else {})}


def multiplier(factor: Any) -> dict[str, Any]:
    return {"type": "points_multiplier", "factor": factor}


def bonus(points: int) -> dict[str, Any]:
    return {"type": "bonus_points", "points": points}


def lucky_draw(*prizes: dict[str, Any]) -> dict[str, Any]:
    return {"type": "lucky_draw", "prizes": list(prizes)}


def card(id: str = "coffee", *, required: int = 10, per: str = "item", earn_match: Optional[dict] = None,
         reward: Optional[dict] = None, **rest: Any) -> dict[str, Any]:
    earn: dict[str, Any] = {"per": per, "match": earn_match if earn_match is not None else match("coffee")}
    if "min_spend" in rest:
        earn["min_spend"] = rest.pop("min_spend")
    return {"id": id, "name": rest.pop("name", f"{id.capitalize()} card"), "earn": earn, "required": required,
            "reward": reward or {"type": "free_item", "match": match("coffee")}, **rest}


def tiers(basis: str = "previous_month", *levels: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"basis": basis, "levels": list(levels) or [
        {"name": "bronze", "min_spend": 0},
        {"name": "silver", "min_spend": 2000, "earn_multiplier": 1.5},
        {"name": "gold", "min_spend": 6000, "earn_multiplier": 2, "percent_off": 2},
    ], **rest}


def line(sku: str, price: int, qty: int = 1, category: Optional[str] = None, name: Optional[str] = None) -> BasketLine:
    return BasketLine(sku=sku, name=name or sku.capitalize(), price=price, qty=qty, category=category)


def coffee(price: int = 65, qty: int = 1, sku: str = "LATTE") -> BasketLine:
    return line(sku, price, qty, "coffee")


def member(*, points: int = 0, lots: Optional[Sequence[tuple[int, Optional[datetime]]]] = None,
           stamps: Optional[dict[str, Any]] = None, history: Sequence[tuple[datetime, int]] = (),
           uses: Optional[dict[str, Sequence[datetime]]] = None, birthday: Optional[date] = None,
           joined: Optional[date] = None) -> MemberState:
    """A member; `stamps` values are a count or (count, last_stamp)."""
    point_lots = (tuple(PointLot(points=p, earned=t) for p, t in lots) if lots is not None
                  else (PointLot(points=points),))
    cards = {cid: CardState(count=v) if isinstance(v, int) else CardState(count=v[0], last_stamp=v[1])
             for cid, v in (stamps or {}).items()}
    return MemberState(id=MemberId("M1"), joined=joined, birthday=birthday, point_lots=point_lots, stamps=cards,
                       history=tuple(SpendRecord(at=t, spend=s) for t, s in history),
                       uses={k: tuple(v) for k, v in (uses or {}).items()})


def checkout(program: Program, basket: Sequence[BasketLine], *, member: Optional[MemberState] = None,
             at: datetime = AT, seed: int = 0, redeem_points: Any = 0, redeem_cards: Sequence[str] = ()) -> Receipt:
    return evaluate(program, member, list(basket), at=at, rng=random.Random(seed),
                    redeem_points=redeem_points, redeem_cards=redeem_cards)


def sources(receipt: Receipt) -> dict[str, int]:
    """Discount amount by source, e.g. {"promotion:x": 12}."""
    out: dict[str, int] = {}
    for adjustment in receipt.adjustments:
        out[adjustment.source] = out.get(adjustment.source, 0) + adjustment.amount
    return out


def notes(receipt: Receipt) -> list[str]:
    return [note["en"] for note in receipt.notes]


def scenario_doc(*, program: Optional[dict] = None, member: Any = None, at: str = "2026-11-24T10:00:00+08:00",
                 basket: Optional[list] = None, **rest: Any) -> dict[str, Any]:
    return {"program": program or dict(BASE), "member": member, "at": at,
            "basket": basket if basket is not None else [{"sku": "A", "price": 100, "qty": 1}], **rest}


def read(doc: Any) -> Scenario:
    return read_scenario(doc if isinstance(doc, str) else json.dumps(doc))
