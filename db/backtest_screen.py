"""What a screened backtest reads: the few columns that tell which sales a draft's changed promotions
reach (pos_loyalty/reports/reach.py), and the recorded figures summed by SQL, whole or for some
members and guests' receipts only. A part is the store's slice `rowid % parts == part` as in
db/backtest_source.py, so parts run in separate processes."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Collection, Mapping, Optional

from pos_loyalty.engine import BasketLine
from pos_loyalty.engine.basket import units_of
from pos_loyalty.engine.member import MemberId, MemberState, SpendRecord
from pos_loyalty.program import Program
from pos_loyalty.reports.figures import Figures
from pos_loyalty.reports.reach import Reach, first_reached, reached_guests

from db.backtest_source import HISTORY_DAYS, MEMBER_SLICE, utc_text

# Every receipt of the part (the partition of db/backtest_source.py).
_PART = "((r.member_id IS NULL AND r.rowid % :parts = :part) OR (r.member_id IS NOT NULL AND " + MEMBER_SLICE.format(
    id="r.member_id", parts=":parts", part=":part") + "))"
_ONLY = (" AND ((r.member_id IS NULL AND r.id IN (SELECT value FROM json_each(:guests)))"
         " OR r.member_id IN (SELECT value FROM json_each(:members)))")
_FROM = "FROM receipts r WHERE r.at >= :start AND " + _PART
# A body written by the store says `"prizes": []` when nothing was drawn: most receipts skip the JSON.
_HAS_PRIZES = "instr(r.body, '\"prizes\": []') = 0"
_HAS_CARDS = "instr(r.body, '\"cards_redeemed\": []') = 0"
# Through the (member, instant) index, whose entries hold all the part's terms (member, instant, rowid):
# each part then reads only its own rows, not every row of the store (ix_receipts_at would fetch them all).
_SCAN = ("SELECT r.id, r.member_id, r.at, r.rowid, r.program_version, r.subtotal, r.total, r.points_used, "
         "r.discount_total, r.points_earned, CASE WHEN " + _HAS_PRIZES + " THEN json_extract(r.body, '$.prizes') END, "
         "CASE WHEN " + _HAS_CARDS + " THEN json_extract(r.body, '$.cards_redeemed') END "
         + _FROM.replace("FROM receipts r", "FROM receipts r INDEXED BY ix_receipts_member", 1))


class PartScan:
    """One pass over a part's receipts in the window: the recorded figures (as Figures.add would
    count each receipt), and each member's sales oldest first as the screen reads them."""

    def __init__(self, connection: sqlite3.Connection, programs: dict[int, Program], *, start: datetime,
                 part: int, parts: int) -> None:
        self.connection, self.start = connection, start
        self.params = {"start": utc_text(start), "parts": parts, "part": part}
        value = {v: (p.points.redeem.value if p.points and p.points.redeem else 0) for v, p in programs.items()}
        free = {(v, c.id) for v, p in programs.items() for c in p.stamp_cards if c.reward.type == "free_item"}
        self.recorded = Figures()
        self.versions: set[int] = set()
        # member (None: guests) -> [(rowid, receipt, sale, its recorded figures)]
        self.sales: dict[Optional[str], list] = defaultdict(list)
        for receipt, member, at, rowid, version, subtotal, total, used, discount, earned, prizes, cards \
                in connection.execute(_SCAN, self.params):
            tender = used * value[version]
            cost = free_items = 0
            drawn = False
            if prizes is not None and prizes != "[]":
                found = json.loads(prizes)
                drawn = bool(found)
                cost = sum(int(d["item"]["cost"]) for d in found if d.get("item"))
            if cards is not None and cards != "[]":
                free_items = sum(1 for card in json.loads(cards) if (version, card) in free)
            figures = (discount, earned, tender, total, cost, free_items,
                       member is not None and bool(discount or earned or drawn))
            self.versions.add(version)
            self.sales[member].append((rowid, receipt, (datetime.fromisoformat(at), version, subtotal, total + tender, ()),
                                       figures))
        for member, sales in self.sales.items():
            sales.sort(key=lambda sale: (sale[2][0], sale[0]))
        self.recorded = self.recorded_of(None, None)

    def recorded_of(self, members: Optional[Collection[str]], guests: Optional[Collection[str]],
                    *, since: Optional[Mapping[str, int]] = None) -> Figures:
        """The recorded figures of these members' and guests' receipts (None: all of them), no rules;
        with `since` (member -> index of a sale, oldest first), only their sales from that one on."""
        figures = Figures()
        wanted_guests = None if guests is None else set(guests)
        for member, sales in self.sales.items():
            if member is None:
                rows = sales if wanted_guests is None else [s for s in sales if s[1] in wanted_guests]
            elif members is None or member in members:
                rows = sales[since.get(member, 0):] if since else sales
            else:
                continue
            for _, _, _, (discount, earned, tender, total, cost, free_items, affected) in rows:
                figures.receipts += 1
                figures.discounts += discount
                figures.points_issued += earned
                figures.points_redeemed_value += tender
                figures.paid += total
                figures.prizes_cost += cost
                figures.free_items += free_items
                if affected:
                    figures.members.add(member)  # type: ignore[arg-type]
        return figures

    def receipts_of(self, member: str, since: int = 0) -> list[str]:
        """The member's receipt ids, oldest first, from their sale number `since` on."""
        return [receipt for _, receipt, _, _ in self.sales.get(member, ())[since:]]

    def affected_before(self, since: Mapping[str, int]) -> set[str]:
        """Members who got something from the programme (as recorded) in a sale before `since`'s."""
        return {member for member, index in since.items()
                if any(figures[6] for _, _, _, figures in self.sales.get(member, ())[:index])}

    def reached(self, found: Reach) -> tuple[dict[str, int], list[str]]:
        """(members, guests' receipt ids) of this part whose sales a changed promotion reaches; each
        member with the index of the first sale (oldest first) it reaches."""
        units = _units(self.connection, self.params) if found.needs_units else None
        people = _people(self.connection, found, self.start, self.params)

        def sales_of(member: Optional[str]) -> list:
            own = self.sales.get(member, ())
            if units is None:
                return [(receipt, sale) for _, receipt, sale, _ in own]
            return [(receipt, sale[:4] + (units.get(receipt, ()),)) for _, receipt, sale, _ in own]

        guests = reached_guests(found, sales_of(None))
        members = first_reached(found, ((people[m], [sale for _, sale in sales_of(m)])
                                        for m in self.sales if m is not None))
        return members, guests


