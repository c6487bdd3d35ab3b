"""Stores, registration codes and terminals: what `central code`, `terminal register` and
revocation do to the central store."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import Connection, Engine, func, insert, select, update

from pos_loyalty.central.models import registration_codes, stores, terminals
from pos_loyalty.errors import InvalidInput, NotFound, Refused
from pos_loyalty.sync.protocol import Registered, utc_text

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I: read aloud and typed at the till
DEFAULT_STORE = "Main store"


def code_hash(code: str) -> str:
    normal = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normal.encode()).hexdigest()


def store_id(connection: Connection, name: str, at: datetime, *, create: bool = True) -> int:
    found = connection.execute(select(stores.c.id).where(stores.c.name == name)).scalar()
    if found is not None:
        return found
    if not create:
        raise NotFound(f"no store named {name!r}")
    return connection.execute(insert(stores).values(name=name, created_at=utc_text(at))
                              .returning(stores.c.id)).scalar_one()


def new_code(engine: Engine, *, store: str, at: datetime, minutes: int = 10) -> str:
    """A one-time registration code for a till of `store` (created if new); good for `minutes`."""
    if not store.strip() or len(store) > 100:
        raise InvalidInput("--store: a store name of 1 to 100 characters")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    with engine.begin() as connection:
        sid = store_id(connection, store.strip(), at)
        connection.execute(insert(registration_codes).values(
            code_hash=code_hash(code), store_id=sid, created_at=utc_text(at),
            expires_at=utc_text(at + timedelta(minutes=minutes))))
    return f"{code[:4]}-{code[4:]}"


def register_terminal(engine: Engine, *, code: str, public_key: str, name: str, at: datetime,
                      issuer_key: Optional[str] = None, program: Optional[str] = None) -> Registered:
    """Exchange a code for a terminal: the code is spent in the same transaction (works once)."""
    from sqlalchemy.exc import IntegrityError
    for _attempt in range(5):
        try:
            return _register(engine, code=code, public_key=public_key, name=name, at=at, issuer_key=issuer_key,
                             program=program)
        except IntegrityError:
            continue   # another till took the same terminal number at the same moment: number again
    raise Refused("the server is busy registering other tills: try again")


def _register(engine: Engine, *, code: str, public_key: str, name: str, at: datetime,
              issuer_key: Optional[str], program: Optional[str] = None) -> Registered:
    with engine.begin() as connection:
        row = connection.execute(
            select(registration_codes).where(registration_codes.c.code_hash == code_hash(code))
            .with_for_update()).first()
        if row is None or row.used_at is not None or row.expires_at <= utc_text(at):
            raise Refused("registration code unknown, already used or expired: ask the manager for a new one")
        number = (connection.execute(select(func.max(terminals.c.number))).scalar() or 0) + 1
        terminal = f"T{number:04d}"
        join_key = secrets.token_hex(32)
        connection.execute(insert(terminals).values(
            id=terminal, number=number, store_id=row.store_id, name=name, public_key=public_key,
            registered_at=utc_text(at), join_key=join_key))
        key_id = add_issuer_key(connection, terminal, issuer_key, at=at) if issuer_key else None
        used = connection.execute(update(registration_codes).where(
            registration_codes.c.code_hash == row.code_hash, registration_codes.c.used_at.is_(None))
            .values(used_at=utc_text(at), terminal_id=terminal))
        if used.rowcount != 1:
            raise Refused("registration code already used")
        if program is not None:
            from pos_loyalty.central.programs import adopt_first_program
            adopt_first_program(connection, program, at)
        store = connection.execute(select(stores.c.name, stores.c.offline_allowance)
                                   .where(stores.c.id == row.store_id)).one()
    return Registered(terminal=terminal, number=number, store=store.name, offline_allowance=store.offline_allowance,
                      issuer_key_id=key_id, join_key=join_key)


FIRST_CHAIN_KEY_ID = 64   # key ids below are a standalone till's own (its keys from before it registered)


def add_issuer_key(connection: Connection, terminal_id: str, public_key: str, *, at: datetime,
                   private_key: Optional[str] = None) -> int:
    """A card issuer key joins the chain under the next free chain-wide key id; tills pull it."""
    from pos_loyalty.cards.payload import MAX_KEY_ID
    from pos_loyalty.central import changes
    from pos_loyalty.central.models import issuer_keys
    last = connection.execute(select(func.max(issuer_keys.c.key_id))).scalar() or 0
    key_id = max(last + 1, FIRST_CHAIN_KEY_ID)
    if key_id > MAX_KEY_ID:
        raise Refused(f"the chain has used all card issuer key ids (up to {MAX_KEY_ID})")
    connection.execute(insert(issuer_keys).values(key_id=key_id, terminal_id=terminal_id, public_key=public_key,
                                                  private_key=private_key, added_at=utc_text(at),
                                                  change=changes.take(connection, 1)))
    return key_id


@dataclass(frozen=True)
class Terminal:
    id: str
    number: int
    store_id: int
    public_key: str
    revoked: bool
    acked_seq: int


def load_terminal(connection: Connection, terminal_id: str) -> Optional[Terminal]:
    row = connection.execute(select(terminals).where(terminals.c.id == terminal_id)).first()
    if row is None:
        return None
    return Terminal(id=row.id, number=row.number, store_id=row.store_id, public_key=row.public_key,
                    revoked=row.revoked_at is not None, acked_seq=row.acked_seq)


def revoke_terminal(engine: Engine, terminal_id: str, at: datetime) -> None:
    with engine.begin() as connection:
        done = connection.execute(update(terminals).where(terminals.c.id == terminal_id)
                                  .values(revoked_at=func.coalesce(terminals.c.revoked_at, utc_text(at))))
        if done.rowcount == 0:
            raise NotFound(f"no terminal {terminal_id!r}")


def set_offline_allowance(engine: Engine, store: str, points: int, at: datetime) -> None:
    if not 0 <= points <= 10**9:
        raise InvalidInput("--offline-allowance: points from 0 to 1000000000")
    with engine.begin() as connection:
        sid = store_id(connection, store, at)
        connection.execute(update(stores).where(stores.c.id == sid).values(offline_allowance=points))
