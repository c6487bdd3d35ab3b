"""The program file (shared/spec/rules.md): strict pydantic models, the source of truth in code.

Everything a manager can write is here; anything else is refused with an error that names the
offending field, so a typo can never silently switch a rule off.
"""
from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal, Optional, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator, model_validator

from pos_loyalty.types import (
    Amount, ClockTime, Count, Day, DayCount, Id, Name, Names, Number, Percent, PointCount, PositiveInt, PositiveNumber,
    PositivePoints, Version, language_tag, unique_list,
)


class Strict(BaseModel):
    """Unknown keys refused, values never coerced, models immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Named(Strict):
    """Something with a name people read, and that name in the shop's other languages (`names`).

    `names` changes no figure: only explanations and screens read it, through name_in().
    """

    names: Names = {}

    def name_in(self, language: str) -> str:
        """The name in `language` (`zh-TW` or `zh_TW`) where the program gives it, else `name`."""
        return self.names.get(language_tag(language), self.name)  # type: ignore[attr-defined]

    def __hash__(self) -> int:  # frozen models hash their fields; a dict does not hash
        return hash((type(self), self.name))  # type: ignore[attr-defined]


class Currency(Strict):
    code: Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]
    exponent: Annotated[int, Field(ge=0, le=4)]


class Match(Strict):
    """Which basket lines a rule looks at: a line matches by sku or by category; empty = all."""

    skus: unique_list(Id) = []
    categories: unique_list(Id) = []

    @cached_property
    def verdicts(self) -> dict[tuple[str, Optional[str]], bool]:
        """Memo of matches() per (sku, category), filled by the engine as baskets come."""
        return {}

    @cached_property
    def _sets(self) -> tuple[frozenset[str], frozenset[str], bool]:
        return frozenset(self.skus), frozenset(self.categories), not self.skus and not self.categories

    def matches(self, sku: str, category: Optional[str]) -> bool:
        skus, categories, everything = self._sets
        return everything or sku in skus or (category is not None and category in categories)


EVERYTHING = Match()


class PointsEarn(Strict):
    spend: PositiveInt
    points: PositivePoints


class PointsRedeem(Strict):
    value: PositiveInt
    min_points: PointCount = 0
    max_percent: Percent = 100


class Points(Strict):
    earn: PointsEarn
    exclude_categories: unique_list(Id) = []
    redeem: Optional[PointsRedeem] = None
    expire_days: Optional[DayCount] = None


class TierLevel(Named):
    name: Id
    min_spend: Amount
    earn_multiplier: PositiveNumber = 1
    percent_off: Optional[Percent] = None


class Tiers(Strict):
    basis: Literal["previous_month", "current_month", "rolling_days", "rolling_12_months"]
    days: Optional[DayCount] = None
    levels: Annotated[list[TierLevel], Field(min_length=1)]

    @model_validator(mode="after")
    def _days_only_for_rolling_days(self) -> Tiers:
        if self.basis == "rolling_days" and self.days is None:
            raise ValueError("days: required when basis is rolling_days")
        if self.basis != "rolling_days" and self.days is not None:
            raise ValueError(f"days: only allowed with basis rolling_days, not {self.basis}")
        _unique_names([level.name for level in self.levels], "levels", "tier name")
        spends = [level.min_spend for level in self.levels]
        if len(set(spends)) != len(spends):
            raise ValueError("levels: two tiers have the same min_spend")
        return self

    def ranked(self) -> list[TierLevel]:
        return sorted(self.levels, key=lambda level: level.min_spend)


class StampEarn(Strict):
    per: Literal["item", "visit"]
    match: Match = EVERYTHING
    min_spend: Optional[Amount] = None

    @model_validator(mode="after")
    def _min_spend_only_per_visit(self) -> StampEarn:
        if self.min_spend is not None and self.per != "visit":
            raise ValueError("min_spend: only allowed when per is visit")
        return self


class FreeItemReward(Strict):
    type: Literal["free_item"]
    match: Match = EVERYTHING


class AmountOffReward(Strict):
    type: Literal["amount_off"]
    amount: PositiveInt


class PercentOffReward(Strict):
    type: Literal["percent_off"]
    percent: Percent


StampReward = Annotated[Union[FreeItemReward, AmountOffReward, PercentOffReward], Field(discriminator="type")]


class StampCard(Named):
    id: Id
    name: Name
    earn: StampEarn
    required: PositiveInt
    starter_stamps: Count = 0
    reward: StampReward
    redeem: Literal["auto", "manual"] = "auto"
    expire_days: Optional[DayCount] = None

    @model_validator(mode="after")
    def _starter_below_required(self) -> StampCard:
        if self.starter_stamps >= self.required:
            raise ValueError("starter_stamps: must be fewer than required (a card is never opened full)")
        return self


class PercentOffEffect(Strict):
    type: Literal["percent_off"]
    percent: Percent
    scope: Literal["order", "items", "cheapest"]
    match: Optional[Match] = None

    @model_validator(mode="after")
    def _no_match_on_order(self) -> PercentOffEffect:
        if self.scope == "order" and self.match is not None:
            raise ValueError("match: not allowed on an order-scope discount")
        return self


class AmountOffEffect(Strict):
    type: Literal["amount_off"]
    amount: PositiveInt
    scope: Literal["order"] = "order"


class NthItemEffect(Strict):
    type: Literal["nth_item"]
    n: PositiveInt
    percent: Percent
    match: Match = EVERYTHING


class BuyXGetYEffect(Strict):
    type: Literal["buy_x_get_y"]
    buy: PositiveInt
    get: PositiveInt
    match: Match = EVERYTHING


class PointsMultiplierEffect(Strict):
    type: Literal["points_multiplier"]
    factor: PositiveNumber


class BonusPointsEffect(Strict):
    type: Literal["bonus_points"]
    points: PositivePoints


class PrizeItem(Named):
    sku: Id
    name: Name
    cost: Amount


class Prize(Named):
    name: Name
    weight: PositiveNumber
    percent_off: Optional[Percent] = None
    item: Optional[PrizeItem] = None

    @model_validator(mode="after")
    def _one_kind_of_prize(self) -> Prize:
        if self.percent_off is not None and self.item is not None:
            raise ValueError("a prize is either percent_off or an item, not both")
        return self


class LuckyDrawEffect(Strict):
    type: Literal["lucky_draw"]
    prizes: Annotated[list[Prize], Field(min_length=1)]


Effect = Annotated[
    Union[PercentOffEffect, AmountOffEffect, NthItemEffect, BuyXGetYEffect,
          PointsMultiplierEffect, BonusPointsEffect, LuckyDrawEffect],
    Field(discriminator="type"),
]
PRICE_EFFECTS = ("percent_off", "amount_off", "nth_item", "buy_x_get_y")
POINTS_EFFECTS = ("points_multiplier", "bonus_points")


class TimeOfDay(Strict):
    from_: ClockTime = Field(alias="from")
    until: ClockTime

    # The file's key is "from" only: populating by the Python name would let "from_" in too.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)

    @model_validator(mode="after")
    def _not_empty(self) -> TimeOfDay:
        if self.from_ == self.until:
            raise ValueError("time_of_day: from and until are the same time")
        return self


class BirthdayWindow(Strict):
    window_days: Optional[Count] = None
    month: Optional[Literal[True]] = None

    @model_validator(mode="after")
    def _exactly_one(self) -> BirthdayWindow:
        if (self.window_days is None) == (self.month is None):
            raise ValueError("birthday: give either window_days or month: true")
        return self


class MaxUses(Strict):
    count: PositiveInt
    per: Literal["day", "month", "year", "ever"]


class Conditions(Strict):
    weekdays: Optional[unique_list(Annotated[int, Field(ge=1, le=7)])] = None
    days_of_month: Optional[unique_list(Annotated[int, Field(ge=1, le=31)])] = None
    months: Optional[unique_list(Annotated[int, Field(ge=1, le=12)])] = None
    dates: Optional[unique_list(Day)] = None
    time_of_day: Optional[TimeOfDay] = None
    valid_from: Optional[Day] = None
    valid_until: Optional[Day] = None
    min_spend: Optional[Amount] = None
    min_qty: Optional[PositiveInt] = None
    match: Optional[Match] = None
    tiers: Optional[unique_list(Id)] = None
    birthday: Optional[BirthdayWindow] = None
    tenure_years: Optional[PositiveInt] = None
    max_uses: Optional[MaxUses] = None

    @model_validator(mode="after")
    def _consistent(self) -> Conditions:
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValueError("valid_from: is after valid_until")
        if self.match is not None and self.min_qty is None:
            raise ValueError("match: only used by min_qty; give min_qty too")
        return self


class Promotion(Named):
    id: Id
    name: Name
    effect: Effect
    conditions: Conditions = Conditions()
    members_only: StrictBool = True
    exclusive_group: Optional[Id] = None
    priority: int = 100

    @property
    def is_item_effect(self) -> bool:
        effect = self.effect
        return effect.type in ("nth_item", "buy_x_get_y") or (
            effect.type == "percent_off" and effect.scope != "order")

    @property
    def is_order_effect(self) -> bool:
        return self.effect.type == "amount_off" or (
            self.effect.type == "percent_off" and self.effect.scope == "order")

    @property
    def is_points_effect(self) -> bool:
        return self.effect.type in POINTS_EFFECTS


class Program(Strict):
    """A whole loyalty programme as a manager publishes it."""

    version: Version
    currency: Currency
    timezone: StrictStr
    points: Optional[Points] = None
    tiers: Optional[Tiers] = None
    stamp_cards: list[StampCard] = []
    promotions: list[Promotion] = []

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known IANA time zone (e.g. Asia/Taipei)") from None
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> Program:
        _unique_names([card.id for card in self.stamp_cards], "stamp_cards", "card id")
        _unique_names([promo.id for promo in self.promotions], "promotions", "promotion id")
        tier_names = {level.name for level in self.tiers.levels} if self.tiers else set()
        groups: dict[str, set[str]] = {}
        for index, promo in enumerate(self.promotions):
            where = f"promotions.{index}"
            for name in promo.conditions.tiers or []:
                if name not in tier_names:
                    raise ValueError(f"{where}.conditions.tiers: {name!r} is not a tier of this program")
            if promo.exclusive_group is None:
                continue
            if promo.effect.type == "lucky_draw":
                raise ValueError(f"{where}.exclusive_group: a lucky draw cannot be in an exclusive group")
            kind = "points" if promo.is_points_effect else "price"
            groups.setdefault(promo.exclusive_group, set()).add(kind)
            if len(groups[promo.exclusive_group]) > 1:
                raise ValueError(f"{where}.exclusive_group: group {promo.exclusive_group!r} mixes price "
                                 "and points effects")
        return self

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def by_day(self) -> dict:
        """Memo of the engine's per-day answers (local date -> the promotions whose calendar allows
        it), filled as checkouts come: a program is immutable, so each day is worked out once."""
        return {}

    def card(self, card_id: str) -> Optional[StampCard]:
        return next((card for card in self.stamp_cards if card.id == card_id), None)

    def promotion(self, promotion_id: str) -> Optional[Promotion]:
        return next((promo for promo in self.promotions if promo.id == promotion_id), None)


def _unique_names(names: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{where}: duplicate {what} {name!r}")
        seen.add(name)


__all__ = [
    "Program", "Promotion", "StampCard", "Tiers", "TierLevel", "Points", "Match", "Conditions",
    "Prize", "Named", "PRICE_EFFECTS", "POINTS_EFFECTS", "Number",
]