def _people(connection: sqlite3.Connection, found: Reach, start: datetime, params: dict) -> dict[str, MemberState]:
    """Each member of the part as the screen needs them: birthday, joined, spend before the window
    (the tier basis), and their uses of the changed promotions that have a use limit."""
    since = utc_text(start - timedelta(days=HISTORY_DAYS))
    history: dict[str, list[SpendRecord]] = defaultdict(list)
    for member, at, amount in connection.execute(
            "SELECT s.member_id, s.at, s.amount FROM spend s WHERE "
            + MEMBER_SLICE.format(id="s.member_id", parts=":parts", part=":part") + " AND s.at < :start AND s.at >= :since ORDER BY s.member_id, s.at",
            {**params, "since": since}):
        history[member].append(SpendRecord(at=datetime.fromisoformat(at), spend=amount))
    uses: dict[str, dict[str, list[datetime]]] = defaultdict(lambda: defaultdict(list))
    counted = sorted(found.counted_uses)
    if counted:
        # Before the window as the ledger stands; inside it every use the recorded sales made
        # (the replay does not undo uses that a later refund reversed).
        for member, promotion, at in connection.execute(
                "SELECT u.member_id, u.promotion_id, u.at FROM promotion_uses u WHERE "
                + MEMBER_SLICE.format(id="u.member_id", parts=":parts", part=":part") + " AND u.promotion_id IN (SELECT value FROM json_each(:ids)) "
                "AND (u.at >= :start OR u.reversed = 0) ORDER BY u.at", {**params, "ids": json.dumps(counted)}):
            uses[member][promotion].append(datetime.fromisoformat(at))
    people = {}
    for member, joined, birthday in connection.execute(
            "SELECT m.id, m.joined, m.birthday FROM members m WHERE "
            + MEMBER_SLICE.format(id="m.id", parts=":parts", part=":part"), params):
        people[member] = MemberState(
            id=MemberId(member), joined=date.fromisoformat(joined) if joined else None,
            birthday=date.fromisoformat(birthday) if birthday else None, history=tuple(history.get(member, ())),
            uses={p: tuple(t) for p, t in uses.get(member, {}).items()})
    return people


