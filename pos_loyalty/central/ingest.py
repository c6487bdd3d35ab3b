"""A push: one batch from one terminal, written in one transaction, idempotent by identity.

- Entries: the terminal's sequence is gap-free. Entries at or below the acknowledged sequence
  are re-sends: the same body changes nothing, another body under the same UUID is a 409.
  The first new entry must be `acked + 1` (otherwise a Gap: "send from N"); a hole inside the
  batch stops it there and the answer says how far it got.
- Nothing is dropped: an entry (or member, card) the chain cannot take goes to quarantine,
  and its sequence number still counts as received, so the terminal's stream moves on.
- Offline redemptions that together take a member below zero are kept and flagged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Iterable, Optional

from sqlalchemy import ARRAY, Column, Connection, Engine, Text, any_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from pos_loyalty.central import changes, settlement
from pos_loyalty.central.models import cards, device_keys, ledger, members, quarantine, receipts, spend, terminals
from pos_loyalty.central.terminals import Terminal
from pos_loyalty.sync.protocol import Entry, Gap, PushBatch, PushResult, Quarantined, utc_text

if TYPE_CHECKING:
    from pos_loyalty.central.auth import Nonce


class Conflict(Exception):
    """Same identity, other body: the batch is refused whole (409)."""

    def __init__(self, detail: str, refs: list[str]) -> None:
        super().__init__(detail)
        self.detail, self.refs = detail, refs


class GapError(Exception):
    def __init__(self, gap: Gap) -> None:
        super().__init__(gap.detail)
        self.gap = gap


class ForeignEntries(Exception):
    """A terminal pushing another terminal's entries (403)."""


@dataclass
class _Outcome:
    quarantined: list[Quarantined] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)


def _insert(connection: Connection):  # noqa: ANN202 - the dialect's INSERT with ON CONFLICT
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def _among(connection: Connection, column: Column, values: list) -> object:
    """`column IN values`; on PostgreSQL `= ANY(array)`: one parameter instead of thousands to compile."""
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def push(engine: Engine, terminal: Terminal, batch: PushBatch, *, at: datetime,
         nonce: Optional["Nonce"] = None) -> PushResult:
    """`nonce`: the signed request's, recorded in the batch's transaction (one durable commit per push;
    raises auth.Replayed if it was used before)."""
    foreign = sorted({e.terminal for e in batch.entries if e.terminal != terminal.id})
    if foreign:
        raise ForeignEntries(f"terminal {terminal.id} may push only its own entries, not {', '.join(foreign)}'s")
    with engine.begin() as connection:
        # The terminal's row is the lock that keeps two pushes of one terminal apart.
        acked = connection.execute(select(terminals.c.acked_seq).where(terminals.c.id == terminal.id)
                                   .with_for_update()).scalar_one()
        if nonce is not None:
            nonce.use(connection)
        outcome = _Outcome()
        resent, new = _split(batch.entries, acked)
        duplicates = _check_resent(connection, terminal, resent)
        accepted_upto = _contiguous(new, acked)
        new = [e for e in new if e.seq <= accepted_upto]
        member_rows = _members(connection, terminal, batch, outcome, at)
        card_rows = _cards(connection, terminal, batch, outcome, at, {row["id"] for _t, row in member_rows})
        device_rows = _device_keys(connection, batch, outcome, {row["id"] for _t, row in member_rows})
        receipt_rows = _receipts(connection, terminal, batch)
        spend_rows = _spend(connection, terminal, batch)
        entry_rows = _entries(connection, terminal, new, outcome, {row["id"] for _t, row in member_rows})
        rows = [*member_rows, *card_rows, *device_rows, *receipt_rows, *spend_rows, *entry_rows]
        first = changes.take(connection, len(rows))
        for number, (_table, row) in enumerate(rows, start=first):
            row["change"] = number
        _write(connection, rows)
        if entry_rows:
            settlement.settle(connection, [row for _table, row in entry_rows], among=_among, at=at)
            outcome.flagged = _flag_overdraws(connection, [row for table, row in entry_rows])
        if new:
            connection.execute(update(terminals).where(terminals.c.id == terminal.id)
                               .values(acked_seq=accepted_upto, last_seen=utc_text(at)))
        _quarantine(connection, terminal, outcome.quarantined, batch, at)
    return PushResult(acked_seq=max(acked, accepted_upto), accepted=len(entry_rows), duplicates=duplicates,
                      quarantined=outcome.quarantined, flagged=outcome.flagged)


def _split(entries: Iterable[Entry], acked: int) -> tuple[list[Entry], list[Entry]]:
    ordered = sorted(entries, key=lambda e: e.seq)
    return [e for e in ordered if e.seq <= acked], [e for e in ordered if e.seq > acked]


