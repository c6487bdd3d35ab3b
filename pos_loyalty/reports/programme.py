"""The manager's reports: each is a table of rows, a chart's series, and one line saying what it shows.

Inputs are plain rows read by db/report_source.py; nothing here knows SQL or Qt. Money in minor units.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

from pos_loyalty.program import Program


@dataclass
class Report:
    """`kind`: the chart to draw (bar, stacked, line, scatter); `series`: name -> [(x label or number, y)]."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    kind: str
    series: dict[str, list[tuple[Any, float]]] = field(default_factory=dict)
    reading: tuple[str, dict[str, Any]] = ("", {})  # a sentence with {fields}, and its fields
    x_label: str = ""
    y_label: str = ""


def _share(part: float, whole: float) -> float:
    return 0.0 if not whole else part / whole


def liability(program: Program, month_points: Sequence[tuple[str, int]], month_stamps: Sequence[tuple[str, int]],
              stamp_value: int) -> Report:
    """Outstanding at each month end: points at their redemption value, open stamps at reward value
    (the reward's value shared over the stamps a card needs)."""
    value = program.points.redeem.value if program.points and program.points.redeem else 0
    required = program.stamp_cards[0].required if program.stamp_cards else 1
    stamps = dict(month_stamps)
    rows, points_series, stamps_series = [], [], []
    for month, points in month_points:
        points_value = points * value
        stamp_money = stamps.get(month, 0) * stamp_value // max(1, required)
        rows.append([month, points, points_value, stamps.get(month, 0), stamp_money, points_value + stamp_money])
        points_series.append((month, points_value))
        stamps_series.append((month, stamp_money))
    last = rows[-1] if rows else [None, 0, 0, 0, 0, 0]
    reading = ("The shop owes members {total} in rewards now: {points} in points and {stamps} in open stamps "
               "({change} % since {since}).", {"total": f"{last[5]:,}", "points": f"{last[2]:,}",
                                                "stamps": f"{last[4]:,}", "change": _change(rows, 5),
                                                "since": rows[0][0] if rows else ""})
    return Report("liability", "Outstanding liability", ["month", "points", "points value", "open stamps",
                                                          "stamps value", "total"], rows, "stacked",
                  {"points": points_series, "stamps": stamps_series}, reading, "month", "owed")


def _change(rows: list[list[Any]], column: int) -> str:
    if len(rows) < 2 or not rows[0][column]:
        return "+0"
    return f"{(rows[-1][column] - rows[0][column]) / rows[0][column] * 100:+.0f}"


def by_rule(discounts: Sequence[tuple[str, int, int]], points_redeemed_value: int, names: dict[str, str]) -> Report:
    """Discounts each rule gave (and points used as tender), largest first."""
    rows = [[names.get(source, source), amount, count] for source, amount, count in discounts]
    if points_redeemed_value:
        rows.append(["points as tender", points_redeemed_value, 0])
    rows.sort(key=lambda row: -row[1])
    total = sum(row[1] for row in rows)
    reading = (("{rule} is the costliest rule: {amount} of {total} ({share} %).",
                {"rule": rows[0][0], "amount": f"{rows[0][1]:,}", "total": f"{total:,}",
                 "share": f"{_share(rows[0][1], total) * 100:.0f}"}) if rows
               else ("No discounts or redemptions yet.", {}))
    return Report("by_rule", "Discounts and redemptions by rule", ["rule", "amount", "receipts"], rows, "bar",
                  {"amount": [(row[0], row[1]) for row in rows]}, reading, "rule", "amount")


def tiers(program: Program, monthly_spend: Sequence[tuple[str, str, int]], months: Sequence[str]) -> Report:
    """Members per tier each month (by the previous month's spend, the demo's basis) and how many
    moved up or down from the month before."""
    levels = sorted(program.tiers.levels, key=lambda l: l.min_spend) if program.tiers else []
    spend: dict[str, dict[str, int]] = defaultdict(dict)
    members: set[str] = set()
    for member, month, amount in monthly_spend:
        spend[month][member] = amount
        members.add(member)

    def level_of(amount: int) -> str:
        name = "none"
        for level in levels:
            if amount >= level.min_spend:
                name = level.name
        return name

    order = {level.name: i for i, level in enumerate(levels)}
    order["none"] = -1
    rows, series = [], {level.name: [] for level in levels}
    previous: dict[str, str] = {}
    for before, month in zip(months, months[1:]):
        now = {member: level_of(spend[before].get(member, 0)) for member in members}
        counts = defaultdict(int)
        for name in now.values():
            counts[name] += 1
        up = sum(1 for m, name in now.items() if m in previous and order[name] > order[previous[m]])
        down = sum(1 for m, name in now.items() if m in previous and order[name] < order[previous[m]])
        rows.append([month] + [counts[level.name] for level in levels] + [up, down])
        for level in levels:
            series[level.name].append((month, counts[level.name]))
        previous = now
    reading = (("This month: {counts}; {up} moved up a tier and {down} down.",
                {"counts": ", ".join(f"{level.name} {rows[-1][i + 1]}" for i, level in enumerate(levels)),
                 "up": rows[-1][-2], "down": rows[-1][-1]}) if rows else ("No spend yet.", {}))
    return Report("tiers", "Tier distribution and movement", ["month"] + [l.name for l in levels] + ["up", "down"],
                  rows, "stacked", series, reading, "month", "members")


