"""Membership cards in the local store: the CardStore protocol of pos_loyalty.cards over SQLite,
the phones' device certificates (`device_keys`), and the verifier a terminal builds from them."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import Engine, select

from db.models import Base
from db.store import ALIASES, CARD_ALIASES, CARDS, SqlUnitOfWork
from pos_loyalty.cards.card_store import IssuedCard, MemberDisplay
from pos_loyalty.cards.chain_numbers import chain_number
from pos_loyalty.cards.ids import CardSerial, MemberId
from pos_loyalty.cards.payload import DeviceCertificate, PayloadError, parse_device_certificate
from pos_loyalty.cards.scan import member_number_for
from pos_loyalty.errors import NotFound

DEVICES = Base.metadata.tables["device_keys"]
Clock = Callable[[], datetime]
CARDS_CHANGED = "cards_changed"  # bumped whenever what a verifier holds changes (phones, revocations)


def cards_changed(engine: Engine) -> str:
    """A marker that changes whenever a phone is certified or revoked or a card revoked: a till
    holding a verifier compares it (one key look-up) and rebuilds the verifier when it moved."""
    with SqlUnitOfWork(engine).reading() as uow:
        return uow.setting(CARDS_CHANGED) or "0"


def _bump(uow: SqlUnitOfWork) -> None:
    uow.set_setting(CARDS_CHANGED, str(int(uow.setting(CARDS_CHANGED) or "0") + 1))


def _next_number(uow: SqlUnitOfWork, what: str) -> int:
    """1, 2, 3... on a standalone till; once registered, numbers in the terminal's block, unique
    across the chain even offline (pos_loyalty.cards.chain_numbers)."""
    prefix = uow.setting("member_prefix")
    if prefix is None:
        number = int(uow.setting(f"next_{what}") or "1")
        uow.set_setting(f"next_{what}", str(number + 1))
        return number
    count = int(uow.setting(f"next_chain_{what}") or "1")
    uow.set_setting(f"next_chain_{what}", str(count + 1))
    return chain_number(int(prefix), count)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SqlCardStore:
    """Each call is its own short transaction, as card issuing is a manager's one-off action.

    `SqlCardStore.within(uow)` instead runs every call inside one open (batch) unit of work,
    for bulk issuing such as the demo shop."""

    def __init__(self, engine: Engine, clock: Clock = _utc_now) -> None:
        self.engine = engine
        self.clock = clock
        self._shared: Optional[SqlUnitOfWork] = None

    @classmethod
    def within(cls, uow: SqlUnitOfWork, clock: Clock = _utc_now) -> "SqlCardStore":
        store = cls(uow.engine, clock)
        store._shared = uow
        return store

    def _uow(self) -> SqlUnitOfWork:
        return self._shared if self._shared is not None else SqlUnitOfWork(self.engine)

    def member_display(self, member_id: MemberId) -> MemberDisplay:
        with self._uow().reading() as uow:
            member = uow.member(member_id)
        if member is None:
            raise NotFound(_no_member(member_id))
        return MemberDisplay(name=member.name, number=member_number_for(member_id))

    def next_serial(self, member_id: MemberId) -> CardSerial:
        with self._uow() as uow:
            if uow.member(member_id) is None:  # before a serial is spent on nobody
                raise NotFound(_no_member(member_id))
            serial = _next_number(uow, "card_serial")
            uow.commit()
        return CardSerial(serial)

    def record_issue(self, card: IssuedCard) -> None:
        with self._uow() as uow:
            uow.add_card(str(card.card_serial), card.member_id,
                         datetime.fromtimestamp(card.issued_at, tz=timezone.utc))
            uow.commit()

    def active_serial(self, member_id: MemberId) -> Optional[CardSerial]:
        serials = self.active_serials(member_id)
        return serials[-1] if serials else None

    def active_serials(self, member_id: MemberId) -> list[CardSerial]:
        """Every card of the member not revoked, oldest first."""
        with self._uow().reading() as uow:
            serials = uow.c.execute(select(CARDS.c.serial).where(CARDS.c.member_id == member_id,
                                                                 CARDS.c.revoked_at.is_(None))).scalars().all()
        return sorted(CardSerial(int(s)) for s in serials)

    def revoke(self, card_serial: CardSerial) -> None:
        with self._uow() as uow:
            uow.revoke_card(str(card_serial), self.clock())
            _bump(uow)
            uow.commit()

    def revoked_serials(self) -> frozenset[CardSerial]:
        with self._uow().reading() as uow:
            rows = list(uow.c.execute(select(CARDS.c.serial).where(CARDS.c.revoked_at.is_not(None))).scalars())
            # A card printed before the till registered carries its old serial (db/member_renumbering.py).
            rows += uow.c.execute(select(CARD_ALIASES.c.old_serial).join(CARDS, CARDS.c.serial == CARD_ALIASES.c.serial)
                                  .where(CARDS.c.revoked_at.is_not(None))).scalars()
            return frozenset(CardSerial(int(s)) for s in rows)

    # -- phones (DeviceStore) -----------------------------------------------------------
    def next_device_key_id(self) -> int:
        with self._uow() as uow:
            key_id = _next_number(uow, "device_key")
            uow.commit()
        return key_id

    def record_device(self, certificate: DeviceCertificate, *, at: datetime) -> None:
        with self._uow() as uow:
            uow.c.execute(DEVICES.insert(), {
                "key_id": str(certificate.device_key_id), "member_id": certificate.member_id,
                "public_key": certificate.device_public_key.hex(), "certificate": certificate.to_bytes().hex(),
                "enrolled_at": at})
            _bump(uow)
            uow.commit()

    def revoke_member_devices(self, member_id: str, *, at: datetime) -> int:
        """The member moved their card to a new phone: every earlier device key stops verifying."""
        with self._uow() as uow:
            done = uow.c.execute(DEVICES.update().where(DEVICES.c.member_id == member_id,
                                                        DEVICES.c.revoked_at.is_(None)).values(revoked_at=at))
            _bump(uow)
            uow.commit()
        return int(done.rowcount or 0)

    def device_certificates(self) -> list[DeviceCertificate]:
        """Certificates of devices not revoked, as stored; the terminal checks their signatures."""
        with self._uow().reading() as uow:
            rows = uow.c.execute(select(DEVICES.c.member_id, DEVICES.c.public_key, DEVICES.c.certificate)
                                 .where(DEVICES.c.revoked_at.is_(None))).all()
            # A phone certified before the till registered names the member by their old number.
            renamed = dict(uow.c.execute(select(ALIASES.c.old_id, ALIASES.c.member_id)).all())
        certificates = []
        for member_id, public_key, text in rows:
            try:
                certificate = parse_device_certificate(bytes.fromhex(text))
            except (ValueError, PayloadError):
                continue  # a damaged row cannot vouch for anything
            certified = renamed.get(str(certificate.member_id), certificate.member_id)
            if certified == member_id and certificate.device_public_key.hex() == public_key:
                certificates.append(certificate)
        return certificates


class SqlSeenCodes:
    """Phone codes already accepted, in the store: the check and the record are one transaction,
    so two scans of the same code (two windows, two processes) cannot both pass."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def first_use(self, code_id: str, *, now: int, forget_after: int) -> bool:
        from sqlalchemy.exc import IntegrityError

        from db.store import SEEN_CODES
        try:
            with self.engine.begin() as connection:
                connection.execute(SEEN_CODES.delete().where(SEEN_CODES.c.forget_after < now))
                connection.execute(SEEN_CODES.insert(), {"code_id": code_id, "forget_after": forget_after})
        except IntegrityError:
            return False
        return True


