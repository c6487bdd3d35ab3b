"""Amounts are formatted here only, at the screen's edge, with the shop's currency."""
from __future__ import annotations

from pos_loyalty.money import format_money

_currency = {"code": "TWD", "exponent": 0}


def set_currency(code: str, exponent: int) -> None:
    _currency.update(code=code, exponent=exponent)


def money(amount: int) -> str:
    return format_money(amount, code=_currency["code"], exponent=_currency["exponent"])


def currency() -> tuple[str, int]:
    return _currency["code"], _currency["exponent"]
