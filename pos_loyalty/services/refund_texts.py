"""What a refund settled, one line each, in English and Traditional Chinese (the till and the refund slip)."""
from __future__ import annotations

from typing import Any

from pos_loyalty.engine.explain import LANGUAGES

MESSAGES: dict[str, dict[str, str]] = {
    "refund_money": {
        "en": "Money back: {amount}",
        "zh_TW": "退款金額：{amount}",
    },
    "refund_discount_lost": {
        "en": "{discount}: the kept lines alone do not earn it, {amount} kept back",
        "zh_TW": "{discount}：保留的商品單獨購買不符合，扣回 {amount}",
    },
    "refund_points_returned": {
        "en": "{points} points paid with go back to the balance",
        "zh_TW": "支付的 {points} 點退回帳戶",
    },
    "refund_points_lost": {
        "en": "{points} points paid with have expired since: not returned",
        "zh_TW": "支付的 {points} 點已過期：不退回",
    },
    "refund_points_reversed": {
        "en": "{points} points earned taken back: the kept lines earn {kept} alone",
        "zh_TW": "收回 {points} 點：保留的商品單獨購買可得 {kept} 點",
    },
    "refund_points_forgiven": {
        "en": "{points} points earned have expired since: not taken back",
        "zh_TW": "獲得的 {points} 點已過期：不收回",
    },
    "refund_points_short": {
        "en": "{points} points earned were already spent: {amount} kept back",
        "zh_TW": "獲得的 {points} 點已使用：扣回 {amount}",
    },
    "refund_stamps_reversed": {
        "en": "{card}: {stamps} stamps taken back",
        "zh_TW": "{card}：收回 {stamps} 章",
    },
    "refund_stamps_returned": {
        "en": "{card}: {stamps} stamps back, the reward is returned",
        "zh_TW": "{card}：退回 {stamps} 章，獎勵已退回",
    },
    "refund_card_lapsed": {
        "en": "{card} lapsed since the sale: its stamps stay as they are",
        "zh_TW": "{card} 自購買後已到期：章數不變動",
    },
    "refund_draw_kept": {
        "en": "Lucky draw ({promotion}): the kept lines still qualify, {prize} stays (nothing is drawn again)",
        "zh_TW": "幸運抽獎（{promotion}）：保留的商品仍符合，{prize} 保留（不重新抽獎）",
    },
    "refund_draw_lost": {
        "en": "Lucky draw ({promotion}): the kept lines alone do not qualify, {prize} no longer won",
        "zh_TW": "幸運抽獎（{promotion}）：保留的商品單獨購買不符合，{prize} 取消",
    },
    "refund_prize_returned": {
        "en": "Lucky draw ({promotion}): the kept lines alone do not qualify, {item} handed back",
        "zh_TW": "幸運抽獎（{promotion}）：保留的商品單獨購買不符合，{item} 已歸還",
    },
    "refund_prize_kept_back": {
        "en": "Lucky draw ({promotion}): the kept lines alone do not qualify, {item} not handed back: {amount} kept back",
        "zh_TW": "幸運抽獎（{promotion}）：保留的商品單獨購買不符合，{item} 未歸還：扣回 {amount}",
    },
    "refund_use_returned": {
        "en": "{promotion}: given back, it can be used again",
        "zh_TW": "{promotion}：已退回，可再次使用",
    },
}


def say(key: str, **params: Any) -> dict[str, str]:
    """The refund message `key` in every language, with `params` filled in. A rule of the program
    (its `names`) or a message in every language (a discount's explanation) reads per language."""
    return {language: MESSAGES[key][language].format(**{name: _in(value, language) for name, value in params.items()})
            for language in LANGUAGES}


def _in(value: Any, language: str) -> Any:
    name_in = getattr(value, "name_in", None)  # a rule of the program, or the engine's Phrase
    if name_in is not None:
        return name_in(language)
    if isinstance(value, dict):
        return value.get(language) or value["en"]
    return value
