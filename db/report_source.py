"""The rows the manager's reports are made of, read with a few aggregate queries on the store."""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from db.backtest_source import active_version, connect, programs
from pos_loyalty.program import Program
from pos_loyalty.reports import programme
from pos_loyalty.reports.figures import rule_name

REPORTS = ("liability", "by_rule", "tiers", "top_share", "cohorts", "reward_curve")


def _month(text: str, zone: ZoneInfo) -> str:
    moment = datetime.fromisoformat(text).astimezone(zone)
    return f"{moment.year:04d}-{moment.month:02d}"


def build_report(path: str | Path, key: str, *, now: datetime, months: int = 6, language: str = "en") -> programme.Report:
    connection = connect(path)
    try:
        program = programs(connection)[active_version(connection)]
        return _BUILDERS[key](connection, program, now, months, language)
    finally:
        connection.close()


def _month_list(now: datetime, zone: ZoneInfo, months: int) -> list[str]:
    local = now.astimezone(zone)
    year, month = local.year, local.month
    out = []
    for _ in range(months + 1):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _liability(c: sqlite3.Connection, program: Program, now: datetime, months: int, _: str) -> programme.Report:
    zone = program.zone
    per_month_points: dict[str, int] = defaultdict(int)
    per_month_stamps: dict[str, int] = defaultdict(int)
    for at, points, stamps in c.execute("SELECT at, points, stamps FROM ledger WHERE points != 0 OR stamps != 0"):
        month = _month(at, zone)
        per_month_points[month] += points
        per_month_stamps[month] += stamps
    wanted = _month_list(now, zone, months)[1:]
    running_p = sum(v for m, v in per_month_points.items() if m < wanted[0])
    running_s = sum(v for m, v in per_month_stamps.items() if m < wanted[0])
    points_rows, stamps_rows = [], []
    for month in wanted:
        running_p += per_month_points.get(month, 0)
        running_s += per_month_stamps.get(month, 0)
        points_rows.append((month, running_p))
        stamps_rows.append((month, running_s))
    value = 0
    if program.stamp_cards:
        reward = program.stamp_cards[0].reward
        if reward.type == "free_item":
            cats = list(reward.match.categories) if reward.match else []
            skus = list(reward.match.skus) if reward.match else []
            query = "SELECT avg(price) FROM receipt_lines"
            clauses, params = [], []
            if cats:
                clauses.append(f"category IN ({','.join('?' * len(cats))})")
                params += cats
            if skus:
                clauses.append(f"sku IN ({','.join('?' * len(skus))})")
                params += skus
            if clauses:
                query += " WHERE " + " OR ".join(clauses)
            value = int(c.execute(query, params).fetchone()[0] or 0)
        elif reward.type == "amount_off":
            value = reward.amount
    return programme.liability(program, points_rows, stamps_rows, value)


def _by_rule(c: sqlite3.Connection, program: Program, now: datetime, months: int, language: str) -> programme.Report:
    since = (now - timedelta(days=31 * months)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    rows = c.execute("SELECT a.source, sum(a.amount), count(*) FROM receipt_adjustments a JOIN receipts r "
                     "ON r.id = a.receipt_id WHERE r.at >= ? GROUP BY a.source", (since,)).fetchall()
    value = program.points.redeem.value if program.points and program.points.redeem else 0
    used = c.execute("SELECT coalesce(sum(points_used), 0) FROM receipts WHERE at >= ?", (since,)).fetchone()[0]
    names = {source: rule_name(source, program, language) for source, _, _ in rows}
    return programme.by_rule(rows, used * value, names)


def _tiers(c: sqlite3.Connection, program: Program, now: datetime, months: int, _: str) -> programme.Report:
    zone = program.zone
    wanted = _month_list(now, zone, months)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for member, at, amount in c.execute("SELECT member_id, at, amount FROM spend"):
        totals[(member, _month(at, zone))] += amount
    rows = [(member, month, amount) for (member, month), amount in totals.items()]
    return programme.tiers(program, rows, wanted)


def _top_share(c: sqlite3.Connection, program: Program, now: datetime, months: int, _: str) -> programme.Report:
    since = (now - timedelta(days=31 * months)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    spend = [row[0] for row in c.execute("SELECT sum(total) FROM receipts WHERE member_id IS NOT NULL AND at >= ? "
                                          "GROUP BY member_id", (since,))]
    return programme.top_share(spend)


def _cohorts(c: sqlite3.Connection, program: Program, now: datetime, months: int, _: str) -> programme.Report:
    zone = program.zone
    rows = [(member, _month(at, zone)) for member, at in
            c.execute("SELECT member_id, at FROM receipts WHERE member_id IS NOT NULL")]
    return programme.cohorts(rows)


def _reward_curve(c: sqlite3.Connection, program: Program, now: datetime, months: int, _: str) -> programme.Report:
    since = (now - timedelta(days=31 * months)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    value = program.points.redeem.value if program.points and program.points.redeem else 0
    rows = [(member, total + discount, discount + points * value) for member, total, discount, points in c.execute(
        "SELECT member_id, sum(total), sum(discount_total), sum(points_earned) FROM receipts "
        "WHERE member_id IS NOT NULL AND at >= ? GROUP BY member_id", (since,))]
    return programme.reward_curve(rows)


_BUILDERS = {"liability": _liability, "by_rule": _by_rule, "tiers": _tiers, "top_share": _top_share,
             "cohorts": _cohorts, "reward_curve": _reward_curve}


__all__ = ["build_report", "REPORTS"]
