"""The till's side of sync in its SQLite store: what to push next, what the server confirmed,
what a pull brings in. Every step is one transaction of the store's own unit of work.

Settings it keeps (table `settings`): sync_server, terminal_id (the chain's id after
registration), sync_key (the terminal's Ed25519 private key, hex), member_prefix (the
terminal number member numbers carry), offline_allowance, sync_acked_seq, pull_cursor and
push cursors for members, cards, receipts and spend (their local row numbers).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import Engine, Text, func, insert, select, text, type_coerce, update

from db.member_renumbering import renumber_own_cards, renumber_own_members
from db.models import Base
from db.store import CARDS, LEDGER, MEMBERS, PROGRAMS, RECEIPTS, SETTINGS, SPEND, SqlUnitOfWork
from pos_loyalty.errors import Refused
from pos_loyalty.ledger import LedgerEntry
from pos_loyalty.sync.protocol import (
    CardRecord, DeviceKeyRecord, Entry, IssuerKeyRecord, MemberBundle, MemberRecord, PullResult, PushBatch, PushResult, ReceiptRecord, Registered,
    SpendRecord, utc_text,
)

DEVICES = Base.metadata.tables["device_keys"]
AUDIT = Base.metadata.tables["audit_log"]
OVERDRAW = "offline overdraw flagged"
CODE_ORIGIN = "code"          # members.origin of a card holder kept offline from a verified code
CARD_HOLDER = "Card holder"
JOIN_KEY_SETTING = "phone_join_key"          # as pos_loyalty.central.phone.till_desk
CENTRAL_PAGE_SETTING = "phone_page_central"  # the central server's page, which reads this till's links
CHAIN_KEY_SETTING = "chain_issuer_key."      # + key id: "<terminal>:<public key hex>", pulled
QUARANTINE = Base.metadata.tables["sync_quarantine"]
RECEIPT_BYTES = 2 * 1024 * 1024   # receipt body text per push (with 2,000 entries the request stays < 4 MB)


class TillSyncStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def _reading(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine).reading()

    # -- registration -------------------------------------------------------------------
    def program_text(self) -> Optional[str]:
        """The program file this till runs, exactly as published here (None: none yet)."""
        from pos_loyalty.errors import NotFound
        from pos_loyalty.services.programs import active_program_text
        try:
            return active_program_text(uow=self._uow())
        except NotFound:
            return None

    def settings(self) -> dict[str, str]:
        with self._reading() as uow:
            return dict(uow.c.execute(select(SETTINGS.c.key, SETTINGS.c.value)).all())

    def register(self, registered: Registered, *, server: str, private_key: str, at: datetime) -> int:
        """Take the chain's terminal id; the history written so far moves under it. Returns entries renamed."""
        with self._uow() as uow:
            if uow.setting("sync_server"):
                raise Refused(f"this till is already registered as {uow.terminal_id} with "
                              f"{uow.setting('sync_server')}")
            old = uow.setting("terminal_id") or uow.terminal_id
            moved = uow.c.execute(update(LEDGER).where(LEDGER.c.terminal_id == old)
                                  .values(terminal_id=registered.terminal)).rowcount
            uow.c.execute(update(RECEIPTS).where(RECEIPTS.c.terminal_id == old).values(terminal_id=registered.terminal))
            for key, value in (("terminal_id", registered.terminal), ("sync_server", server.rstrip("/")),
                               ("sync_key", private_key), ("member_prefix", str(registered.number)),
                               ("sync_store", registered.store), ("offline_allowance", str(registered.offline_allowance)),
                               ("sync_acked_seq", "0"), ("synced_entries", "0"), ("pull_cursor", "0")):
                uow.set_setting(key, value)
            # Its own members move into the terminal's block (the old numbers stay as aliases), so two
            # tills registering with history (the demo store) do not collide in the chain.
            renumbered = renumber_own_members(uow, registered.number, at)
            renumber_own_cards(uow, registered.number)
            if registered.join_key:   # the central page checks the links the customer display shows
                uow.set_setting(JOIN_KEY_SETTING, registered.join_key)
                uow.set_setting(CENTRAL_PAGE_SETTING, server.rstrip("/"))
            uow.audit("terminal registered", {"terminal": registered.terminal, "was": old, "server": server,
                                              "members renumbered": renumbered},
                      at=at)
            uow.commit()
        return moved

    # -- push ---------------------------------------------------------------------------
    def pending(self) -> int:
        with self._reading() as uow:
            return uow.pending_sync()

    def next_batch(self, limit: int, *, receipt_bytes: int = RECEIPT_BYTES,
                   after: Optional[tuple[PushBatch, dict]] = None) -> tuple[PushBatch, dict[str, int]]:
        """What the server has not confirmed yet, oldest first; and the push cursors it would move.

        `after` (a batch and its cursors, on the wire now): the batch that comes once the server has
        confirmed that one whole, built while it travels. It is the batch `next_batch` gives after that
        `confirm`, so the client sends it only when the server acknowledged every entry sent."""
        with self._reading() as uow:
            me = uow.terminal_id
            kinds = ("members", "cards", "device_keys", "receipts", "spend")
            if after is None:
                cursors = {k: int(uow.setting(f"push_{k}") or "0") for k in kinds}
                revoked_since = uow.setting("push_revoked_at") or ""
                device_revoked_since = uow.setting("push_device_revoked_at") or ""
                unsent = LEDGER.c.synced.is_(False)
            else:
                sent, before = after
                cursors = {k: int(before[k]) for k in kinds}
                revoked_since = str(before.get("revoked_at") or uow.setting("push_revoked_at") or "")
                device_revoked_since = str(before.get("device_revoked_at") or uow.setting("push_device_revoked_at")
                                           or "")
                last = max((e.seq for e in sent.entries), default=None)
                unsent = LEDGER.c.synced.is_(False) if last is None else \
                    (LEDGER.c.synced.is_(False) & (LEDGER.c.seq > last))
            moved = dict(cursors)
            c = uow.c
            member_rows = c.execute(select(text("rowid"), *MEMBERS.c).select_from(MEMBERS).where(
                text("rowid > :r").bindparams(r=cursors["members"]), MEMBERS.c.origin.is_(None))
                .order_by(text("rowid")).limit(limit)).all()
            members = [MemberRecord(id=r.id, name=r.name, phone=r.phone, birthday=r.birthday, joined=r.joined,
                                    consent=r.consent, created_at=r.created_at) for r in member_rows]
            if member_rows:
                moved["members"] = member_rows[-1].rowid
            card_rows = c.execute(select(text("rowid"), *CARDS.c).select_from(CARDS).where(
                text("rowid > :r").bindparams(r=cursors["cards"])).order_by(text("rowid")).limit(limit)).all()
            revoked = c.execute(select(text("rowid"), *CARDS.c).select_from(CARDS).where(
                CARDS.c.revoked_at.is_not(None), text("revoked_at > :t").bindparams(t=revoked_since),
                text("rowid <= :r").bindparams(r=cursors["cards"])).limit(limit)).all()
            cards = [CardRecord(serial=r.serial, member=r.member_id, issued_at=r.issued_at, revoked_at=r.revoked_at,
                                replaced_by=r.replaced_by) for r in [*card_rows, *revoked]]
            if card_rows:
                moved["cards"] = card_rows[-1].rowid
            # The body as the JSON text stored (not decoded here nor encoded again for the wire), and only
            # as many receipts as keep the request well under the server's 4 MB bound.
            # The sizes are read first, so only the bodies that fit are read into Python.
            mine = (text("rowid > :r").bindparams(r=cursors["receipts"]), RECEIPTS.c.terminal_id == me)
            last = _within(c.execute(select(text("rowid"), func.length(type_coerce(RECEIPTS.c.body, Text)))
                                     .select_from(RECEIPTS).where(*mine).order_by(text("rowid")).limit(limit)).all(),
                           receipt_bytes)
            receipt_rows = c.execute(select(
                text("rowid"), RECEIPTS.c.id, RECEIPTS.c.member_id, RECEIPTS.c.at, RECEIPTS.c.total,
                type_coerce(RECEIPTS.c.body, Text).label("body")).select_from(RECEIPTS).where(
                *mine, text("rowid <= :upto").bindparams(upto=last)).order_by(text("rowid"))).all() \
                if last is not None else []
            # The store's own rows (its JSON column wrote the body): the server checks them, not the till again.
            receipts = [ReceiptRecord.model_construct(id=r.id, member=r.member_id, at=r.at, total=r.total, body=r.body)
                        for r in receipt_rows]
            if receipt_rows:
                moved["receipts"] = receipt_rows[-1].rowid
            spend_rows = c.execute(select(SPEND).where(SPEND.c.id > cursors["spend"], ~SPEND.c.receipt_id.like("~%"))
                                   .order_by(SPEND.c.id).limit(limit)).all()
            spend = [SpendRecord(id=f"{me}/{r.id}", member=r.member_id, at=r.at, amount=r.amount, receipt=r.receipt_id)
                     for r in spend_rows]
            if spend_rows:
                moved["spend"] = spend_rows[-1].id
            # Entries and phones only once every member they name has gone (members go first).
            room = limit if len(member_rows) < limit else 0
            device_keys, device_moved = _device_keys(c, room, cursors.get("device_keys", 0), device_revoked_since)
            moved.update(device_moved)
            entry_rows = c.execute(select(LEDGER).where(unsent, LEDGER.c.terminal_id == me)
                                   .order_by(LEDGER.c.seq).limit(room)).all() if room else []
            entries = [_entry(r) for r in entry_rows]
            if revoked:
                moved["revoked_at"] = max(utc_text(r.revoked_at) for r in revoked)  # type: ignore[assignment]
        return PushBatch(members=members, cards=cards, device_keys=device_keys, receipts=receipts, spend=spend,
                         entries=entries), moved

    def confirm(self, result: PushResult, moved: dict[str, int], at: datetime) -> None:
        """The server answered: entries up to its acked sequence are confirmed, cursors move on."""
        with self._uow() as uow:
            me = uow.terminal_id
            uow.c.execute(update(LEDGER).where(LEDGER.c.terminal_id == me, LEDGER.c.synced.is_(False),
                                               LEDGER.c.seq <= result.acked_seq).values(synced=True))
            uow.set_setting("sync_acked_seq", str(result.acked_seq))
            uow.set_setting("synced_entries", str(result.acked_seq))
            for key, value in moved.items():
                uow.set_setting("push_revoked_at" if key == "revoked_at" else f"push_{key}", str(value))
            for item in result.quarantined:
                if uow.c.execute(select(QUARANTINE.c.ref).where(QUARANTINE.c.what == item.what,
                                                                QUARANTINE.c.ref == item.ref)).first() is None:
                    uow.c.execute(insert(QUARANTINE).values(what=item.what, ref=item.ref, reason=item.reason, at=at))
            self._audit_flags(uow, result.flagged, at)
            uow.set_setting("last_sync", utc_text(at))
            uow.commit()

    @staticmethod
    def _audit_flags(uow: SqlUnitOfWork, flagged: list[str], at: datetime) -> None:
        """Redemptions the server kept but flagged (offline tills together overdrew the member): into the
        audit log, where the manager's console shows them. Once each, however often the batch is re-sent."""
        if not flagged:
            return
        seen = {row.detail.get("entry") for row in uow.c.execute(
            select(AUDIT.c.detail).where(AUDIT.c.action == OVERDRAW))}
        for row in uow.c.execute(select(LEDGER.c.id, LEDGER.c.member_id, LEDGER.c.points, LEDGER.c.receipt_id,
                                        LEDGER.c.at).where(LEDGER.c.id.in_(flagged))):
            if row.id not in seen:
                uow.audit(OVERDRAW, {"entry": row.id, "member": row.member_id, "points": row.points,
                                     "receipt": row.receipt_id, "sold_at": utc_text(row.at),
                                     "why": "offline redemptions on several tills took the member below zero"},
                          at=at, actor="sync")

    def resend_from(self, seq: int) -> None:
        """The server holds less than we thought (e.g. restored from a backup): send again from `seq`."""
        with self._uow() as uow:
            me = uow.terminal_id
            uow.c.execute(update(LEDGER).where(LEDGER.c.terminal_id == me, LEDGER.c.seq >= seq).values(synced=False))
            uow.set_setting("sync_acked_seq", str(seq - 1))
            uow.set_setting("synced_entries", str(seq - 1))
            uow.commit()

    def quarantined(self) -> int:
        with self._reading() as uow:
            return uow.c.execute(select(func.count()).select_from(QUARANTINE)).scalar_one()

    # -- pull ---------------------------------------------------------------------------
    def cursor(self) -> int:
        with self._reading() as uow:
            return int(uow.setting("pull_cursor") or "0")

    def apply(self, result: PullResult, at: datetime) -> int:
        """Bring a pulled page in, and its cursor, in one transaction. Returns the rows taken in."""
        with self._uow() as uow:
            taken = self._take_in(uow, members=result.members, origins=result.member_origins, cards=result.cards,
                                  device_keys=result.device_keys, entries=result.entries, spend=result.spend)
            taken += _take_issuer_keys(uow, result.issuer_keys)
            for program in result.programs:
                if uow.c.execute(select(PROGRAMS.c.version).where(PROGRAMS.c.version == program.version)).first():
                    continue
                current = uow.c.execute(select(func.max(PROGRAMS.c.version))).scalar() or 0
                uow.c.execute(insert(PROGRAMS).values(version=program.version, body=program.body,
                                                      published_at=program.published_at, active=False))
                if program.version > current:
                    uow.c.execute(update(PROGRAMS).values(active=PROGRAMS.c.version == program.version))
                taken += 1
            uow.set_setting("pull_cursor", str(result.cursor))
            uow.set_setting("last_sync", utc_text(at))
            uow.set_setting("sync_unreachable_since", "")
            if result.offline_allowance is not None:
                uow.set_setting("offline_allowance", str(result.offline_allowance))
            uow.commit()
        return taken

    def mark_unreachable(self, at: datetime) -> None:
        """A round could not reach the server: from now on the till sells within the offline allowance."""
        with self._uow() as uow:
            if not uow.setting("sync_unreachable_since"):
                uow.set_setting("sync_unreachable_since", utc_text(at))
                uow.commit()

    def take_member(self, bundle: MemberBundle) -> None:
        """A member fetched on demand from the chain, with everything its balances are made of."""
        with self._uow() as uow:
            self._take_in(uow, members=[bundle.member], origins={bundle.member.id: bundle.origin},
                          cards=bundle.cards, device_keys=bundle.device_keys, entries=bundle.entries,
                          spend=bundle.spend)
            uow.commit()

    def keep_code_member(self, member_id: str, *, at: datetime) -> None:
        """Offline, a verified code of a member this till never saw: a card holder row (origin "code", never
        pushed), so they earn here; the next sync fetches them in full (code_members, take_member)."""
        with self._uow() as uow:
            if uow.member(member_id) is None:
                uow.c.execute(insert(MEMBERS).values(id=member_id, name=CARD_HOLDER, phone=None, birthday=None,
                                                     joined=(at - timedelta(days=1)).date(), consent=False, points=0,
                                                     created_at=at, origin=CODE_ORIGIN))
                uow.audit("member kept from a signed code", {"member": member_id, "why": "offline"}, at=at,
                          actor="till")
                uow.commit()

    def code_members(self) -> list[str]:
        """Members known here only from their signed code (kept offline): fetch them when online."""
        with self._reading() as uow:
            return list(uow.c.execute(select(MEMBERS.c.id).where(MEMBERS.c.origin == CODE_ORIGIN)).scalars())

    def _take_in(self, uow: SqlUnitOfWork, *, members, origins, cards, device_keys, entries, spend) -> int:  # noqa: ANN001
        c, me, taken = uow.c, uow.terminal_id, 0
        # A page brings thousands of rows: what is held already is read once per kind, new rows go in
        # one executemany each (a round trip per row was most of a pull's time on the till).
        held = dict(c.execute(select(MEMBERS.c.id, MEMBERS.c.origin)
                              .where(MEMBERS.c.id.in_([m.id for m in members]))).all()) if members else {}
        phones = [m.phone for m in members if m.phone]
        phones_taken = set(c.execute(select(MEMBERS.c.phone).where(MEMBERS.c.phone.in_(phones))).scalars()) \
            if phones else set()
        fresh_members: list[dict] = []
        for member in members:
            origin = origins.get(member.id) or "chain"
            phone = member.phone
            if phone and phone in phones_taken:
                phone = None   # two members with one phone: the server flagged it for the manager
            if member.id in held and held[member.id] == CODE_ORIGIN:
                # A card holder kept offline is the chain's member: the profile replaces the placeholder's
                # (their entries and balances stay: they are made of entries, which arrive beside it).
                c.execute(update(MEMBERS).where(MEMBERS.c.id == member.id).values(
                    name=member.name, phone=phone, birthday=member.birthday, joined=member.joined,
                    consent=member.consent, created_at=member.created_at, origin=origin))
            elif member.id not in held:
                fresh_members.append({"id": member.id, "name": member.name, "phone": phone,
                                      "birthday": member.birthday, "joined": member.joined,
                                      "consent": member.consent, "points": 0, "created_at": member.created_at,
                                      "origin": origin})
            else:
                continue
            held[member.id] = origin
            if phone:
                phones_taken.add(phone)
            taken += 1
        if fresh_members:
            c.execute(insert(MEMBERS), fresh_members)
        before_cards = taken
        held_cards = dict(c.execute(select(CARDS.c.serial, CARDS.c.revoked_at)
                                    .where(CARDS.c.serial.in_([k.serial for k in cards]))).all()) if cards else {}
        fresh_cards: list[dict] = []
        for card in cards:
            if card.serial not in held_cards:
                fresh_cards.append({"serial": card.serial, "member_id": card.member, "issued_at": card.issued_at,
                                    "revoked_at": card.revoked_at, "replaced_by": card.replaced_by})
                taken += 1
            elif card.revoked_at is not None and held_cards[card.serial] is None:
                c.execute(update(CARDS).where(CARDS.c.serial == card.serial).values(
                    revoked_at=card.revoked_at, replaced_by=card.replaced_by))
                taken += 1
            held_cards[card.serial] = card.revoked_at
        if fresh_cards:
            c.execute(insert(CARDS), fresh_cards)
        for key in device_keys:
            row = c.execute(select(DEVICES.c.revoked_at).where(DEVICES.c.key_id == key.key_id)).first()
            if row is None:
                c.execute(insert(DEVICES).values(key_id=key.key_id, member_id=key.member, public_key=key.public_key,
                                                 certificate=key.certificate, enrolled_at=key.enrolled_at,
                                                 revoked_at=key.revoked_at))
                taken += 1
            elif key.revoked_at is not None and row.revoked_at is None:
                c.execute(update(DEVICES).where(DEVICES.c.key_id == key.key_id).values(revoked_at=key.revoked_at))
                taken += 1
        if taken > before_cards:   # a phone or a revocation came in: the till's verifier reloads
            _cards_changed(uow)
        foreign = [e for e in entries if e.terminal != me]
        if foreign:
            held = set(c.execute(select(LEDGER.c.id).where(LEDGER.c.id.in_([e.id for e in foreign]))).scalars())
            fresh = [e for e in foreign if e.id not in held]
            if fresh:
                uow.append([_ledger_entry(e) for e in fresh], synced=True)
                taken += len(fresh)
        # Pulled spend: the receipt column carries "~<chain id>", so it is never pushed back.
        wanted = {f"~{r.id}": r for r in spend if not r.id.startswith(f"{me}/")}
        if wanted:
            held_spend = set(c.execute(select(SPEND.c.receipt_id).where(SPEND.c.receipt_id.in_(list(wanted))))
                             .scalars())
            fresh_spend = [{"member_id": record.member, "at": record.at, "amount": record.amount,
                            "receipt_id": marker} for marker, record in wanted.items() if marker not in held_spend]
            if fresh_spend:   # as uow.add_spend, one executemany for the page
                c.execute(insert(SPEND), fresh_spend)
                taken += len(fresh_spend)
        return taken


