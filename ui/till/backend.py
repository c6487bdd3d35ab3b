"""What the till asks of the core, as plain functions run off the GUI thread (no Qt here).

Every call opens its own unit of work (one per call, so one per worker thread) and returns plain
data the widgets can show. State changes go through the services only; the reads used for the
catalogue and the member's badges go through the store's read helpers.

Importing this module is cheap on purpose: the store (SQLAlchemy), the program models (pydantic)
and the services are about a second of imports, so they are imported by `open()`, which the
window runs on a worker thread after it is on screen (cold start < 1.5 s).
"""
from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence

from ui.till.scan_router import MemberScanned, ScanOutcome, ScanRouter

# Seconds a look-up waits for the central server before the till says it cannot be reached
# (on loopback/LAN a fetch takes milliseconds: bench/member_fetch_bench.py).
FETCH_TIMEOUT = 3.0

if TYPE_CHECKING:
    from pos_loyalty.engine import BasketLine
    from pos_loyalty.services.checkout import CheckoutResult
    from pos_loyalty.services.held_baskets import HeldBasket
    from pos_loyalty.services.members import MemberSummary
    from pos_loyalty.services.refund import RefundResult


_VERSION: list[str] = []


def app_version() -> str:
    """importlib.metadata costs ~0.1 s of imports (email, zipfile...): asked off the GUI thread at
    start (TillBackend.shop_info) and kept."""
    if not _VERSION:
        _VERSION.append(_read_version())
    return _VERSION[0]


def _read_version() -> str:
    try:
        from importlib.metadata import version

        return version("pos-loyalty")
    except Exception:  # noqa: BLE001 - not installed as a package: the source tree's version
        return "0.1.0"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Product:
    sku: str
    barcode: Optional[str]
    name: str
    name_zh: Optional[str]
    category: str
    price: int

    def line(self, qty: int = 1) -> "BasketLine":
        from pos_loyalty.engine import BasketLine

        return BasketLine(sku=self.sku, name=self.name, price=self.price, qty=qty, category=self.category)


@dataclass(frozen=True)
class ShopInfo:
    terminal: str
    program_version: int
    currency: str
    exponent: int
    categories: list[str]
    pending: int
    shop_name: str = "Loyalty Café"
    timezone: str = "UTC"   # the program's: every time the till shows or prints is in it
    logo: Optional[str] = None  # store settings: the shop's logo file (customer display, slip)
    program_names: dict = field(default_factory=dict)  # "card:coffee" -> {"zh_TW": ...}: the program's names


@dataclass(frozen=True)
class MemberView:
    """The member panel's facts: the summary plus the occasions that apply today."""

    summary: "MemberSummary"
    badges: list[str] = field(default_factory=list)  # promotion ids: birthday-week, member-tuesday...
    badge_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Preview:
    receipt: Any            # engine Receipt
    max_points: int         # the most points this basket may take as tender


@dataclass(frozen=True)
class Enrolled:
    view: MemberView
    card: Optional[str]     # the new card's signed code (its QR), or None when cards come from the server


@dataclass(frozen=True)
class Paid:
    result: "CheckoutResult"
    member: Optional[MemberView]
    pending: int


