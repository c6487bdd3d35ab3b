"""Money is an int in the currency's minor unit; these helpers are the only arithmetic on it."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from fractions import Fraction
from typing import Union

Number = Union[int, Decimal, Fraction]

SYMBOLS = {"TWD": "NT$", "EUR": "€", "USD": "$", "JPY": "¥", "GBP": "£"}


def exact(value: Number) -> Fraction:
    """A multiplier or percentage as an exact fraction (never a float)."""
    return value if isinstance(value, Fraction) else _fraction(value)


@lru_cache(maxsize=4096)
def _fraction(value: Number) -> Fraction:
    # A programme holds a handful of factors and percentages, asked for at every checkout; equal
    # numbers (2, Decimal("2")) are equal keys and give the same exact fraction.
    return Fraction(value)


def round_half_up(value: Fraction) -> int:
    """Round a non-negative exact amount to a whole minor unit, halves up."""
    return int((value * 2 + 1) // 2)


@lru_cache(maxsize=4096)
def _percent_ratio(percent: Number) -> tuple[int, int]:
    ratio = exact(percent) / 100
    return ratio.numerator, ratio.denominator


def percent_of(amount: int, percent: Number) -> int:
    """`percent` % of `amount`, rounded half up to a whole minor unit (exact integer arithmetic)."""
    numerator, denominator = _percent_ratio(percent)
    return (2 * amount * numerator + denominator) // (2 * denominator)


def format_money(amount: int, *, code: str = "TWD", exponent: int = 0) -> str:
    """NT$1,240 / €6.50 / -NT$65: the display form, at the edge only."""
    sign = "-" if amount < 0 else ""
    units, minor = divmod(abs(amount), 10**exponent) if exponent else (abs(amount), 0)
    text = f"{units:,}"
    if exponent:
        text += "." + str(minor).rjust(exponent, "0")
    return f"{sign}{SYMBOLS.get(code, code + ' ')}{text}"


def format_number(value: Number) -> str:
    """1.5 -> '1.5', 2 -> '2': multipliers and percentages as people write them."""
    value = exact(value)
    if value.denominator == 1:
        return str(value.numerator)
    return format(Decimal(value.numerator) / Decimal(value.denominator), "f").rstrip("0").rstrip(".")
