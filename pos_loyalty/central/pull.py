"""A pull: what changed in the chain after the terminal's cursor, for the members it serves.

The terminal serves every member of its store and the members of other stores it fetched
(member_follows). One cursor over the chain's change order covers every kind, so a page is
a consistent cut: members arrive no later than their cards and entries.
"""
from __future__ import annotations

from datetime import date, datetime

import pydantic_core
from sqlalchemy import Connection, Engine, or_, select

from pos_loyalty.central import changes
from pos_loyalty.central.models import (
    cards, device_keys, issuer_keys, ledger, member_follows, members, programs, spend, stores,
)
from pos_loyalty.central.terminals import Terminal
from pos_loyalty.errors import NotFound
from pos_loyalty.sync.protocol import (
    CardRecord, DeviceKeyRecord, Entry, IssuerKeyRecord, MemberBundle, MemberRecord, ProgramRecord, PullResult, SpendRecord,
)


def _served(terminal: Terminal, *, by_change: bool = False):  # noqa: ANN202 - a SQL condition on members
    """`by_change`: the condition of a join that should walk the joined table's change order (a page
    is the next N changes). SQLite would otherwise start from the store's members and read and sort
    every entry they ever had, on every page; `store_id + 0` keeps it off the members' index."""
    followed = select(member_follows.c.member_id).where(member_follows.c.terminal_id == terminal.id)
    store = members.c.store_id + 0 if by_change else members.c.store_id
    return or_(store == terminal.store_id, members.c.id.in_(followed))