def _contiguous(new: list[Entry], acked: int) -> int:
    """How far the new entries run without a hole; a batch that does not start at acked+1 is a Gap."""
    if not new:
        return acked
    if new[0].seq != acked + 1:
        raise GapError(Gap(detail=f"gap: entries {acked + 1}..{new[0].seq - 1} are missing; send from {acked + 1}",
                           send_from=acked + 1))
    upto = acked
    seen: dict[int, str] = {}
    for entry in new:
        if entry.seq in seen:
            if seen[entry.seq] != entry.id:
                raise Conflict(f"two entries with sequence {entry.seq} in one batch", [entry.id, seen[entry.seq]])
            continue
        if entry.seq != upto + 1:
            break
        seen[entry.seq] = entry.id
        upto = entry.seq
    return upto


def _check_resent(connection: Connection, terminal: Terminal, resent: list[Entry]) -> int:
    if not resent:
        return 0
    ids = list({e.id for e in resent})
    held = {row.id: row for row in connection.execute(
        select(ledger.c.id, ledger.c.seq, ledger.c.terminal_id, ledger.c.body_hash)
        .where(_among(connection, ledger.c.id, ids)))}
    parked = set(connection.execute(select(quarantine.c.ref).where(
        quarantine.c.terminal_id == terminal.id, quarantine.c.what == "entry",
        _among(connection, quarantine.c.ref, ids))).scalars())
    bad = []
    for entry in resent:
        row = held.get(entry.id)
        if row is None:
            if entry.id not in parked:
                bad.append(entry.id)
        elif row.body_hash != entry.body_hash() or row.seq != entry.seq or row.terminal_id != entry.terminal:
            bad.append(entry.id)
    if bad:
        raise Conflict(f"{len(bad)} entries differ from what the server already holds under the same id "
                       f"or sequence (first {bad[0]})", bad[:20])
    return len(resent)


def _members(connection: Connection, terminal: Terminal, batch: PushBatch, outcome: _Outcome,
             at: datetime) -> list[tuple[object, dict]]:
    if not batch.members:
        return []
    ids = [m.id for m in batch.members]
    held = {row.id: row for row in connection.execute(
        select(members.c.id, members.c.name, members.c.joined, members.c.terminal_id)
        .where(_among(connection, members.c.id, ids)))}
    phones = [m.phone for m in batch.members if m.phone]
    taken = dict(connection.execute(select(members.c.phone, members.c.id)
                                    .where(_among(connection, members.c.phone, phones)))
                 .all()) if phones else {}
    rows, fresh = [], set()
    for member in batch.members:
        row = held.get(member.id)
        if row is not None:
            if row.terminal_id != terminal.id and (row.name, row.joined) != (member.name, member.joined):
                outcome.quarantined.append(Quarantined(
                    what="member", ref=member.id,
                    reason=f"member number {member.id} already belongs to a member enrolled at {row.terminal_id}"))
            continue
        if member.id in fresh:
            continue
        phone = member.phone
        if phone and taken.get(phone, member.id) != member.id:
            outcome.quarantined.append(Quarantined(
                what="member", ref=member.id,
                reason=f"phone already belongs to member {taken[phone]}: kept without the phone, please merge"))
            phone = None
        if phone:
            taken[phone] = member.id
        fresh.add(member.id)
        rows.append((members, {"id": member.id, "store_id": terminal.store_id, "terminal_id": terminal.id,
                               "name": member.name, "phone": phone, "birthday": member.birthday,
                               "joined": member.joined, "consent": member.consent,
                               "created_at": utc_text(member.created_at)}))
    return rows


def _cards(connection: Connection, terminal: Terminal, batch: PushBatch, outcome: _Outcome,
           at: datetime, arriving: set[str]) -> list[tuple[object, dict]]:
    if not batch.cards:
        return []
    held = {row.serial: row for row in connection.execute(
        select(cards.c.serial, cards.c.member_id, cards.c.revoked_at)
        .where(_among(connection, cards.c.serial, [c.serial for c in batch.cards])))}
    wanted = list({c.member for c in batch.cards} - arriving)
    known = arriving | set(connection.execute(select(members.c.id).where(_among(connection, members.c.id, wanted)))
                           .scalars())
    rows: list[tuple[object, dict]] = []
    seen: set[str] = set()
    for card in batch.cards:
        row = held.get(card.serial)
        if row is None and card.member not in known:
            outcome.quarantined.append(Quarantined(
                what="card", ref=card.serial,
                reason=f"card {card.serial} names member {card.member}, who is not known to the chain"))
        elif row is None and card.serial in seen:
            continue   # sent twice in one batch
        elif row is not None and row.member_id != card.member:
            outcome.quarantined.append(Quarantined(what="card", ref=card.serial,
                                                   reason=f"card {card.serial} belongs to member {row.member_id}"))
        elif row is not None and card.revoked_at is not None and row.revoked_at is None:
            # A revocation: the card's row takes a new change number so every till pulls it again.
            number = changes.take(connection, 1)
            connection.execute(update(cards).where(cards.c.serial == card.serial).values(
                revoked_at=utc_text(card.revoked_at), replaced_by=card.replaced_by, change=number))
        elif row is None:
            seen.add(card.serial)
            rows.append((cards, {"serial": card.serial, "member_id": card.member,
                                 "issued_at": utc_text(card.issued_at), "revoked_at": changes.text_of(card.revoked_at),
                                 "replaced_by": card.replaced_by}))
    return rows