def _units(connection: sqlite3.Connection, params: dict) -> dict[str, tuple]:
    lines: dict[str, list[BasketLine]] = defaultdict(list)
    for receipt, sku, name, category, price, qty in connection.execute(
            "SELECT l.receipt_id, l.sku, l.name, l.category, l.price, l.qty FROM receipt_lines l "
            "JOIN receipts r ON r.id = l.receipt_id "
            "WHERE r.at >= :start AND " + _PART + " ORDER BY l.receipt_id, l.line", params):
        lines[receipt].append(BasketLine(sku=sku, name=name, price=price, qty=qty, category=category))
    return {receipt: tuple(units_of(basket)) for receipt, basket in lines.items()}


def recorded_rules(connection: sqlite3.Connection, *, start: datetime, part: int, parts: int,
                   members: Optional[Collection[str]] = None, guests: Optional[Collection[str]] = None,
                   receipts: Optional[Collection[str]] = None) -> Figures:
    """Each rule's recorded share over the part's receipts (only `members`' and the `guests`
    receipts, when given, or only these `receipts`), as Figures.add counts it; the rest of the
    figures is left at zero."""
    params: dict = {"start": utc_text(start), "parts": parts, "part": part}
    where = _FROM
    if receipts is not None:
        where += " AND r.id IN (SELECT value FROM json_each(:receipts))"
        params.update(receipts=json.dumps(sorted(receipts)))
    elif members is not None or guests is not None:
        where += _ONLY
        params.update(members=json.dumps(sorted(members or ())), guests=json.dumps(sorted(guests or ())))
    figures = Figures()
    _rules(connection, where, params, figures)
    return figures


def _with_each(where: str, key: str, alias: str) -> str:
    """`where` with each element of the body's `key` list joined in as `alias`."""
    return where.replace("FROM receipts r", f"FROM receipts r, json_each(r.body, '$.{key}') {alias}", 1)


def _rules(connection: sqlite3.Connection, where: str, params: dict, figures: Figures) -> None:
    """Per rule: discounts from the receipts' adjustments, points from their earnings, and the uses
    of promotions that gave no discount (points effects, draws), as Figures.add counts them."""
    for source, amount, count in connection.execute(
            "SELECT a.source, sum(a.amount), count(*) "
            + where.replace("FROM receipts r", "FROM receipt_adjustments a JOIN receipts r ON r.id = a.receipt_id", 1)
            + " GROUP BY a.source", params):
        rule = figures._rule(source)
        rule.discounts += amount
        rule.receipts += count
    for source, points in connection.execute(
            "SELECT json_extract(e.value, '$.source'), sum(json_extract(e.value, '$.points')) "
            + _with_each(where, "earnings", "e") + " AND json_extract(e.value, '$.points') > 0 GROUP BY 1", params):
        figures._rule(source).points += points
    for source, points in connection.execute(
            "SELECT p.key, sum(p.value) " + _with_each(where, "points_by_rule", "p") + " GROUP BY 1", params):
        figures._rule(source).points += points
    for promotion, count in connection.execute(
            "SELECT u.value, count(*) " + _with_each(where, "promotions_used", "u")
            + " AND NOT EXISTS (SELECT 1 FROM receipt_adjustments a WHERE a.receipt_id = r.id "
            "AND a.source = 'promotion:' || u.value) GROUP BY 1", params):
        figures._rule(f"promotion:{promotion}").receipts += count


__all__ = ["PartScan", "recorded_rules"]
