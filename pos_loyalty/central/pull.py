"""A pull: what changed in the chain after the terminal's cursor, for the members it serves.

The terminal serves every member of its store and the members of other stores it fetched
(member_follows). One cursor over the chain's change order covers every kind, so a page is
a consistent cut: members arrive no later than their cards and entries.
"""
from __future__ import annotations

from datetime import date

import pydantic_core
from sqlalchemy import Connection, Engine, or_, select

from pos_loyalty.central import changes
from pos_loyalty.central.models import (
    cards, device_keys, issuer_keys, ledger, member_follows, members, programs, spend, stores,
)
from pos_loyalty.central.terminals import Terminal
from pos_loyalty.errors import NotFound
from pos_loyalty.sync.protocol import MemberBundle, PullResult


def _served(terminal: Terminal, *, by_change: bool = False):  # noqa: ANN202 - a SQL condition on members
    """`by_change`: the condition of a join that should walk the joined table's change order (a page
    is the next N changes). SQLite would otherwise start from the store's members and read and sort
    every entry they ever had, on every page; `store_id + 0` keeps it off the members' index."""
    followed = select(member_follows.c.member_id).where(member_follows.c.terminal_id == terminal.id)
    store = members.c.store_id + 0 if by_change else members.c.store_id
    return or_(store == terminal.store_id, members.c.id.in_(followed))


# Rows as the protocol's JSON values: the stored instants go as the UTC text they are kept in (what
# the records would serialise to, without a datetime in between). A pull page is written straight from
# them (building 5,000 records a page cost the server more than its queries); the till validates it.
def member_json(r) -> dict:  # noqa: ANN001
    return {"id": r.id, "name": r.name, "phone": r.phone, "birthday": r.birthday, "joined": r.joined,
            "consent": r.consent, "created_at": r.created_at}


def card_json(r) -> dict:  # noqa: ANN001
    return {"serial": r.serial, "member": r.member_id, "issued_at": r.issued_at, "revoked_at": r.revoked_at,
            "replaced_by": r.replaced_by}


def key_json(r) -> dict:  # noqa: ANN001
    return {"key_id": r.key_id, "member": r.member_id, "public_key": r.public_key, "certificate": r.certificate,
            "enrolled_at": r.enrolled_at, "revoked_at": r.revoked_at}


def entry_json(r) -> dict:  # noqa: ANN001
    return {"id": r.id, "terminal": r.terminal_id, "seq": r.seq, "member": r.member_id, "kind": r.kind,
            "at": r.at, "points": r.points, "stamps": r.stamps, "card": r.card_id, "promotion": r.promotion_id,
            "lot": r.lot_id, "receipt": r.receipt_id, "program_version": r.program_version, "reason": r.reason}


def spend_json(r) -> dict:  # noqa: ANN001
    return {"id": r.id, "member": r.member_id, "at": r.at, "amount": r.amount, "receipt": r.receipt_id}


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
    return {
        "members": [member_json(r) for r in found["members"]], "member_origins": origins,
        "cards": [card_json(r) for r in found["cards"]],
        "device_keys": [key_json(r) for r in found["device_keys"]],
        "issuer_keys": [{"key_id": r.key_id, "terminal": r.terminal_id, "public_key": r.public_key}
                        for r in found["issuer_keys"]],
        "programs": [{"version": r.version, "body": r.body, "published_at": r.published_at}
                     for r in found["programs"]],
        "entries": [entry_json(r) for r in found["entries"]],
        "spend": [spend_json(r) for r in found["spend"]],
        "cursor": upto if upto > cursor else cursor, "more": upto < top, "offline_allowance": allowance,
    }


def pull(engine: Engine, terminal: Terminal, *, cursor: int, limit: int) -> PullResult:
    """The next page after `cursor`, validated as the till validates it."""
    return PullResult.model_validate(pull_page(engine, terminal, cursor=cursor, limit=limit))


def pull_json(engine: Engine, terminal: Terminal, *, cursor: int, limit: int) -> bytes:
    """The next page after `cursor` as the JSON the server answers (written straight from the rows)."""
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
        return MemberBundle.model_validate({
            "member": member_json(row), "origin": row.terminal_id,
            "cards": [card_json(r) for r in connection.execute(select(cards).where(cards.c.member_id == member_id))],
            "device_keys": [key_json(r) for r in connection.execute(
                select(device_keys).where(device_keys.c.member_id == member_id))],
            "entries": [entry_json(r) for r in connection.execute(
                select(ledger).where(ledger.c.member_id == member_id).order_by(ledger.c.change))],
            "spend": [spend_json(r) for r in connection.execute(
                select(spend).where(spend.c.member_id == member_id).order_by(spend.c.change))]})


def _follow(connection: Connection, terminal_id: str, member_id: str) -> None:
    from pos_loyalty.central.ingest import _insert
    connection.execute(_insert(connection)(member_follows).values(terminal_id=terminal_id, member_id=member_id)
                       .on_conflict_do_nothing())


__all__ = ["pull", "pull_json", "pull_page", "fetch_member", "date"]
