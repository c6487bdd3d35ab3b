"""What a backtest reads from the store: members' states when the window opens, their receipts
in it (basket lines, points used, cards redeemed, draws as recorded), guests' receipts, and the
recorded figures. Plain sqlite3 and a few column-wise queries: at 1,000,000 receipts the ORM's
per-row work would be most of the run. A store is split into `parts` by member (rowid % parts)
so parts can be read and replayed by different processes."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Collection, Optional

from pos_loyalty.engine import BasketLine
from pos_loyalty.engine.member import CardState, MemberId, MemberState, PointLot, SpendRecord
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.reports.backtest import MemberHistory, PastSale
from pos_loyalty.reports.figures import Figures

HISTORY_DAYS = 400  # spend before the window that any tier basis (at most 365 days or last month) looks at


def utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def connect(path: str | Path) -> sqlite3.Connection:
    """Read-only: a backtest never writes to the store."""
    connection = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, check_same_thread=False)
    connection.execute("PRAGMA query_only=1")
    connection.execute("PRAGMA cache_size=-65536")
    return connection


def programs(connection: sqlite3.Connection) -> dict[int, Program]:
    return {version: validate(Program, parse_json(body, what="program"), what="program")
            for version, body in connection.execute("SELECT version, body FROM programs")}


def active_version(connection: sqlite3.Connection) -> Optional[int]:
    row = connection.execute("SELECT version FROM programs WHERE active = 1").fetchone()
    return row[0] if row else None


def latest_sale(connection: sqlite3.Connection) -> Optional[datetime]:
    row = connection.execute("SELECT max(at) FROM receipts").fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


def count_receipts(connection: sqlite3.Connection, start: datetime) -> int:
    return connection.execute("SELECT count(*) FROM receipts WHERE at >= ?", (utc_text(start),)).fetchone()[0]


@dataclass
class Part:
    """One slice of the store's window: members with their sales, guests' sales, recorded figures."""

    members: list[MemberHistory]
    guests: list[PastSale]
    recorded: Figures


_SALES = """SELECT r.id, r.member_id, r.at, r.points_used, r.total, r.discount_total, r.points_earned,
                   r.program_version, json_extract(r.body, '$.points_value'), json_extract(r.body, '$.prizes'),
                   json_extract(r.body, '$.cards_redeemed'){moves}
            FROM receipts r {join} WHERE r.at >= ? AND {who} ORDER BY r.member_id, r.at, r.rowid"""
_LINES = """SELECT l.receipt_id, l.sku, l.name, l.category, l.price, l.qty
            FROM receipts r {join} JOIN receipt_lines l ON l.receipt_id = r.id
            WHERE r.at >= ? AND {who} ORDER BY r.member_id, r.at, r.rowid, l.line"""
# Sales of one member at the same instant (the demo's visits are to the minute) replay in the order the
# store wrote them (rowid), not by id: a UUIDv7's random bits order same-millisecond sales at random.
# A part holds the members whose id falls in it (two characters of the id, so no join is needed)
# and the guests' receipts whose rowid does.
MEMBER_SLICE = ("(coalesce(unicode(substr({id}, -1)), 0) + 7 * coalesce(unicode(substr({id}, -2, 1)), 0)) "
                "% {parts} = {part}")
_MEMBER_JOIN = ""
# What each member's sale did to their balances (RecordedMove), one parse of the body for all of it.
_MOVES = (", json_extract(r.body, '$.points_balance', '$.tier', '$.stamps', '$.stamps_earned', "
          "'$.promotions_used')")
_MEMBER_PART = "r.member_id IS NOT NULL AND " + MEMBER_SLICE.format(id="r.member_id", parts="?", part="?")
_GUEST_PART = "r.member_id IS NULL AND r.rowid % ? = ?"


def read_part(connection: sqlite3.Connection, *, start: datetime, part: int = 0, parts: int = 1,
              only: Optional[tuple[Collection[str], Collection[str]]] = None, moves: bool = False,
              baskets: Optional[Collection[str]] = None) -> Part:
    """Members whose rowid % parts == part (with their sales since `start`), and guests likewise;
    with `only` = (member ids, guests' receipt ids), just those. `moves`: members' sales carry
    what they did to the balances as recorded (PastSale.move). `baskets`: the members' receipts
    whose lines are read (None: all; the others' baskets are left empty)."""
    versions = programs(connection)
    free_item_cards = {(v, c.id) for v, p in versions.items() for c in p.stamp_cards if c.reward.type == "free_item"}
    recorded = Figures()
    params: tuple = (utc_text(start), parts, part)
    member_who, guest_who, member_params, guest_params = _MEMBER_PART, _GUEST_PART, params, params
    if only is not None:
        member_who += " AND r.member_id IN (SELECT value FROM json_each(?))"
        guest_who += " AND r.id IN (SELECT value FROM json_each(?))"
        member_params, guest_params = params + (json.dumps(sorted(only[0])),), params + (json.dumps(sorted(only[1])),)
    lines_who, lines_params = member_who, member_params
    if baskets is not None:
        lines_who += " AND r.id IN (SELECT value FROM json_each(?))"
        lines_params = member_params + (json.dumps(sorted(baskets)),)
    member_sales = _sales(connection, _SALES.format(join=_MEMBER_JOIN, who=member_who, moves=_MOVES if moves else ""),
                          _LINES.format(join=_MEMBER_JOIN, who=lines_who), member_params, recorded, free_item_cards,
                          lines_params)
    guest_sales = _sales(connection, _SALES.format(join="", who=guest_who, moves=""),
                         _LINES.format(join="", who=guest_who), guest_params, recorded, free_item_cards)
    by_member: dict[str, list[PastSale]] = defaultdict(list)
    for member, sale in member_sales:
        by_member[member].append(sale)
    guests = [sale for _, sale in guest_sales]
    if only is None:
        _recorded_rules(connection, start, part, parts, recorded)
    states = _states(connection, start=start, part=part, parts=parts, wanted=by_member,
                     ids=None if only is None else json.dumps(sorted(by_member)))
    members = [MemberHistory(start=states[m], sales=tuple(sales)) for m, sales in by_member.items()]
    return Part(members=members, guests=guests, recorded=recorded)


def _sales(connection: sqlite3.Connection, sales_sql: str, lines_sql: str, params: tuple,
           recorded: Figures, free_item_cards: set, lines_params: Optional[tuple] = None
           ) -> list[tuple[Optional[str], PastSale]]:
    lines: dict[str, list[BasketLine]] = defaultdict(list)
    for receipt_id, sku, name, category, price, qty in connection.execute(lines_sql, lines_params or params):
        lines[receipt_id].append(BasketLine(sku=sku, name=name, price=price, qty=qty, category=category))
    out = []
    add_member = recorded.members.add
    for (receipt_id, member, at, used, total, discount, earned, version, value, prizes, redeemed, *moved) \
            in connection.execute(sales_sql, params):
        draws: tuple = ()
        if prizes and prizes != "[]":
            found = json.loads(prizes)
            draws = tuple((d["promotion"], d["prize"]) for d in found)
            recorded.prizes_cost += sum(int(d["item"]["cost"]) for d in found if d.get("item"))
        cards: tuple = ()
        if redeemed and redeemed != "[]":
            cards = tuple(json.loads(redeemed))
            recorded.free_items += sum(1 for card in cards if (version, card) in free_item_cards)
        recorded.receipts += 1
        recorded.discounts += discount
        recorded.points_issued += earned
        recorded.points_redeemed_value += value or 0
        recorded.paid += total
        if member is not None and (discount or earned or draws):
            add_member(member)
        out.append((member, PastSale(id=receipt_id, at=datetime.fromisoformat(at), basket=tuple(lines.pop(receipt_id, ())),
                                     points_used=used, cards_redeemed=cards, draws=draws,
                                     recorded=(total, earned, discount),
                                     move=(value or 0, moved[0]) if moved and moved[0] is not None else None)))
    return out


def _recorded_rules(connection: sqlite3.Connection, start: datetime, part: int, parts: int,
                    recorded: Figures) -> None:
    """Discounts per rule as recorded (the receipts' adjustments)."""
    query = ("SELECT a.source, sum(a.amount), count(*) FROM receipt_adjustments a JOIN receipts r ON r.id = a.receipt_id "
             "WHERE r.at >= ? AND ((r.member_id IS NULL AND r.rowid % ? = ?) OR (r.member_id IS NOT NULL AND "
             + MEMBER_SLICE.format(id="r.member_id", parts="?", part="?") + ")) GROUP BY a.source")
    for source, amount, count in connection.execute(query, (utc_text(start), parts, part, parts, part)):
        rule = recorded._rule(source)
        rule.discounts += amount
        rule.receipts += count


def _states(connection: sqlite3.Connection, *, start: datetime, part: int, parts: int,
            wanted: dict, ids: Optional[str] = None) -> dict[str, MemberState]:
    """Each wanted member's balances as they stood when the window opened, from the ledger
    (`ids`: a JSON list of the members to read, when not the whole part)."""
    when, since = utc_text(start), utc_text(start - timedelta(days=HISTORY_DAYS))
    who = "WHERE " + MEMBER_SLICE.format(id="{t}.member_id", parts="?", part="?") + " AND "
    if ids is not None:
        who += "{t}.member_id IN (SELECT value FROM json_each(?)) AND "
    key = (parts, part) if ids is None else (parts, part, ids)
    lots: dict[str, list[PointLot]] = defaultdict(list)
    for member, lot, points, earned in connection.execute(
            "SELECT l.member_id, coalesce(l.lot_id, l.id) AS lot, sum(l.points), min(l.at) FROM ledger l "
            + who.format(t="l") + "l.at < ? AND l.points != 0 AND (l.lot_id IS NOT NULL OR "
            "(l.kind IN ('earn', 'adjust') AND l.points > 0)) GROUP BY l.member_id, lot HAVING sum(l.points) > 0",
            key + (when,)):
        lots[member].append(PointLot(points=points, earned=datetime.fromisoformat(earned), id=lot))
    stamps: dict[str, dict[str, CardState]] = defaultdict(dict)
    for member, card, count, last in connection.execute(
            "SELECT l.member_id, l.card_id, sum(l.stamps), max(CASE WHEN l.kind = 'stamp' AND l.stamps > 0 "
            "THEN l.at END) FROM ledger l " + who.format(t="l") + "l.at < ? AND l.card_id IS NOT NULL "
            "GROUP BY l.member_id, l.card_id", key + (when,)):
        stamps[member][card] = CardState(count=count, last_stamp=datetime.fromisoformat(last) if last else None)
    spend: dict[str, list[SpendRecord]] = defaultdict(list)
    for member, at, amount in connection.execute(
            "SELECT s.member_id, s.at, s.amount FROM spend s " + who.format(t="s") + "s.at < ? AND s.at >= ? "
            "ORDER BY s.member_id, s.at", key + (when, since)):
        spend[member].append(SpendRecord(at=datetime.fromisoformat(at), spend=amount))
    uses: dict[str, dict[str, list[datetime]]] = defaultdict(lambda: defaultdict(list))
    for member, promotion, at in connection.execute(
            "SELECT u.member_id, u.promotion_id, u.at FROM promotion_uses u " + who.format(t="u")
            + "u.at < ? AND u.reversed = 0 ORDER BY u.at", key + (when,)):
        uses[member][promotion].append(datetime.fromisoformat(at))
    states = {}
    for member, joined, birthday in connection.execute(
            "SELECT m.id, m.joined, m.birthday FROM members m WHERE "
            + MEMBER_SLICE.format(id="m.id", parts="?", part="?"), (parts, part)):
        if member not in wanted:
            continue
        lots[member].sort(key=lambda lot: (lot.earned, lot.id))
        states[member] = MemberState(
            id=MemberId(member), joined=date.fromisoformat(joined) if joined else None,
            birthday=date.fromisoformat(birthday) if birthday else None, point_lots=tuple(lots.get(member, ())),
            stamps=dict(stamps.get(member, {})), history=tuple(spend.get(member, ())),
            uses={p: tuple(t) for p, t in uses.get(member, {}).items()})
    return states


__all__ = ["utc_text", "HISTORY_DAYS", "connect", "read_part", "Part", "programs", "active_version", "latest_sale", "count_receipts"]