class TillBackend:
    """The till's use of one store; safe to call from any thread (a unit of work per call)."""

    def __init__(self, db_path: str | Path, *, clock: Callable[[], datetime] = utc_now,
                 rng: Optional[random.Random] = None) -> None:
        self.db_path = Path(db_path)
        if clock is utc_now:  # the wall clock: steadied, so a clock stepped back dates no sale before an earlier one
            from pos_loyalty.clock import SteadyClock

            clock = SteadyClock(utc_now)
        self.clock = clock
        self.rng = rng or random.SystemRandom()  # lucky draws at a real till: the secure source (spec)
        self.router = ScanRouter(self)
        self.engine: Any = None
        self._uow: Any = None
        self._opening = threading.Lock()
        # How each member of a sale in hand was attached (services.identity.MemberIdentity): a scanned
        # card or phone code verifies, a typed number, phone or name does not. Kept until that sale is paid.
        self._identities: dict[str, Any] = {}
        self._fetcher: Any = None   # the sync client that fetches members of other stores (chain tills)

    def open(self) -> None:
        """Import the store, the program models and the services, and open the store. Slow (about
        a second of imports): the window runs it on a worker thread. Safe to call again."""
        with self._opening:
            if self.engine is not None:
                return
            from db.store import SqlUnitOfWork, open_engine
            import pos_loyalty.services.checkout  # noqa: F401 - imported here, not on the first scan
            import pos_loyalty.services.members  # noqa: F401

            self._uow = SqlUnitOfWork
            # SQLite's own WAL checkpoint would run inside every ~20th sale's commit (25-55 ms on a
            # big store); the till checkpoints when idle instead (TillWindow's 30 s timer).
            engine = open_engine(self.db_path, idle_checkpoints=True)
            from db.setup import ensure_current
            ensure_current(engine)  # a store left by an older terminal version is migrated first
            self.engine = engine
            if hasattr(self.clock, "hold_at_least"):  # a steady clock starts after this terminal's newest entry
                with SqlUnitOfWork(engine).reading() as uow:
                    self.clock.hold_at_least(uow.last_entry_at())
        try:  # the card verifier's imports and keys now too, not on the first card scanned
            self.router.verifier  # noqa: B018
        except Exception:  # noqa: BLE001 - a store or key problem shows on the card scan itself
            self.router.reload_keys()

    def uow(self):  # noqa: ANN201 - SqlUnitOfWork, imported lazily
        if self.engine is None:
            self.open()
        return self._uow(self.engine)

    # -- shop -------------------------------------------------------------------------
    def shop_info(self) -> ShopInfo:
        from pos_loyalty.services.checkout import active_program
        app_version()  # read here, off the GUI thread (importlib.metadata is slow to import)
        self.open()
        from pos_loyalty.store_settings import read_settings
        with self.uow().reading() as uow:
            program = active_program(uow)
            settings = read_settings(uow)
            return ShopInfo(terminal=uow.terminal_id, program_version=program.version,
                            currency=program.currency.code, exponent=program.currency.exponent,
                            categories=uow.categories(), pending=uow.pending_sync(), timezone=program.timezone,
                            shop_name=settings.shop_name, logo=settings.logo, program_names=program_names(program))

    def start_sync(self, on_status: Callable[[Any], None]) -> Optional[Any]:
        """The background sync worker (its own thread) when this till is registered with a chain;
        None for a standalone till. `on_status` is called from that thread with a SyncStatus."""
        self.open()
        from db.sync_store import TillSyncStore
        if not TillSyncStore(self.engine).settings().get("sync_server"):
            return None
        from cli.sync import client_for
        from pos_loyalty.sync.worker import SyncWorker
        client, _transport = client_for(self.engine)
        return SyncWorker(client, clock=self.clock, on_status=on_status).start()

    def print_receipt(self, slip: Any) -> Optional[str]:
        """Print `slip` (a pos_loyalty.printing Slip) on the store's printer; its address, or None when
        no printer is set. The settings are read per slip, so a printer set meanwhile is used at once.
        Slow (a network printer may take seconds to refuse): runs on the till's printer thread."""
        from dataclasses import replace

        from pos_loyalty.printing.escpos_slip import print_slip
        from pos_loyalty.store_settings import read_settings

        with self.uow().reading() as uow:
            settings = read_settings(uow)
        if settings.printer is None:
            return None
        print_slip(replace(slip, logo=settings.logo, open_drawer=slip.open_drawer and settings.drawer),
                   printer=settings.printer, width=settings.printer_width)
        return settings.printer

    def pending(self) -> int:
        with self.uow().reading() as uow:
            return uow.pending_sync()

    def refresh_cards(self) -> None:
        """Read revocations and enrolled phones again (a sync or the manager may have changed them):
        the new verifier replaces the old one whole, so a scan sees one or the other."""
        from ui.till.scan_router import _verifier_for

        if self.engine is not None:
            self.router._verifier = _verifier_for(self)

    def checkpoint(self) -> None:
        """Copy the WAL back into the store; called when no sale is going on (never waits for a writer)."""
        from db.store import checkpoint

        if self.engine is not None:
            checkpoint(self.engine)

    def products(self, category: Optional[str] = None, text: str = "") -> list[Product]:
        with self.uow().reading() as uow:
            return [_product(row) for row in uow.products(category=category, text=text, limit=60)]

    def product_by_code(self, code: str) -> Optional[Product]:
        with self.uow().reading() as uow:
            row = uow.product_by_code(code)
            return _product(row) if row is not None else None

    # -- members ----------------------------------------------------------------------
    def member_view(self, member_id: str) -> MemberView:
        from pos_loyalty.services.members import member_summary

        summary = member_summary(member_id, uow=self.uow(), clock=self.clock)
        badges, names = self._occasions(member_id)
        return MemberView(summary=summary, badges=badges, badge_names=names)

    def _occasions(self, member_id: str) -> tuple[list[str], dict[str, str]]:
        """Member-only occasions that hold today whatever the basket (birthday week, member day)."""
        from pos_loyalty.engine.conditions import Occasion, promotion_applies
        from pos_loyalty.engine.tiers import standing
        from pos_loyalty.services.checkout import spend_since

        at = self.clock()
        with self.uow().reading() as uow:
            program = uow.active_program()
            member = uow.member(member_id)
            if program is None or member is None:
                return [], {}
            state = uow.member_state(member, spend_since=spend_since(program, at))
        tier = standing(program.tiers, state.history, at, program.zone).level if program.tiers else None
        occasion = Occasion(at=at, zone=program.zone, member=state, tier=tier, subtotal=0, units=())
        out: list[str] = []
        names: dict[str, str] = {}
        for promotion in program.promotions:
            c = promotion.conditions
            personal = c.birthday is not None or c.weekdays is not None or c.days_of_month is not None
            if personal and c.min_spend is None and c.min_qty is None and promotion_applies(promotion, occasion):
                out.append(promotion.id)
                names[promotion.id] = promotion.name
        return out, names

    def member(self, member_id: str) -> Optional[Any]:
        """The member with this number, or None (primary key)."""
        with self.uow().reading() as uow:
            return uow.member(member_id)

    def member_by_phone(self, phone: str) -> Optional[Any]:
        """The member with exactly this phone number, or None (unique index)."""
        with self.uow().reading() as uow:
            return uow.member_by_phone(phone)

    def find_members(self, text: str) -> list[Any]:
        """Members by number, phone or name; a member number this till has not seen is asked of the chain."""
        from pos_loyalty.cards.scan import MemberNumber, classify_scan
        from pos_loyalty.services.members import find_member

        found = find_member(text, uow=self.uow())
        if not found and isinstance(scan := classify_scan(text.strip()), MemberNumber) \
                and self.fetch_member(scan.number):
            found = find_member(scan.number, uow=self.uow())
        return found

    # -- members of other stores (a chain till) ------------------------------------------
    def in_chain(self) -> bool:
        """This till is registered with a central server."""
        from db.sync_store import TillSyncStore

        return bool(TillSyncStore(self.engine).settings().get("sync_server"))

    def fetch_member(self, member_id: str) -> Optional[bool]:
        """A member this till has not seen (another store's), fetched from the central server with
        their cards, phones and entries, and kept (their later entries come down in pulls).
        True: fetched; False: the chain has no such member; None: standalone, or the server unreachable."""
        from pos_loyalty.sync.client import SyncRefused, Unreachable

        client = self._member_client()
        if client is None:
            return None
        try:
            return client.fetch_member(member_id) is not None
        except (Unreachable, SyncRefused):
            return None

    def keep_code_member(self, member_id: str) -> bool:
        """Offline, a verified code of a member this till never saw: keep them as a card holder so they
        earn (fetched in full at the next sync). False for a standalone till."""
        from db.sync_store import TillSyncStore

        if not self.in_chain():
            return False
        TillSyncStore(self.engine).keep_code_member(member_id, at=self.clock())
        return True

    def _member_client(self) -> Optional[Any]:
        with self._opening:
            if self._fetcher is None and self.in_chain():
                from cli.sync import client_for

                self._fetcher, _transport = client_for(self.engine, timeout=FETCH_TIMEOUT)
            return self._fetcher

    def enrol(self, *, name: str, phone: str, birthday: Optional[date], consent: bool) -> "Enrolled":
        """A new member, and their first card when this till holds the card key (the demo and a
        single-shop till do; a chain's terminals get cards from the central server)."""
        from pos_loyalty.services.enrolment import Enrolment, enrol

        member = enrol(Enrolment(name=name, phone=phone or None, birthday=birthday, consent=consent, open_cards=True),
                       uow=self.uow(), clock=self.clock)
        return Enrolled(view=self.member_view(member.id), card=self._first_card(member.id))

    def _first_card(self, member_id: str) -> Optional[str]:
        from pos_loyalty.cards.ids import MemberId
        from pos_loyalty.cards.issuing import issue_card
        from pos_loyalty.cards.key_directory import ISSUER_FILE, KeyDirectory

        keys = KeyDirectory.next_to(self.db_path)
        if not (keys.path / ISSUER_FILE).exists():
            return None
        from db.card_store import SqlCardStore

        card = issue_card(SqlCardStore(self.engine, clock=self.clock), keys.issuer(), member_id=MemberId(member_id),
                          at=self.clock())
        self.router.reload_keys()  # a first key may have been made just now
        return card.to_text()

    # -- the cashier's override (an identified-only member spending) -------------------
    def managers(self) -> list[str]:
        """The names of the active managers, for the override's picker."""
        from db.staff_store import SqlStaffBook
        from pos_loyalty.services.staff import list_staff

        return [p.name for p in list_staff(book=SqlStaffBook(self.engine)) if p.is_manager and p.active]

    def approve_override(self, *, manager: str, pin: str, reason: str, member_id: str, what: str) -> Any:
        """A manager's PIN checked (argon2id: slow, off the GUI thread), written to the audit log;
        returns the services.identity.Override the checkout then records with the sale."""
        from db.staff_store import SqlStaffBook
        from pos_loyalty.services.identity import Override
        from pos_loyalty.services.staff import OverrideApproval, approve_override

        approver = approve_override(OverrideApproval(manager=manager, pin=pin, action="redeem_unverified",
                                                     reason=reason, cashier="till",
                                                     detail={"member": member_id, "spending": what}),
                                    book=SqlStaffBook(self.engine), clock=self.clock)
        return Override(by_staff=approver.label, reason=reason)

    # -- scans ------------------------------------------------------------------------
    def resolve_scan(self, text: str) -> ScanOutcome:
        outcome = self.router.resolve(text)
        if isinstance(outcome, MemberScanned):
            self.attach(outcome.member_id, outcome.via)
        return outcome

    def attach(self, member_id: str, via: str) -> Any:
        """Record how the member was attached (via: card, phone code, number, phone, name, look-up)."""
        from pos_loyalty.services.identity import MemberIdentity

        identity = self._identities[member_id] = MemberIdentity.attached(member_id, via)
        return identity

    def identity(self, member_id: str) -> Any:
        """How the member was attached; a member the till was not told about counts as typed in."""
        from pos_loyalty.services.identity import MemberIdentity

        return self._identities.get(member_id) or MemberIdentity.attached(member_id, "number")

    # -- the sale ---------------------------------------------------------------------
    def preview(self, lines: Sequence["BasketLine"], member_id: Optional[str], redeem: Any) -> Preview:
        from pos_loyalty.services.checkout import CheckoutCommand, preview

        cmd = CheckoutCommand(basket=list(lines), member_id=member_id, redeem_points=redeem)
        receipt = preview(cmd, uow=self.uow(), clock=self.clock, rng=random.Random(0))
        most = 0
        if member_id is not None:
            best = preview(CheckoutCommand(basket=list(lines), member_id=member_id, redeem_points="max"),
                           uow=self.uow(), clock=self.clock, rng=random.Random(0))
            most = best.points_used
        return Preview(receipt=receipt, max_points=most)

    def pay(self, lines: Sequence["BasketLine"], member_id: Optional[str], redeem: Any,
            tenders: Sequence[tuple[str, int]], *, identity: Any = None, override: Any = None) -> Paid:
        """Pay the sale. `identity` (MemberIdentity) defaults to how the member was attached here;
        `override` (services.identity.Override) lets an unverified member spend, as a manager approved."""
        from pos_loyalty.services.checkout import CheckoutCommand, Tender, checkout

        if member_id is not None and identity is None:
            identity = self.identity(member_id)
        cmd = CheckoutCommand(basket=list(lines), identity=identity, redeem_points=redeem, override=override,
                              tenders=[Tender(method, amount) for method, amount in tenders])
        result = checkout(cmd, uow=self.uow(), clock=self.clock, rng=self.rng)
        if member_id is not None:
            self._identities.pop(member_id, None)  # the next sale attaches the member again
        view = self.member_view(member_id) if member_id else None
        return Paid(result=result, member=view, pending=self.pending())

    # -- held baskets (open tickets; the sale left open when the till closed) ----------
    def hold(self, lines: Sequence["BasketLine"], *, names_zh: dict[str, str], member_id: Optional[str], redeem: Any,
             label: str, reason: str = "held") -> "HeldBasket":
        from pos_loyalty.services.held_baskets import HeldBasket, hold

        return hold(HeldBasket(lines=list(lines), label=label, member_id=member_id, redeem=redeem,
                               names_zh=dict(names_zh), reason=reason), uow=self.uow(), clock=self.clock)

    def held_baskets(self) -> list["HeldBasket"]:
        from pos_loyalty.services.held_baskets import HELD, held

        return held(uow=self.uow(), reason=HELD)

    def recall(self, basket_id: str) -> tuple["HeldBasket", Optional[MemberView]]:
        from pos_loyalty.services.held_baskets import recall

        basket = recall(basket_id, uow=self.uow(), clock=self.clock)
        return basket, self._view_or_none(basket.member_id)

    def recall_left_open(self) -> Optional[tuple["HeldBasket", Optional[MemberView]]]:
        from pos_loyalty.services.held_baskets import recall_left_open

        basket = recall_left_open(uow=self.uow(), clock=self.clock)
        return None if basket is None else (basket, self._view_or_none(basket.member_id))

    def _view_or_none(self, member_id: Optional[str]) -> Optional[MemberView]:
        from pos_loyalty.errors import NotFound

        if member_id is None:
            return None
        try:
            return self.member_view(member_id)
        except NotFound:
            return None

    def receipts(self, limit: int = 40) -> list[dict]:
        with self.uow().reading() as uow:
            out = []
            for body in uow.recent_receipts(limit):
                body["refunded"] = sorted(uow.refunded_lines(body["id"]))
                out.append(body)
            return out

    def receipt(self, receipt_id: str) -> dict:
        from pos_loyalty.errors import NotFound

        with self.uow().reading() as uow:
            body = uow.receipt(receipt_id)
            if body is None:
                raise NotFound(f"No receipt {receipt_id!r} on this terminal")
            return body

    def refund(self, receipt_id: str, lines: Optional[list[int]], reason: str = "") -> "RefundResult":
        from pos_loyalty.services.refund import RefundCommand, refund

        return refund(RefundCommand(receipt_id=receipt_id, lines=lines, reason=reason), uow=self.uow(),
                      clock=self.clock)


def program_names(program: Any) -> dict[str, dict[str, str]]:
    """Every card, tier and promotion name of `program` in the languages its `names` give."""
    out = {f"card:{card.id}": dict(card.names) for card in program.stamp_cards}
    out |= {f"promotion:{promo.id}": dict(promo.names) for promo in program.promotions}
    if program.tiers:
        out |= {f"tier:{level.name}": dict(level.names) for level in program.tiers.levels}
    return {key: names for key, names in out.items() if names}


def _product(row: Any) -> Product:
    return Product(sku=row.sku, barcode=row.barcode, name=row.name, name_zh=row.name_zh, category=row.category,
                   price=row.price)