def terminal_verifier(engine: Engine, keys_dir: Path, clock: Clock = _utc_now, *, seen_codes=None):  # noqa: ANN001, ANN201
    """The CardVerifier a till uses: issuer public keys from `keys_dir` (e.g. `<db>.keys/`) and the
    chain's (pulled into the store), the
    revoked serials and certified phones from the store (certificates checked with those keys,
    so a row the issuer did not sign is ignored), and phone-code replays remembered in
    the store's `seen_phone_codes` table."""
    from pos_loyalty.cards.devices import RegisteredDevices
    from pos_loyalty.cards.key_directory import KeyDirectory
    from pos_loyalty.cards.revocation import RevokedSerials
    from pos_loyalty.cards.verifier import CardVerifier

    from db.sync_store import chain_issuer_keys
    from pos_loyalty.cards.keyring import Keyring

    store = SqlCardStore(engine, clock)
    own = KeyDirectory(Path(keys_dir)).keyring()
    # The chain's other issuers (pulled), so cards and phones certified at other tills verify here;
    # a key id this till holds itself keeps its own key.
    keyring = Keyring.from_raw({**chain_issuer_keys(engine), **own.to_raw()})
    if seen_codes is None:
        seen_codes = SqlSeenCodes(engine)
    return CardVerifier(keyring, revoked=RevokedSerials(store.revoked_serials()), seen_codes=seen_codes,
                        devices=RegisteredDevices(store.device_certificates(), keyring=keyring))


def _no_member(member_id: str) -> str:
    return f"No member {member_id!r}: enrol the member first"