def _within(sizes: list, budget: int) -> Optional[int]:  # noqa: ANN001 - (rowid, body length), oldest first
    """The row number of the last of the first receipts whose bodies together fit `budget` characters
    (always at least one); None when there are none."""
    used = 0
    for count, (rowid, length) in enumerate(sizes):
        used += length or 0
        if used > budget and count:
            return sizes[count - 1][0]
    return sizes[-1][0] if sizes else None


def _device_keys(c, room: int, after_row: int, revoked_since: str) -> tuple[list[DeviceKeyRecord], dict]:  # noqa: ANN001
    """Phones certified here since the last push, and revocations (a move) since then. Phones
    pulled from the chain go back once too; the server knows them and changes nothing."""
    if not room:
        return [], {}
    rows = c.execute(select(text("rowid"), *DEVICES.c).select_from(DEVICES)
                     .where(text("rowid > :r").bindparams(r=after_row)).order_by(text("rowid")).limit(room)).all()
    revoked = c.execute(select(text("rowid"), *DEVICES.c).select_from(DEVICES).where(
        DEVICES.c.revoked_at.is_not(None), text("revoked_at > :t").bindparams(t=revoked_since),
        text("rowid <= :r").bindparams(r=after_row)).limit(room)).all()
    records = [DeviceKeyRecord(key_id=r.key_id, member=r.member_id, public_key=r.public_key,
                               certificate=r.certificate, enrolled_at=r.enrolled_at, revoked_at=r.revoked_at)
               for r in [*rows, *revoked]]
    moved: dict = {}
    if rows:
        moved["device_keys"] = rows[-1].rowid
    if revoked:
        moved["device_revoked_at"] = max(utc_text(r.revoked_at) for r in revoked)
    return records, moved


