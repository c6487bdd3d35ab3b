"""Expiry settled across the chain: what lapsed expires once, and only what was left of it.

Each till expires a member's lapsed lot by what *it* sees is left. Offline, or between two
pulls, two tills can both expire the same lot, or one expires a lot whole while another spent
from it (or two tills spent the same oldest lot, so a younger one later expires in full although
part of it paid for the overdraw). The sum of the entries would then lose points the member
had. The server is the one place that sees every entry, so when a push brings an expiry, or a
spend from a lot that has already expired, it settles that member in the same transaction:

- lots oldest first; the *lapsed* ones are every lot up to the youngest with an expire entry
  (lots lapse in the order they were earned);
- what the member kept of them, spending oldest first, is `-deficit`: the points spent beyond
  them (an offline overdraw) carried out, never a positive remainder (that lapsed);
- each lapsed lot should hold 0, the youngest of them the deficit; where one does not, the
  server writes an `expire` entry with the difference under its own terminal ("chain
  settlement"). Every till pulls it like another till's entry, so every till and the server
  end at the same balance and no till finds a lapsed lot with points left to expire again.

Stamps alike: a card's stamps lapse together when its last stamp is old enough; replayed over
every till's entries by when they happened, each till's stamp expiry should have taken what the
card held then, had it lapsed by then (not when another till expired it first, or stamped the card
since); the difference is a settlement entry on the card.

A till on its own never needs this (its own expiry reads its own lots), so in a chain that syncs
in time no settlement entry is ever written. The push holds the chain's change counter (changes.py)
while it settles, so two pushes never settle one member side by side.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Optional
from uuid import uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from pos_loyalty.central import changes
from pos_loyalty.central.models import counters, ledger, programs, terminals
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.sync.protocol import Entry, utc_text

NAME = "chain settlement"
COUNTER = "settlement"           # counters: settlement (its terminal number), settlement.seq
REASON = "expiry settled across tills: what lapsed expires once, and only what was left of it"
OPENS_LOT = ("earn", "adjust")


@dataclass
class _Lot:
    id: str
    opened: tuple                # (at, change): the order lots were earned in
    kept: int = 0                # every entry of the lot but its expiries
    expired: int = 0             # its expiries (tills' and the server's own)
    lapsed: bool = False         # some till expired it


def _members_to_settle(connection: Connection, rows: list[dict], among: Any) -> list[str]:
    """Members of this batch's expiries, and those of its spends and stamps who have had an expiry."""
    members = {row["member_id"] for row in rows if row["kind"] == "expire" and (row["points"] or row["stamps"])}
    moved = {row["member_id"] for row in rows if row["kind"] != "expire" and (
        (row["lot_id"] and row["points"] < 0) or (row["card_id"] and row["stamps"]))} - members
    if moved:
        members |= set(connection.execute(
            select(ledger.c.member_id).where(ledger.c.kind == "expire", among(connection, ledger.c.member_id,
                                                                              sorted(moved))).distinct()).scalars())
    return sorted(members)


def corrections(entries: list[Any]) -> list[tuple[str, int]]:
    """(lot, points) the settlement should add, from one member's points entries (rows with id, kind,
    points, lot_id, at, change); empty when every lapsed lot already holds what it should."""
    lots: dict[str, _Lot] = {}
    for e in entries:
        if e.points > 0 and e.kind in OPENS_LOT and e.lot_id is None:
            lots[e.id] = _Lot(e.id, (e.at, e.change))
    for e in entries:
        lot = lots.get(e.id if e.lot_id is None else e.lot_id) if e.points else None
        if lot is None:
            continue                       # a lot the chain does not hold (quarantined): nothing to settle
        if e.kind == "expire":
            lot.expired += e.points
            lot.lapsed = True
        else:
            lot.kept += e.points
    ordered = sorted(lots.values(), key=lambda lot: lot.opened)
    lapsed = [i for i, lot in enumerate(ordered) if lot.lapsed]
    if not lapsed:
        return []
    prefix = ordered[:lapsed[-1] + 1]
    deficit = 0
    for lot in prefix:
        deficit = max(0, deficit - lot.kept)
    out = []
    for lot in prefix:
        should = -deficit if lot is prefix[-1] else 0
        holds = lot.kept + lot.expired
        if holds != should:
            out.append((lot.id, should - holds))
    return out


def stamp_corrections(entries: list[Any], days: Callable[[Optional[int], str], Optional[int]]) -> list[tuple[str, int]]:
    """(card, stamps) the settlement should add, from one member's entries in the chain's order.

    A card's stamps lapse together when its last stamp is `expire_days` old. Replayed over every
    till's entries by when they happened, each till's expire entry should have taken what the card
    held then if it had lapsed by then, and nothing otherwise (another till expired it already, or
    stamped it since). `days(program_version, card)` is the card's expire_days (None: not known,
    so only a second expiry of the same stamps is undone)."""
    cards: dict[str, list[Any]] = {}
    for e in entries:
        if e.card_id is not None and e.stamps:
            cards.setdefault(e.card_id, []).append(e)
    out = []
    for card, moves in cards.items():
        if not any(e.kind == "expire" for e in moves):
            continue
        held = should = made = 0
        last_stamp: Optional[datetime] = None
        for e in sorted(moves, key=lambda e: (e.at, e.change)):
            if e.kind != "expire":
                held += e.stamps
                if e.kind == "stamp" and e.stamps > 0:
                    last_stamp = _instant(e.at)
                continue
            made += e.stamps
            if e.reason == REASON:
                continue                   # the server's own settlement: not an event of the card
            expire_days = days(e.program_version, card)
            lapsed = expire_days is None or last_stamp is None or \
                _instant(e.at) >= last_stamp + timedelta(days=expire_days)
            if lapsed and held > 0:
                should, held = should - held, 0
        if made != should:
            out.append((card, should - made))
    return out