def _device_keys(connection: Connection, batch: PushBatch, outcome: _Outcome,
                 arriving: set[str]) -> list[tuple[object, dict]]:
    """Phones certified at a till, and their revocations (a move to a new phone): every till pulls them."""
    if not batch.device_keys:
        return []
    held = {row.key_id: row for row in connection.execute(
        select(device_keys.c.key_id, device_keys.c.member_id, device_keys.c.certificate, device_keys.c.revoked_at)
        .where(device_keys.c.key_id.in_([k.key_id for k in batch.device_keys])))}
    wanted = list({k.member for k in batch.device_keys})
    known = arriving | set(connection.execute(select(members.c.id).where(members.c.id.in_(wanted))).scalars())
    parked = set(connection.execute(select(quarantine.c.ref).where(
        quarantine.c.what == "member", quarantine.c.ref.in_(wanted),
        quarantine.c.reason.like("member number%"))).scalars())
    parked |= {q.ref for q in outcome.quarantined if q.what == "member" and q.reason.startswith("member number")}
    rows: list[tuple[object, dict]] = []
    seen: set[str] = set()
    for key in batch.device_keys:
        row = held.get(key.key_id)
        if key.key_id in seen:
            continue
        if row is None and key.member in parked:
            outcome.quarantined.append(Quarantined(
                what="device_key", ref=key.key_id,
                reason=f"member number {key.member} is in quarantine (enrolled twice under one number)"))
        elif row is not None and (row.member_id, row.certificate) != (key.member, key.certificate):
            outcome.quarantined.append(Quarantined(
                what="device_key", ref=key.key_id,
                reason=f"device key {key.key_id} already belongs to another phone (member {row.member_id})"))
        elif row is not None and key.revoked_at is not None and row.revoked_at is None:
            connection.execute(update(device_keys).where(device_keys.c.key_id == key.key_id).values(
                revoked_at=utc_text(key.revoked_at), change=changes.take(connection, 1)))
        elif row is None and key.member not in known:
            outcome.quarantined.append(Quarantined(
                what="device_key", ref=key.key_id,
                reason=f"member {key.member} is not known to the chain (its enrolment never arrived)"))
        elif row is None:
            seen.add(key.key_id)
            rows.append((device_keys, {"key_id": key.key_id, "member_id": key.member, "public_key": key.public_key,
                                       "certificate": key.certificate, "enrolled_at": utc_text(key.enrolled_at),
                                       "revoked_at": changes.text_of(key.revoked_at)}))
    return rows


def _receipts(connection: Connection, terminal: Terminal, batch: PushBatch) -> list[tuple[object, dict]]:
    if not batch.receipts:
        return []
    held = set(connection.execute(select(receipts.c.id).where(
        _among(connection, receipts.c.id, [r.id for r in batch.receipts]))).scalars())
    out, seen = [], set()
    for receipt in batch.receipts:
        if receipt.id in held or receipt.id in seen:
            continue
        seen.add(receipt.id)
        out.append((receipts, {"id": receipt.id, "terminal_id": terminal.id, "member_id": receipt.member,
                               "at": utc_text(receipt.at), "total": receipt.total, "body": receipt.body_text()}))
    return out


def _spend(connection: Connection, terminal: Terminal, batch: PushBatch) -> list[tuple[object, dict]]:
    if not batch.spend:
        return []
    held = set(connection.execute(select(spend.c.id).where(
        _among(connection, spend.c.id, [s.id for s in batch.spend]))).scalars())
    out, seen = [], set()
    for record in batch.spend:
        if record.id in held or record.id in seen:
            continue
        seen.add(record.id)
        out.append((spend, {"id": record.id, "terminal_id": terminal.id, "member_id": record.member,
                            "at": utc_text(record.at), "amount": record.amount, "receipt_id": record.receipt}))
    return out


