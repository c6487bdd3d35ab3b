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
from ui.till.sale import Sale, State
from ui.till.scan_router import Candidates, MemberScanned, ProductScanned, ScanRefused
from ui.worker import Operation, error_text, serial_pool

REFUSALS = {
    "unknown_product": "Unknown product {text}: not in the catalogue. Basket unchanged.",
    "unknown_member": "No member {text} on this terminal: check the number or ask for the phone number.",
    "unknown_phone": "No member with phone {text}. Press F4 to enrol them.",
    "unknown_code": "Not recognised: {text}. Scan again, or type a phone number or name.",
    "empty": "Nothing scanned.",
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
    enrol_failed = Signal(str)
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
            self.queued.append(text)
            self.message.emit(tr("Scan kept: it will be applied after this payment ({n} waiting).").format(
                n=len(self.queued)), "info")
            return
        if self.sale.state == State.RECEIPT:
            self.next_sale()
        self.scan_started = time.perf_counter()
        self.run(lambda: self._resolve(text), self._scanned)

    def set_ready(self) -> None:
        """The store is open: apply the scans typed meanwhile, in the order they came."""
        self.ready = True
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
        if isinstance(outcome, MemberScanned):
            self.show_member(view)
            self.message.emit(tr("Member {name} ({via})").format(
                name=view.summary.member.masked_name, via=tr(outcome.via)), "ok")
        elif isinstance(outcome, ProductScanned):
            self.add_product(outcome.product)
            self.message.emit("", "info")
        elif isinstance(outcome, Candidates):
            self.set_aside(State.LOOKUP)
            self.lookup_results.emit(outcome.members)
            self.message.emit("", "info")
        elif isinstance(outcome, ScanRefused):
            self.message.emit(self.refusal_text(outcome), "error")
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
        if self.sale.state in (State.IDLE, State.MEMBER, State.LOOKUP, State.ENROL):
            self.set_state(self.sale.sale_state())
        self.request_preview()

    def pick_member(self, member_id: str) -> None:
        self.run(lambda: self.backend.member_view(member_id), lambda view: (self.show_member(view),
                                                                            self.back()))

    def find_members(self, text: str) -> None:
        self.run(lambda: self.backend.find_members(text), self.lookup_results.emit)

    def enrol(self, fields: dict) -> None:
        def done(view: Any) -> None:
            self.sale.state = self.sale.aside or self.sale.sale_state()
            self.sale.aside = None
            self.show_member(view)
            self.set_state(self.sale.sale_state())
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

    def pay(self, tenders: list) -> None:
        if self.paying_busy or self.sale.state != State.PAYING:
            return
        self.paying_busy = True
        self.busy_changed.emit(True)
        lines, member, redeem = list(self.sale.lines), self.sale.member_id, self.sale.redeem

        def done(paid: Paid) -> None:
            self.last_paid = paid
            if paid.member is not None:
                self.sale.member = paid.member
            self.set_state(State.RECEIPT)
            self.paid.emit(paid)
            self.member_changed.emit(paid.member, True)

        def failed(error: BaseException) -> None:
            self.message.emit(error_text(error), "error")

        def end() -> None:
            self.paying_busy = False
            self.busy_changed.emit(False)
            self._drain_queue()

        Operation(lambda: self.backend.pay(lines, member, redeem, tenders), parent=self).success(done) \
            .failure(failed).finally_(end).run(self.pool)

    def _drain_queue(self) -> None:
        if self.sale.state == State.PAYING:
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

    # -- receipts and refunds ---------------------------------------------------------
    def load_receipts(self) -> None:
        self.run(lambda: self.backend.receipts(40), self.receipts_loaded.emit)

    def refund(self, receipt_id: str, lines: Optional[list[int]]) -> None:
        def done(result: Any) -> None:
            self.refunded.emit(result)
            self.load_receipts()

        self.run(lambda: self.backend.refund(receipt_id, lines, "till refund"), done)

    # -- stepping aside and back ------------------------------------------------------
    def set_aside(self, state: State) -> None:
        if self.sale.state in (State.PAYING,) and self.paying_busy:
            return
        if self.sale.state not in (State.REFUND, State.ENROL, State.LOOKUP):
            self.sale.aside = self.sale.state if self.sale.state != State.RECEIPT else None
        self.set_state(state)

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
