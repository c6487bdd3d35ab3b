"""One-line explanations a cashier can read aloud, in English and Traditional Chinese (zh_TW).

The engine produces both; the receipt's `explain` is English and `explain_i18n` holds all.
Names of cards, promotions, tiers and prizes are the manager's own words: an explanation in a
language uses the program's `names` for it where given, else `name` (pass the rule itself, or a
Phrase, as the parameter and explain() picks the name per language).
"""
from __future__ import annotations

from typing import Any, Callable, Protocol, runtime_checkable

LANGUAGES = ("en", "zh_TW")

MESSAGES: dict[str, dict[str, str]] = {
    "card_free_item": {
        "en": "{card} full: 1 free {item}",
        "zh_TW": "{card} 集滿：免費兌換 1 份 {item}",
    },
    "card_amount_off": {
        "en": "{card} full: {amount} off",
        "zh_TW": "{card} 集滿：折抵 {amount}",
    },
    "card_percent_off": {
        "en": "{card} full: {percent}% off the order",
        "zh_TW": "{card} 集滿：整筆 {percent}% 折扣",
    },
    "promotion_items": {
        "en": "{promotion}: {amount} off {items}",
        "zh_TW": "{promotion}：{items} 折 {amount}",
    },
    "promotion_order": {
        "en": "{promotion}: {amount} off the order",
        "zh_TW": "{promotion}：整筆折 {amount}",
    },
    "tier_percent_off": {
        "en": "{tier} member: {percent}% off",
        "zh_TW": "{tier} 會員：{percent}% 折扣",
    },
    "draw_percent_off": {
        "en": "Lucky draw ({promotion}): {prize}, {percent}% off",
        "zh_TW": "幸運抽獎（{promotion}）：{prize}，{percent}% 折扣",
    },
    "draw_item": {
        "en": "Lucky draw ({promotion}): {prize}, take 1 {item}",
        "zh_TW": "幸運抽獎（{promotion}）：{prize}，贈送 1 份 {item}",
    },
    "draw_thanks": {
        "en": "Lucky draw ({promotion}): {prize}",
        "zh_TW": "幸運抽獎（{promotion}）：{prize}",
    },
    "draw_pending": {
        "en": "Lucky draw ({promotion}) at payment",
        "zh_TW": "結帳時幸運抽獎（{promotion}）",
    },
    "points_used": {
        "en": "{points} points pay {amount}",
        "zh_TW": "使用 {points} 點折抵 {amount}",
    },
    "points_earned": {
        "en": "+{points} points on {spend} eligible spend{details}",
        "zh_TW": "符合消費 {spend}，獲得 {points} 點{details}",
    },
    "points_multiplier": {
        "en": "{promotion}: points x{factor}",
        "zh_TW": "{promotion}：點數 {factor} 倍",
    },
    "tier_multiplier": {
        "en": "{tier} member: points x{factor}",
        "zh_TW": "{tier} 會員：點數 {factor} 倍",
    },
    "bonus_points": {
        "en": "{promotion}: +{points} bonus points",
        "zh_TW": "{promotion}：加贈 {points} 點",
    },
    "stamps_earned": {
        "en": "{card} +{stamps}: {count}/{required} stamps",
        "zh_TW": "{card} 加 {stamps} 章：{count}/{required} 章",
    },
    "card_opened": {
        "en": "New {card}: starts at {starter}/{required}, on the house",
        "zh_TW": "開啟 {card}：贈送 {starter} 章（{starter}/{required}）",
    },
    "card_now_full": {
        "en": "{card} is full: the reward comes at the next visit",
        "zh_TW": "{card} 已集滿：下次消費可兌換",
    },
    # Notes: why something the customer or cashier asked for did not happen.
    "note_points_below_min": {
        "en": "No points used: {usable} usable is under the minimum of {min_points} points",
        "zh_TW": "未使用點數：可用 {usable} 點，低於最低 {min_points} 點",
    },
    "note_points_capped": {
        "en": "{used} of {asked} points used: points pay at most {percent}% of the amount",
        "zh_TW": "使用 {used} 點（要求 {asked} 點）：點數最多折抵 {percent}% 金額",
    },
    "note_points_short": {
        "en": "{used} of {asked} points used: the balance is {balance}",
        "zh_TW": "使用 {used} 點（要求 {asked} 點）：餘額只有 {balance} 點",
    },
    "note_card_not_full": {
        "en": "{card} not redeemed: {count} of {required} stamps",
        "zh_TW": "{card} 未兌換：目前 {count}/{required} 章",
    },
    "note_card_gives_nothing": {
        "en": "{card} not redeemed: nothing in the basket to take the reward from; stamps kept",
        "zh_TW": "{card} 未兌換：本筆沒有可兌換的商品，章數保留",
    },
    "note_stamps_expired": {
        "en": "{card} lapsed on {date}: {stamps} stamps gone",
        "zh_TW": "{card}：{stamps} 章已於 {date} 到期",
    },
    "note_points_expired": {
        "en": "{points} points expired",
        "zh_TW": "{points} 點已到期",
    },
}


@runtime_checkable
class Localized(Protocol):
    """A parameter that reads differently per language (a rule with `names`, or a Phrase)."""

    def name_in(self, language: str) -> str: ...


class Phrase:
    """Text built per language, e.g. the list of multipliers inside a points explanation."""

    def __init__(self, build: Callable[[str], str]) -> None:
        self._build = build

    def name_in(self, language: str) -> str:
        return self._build(language)


def explain(key: str, **params: Any) -> dict[str, str]:
    """The message `key` in every language, with `params` filled in (Localized ones per language)."""
    templates = MESSAGES[key]
    return {language: templates[language].format(**{name: _in(value, language) for name, value in params.items()})
            for language in LANGUAGES}


def _in(value: Any, language: str) -> Any:
    # Duck-typed, not isinstance(value, Localized): a runtime Protocol check walks the protocol's
    # attributes on every call and was a third of a backtest's time.
    name_in = getattr(value, "name_in", None)
    return name_in(language) if name_in is not None else value