def _entries(connection: Connection, terminal: Terminal, new: list[Entry], outcome: _Outcome,
             arriving: set[str]) -> list[tuple[object, dict]]:
    if not new:
        return []
    ids = [e.id for e in new]
    taken = set(connection.execute(select(ledger.c.id).where(_among(connection, ledger.c.id, ids))).scalars())
    if taken:
        first = sorted(taken)[0]
        raise Conflict(f"entry id {first} already belongs to another entry in the chain", sorted(taken)[:20])
    wanted = list({e.member for e in new})
    known = arriving | set(connection.execute(select(members.c.id).where(_among(connection, members.c.id, wanted)))
                           .scalars())
    parked_members = set(connection.execute(select(quarantine.c.ref).where(
        quarantine.c.what == "member", quarantine.c.terminal_id == terminal.id,
        _among(connection, quarantine.c.ref, wanted), quarantine.c.reason.like("member number%"))).scalars())
    parked_members |= {q.ref for q in outcome.quarantined if q.what == "member" and q.reason.startswith("member number")}
    rows = []
    for entry in new:
        reason = None
        if entry.member not in known:
            reason = f"member {entry.member} is not known to the chain (its enrolment never arrived)"
        elif entry.member in parked_members:
            reason = f"member number {entry.member} is in quarantine (enrolled twice under one number)"
        if reason:
            outcome.quarantined.append(Quarantined(what="entry", ref=entry.id, reason=reason))
            continue
        at_text = utc_text(entry.at)
        rows.append((ledger, {"id": entry.id, "terminal_id": entry.terminal, "seq": entry.seq,
                              "member_id": entry.member, "kind": entry.kind, "at": at_text,
                              "points": entry.points, "stamps": entry.stamps, "card_id": entry.card,
                              "promotion_id": entry.promotion, "lot_id": entry.lot, "receipt_id": entry.receipt,
                              "program_version": entry.program_version, "reason": entry.reason,
                              "body_hash": entry.body_hash(at_text), "flagged": None}))
    return rows


def _write(connection: Connection, rows: list[tuple[object, dict]]) -> None:
    by_table: dict[object, list[dict]] = {}
    for table, row in rows:
        by_table.setdefault(table, []).append(row)
    for table in (members, cards, device_keys, receipts, spend, ledger):
        if table in by_table:
            if table in (ledger, receipts) and connection.dialect.name == "postgresql":
                _copy(connection, table, by_table[table])
            elif table is receipts:
                # The body is JSON text already (checked in the protocol): stored as it came, not encoded again.
                connection.execute(table.insert().values(body=bindparam("body", type_=Text())), by_table[table])
            else:
                connection.execute(table.insert(), by_table[table])


def _copy(connection: Connection, table, rows: list[dict]) -> None:  # noqa: ANN001
    """PostgreSQL's COPY, inside the batch's transaction: many times faster than row-by-row INSERTs.
    The rows were checked above (ids new, sequence contiguous), and the constraints still hold.
    Text goes as it is, so a receipt's JSON body text lands in its JSON column without re-encoding."""
    names = list(rows[0])
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:  # noqa: S608 - our own column names
        for row in rows:
            copy.write_row([row[name] for name in names])


def _flag_overdraws(connection: Connection, rows: list[dict]) -> list[str]:
    """Members this batch took below zero points: the sale happened, so keep it, and flag it."""
    spenders = {row["member_id"] for row in rows if row["points"] < 0}
    if not spenders:
        return []
    balances = dict(connection.execute(select(ledger.c.member_id, func.sum(ledger.c.points))
                                       .where(_among(connection, ledger.c.member_id, list(spenders)))
                                       .group_by(ledger.c.member_id)).all())
    flagged = [row for row in rows if row["points"] < 0 and balances.get(row["member_id"], 0) < 0]
    for row in flagged:
        connection.execute(update(ledger).where(ledger.c.id == row["id"]).values(
            flagged=f"overdrawn: member at {balances[row['member_id']]} points after offline redemptions"))
    return [row["id"] for row in flagged]


def _quarantine(connection: Connection, terminal: Terminal, items: list[Quarantined], batch: PushBatch,
                at: datetime) -> None:
    if not items:
        return
    bodies = {("entry", e.id): (e.seq, e.model_dump(mode="json")) for e in batch.entries}
    bodies.update({("member", m.id): (None, m.model_dump(mode="json")) for m in batch.members})
    bodies.update({("card", c.serial): (None, c.model_dump(mode="json")) for c in batch.cards})
    bodies.update({("device_key", k.key_id): (None, k.model_dump(mode="json")) for k in batch.device_keys})
    values = []
    for item in items:
        seq, body = bodies.get((item.what, item.ref), (None, {}))
        values.append({"terminal_id": terminal.id, "what": item.what, "ref": item.ref, "seq": seq,
                       "reason": item.reason, "body": body, "at": utc_text(at)})
    connection.execute(_insert(connection)(quarantine).values(values).on_conflict_do_nothing())
