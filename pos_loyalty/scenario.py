"""The scenario file: a headless check of one checkout (program, member, basket, instant)."""
from __future__ import annotations

import random
from typing import Annotated, Literal, Optional, Union

from pydantic import Field, model_validator

from pos_loyalty.engine import BasketLine, CardState, MemberId, MemberState, PointLot, Receipt, SpendRecord, evaluate
from pos_loyalty.program import Program, Strict
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.types import Amount, Count, Day, Id, Instant, Name, PointCount, PositiveInt, unique_list


class LineIn(Strict):
    """A basket line as written in a file: sku, price and qty required; name defaults to the sku."""

    sku: Id
    name: Optional[Name] = None
    category: Optional[Id] = None
    price: Amount
    qty: PositiveInt

    def to_line(self) -> BasketLine:
        return BasketLine(sku=self.sku, name=self.name or self.sku, category=self.category,
                          price=self.price, qty=self.qty)


Basket = Annotated[list[LineIn], Field(min_length=1, max_length=1000)]


class StampsIn(Strict):
    count: Count
    last_stamp: Optional[Instant] = None


class HistoryIn(Strict):
    at: Instant
    spend: Amount


class PointLotIn(Strict):
    points: PointCount
    earned: Instant


class MemberIn(Strict):
    id: Id
    joined: Optional[Day] = None
    birthday: Optional[Day] = None
    points: Optional[PointCount] = None
    point_lots: Optional[list[PointLotIn]] = None
    stamps: dict[str, Union[Count, StampsIn]] = {}
    history: list[HistoryIn] = []
    uses: dict[str, list[Instant]] = {}

    @model_validator(mode="after")
    def _points_or_lots(self) -> MemberIn:
        if self.points is not None and self.point_lots is not None:
            raise ValueError("give either points or point_lots, not both")
        return self

    def to_state(self) -> MemberState:
        lots = ([PointLot(points=lot.points, earned=lot.earned) for lot in self.point_lots]
                if self.point_lots is not None else [PointLot(points=self.points or 0)])
        stamps = {card: (CardState(count=value) if isinstance(value, int)
                         else CardState(count=value.count, last_stamp=value.last_stamp))
                  for card, value in self.stamps.items()}
        return MemberState(id=MemberId(self.id), joined=self.joined, birthday=self.birthday,
                           point_lots=tuple(lots), stamps=stamps,
                           history=tuple(SpendRecord(at=h.at, spend=h.spend) for h in self.history),
                           uses={promo: tuple(times) for promo, times in self.uses.items()})


class Scenario(Strict):
    program: Program
    member: Optional[MemberIn] = None
    at: Instant
    basket: Basket
    redeem_points: Union[PointCount, Literal["max"]] = 0
    redeem_cards: unique_list(Id) = []
    seed: Optional[int] = None

    @model_validator(mode="after")
    def _refers_to_this_program(self) -> Scenario:
        program = self.program
        if self.member is not None:
            for card in self.member.stamps:
                if program.card(card) is None:
                    raise ValueError(f"member.stamps: {card!r} is not a stamp card of this program")
            for promo in self.member.uses:
                if program.promotion(promo) is None:
                    raise ValueError(f"member.uses: {promo!r} is not a promotion of this program")
        for card in self.redeem_cards:
            if program.card(card) is None:
                raise ValueError(f"redeem_cards: {card!r} is not a stamp card of this program")
        asks_points = self.redeem_points == "max" or self.redeem_points > 0
        if self.member is None and (asks_points or self.redeem_cards):
            raise ValueError("a guest (member null) cannot redeem points or cards")
        if asks_points and (program.points is None or program.points.redeem is None):
            raise ValueError("redeem_points: the program has no points.redeem")
        return self

    def run(self) -> Receipt:
        return evaluate(self.program, self.member.to_state() if self.member else None,
                        [line.to_line() for line in self.basket], at=self.at,
                        rng=random.Random(self.seed if self.seed is not None else 0),
                        redeem_points=self.redeem_points, redeem_cards=self.redeem_cards)


def read_scenario(text: str) -> Scenario:
    return validate(Scenario, parse_json(text, what="scenario"), what="scenario", nullable={"member"})


class BasketFile(Strict):
    basket: Basket


def read_basket(text: str) -> list[LineIn]:
    """A basket file: a JSON list of lines (or {"basket": [...]})."""
    data = parse_json(text, what="basket")
    if isinstance(data, list):
        data = {"basket": data}
    return validate(BasketFile, data, what="basket file").basket