def _cards_changed(uow: SqlUnitOfWork) -> None:
    from db.card_store import CARDS_CHANGED
    uow.set_setting(CARDS_CHANGED, str(int(uow.setting(CARDS_CHANGED) or "0") + 1))


def _take_issuer_keys(uow: SqlUnitOfWork, keys: list[IssuerKeyRecord]) -> int:
    """The chain's issuer public keys, kept beside the till's own (terminal_verifier merges them)."""
    taken = 0
    for key in keys:
        name, value = f"{CHAIN_KEY_SETTING}{key.key_id}", f"{key.terminal}:{key.public_key}"
        if uow.setting(name) != value:
            uow.set_setting(name, value)
            taken += 1
    if taken:
        _cards_changed(uow)
    return taken


def chain_issuer_keys(engine: Engine) -> dict[int, bytes]:
    """Issuer public keys pulled from the chain, by key id."""
    with SqlUnitOfWork(engine).reading() as uow:
        rows = uow.c.execute(select(SETTINGS.c.key, SETTINGS.c.value)
                             .where(SETTINGS.c.key.like(CHAIN_KEY_SETTING + "%"))).all()
    return {int(key[len(CHAIN_KEY_SETTING):]): bytes.fromhex(value.split(":", 1)[1])
            for key, value in rows if key.startswith(CHAIN_KEY_SETTING)}


def _entry(row) -> Entry:  # noqa: ANN001
    return Entry(id=row.id, terminal=row.terminal_id, seq=row.seq, member=row.member_id, kind=row.kind, at=row.at,
                 points=row.points, stamps=row.stamps, card=row.card_id, promotion=row.promotion_id, lot=row.lot_id,
                 receipt=row.receipt_id, program_version=row.program_version, reason=row.reason or "")


def _ledger_entry(e: Entry) -> LedgerEntry:
    return LedgerEntry(id=e.id, terminal=e.terminal, seq=e.seq, member=e.member, kind=e.kind, at=e.at,
                       points=e.points, stamps=e.stamps, card=e.card, promotion=e.promotion, lot=e.lot,
                       receipt=e.receipt, program_version=e.program_version, reason=e.reason)


__all__ = ["TillSyncStore"]