# Records are built with model_construct: the rows were validated when they came in (the push, the
# central page), and a page of 5,000 entries validated again cost more than the queries.
def _iso(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def member_record(row) -> MemberRecord:  # noqa: ANN001
    return MemberRecord.model_construct(
        id=row.id, name=row.name, phone=row.phone, birthday=row.birthday, joined=row.joined,
        consent=row.consent, created_at=_iso(row.created_at))


def card_record(row) -> CardRecord:  # noqa: ANN001
    return CardRecord.model_construct(
        serial=row.serial, member=row.member_id, issued_at=_iso(row.issued_at),
        revoked_at=_iso(row.revoked_at), replaced_by=row.replaced_by)


def key_record(row) -> DeviceKeyRecord:  # noqa: ANN001
    return DeviceKeyRecord.model_construct(
        key_id=row.key_id, member=row.member_id, public_key=row.public_key, certificate=row.certificate,
        enrolled_at=_iso(row.enrolled_at), revoked_at=_iso(row.revoked_at))


def entry_record(row) -> Entry:  # noqa: ANN001
    return Entry.model_construct(
        id=row.id, terminal=row.terminal_id, seq=row.seq, member=row.member_id, kind=row.kind, at=_iso(row.at),
        points=row.points, stamps=row.stamps, card=row.card_id, promotion=row.promotion_id, lot=row.lot_id,
        receipt=row.receipt_id, program_version=row.program_version, reason=row.reason)


def spend_record(row) -> SpendRecord:  # noqa: ANN001
    return SpendRecord.model_construct(
        id=row.id, member=row.member_id, at=_iso(row.at), amount=row.amount, receipt=row.receipt_id)


def pull_page(engine: Engine, terminal: Terminal, *, cursor: int, limit: int) -> dict:
    """The next page after `cursor`: plain JSON values under the protocol's (PullResult's) field names."""
    with engine.connect() as connection:
        top = changes.committed(connection)     # read first: every row numbered up to here is visible
        upto = top
        served = _served(terminal)
        joined = _served(terminal, by_change=connection.dialect.name == "sqlite")
        queries = {
            "members": select(members).where(served),
            "cards": select(cards).join(members, members.c.id == cards.c.member_id).where(joined),
            "device_keys": select(device_keys).join(members, members.c.id == device_keys.c.member_id).where(joined),
            "issuer_keys": select(issuer_keys.c.key_id, issuer_keys.c.terminal_id, issuer_keys.c.public_key,
                                  issuer_keys.c.change),
            "programs": select(programs),
            "entries": select(ledger).join(members, members.c.id == ledger.c.member_id)
            .where(joined, ledger.c.terminal_id != terminal.id),
            "spend": select(spend).join(members, members.c.id == spend.c.member_id)
            .where(joined, spend.c.terminal_id != terminal.id),
        }
        tables = {"members": members, "cards": cards, "device_keys": device_keys, "issuer_keys": issuer_keys,
                  "programs": programs,
                  "entries": ledger, "spend": spend}
        found: dict[str, list] = {}
        for name, query in queries.items():
            change = tables[name].c.change
            rows = connection.execute(query.where(change > cursor, change <= upto).order_by(change)
                                      .limit(limit)).all()
            if len(rows) == limit:
                upto = min(upto, rows[-1].change)
            found[name] = rows
        found = {name: [row for row in rows if row.change <= upto] for name, rows in found.items()}
        origins = {row.id: row.terminal_id for row in found["members"]}
        allowance = connection.execute(select(stores.c.offline_allowance)
                                       .where(stores.c.id == terminal.store_id)).scalar()
    # The page as plain JSON values, the protocol's field names: the stored instants go as the UTC text
    # they are kept in (what the records would serialise to, without a datetime in between).
    return {
        "members": [{"id": r.id, "name": r.name, "phone": r.phone, "birthday": r.birthday, "joined": r.joined,
                     "consent": r.consent, "created_at": r.created_at} for r in found["members"]],
        "member_origins": origins,
        "cards": [{"serial": r.serial, "member": r.member_id, "issued_at": r.issued_at, "revoked_at": r.revoked_at,
                   "replaced_by": r.replaced_by} for r in found["cards"]],
        "device_keys": [{"key_id": r.key_id, "member": r.member_id, "public_key": r.public_key,
                         "certificate": r.certificate, "enrolled_at": r.enrolled_at, "revoked_at": r.revoked_at}
                        for r in found["device_keys"]],
        "issuer_keys": [{"key_id": r.key_id, "terminal": r.terminal_id, "public_key": r.public_key}
                        for r in found["issuer_keys"]],
        "programs": [{"version": r.version, "body": r.body, "published_at": r.published_at}
                     for r in found["programs"]],
        "entries": [{"id": r.id, "terminal": r.terminal_id, "seq": r.seq, "member": r.member_id, "kind": r.kind,
                     "at": r.at, "points": r.points, "stamps": r.stamps, "card": r.card_id,
                     "promotion": r.promotion_id, "lot": r.lot_id, "receipt": r.receipt_id,
                     "program_version": r.program_version, "reason": r.reason} for r in found["entries"]],
        "spend": [{"id": r.id, "member": r.member_id, "at": r.at, "amount": r.amount, "receipt": r.receipt_id}
                  for r in found["spend"]],
        "cursor": upto if upto > cursor else cursor, "more": upto < top, "offline_allowance": allowance,
    }


def pull(engine: Engine, terminal: Terminal, *, cursor: int, limit: int) -> PullResult:
    """The next page after `cursor`, validated as the till validates it."""
    return PullResult.model_validate(pull_page(engine, terminal, cursor=cursor, limit=limit))


def pull_json(engine: Engine, terminal: Terminal, *, cursor: int, limit: int) -> bytes:
    """The next page after `cursor` as the JSON the server answers (written straight from the rows:
    building 5,000 records per page and serialising them cost more than the queries)."""
    return pydantic_core.to_json(pull_page(engine, terminal, cursor=cursor, limit=limit))


def fetch_member(engine: Engine, terminal: Terminal, member_id: str) -> MemberBundle:
    """A member the terminal has not seen (another store's): everything its balances need, and
    the terminal follows it from now on (its later entries come down in pulls)."""
    with engine.connect() as connection:
        row = connection.execute(select(members).where(members.c.id == member_id)).first()
        if row is None:
            raise NotFound(f"no member {member_id} in the chain")
        follows = row.store_id != terminal.store_id and connection.execute(
            select(member_follows.c.member_id).where(member_follows.c.terminal_id == terminal.id,
                                                     member_follows.c.member_id == member_id)).first() is None
    if follows:   # a write (the store's write lock on SQLite) only the first time this terminal asks
        with engine.begin() as connection:
            _follow(connection, terminal.id, member_id)
    with engine.connect() as connection:
        bundle = MemberBundle(
            member=member_record(row), origin=row.terminal_id,
            cards=[card_record(r) for r in connection.execute(select(cards).where(cards.c.member_id == member_id))],
            device_keys=[key_record(r) for r in connection.execute(
                select(device_keys).where(device_keys.c.member_id == member_id))],
            entries=[entry_record(r) for r in connection.execute(
                select(ledger).where(ledger.c.member_id == member_id).order_by(ledger.c.change))],
            spend=[spend_record(r) for r in connection.execute(
                select(spend).where(spend.c.member_id == member_id).order_by(spend.c.change))])
    return bundle


def _follow(connection: Connection, terminal_id: str, member_id: str) -> None:
    from pos_loyalty.central.ingest import _insert
    connection.execute(_insert(connection)(member_follows).values(terminal_id=terminal_id, member_id=member_id)
                       .on_conflict_do_nothing())


__all__ = ["pull", "pull_json", "pull_page", "fetch_member", "member_record", "entry_record", "date"]