def top_share(member_spend: Sequence[int]) -> Report:
    """Share of revenue from the top 20 % of members, with the cumulative curve."""
    ordered = sorted(member_spend, reverse=True)
    total = sum(ordered)
    top = ordered[:max(1, len(ordered) // 5)] if ordered else []
    share = _share(sum(top), total)
    curve, running = [], 0
    for i, amount in enumerate(ordered, start=1):
        running += amount
        if i == len(ordered) or i % max(1, len(ordered) // 50) == 0:
            curve.append((round(i / len(ordered) * 100, 1), round(_share(running, total) * 100, 1)))
    rows = [[f"top {p} %", round(_share(sum(ordered[:max(1, len(ordered) * p // 100)]), total) * 100, 1)]
            for p in (1, 5, 10, 20, 50)] if ordered else []
    reading = (("The top 20 % of members ({n}) bring {share} % of members' revenue.",
                {"n": len(top), "share": f"{share * 100:.0f}"}) if ordered else ("No member sales yet.", {}))
    return Report("top_share", "Revenue from the top 20 % of members", ["members", "share of revenue %"], rows,
                  "line", {"cumulative share": curve}, reading, "% of members", "% of revenue")


def cohorts(first_and_visits: Sequence[tuple[str, str]]) -> Report:
    """Repeat visits by monthly cohort: of the members whose first visit was in month M, the share
    who came back in each later month."""
    first: dict[str, str] = {}
    visits: dict[str, set[str]] = defaultdict(set)
    for member, month in sorted(first_and_visits, key=lambda row: row[1]):
        first.setdefault(member, month)
        visits[member].add(month)
    months = sorted({month for _, month in first_and_visits})
    index = {month: i for i, month in enumerate(months)}
    cohort_members: dict[str, list[str]] = defaultdict(list)
    for member, month in first.items():
        cohort_members[month].append(member)
    rows, series = [], {}
    for month in months:
        people = cohort_members.get(month, [])
        if not people:
            continue
        row = [month, len(people)]
        line = []
        for later in months[index[month] + 1:]:
            back = sum(1 for m in people if later in visits[m])
            offset = index[later] - index[month]
            row.append(round(back / len(people) * 100))
            line.append((offset, back / len(people) * 100))
        rows.append(row)
        series[month] = line
    width = max((len(row) for row in rows), default=2)
    rows = [row + [""] * (width - len(row)) for row in rows]
    after_one = [row[2] for row in rows if len(row) > 2 and row[2] != ""]
    reading = (("On average {share} % of a month's new members come back the month after.",
                {"share": f"{sum(after_one) / len(after_one):.0f}"}) if after_one
               else ("Not enough months to see repeat visits yet.", {}))
    return Report("cohorts", "Repeat visits by monthly cohort", ["first month", "members"]
                  + [f"+{i} month" for i in range(1, width - 1)], rows, "line", series, reading,
                  "months after the first visit", "% back")


def reward_curve(per_member: Sequence[tuple[str, int, int]]) -> Report:
    """Reward received (discounts + points issued at redemption value) against spend, per member,
    and whether the curve is flat (proportional), stepped or S-shaped."""
    points = sorted((spend, reward) for _, spend, reward in per_member if spend > 0)
    rows = [[member, spend, reward, round(_share(reward, spend) * 100, 1)] for member, spend, reward in per_member]
    rows.sort(key=lambda row: -row[1])
    shape = curve_shape([_share(r, s) for s, r in points])
    readings = {"flat": "Rewards grow in proportion to spend (flat): every member gets about the same rate back.",
                "stepped": "Rewards step up with spend (tiers): bigger spenders get a clearly higher rate back.",
                "s-shaped": "S-shaped: the rate back rises through the middle spenders and levels off at the top.",
                "none": "Not enough members with spend yet."}
    return Report("reward_curve", "Reward-cost curve", ["member", "spend", "reward", "rate %"], rows, "scatter",
                  {"members": [(s, r) for s, r in points]}, (readings[shape], {}), "spend", "reward")


def curve_shape(rates: Sequence[float]) -> str:
    """flat / stepped / s-shaped from reward rates ordered by spend (quintile means)."""
    if len(rates) < 10:
        return "none"
    n = len(rates)
    means = [sum(rates[i * n // 5:(i + 1) * n // 5]) / max(1, len(rates[i * n // 5:(i + 1) * n // 5]))
             for i in range(5)]
    spread = max(means) - min(means)
    if spread < 0.2 * max(means[-1], 1e-9):
        return "flat"
    rises = [b - a for a, b in zip(means, means[1:])]
    if rises[0] < rises[1] + rises[2] and rises[-1] < rises[1] + rises[2] and rises[-1] <= max(rises[1:3]) / 2:
        return "s-shaped"
    return "stepped"


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


__all__ = ["Report", "liability", "by_rule", "tiers", "top_share", "cohorts", "reward_curve", "curve_shape",
           "month_of"]
