"""Strict field types shared by the program file, scenario files and commands.

JSON is read with `parse_float=Decimal`, so a fractional number reaches these validators as a
`Decimal` and an integer field refuses it ("fractional amounts" are refused, never rounded).
"""
from __future__ import annotations

import functools

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, StrictStr

FIRST_YEAR, LAST_YEAR = 1000, 8999
MAX_DAYS = 36500  # 100 years: the longest expiry or rolling window a program may give
# One bound for every number that comes in (program file, basket, command line), so no sum the
# store keeps can leave SQLite's 64-bit integers (it would turn into a float, then crash verify):
MAX_MONEY = 10**12   # minor units: a price, an amount, a spend, a basket's total
MAX_POINTS = 10**9   # points in one input or one movement (an adjustment, an ask, one sale's earning)
MAX_FACTOR = 10**9   # rates, multipliers and weights; also the highest program version

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError("must be a number")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError("must be a finite number")
    return number


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


def parse_instant(value: Any) -> datetime:
    """An ISO 8601 instant that carries its UTC offset (a bare local time is ambiguous)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 time") from None
    else:
        raise ValueError("must be an ISO 8601 time with an offset, e.g. 2026-11-24T10:00:00+08:00")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{value!r} has no UTC offset (write e.g. +08:00)")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        # Periods and expiry reach up to MAX_DAYS either side of an instant; this keeps every
        # such step inside the calendar instead of failing half-way through a checkout.
        raise ValueError(f"{value!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return moment


def _clock(value: Any) -> time:
    if not isinstance(value, str) or not _HHMM.match(value):
        raise ValueError("must be a time of day written HH:MM (00:00 to 23:59)")
    return time.fromisoformat(value)


Number = Annotated[Decimal, BeforeValidator(_number)]
PositiveNumber = Annotated[Number, Field(gt=0, le=MAX_FACTOR)]
Percent = Annotated[Number, Field(gt=0, le=100)]
Amount = Annotated[StrictInt, Field(ge=0, le=MAX_MONEY)]
PositiveInt = Annotated[StrictInt, Field(ge=1, le=MAX_MONEY)]
DayCount = Annotated[StrictInt, Field(ge=1, le=MAX_DAYS)]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_MONEY)]
PointCount = Annotated[StrictInt, Field(ge=0, le=MAX_POINTS)]
PositivePoints = Annotated[StrictInt, Field(ge=1, le=MAX_POINTS)]
Version = Annotated[StrictInt, Field(ge=1, le=MAX_FACTOR)]
Name = Annotated[StrictStr, Field(min_length=1, max_length=200)]
Id = Annotated[StrictStr, Field(min_length=1, max_length=100)]
Day = Annotated[date, BeforeValidator(_date)]
Instant = Annotated[datetime, BeforeValidator(parse_instant)]
ClockTime = Annotated[time, BeforeValidator(_clock)]


# BCP 47 language tags as a shop writes them: language, optional script, optional region, variants.
# `zh-TW` and `zh_TW` are the same tag; keys are kept in the form the terminal looks them up in.
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|\d{3}))?(?:[-_](?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$")


@functools.lru_cache(maxsize=256)  # every explanation looks names up by tag: the answer never changes
def language_tag(tag: str) -> str:
    """`tag` in its one spelling: subtags joined by `_`, language lower, script title, region upper."""
    parts = tag.replace("-", "_").split("_")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) in (2, 3) and (part.isalpha() or part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "_".join(out)


def _names(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("must be an object from a language tag to a name, e.g. {\"zh_TW\": \"...\"}")
    out: dict[str, str] = {}
    for tag, name in value.items():
        if not isinstance(tag, str) or not _TAG.match(tag):
            raise ValueError(f"{tag!r} is not a language tag (write e.g. zh_TW or en)")
        if not isinstance(name, str):
            raise ValueError(f"{tag}: must be text")
        if not name.strip():
            raise ValueError(f"{tag}: the name is empty")
        if len(name) > 200:
            raise ValueError(f"{tag}: longer than 200 characters")
        key = language_tag(tag)
        if key in out:
            raise ValueError(f"{tag}: the language {key} is given twice")
        out[key] = name
    return out


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


def unique_list(item: Any) -> Any:
    """A list type whose items must be distinct."""
    return Annotated[list[item], AfterValidator(_unique)]


Names = Annotated[dict[str, str], BeforeValidator(_names)]