def settle(connection: Connection, rows: list[dict], *, among: Any, at: datetime) -> int:
    """Settle the members this batch's entry rows touch; returns the number of entries written."""
    members = _members_to_settle(connection, rows, among)
    if not members:
        return 0
    found = connection.execute(
        select(ledger.c.member_id, ledger.c.id, ledger.c.kind, ledger.c.points, ledger.c.stamps, ledger.c.lot_id,
               ledger.c.card_id, ledger.c.at, ledger.c.change, ledger.c.program_version, ledger.c.reason)
        .where(among(connection, ledger.c.member_id, members), (ledger.c.points != 0) | (ledger.c.stamps != 0))).all()
    by_member: dict[str, list] = {}
    for row in found:
        by_member.setdefault(row.member_id, []).append(row)
    days = _CardDays(connection)
    wanted: list[dict] = []
    for member in members:
        entries = by_member.get(member, [])
        wanted += [{"member": member, "lot": lot, "points": points} for lot, points in corrections(entries)]
        wanted += [{"member": member, "card": card, "stamps": stamps}
                   for card, stamps in stamp_corrections(entries, days)]
    if not wanted:
        return 0
    terminal = _terminal(connection, store_id=_store_of(connection, rows), at=at)
    first_seq = _take_seq(connection, len(wanted))
    first_change = changes.take(connection, len(wanted))
    out = []
    for n, fix in enumerate(wanted):
        entry = Entry(id=str(uuid4()), terminal=terminal, seq=first_seq + n, member=fix["member"], kind="expire",
                      at=at, points=fix.get("points", 0), stamps=fix.get("stamps", 0), lot=fix.get("lot"),
                      card=fix.get("card"), reason=REASON)
        out.append({"id": entry.id, "change": first_change + n, "terminal_id": terminal, "seq": entry.seq,
                    "member_id": entry.member, "kind": "expire", "at": utc_text(at), "points": entry.points,
                    "stamps": entry.stamps, "card_id": entry.card, "promotion_id": None, "lot_id": entry.lot,
                    "receipt_id": None, "program_version": None, "reason": REASON, "body_hash": entry.body_hash(),
                    "flagged": None})
    connection.execute(insert(ledger), out)
    return len(out)


class _CardDays:
    """A stamp card's expire_days under the program version an entry was made with (the newest
    published one when the chain does not hold that version)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.programs: dict[Optional[int], Optional[Program]] = {}

    def __call__(self, version: Optional[int], card: str) -> Optional[int]:
        if version not in self.programs:
            query = select(programs.c.body).order_by(programs.c.version.desc()).limit(1)
            body = self.connection.execute(select(programs.c.body).where(programs.c.version == version)).scalar() \
                if version is not None else None
            body = body or self.connection.execute(query).scalar()
            self.programs[version] = validate(Program, parse_json(body, what="program"), what="program") \
                if body else None
        program = self.programs[version]
        found = next((c for c in program.stamp_cards if c.id == card), None) if program else None
        return found.expire_days if found else None


def _instant(text_or_moment: Any) -> datetime:
    return datetime.fromisoformat(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment


def _store_of(connection: Connection, rows: list[dict]) -> int:
    return connection.execute(select(terminals.c.store_id).where(terminals.c.id == rows[0]["terminal_id"])).scalar_one()


def _terminal(connection: Connection, *, store_id: int, at: datetime) -> str:
    """The server's own terminal for settlement entries, made the first time one is needed (the push
    holds the change counter, so no other push makes it at the same moment)."""
    number: Optional[int] = connection.execute(select(counters.c.value).where(counters.c.name == COUNTER)).scalar()
    for _attempt in range(5):
        if number is not None:
            return f"T{number:04d}"
        number = (connection.execute(select(func.max(terminals.c.number))).scalar() or 0) + 1
        nobody = public_bytes(Ed25519PrivateKey.generate().public_key()).hex()   # nobody signs as it
        try:
            with connection.begin_nested():
                connection.execute(insert(terminals).values(id=f"T{number:04d}", number=number, store_id=store_id,
                                                            name=NAME, public_key=nobody, registered_at=utc_text(at)))
                connection.execute(insert(counters).values([{"name": COUNTER, "value": number},
                                                            {"name": f"{COUNTER}.seq", "value": 0}]))
        except IntegrityError:
            number = None          # a till registering took that number at the same moment: number again
    raise RuntimeError("could not set up the chain's settlement terminal")


def _take_seq(connection: Connection, n: int) -> int:
    after = connection.execute(update(counters).where(counters.c.name == f"{COUNTER}.seq")
                               .values(value=counters.c.value + n).returning(counters.c.value)).scalar_one()
    return after - n + 1
