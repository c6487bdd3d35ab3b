"""The central store seen by the joining services: a member who joins on the central page is
enrolled straight into the chain, under the page's own terminal.

The page is a terminal of the chain (a row in `terminals`, made on first use, named "central phone
page", with a public key whose private half nobody holds, so nobody can sign requests as it). It
numbers members, card serials and device keys in its own block like any till, writes the starter
stamps as its own ledger entries, and signs cards and phone certificates with its own issuer key
(`issuer_keys`, the one row whose private half the server keeps). Tills pull all of it as they pull
another till's work, so the till the member stands at sees them at its next pull.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from pos_loyalty.cards.card_store import IssuedCard, MemberDisplay
from pos_loyalty.cards.chain_numbers import chain_number
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.payload import DeviceCertificate
from pos_loyalty.cards.scan import member_number_for
from pos_loyalty.central import changes
from pos_loyalty.central.member_view import CentralMemberView
from pos_loyalty.central.models import (
    cards, counters, device_keys, issuer_keys, join_links_used, ledger, members, terminals,
)
from pos_loyalty.central.terminals import add_issuer_key
from pos_loyalty.errors import NotFound
from pos_loyalty.ledger import LedgerEntry
from pos_loyalty.members import Member, chain_member_number
from pos_loyalty.services.join_links import JoinLink
from pos_loyalty.sync.protocol import Entry, utc_text

PAGE = "phone_page"          # counters: phone_page (its terminal number), phone_page.members, ...
PAGE_NAME = "central phone page"


class PageTerminal:
    """The central page's terminal: its id, number and issuer, made once per chain."""

    def __init__(self, engine: Engine, *, store_id: int, at: datetime) -> None:
        self.engine = engine
        for _attempt in range(5):
            found = self._load()
            if found is not None:
                break
            try:
                self._create(store_id, at)
            except IntegrityError:
                continue   # another server process made it at the same moment: read theirs
        else:
            raise RuntimeError("could not set up the central phone page's terminal")
        self.number, self.id, self.issuer = found

    def _load(self) -> Optional[tuple[int, str, CardIssuer]]:
        with self.engine.connect() as c:
            number = c.execute(select(counters.c.value).where(counters.c.name == PAGE)).scalar()
            if number is None:
                return None
            terminal = f"T{number:04d}"
            row = c.execute(select(issuer_keys.c.key_id, issuer_keys.c.private_key)
                            .where(issuer_keys.c.terminal_id == terminal, issuer_keys.c.private_key.is_not(None))
                            .order_by(issuer_keys.c.key_id.desc())).first()
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(row.private_key))
        return number, terminal, CardIssuer({KeyId(row.key_id): key}, current_key_id=KeyId(row.key_id))

    def _create(self, store_id: int, at: datetime) -> None:
        with self.engine.begin() as c:
            number = (c.execute(select(func.max(terminals.c.number))).scalar() or 0) + 1
            terminal = f"T{number:04d}"
            nobody = public_bytes(Ed25519PrivateKey.generate().public_key()).hex()  # private half dropped
            c.execute(insert(terminals).values(id=terminal, number=number, store_id=store_id, name=PAGE_NAME,
                                               public_key=nobody, registered_at=utc_text(at)))
            c.execute(insert(counters).values([{"name": PAGE, "value": number},
                                               *({"name": f"{PAGE}.{what}", "value": 0}
                                                 for what in ("members", "cards", "devices", "seq"))]))
            key = Ed25519PrivateKey.generate()
            add_issuer_key(c, terminal, public_bytes(key.public_key()).hex(), at=at,
                           private_key=key.private_bytes_raw().hex())


def count(connection: Connection, what: str, n: int = 1) -> int:
    """Take `n` numbers of the page's counter `what`; returns the first."""
    after = connection.execute(update(counters).where(counters.c.name == f"{PAGE}.{what}")
                               .values(value=counters.c.value + n).returning(counters.c.value)).scalar_one()
    return after - n + 1


class CentralEnrolment(CentralMemberView):
    """The part of a UnitOfWork that enrolment and the joining services use, on the central store.
    Each `with` is one transaction; what the page does is kept in the chain's own tables (the
    member, its entries, `join_links_used`), so `audit` records nothing more."""

    def __init__(self, engine: Engine, page: PageTerminal, *, store_id: int) -> None:
        super().__init__(engine)
        self.page, self.store_id = page, store_id
        self.terminal_id = page.id
        self._committed = False

    def reading(self) -> "CentralEnrolment":
        return self

    def __enter__(self) -> "CentralEnrolment":
        self._connection = self.engine.connect()
        self._transaction = self._connection.begin()
        self._committed = False
        return self

    def __exit__(self, *exc: Any) -> None:
        if not self._committed:
            self._transaction.rollback()
        self._connection.close()
        self._connection = None

    def commit(self) -> None:
        self._transaction.commit()
        self._committed = True

    def member_by_phone(self, phone: str) -> Optional[Member]:
        row = self._connection.execute(select(members.c.id).where(members.c.phone == phone)).first()
        return None if row is None else self.member(row.id)

    def next_member_id(self) -> str:
        return chain_member_number(self.page.number, count(self._connection, "members"))

    def add_member(self, member: Member, at: datetime) -> None:
        self._connection.execute(insert(members).values(
            id=member.id, store_id=self.store_id, terminal_id=self.page.id, name=member.name, phone=member.phone,
            birthday=member.birthday, joined=member.joined, consent=member.consent, created_at=utc_text(at),
            change=changes.take(self._connection, 1)))

    def next_seq(self, n: int) -> int:
        return count(self._connection, "seq", n)

    def append(self, entries: list[LedgerEntry]) -> None:
        first = changes.take(self._connection, len(entries))
        rows = []
        for number, e in enumerate(entries, start=first):
            wire = Entry(id=e.id, terminal=e.terminal, seq=e.seq, member=e.member, kind=e.kind, at=e.at,
                         points=e.points, stamps=e.stamps, card=e.card, promotion=e.promotion, lot=e.lot,
                         receipt=e.receipt, program_version=e.program_version, reason=e.reason or "")
            rows.append({"id": e.id, "change": number, "terminal_id": e.terminal, "seq": e.seq, "member_id": e.member,
                         "kind": e.kind, "at": utc_text(e.at), "points": e.points, "stamps": e.stamps,
                         "card_id": e.card, "promotion_id": e.promotion, "lot_id": e.lot, "receipt_id": e.receipt,
                         "program_version": e.program_version, "reason": e.reason or "",
                         "body_hash": wire.body_hash(), "flagged": None})
        self._connection.execute(insert(ledger), rows)

    def audit(self, action: str, data: dict, at: datetime, actor: str = "") -> None:
        """Kept by the chain's tables themselves (see the class docstring)."""


