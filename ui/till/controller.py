"""TillController: what each scan, key and tap does to the sale, through the backend, off-thread.

Rules it keeps: a bad scan never changes the basket; a scan during a running payment is queued
and applied after it; a scan typed while the store is still opening (the window shows first) is
held and applied, in order, once it is open; the newest basket preview wins (older ones are
dropped when they land).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QThreadPool, Signal

from ui.i18n import pick, tr
from ui.till.backend import Paid, TillBackend
from ui.till.sale import ASIDE, Sale, State
from ui.till.scan_router import Candidates, MemberScanned, ProductScanned, ScanRefused
from ui.worker import Operation, error_text, serial_pool

REFUSALS = {
    "unknown_product": "Unknown product {text}: not in the catalogue. Basket unchanged.",
    "unknown_member": "No member {text} on this terminal: check the number or ask for the phone number.",
    "unknown_member_offline": "Offline: member {text} is not on this till; scan their card or phone code.",
    "unknown_phone": "No member with phone {text}. Press F4 to enrol them.",
    "unknown_code": "Not recognised: {text}. Scan again, or type a phone number or name.",
    "empty": "Nothing scanned.",
    "receipt_code": "That is a receipt's code, not a member's: scan the member's card or phone.",
}


@dataclass(frozen=True)
class SaleSnapshot:
    """What the customer display needs of the sale."""

    lines: list
    names_zh: dict
    receipt: Optional[dict]
    member: Any
    state: str


class TillController(QObject):
    state_changed = Signal(str)
    message = Signal(str, str)           # text, kind (error / info / ok)
    member_changed = Signal(object, bool)  # MemberView or None, animate
    basket_changed = Signal()
    preview_ready = Signal(object)       # receipt dict or None
    paid = Signal(object)                # Paid
    busy_changed = Signal(bool)
    receipts_loaded = Signal(list)
    refunded = Signal(object)
    lookup_results = Signal(list)
    lookup_found = Signal(list, str)     # members found, for the query typed
    enrol_failed = Signal(str)
    card_issued = Signal(object, str)    # MemberView, the new card's code: shown to the customer
    held_loaded = Signal(list)
    override_needed = Signal(str)        # why: the member is identified only and the sale spends           # HeldBasket list, oldest first
    scan_done = Signal(object)           # the outcome (tests and the bench wait on this)
    tendered = Signal(int)               # digits typed while paying: the cash handed over

    def __init__(self, backend: TillBackend, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.sale = Sale()
        self.pool: QThreadPool = serial_pool("till-store")
        self.preview_pool: QThreadPool = serial_pool("till-preview")
        self.paying_busy = False
        self.queued: list[str] = []
        self.ready = False                 # the store, program and services are loaded
        self.waiting: list[str] = []       # scans typed before that, applied in order once ready
        self._preview_gen = 0
        self.landed_gen = 0
        self.scan_started = 0.0
        self.last_scan_latency_ms = 0.0
        self.last_paid: Optional[Paid] = None
        self.last_tenders: list = []
        self.last_unknown_phone = ""        # F4 after "No member with phone ..." starts with it
        self.reopened = False              # a scan on the pay page took the sale back to the basket

    def run(self, fn: Callable[[], Any], ok: Callable[[Any], None], *, pool: Optional[QThreadPool] = None,
            fail: Optional[Callable[[BaseException], None]] = None) -> Operation:
        return Operation(fn, parent=self).success(ok).failure(
            fail or (lambda e: self.message.emit(error_text(e), "error"))).run(pool or self.pool)

    def set_state(self, state: State) -> None:
        self.sale.state = state
        self.state_changed.emit(state.value)

    # -- scans ------------------------------------------------------------------------
    def scan(self, text: str) -> None:
        if not self.ready:
            self.waiting.append(text)
            self.message.emit(tr("Starting up: scan kept ({n} waiting), it will be applied in a moment.").format(
                n=len(self.waiting)), "info")
            return
        if self.sale.state == State.PAYING:
            if text.isdigit() and len(text) < 8:
                self.message.emit("", "info")
                self.tendered.emit(int(text))
                return
            if self.paying_busy:  # the money is being taken: this scan is the next customer's
                self.queued.append(text)
                self.message.emit(tr("Scan kept for the next customer ({n} waiting): finish this receipt first.")
                                  .format(n=len(self.queued)), "info")
                return
            # Nothing is paid yet: the scan belongs to this sale (one more item, the card found late).
            self.set_state(State.BASKET if self.sale.lines else self.sale.sale_state())
            self.reopened = True
        if self.sale.state == State.RECEIPT:
            self.next_sale()
        self.scan_started = time.perf_counter()
        self.run(lambda: self._resolve(text), self._scanned)

    def set_ready(self) -> None:
        """The store is open: apply the scans typed meanwhile, in the order they came."""
        self.ready = True
        self.restore_left_open()  # first: the scans typed meanwhile go into the sale it brings back
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        self.message.emit("", "info")
        for text in waiting:
            self.scan(text)

    def _resolve(self, text: str) -> tuple[Any, Any]:
        outcome = self.backend.resolve_scan(text)
        view = self.backend.member_view(outcome.member_id) if isinstance(outcome, MemberScanned) else None
        return outcome, view

    def _scanned(self, result: tuple[Any, Any]) -> None:
        outcome, view = result
        reopened, self.reopened = self.reopened, False
        if isinstance(outcome, MemberScanned):
            self.show_member(view)
            self.message.emit(tr("Member {name} ({via})").format(
                name=view.summary.member.masked_name, via=tr(outcome.via)), "ok")
        elif isinstance(outcome, ProductScanned):
            self.add_product(outcome.product)
            self.message.emit(tr("Payment reopened: item added, check the new total and press F9.")
                              if reopened else "", "info")
        elif isinstance(outcome, Candidates):
            self.set_aside(State.LOOKUP)
            self.lookup_results.emit(outcome.members)
            self.message.emit("", "info")
        elif isinstance(outcome, ScanRefused):
            self.message.emit(self.refusal_text(outcome), "error")
            self.last_unknown_phone = outcome.text if outcome.key == "unknown_phone" else ""
        self.last_scan_latency_ms = (time.perf_counter() - self.scan_started) * 1000
        self.scan_done.emit(outcome)

    @staticmethod
    def refusal_text(outcome: ScanRefused) -> str:
        if outcome.key == "card_refused":
            return pick({"en": outcome.verdict_en, "zh_TW": outcome.verdict_zh}) + " " + tr("Basket unchanged.")
        return tr(REFUSALS.get(outcome.key, REFUSALS["unknown_code"])).format(text=outcome.text)

    # -- member -----------------------------------------------------------------------
    def show_member(self, view: Any, *, animate: bool = False) -> None:
        changed = self.sale.member_id != (view.summary.member.id if view else None)
        self.sale.member = view
        if changed:
            self.sale.redeem = 0
        self.member_changed.emit(view, animate)
        if self.sale.state in (State.LOOKUP, State.ENROL, State.TICKETS):
            self.leave_aside()
        if self.sale.state in (State.IDLE, State.MEMBER):
            self.set_state(self.sale.sale_state())
        self.request_preview()

    def pick_member(self, member_id: str) -> None:
        """A member chosen on the look-up page joins the sale the page was opened from."""
        def picked(view: Any) -> None:
            self.leave_aside()
            self.show_member(view)
            self.message.emit(tr("Member {name} ({via})").format(
                name=view.summary.member.masked_name, via=tr("look-up")), "ok")

        self.run(lambda: (self.backend.attach(member_id, "look-up"), self.backend.member_view(member_id))[1], picked)

    def find_members(self, text: str) -> None:
        self.run(lambda: self.backend.find_members(text), lambda found: self.lookup_found.emit(found, text))

    def enrol(self, fields: dict) -> None:
        def done(enrolled: Any) -> None:
            view = enrolled.view
            self.leave_aside()
            self.show_member(view)
            if enrolled.card:
                self.card_issued.emit(view, enrolled.card)
                self.message.emit(tr("Welcome, {name}: member {id}. Their card is on the customer display: they can photograph it or add it to their phone. Ctrl+K prints it.").format(
                    name=view.summary.member.masked_name, id=view.summary.member.id), "ok")
            else:
                self.message.emit(tr("Welcome, {name}: member {id}").format(
                    name=view.summary.member.masked_name, id=view.summary.member.id), "ok")

        self.run(lambda: self.backend.enrol(**fields), done, fail=lambda e: self.enrol_failed.emit(error_text(e)))

    # -- basket -----------------------------------------------------------------------
    def add_product(self, product: Any, qty: int = 1) -> None:
        if self.sale.state not in (State.IDLE, State.MEMBER, State.BASKET):
            self.sale.aside = None
        line = self.sale.add(product, qty)
        self.selected = line
        self.set_state(State.BASKET)
        self.basket_changed.emit()
        self.request_preview()

    selected: Optional[int] = None

    def change_qty(self, line: Optional[int], delta: int) -> None:
        if line is None or not 0 <= line < len(self.sale.lines) or self.sale.state != State.BASKET:
            return
        self.sale.change_qty(line, delta)
        self.selected = min(line, len(self.sale.lines) - 1) if self.sale.lines else None
        if not self.sale.lines:
            self.set_state(self.sale.sale_state())
        self.basket_changed.emit()
        self.request_preview()

    def remove_line(self, line: Optional[int]) -> None:
        if line is None or not 0 <= line < len(self.sale.lines) or self.sale.state != State.BASKET:
            return
        self.change_qty(line, -self.sale.lines[line].qty)

    def set_redeem(self, points: Any) -> None:
        self.sale.redeem = points
        self.request_preview()

    def request_preview(self) -> None:
        self._preview_gen += 1
        gen = self._preview_gen
        if not self.sale.lines:
            self.sale.preview = None
            self.landed_gen = gen
            self.preview_ready.emit(None)
            return
        lines, member, redeem = list(self.sale.lines), self.sale.member_id, self.sale.redeem

        def landed(preview: Any) -> None:
            if gen != self._preview_gen:
                return  # a newer basket is on its way
            self.sale.preview = preview
            self.landed_gen = gen
            self.preview_ready.emit(preview)

        self.run(lambda: self.backend.preview(lines, member, redeem), landed, pool=self.preview_pool)

    # -- payment ----------------------------------------------------------------------
    def start_payment(self) -> bool:
        if self.sale.state != State.BASKET or not self.sale.lines:
            self.message.emit(tr("Add a product before paying."), "error")
            return False
        if self.sale.preview is None:
            self.message.emit(tr("Still working out the total; press F9 again."), "info")
            return False
        self.set_state(State.PAYING)
        return True

    def pay(self, tenders: list, override: Any = None) -> None:
        """Take the money. An identified-only member spending points or a reward is refused by the
        checkout; the till then asks for their code or a manager's override (override_needed)."""
        if self.paying_busy or self.sale.state != State.PAYING:
            return
        self.paying_busy = True
        self.busy_changed.emit(True)
        self.last_tenders = list(tenders)
        lines, member, redeem = list(self.sale.lines), self.sale.member_id, self.sale.redeem

        def done(paid: Paid) -> None:
            self.last_paid = paid
            if paid.member is not None:
                self.sale.member = paid.member
            self.set_state(State.RECEIPT)
            self.paid.emit(paid)
            self.member_changed.emit(paid.member, True)

        def failed(error: BaseException) -> None:
            text = error_text(error)
            if member is not None and override is None and "override" in str(error) and \
                    not self.backend.identity(member).verified:
                self.override_needed.emit(text)
            self.message.emit(text, "error")

        def end() -> None:
            self.paying_busy = False
            self.busy_changed.emit(False)
            if self.queued and self.sale.state == State.RECEIPT:
                self.message.emit(tr("{n} scan(s) kept for the next customer: Enter starts the next sale.")
                                  .format(n=len(self.queued)), "info")

        Operation(lambda: self.backend.pay(lines, member, redeem, tenders, override=override), parent=self).success(done) \
            .failure(failed).finally_(end).run(self.pool)

    def _drain_queue(self) -> None:
        if self.sale.state in (State.PAYING, State.RECEIPT):
            return
        queued, self.queued = self.queued, []
        for text in queued:
            self.scan(text)

    def next_sale(self) -> None:
        self.sale.clear()
        self.selected = None
        self.member_changed.emit(None, False)
        self.basket_changed.emit()
        self.request_preview()
        self.set_state(State.IDLE)
        self._drain_queue()  # scans kept while the last payment ran start this sale

    # -- held baskets -----------------------------------------------------------------
    def hold_basket(self) -> bool:
        """Set the basket aside (an open ticket) and start a fresh sale; False if there is nothing to hold."""
        if self.sale.state != State.BASKET or not self.sale.lines or self.paying_busy:
            return False
        sale = self.sale
        label = sale.member.summary.member.masked_name if sale.member is not None else ""
        lines, names, member, redeem = list(sale.lines), dict(sale.names_zh), sale.member_id, sale.redeem

        def held(basket: Any) -> None:
            self.next_sale()
            self.message.emit(tr("Basket held ({items} items): F5 on an empty sale recalls it.").format(
                items=basket.items), "ok")

        self.run(lambda: self.backend.hold(lines, names_zh=names, member_id=member, redeem=redeem, label=label), held)
        return True

    def load_held(self) -> None:
        self.run(self.backend.held_baskets, self.held_loaded.emit)

    def recall(self, basket_id: str) -> None:
        if self.sale.lines:
            self.message.emit(tr("Hold or finish this basket before recalling another."), "error")
            return
        self.run(lambda: self.backend.recall(basket_id), lambda found: self.take_up(*found, key="recalled"))

    def take_up(self, basket: Any, member: Any, *, key: str) -> None:
        """A held basket (recalled, or left open at the last close) becomes the sale."""
        self.sale.take_up(basket, member)
        self.selected = 0
        self.member_changed.emit(self.sale.member, False)
        self.set_state(self.sale.sale_state())
        self.basket_changed.emit()
        self.request_preview()
        text = (tr("Basket recalled: {items} items.") if key == "recalled" else
                tr("Restored the sale left open when the till closed: {items} items."))
        self.message.emit(text.format(items=basket.items), "ok")

    def restore_left_open(self) -> None:
        def found(left: Any) -> None:
            if left is not None:
                self.take_up(*left, key="restored")

        self.run(self.backend.recall_left_open, found)

    def park(self, done: Callable[[], None], failed: Callable[[BaseException], None]) -> bool:
        """The till is closing in the middle of a sale: keep the basket in the store for the next
        start. False if there is nothing to keep."""
        sale = self.sale
        if not sale.lines or sale.state == State.RECEIPT:
            return False
        lines, names, member, redeem = list(sale.lines), dict(sale.names_zh), sale.member_id, sale.redeem
        label = sale.member.summary.member.masked_name if sale.member is not None else ""
        Operation(lambda: self.backend.hold(lines, names_zh=names, member_id=member, redeem=redeem, label=label,
                                            reason="closed"), parent=self) \
            .success(lambda _basket: done()).failure(failed).run(self.pool)
        return True

    # -- receipts and refunds ---------------------------------------------------------
    def load_receipts(self) -> None:
        self.run(lambda: self.backend.receipts(40), self.receipts_loaded.emit)

    def refund(self, receipt_id: str, ask: dict) -> None:
        """ask: {"lines": [line numbers] or None for the whole receipt, "reason": the cashier's words}."""
        def done(result: Any) -> None:
            self.refunded.emit(result)
            self.load_receipts()

        lines, reason = ask["lines"], ask["reason"]
        self.run(lambda: self.backend.refund(receipt_id, lines, reason), done)

    # -- stepping aside and back ------------------------------------------------------
    def set_aside(self, state: State) -> None:
        if self.sale.state in (State.PAYING,) and self.paying_busy:
            return
        if self.sale.state not in ASIDE:
            self.sale.aside = {State.RECEIPT: None, State.PAYING: State.BASKET}.get(self.sale.state, self.sale.state)
        self.set_state(state)

    def leave_aside(self) -> None:
        """Back from a page stepped into (look-up, enrolment...) to the sale it was opened from."""
        if self.sale.state in ASIDE:
            self.sale.state = self.sale.aside or self.sale.sale_state()
            self.sale.aside = None
            self.set_state(self.sale.state)

    def back(self) -> None:
        if self.paying_busy:
            self.message.emit(tr("Payment in progress; wait a moment."), "info")
            return
        before = self.sale.state
        state = self.sale.back()
        if before == State.MEMBER and state == State.IDLE:
            self.member_changed.emit(None, False)
        if before == State.RECEIPT:
            self.next_sale()
            return
        self.set_state(state)
        if before == State.PAYING:
            self._drain_queue()

    def save_pdf(self, write: Callable[[Path], Path], folder: Path) -> None:
        self.run(lambda: write(folder), lambda path: self.message.emit(tr("Saved {path}").format(path=path), "ok"))