class CentralCards:
    """Cards and phones of the central store, as the card and joining services ask for them."""

    def __init__(self, engine: Engine, page: PageTerminal, clock) -> None:  # noqa: ANN001
        self.engine, self.page, self.clock = engine, page, clock

    def member_display(self, member_id: MemberId) -> MemberDisplay:
        with self.engine.connect() as c:
            name = c.execute(select(members.c.name).where(members.c.id == member_id)).scalar()
        if name is None:
            raise NotFound(f"No member {member_id!r}")
        return MemberDisplay(name=name, number=member_number_for(member_id))

    def next_serial(self, member_id: MemberId) -> CardSerial:
        with self.engine.begin() as c:
            return CardSerial(chain_number(self.page.number, count(c, "cards")))

    def record_issue(self, card: IssuedCard) -> None:
        with self.engine.begin() as c:
            c.execute(insert(cards).values(
                serial=str(card.card_serial), member_id=card.member_id,
                issued_at=utc_text(datetime.fromtimestamp(card.issued_at, tz=timezone.utc)),
                change=changes.take(c, 1)))

    def active_serials(self, member_id: MemberId) -> list[CardSerial]:
        with self.engine.connect() as c:
            serials = c.execute(select(cards.c.serial).where(cards.c.member_id == member_id,
                                                             cards.c.revoked_at.is_(None))).scalars().all()
        return sorted(CardSerial(int(s)) for s in serials)

    def active_serial(self, member_id: MemberId) -> Optional[CardSerial]:
        serials = self.active_serials(member_id)
        return serials[-1] if serials else None

    def revoke(self, card_serial: CardSerial) -> None:
        with self.engine.begin() as c:
            c.execute(update(cards).where(cards.c.serial == str(card_serial), cards.c.revoked_at.is_(None))
                      .values(revoked_at=utc_text(self.clock()), change=changes.take(c, 1)))

    def revoked_serials(self) -> frozenset[CardSerial]:
        with self.engine.connect() as c:
            return frozenset(CardSerial(int(s)) for s in c.execute(
                select(cards.c.serial).where(cards.c.revoked_at.is_not(None))).scalars())

    # -- phones ---------------------------------------------------------------------------
    def next_device_key_id(self) -> int:
        with self.engine.begin() as c:
            return chain_number(self.page.number, count(c, "devices"))

    def record_device(self, certificate: DeviceCertificate, *, at: datetime) -> None:
        with self.engine.begin() as c:
            c.execute(insert(device_keys).values(
                key_id=str(certificate.device_key_id), member_id=certificate.member_id,
                public_key=certificate.device_public_key.hex(), certificate=certificate.to_bytes().hex(),
                enrolled_at=utc_text(at), change=changes.take(c, 1)))

    def revoke_member_devices(self, member_id: str, *, at: datetime) -> int:
        """A move: every earlier phone of the member, each with a change number of its own so every
        till pulls the revocation."""
        with self.engine.begin() as c:
            live = c.execute(select(device_keys.c.key_id).where(device_keys.c.member_id == member_id,
                                                                device_keys.c.revoked_at.is_(None))).scalars().all()
            for key_id in live:
                c.execute(update(device_keys).where(device_keys.c.key_id == key_id)
                          .values(revoked_at=utc_text(at), change=changes.take(c, 1)))
        return len(live)

    def device_certificates(self) -> list[DeviceCertificate]:
        from pos_loyalty.cards.payload import parse_device_certificate
        with self.engine.connect() as c:
            rows = c.execute(select(device_keys.c.certificate).where(device_keys.c.revoked_at.is_(None))).scalars()
            return [parse_device_certificate(bytes.fromhex(text)) for text in rows]


class CentralJoinBook:
    """Join links spent on the central page (the JoinBook of pos_loyalty.services.joining)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def spend_join_link(self, link: JoinLink, *, at: datetime, outcome: str) -> bool:
        try:
            with self.engine.begin() as c:
                c.execute(insert(join_links_used).values(nonce=link.nonce, till=link.till, used_at=utc_text(at),
                                                         outcome=outcome))
        except IntegrityError:
            return False
        return True

    def joins_since(self, till: str, since: datetime) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(join_links_used).where(
                join_links_used.c.till == till, join_links_used.c.used_at > utc_text(since))).scalar_one())

    def link_used(self, link: JoinLink) -> bool:
        with self.engine.connect() as c:
            return c.execute(select(join_links_used.c.nonce)
                             .where(join_links_used.c.nonce == link.nonce)).first() is not None
