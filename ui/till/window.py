"""TillWindow: the cashier's window. Layout, keys and language; the behaviour is TillController's."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QSplitter, QStackedWidget, QVBoxLayout,
    QWidget,
)

from ui.bridge import TillBridge
from ui.i18n import language, pick, set_language, set_program_names, tr
from ui.till.backend import TillBackend
from ui.till.controller import SaleSnapshot, TillController
from ui.till.enrol_page import EnrolPage
from ui.till.lookup_page import LookupPage
from ui.till.pay_page import PayPage
from ui.till.receipt_page import ReceiptPage
from ui.till.refund_page import RefundPage
from ui.till.sale import State
from ui.till.status import TillStatusBar
from ui.till.tickets_page import TicketsPage
from ui.widgets.basket_model import BasketModel
from ui.widgets.basket_view import BasketView
from ui.widgets.member_panel import MemberPanel
from ui.widgets.money import set_currency
from ui.widgets.product_grid import ProductGrid
from ui.widgets.scan_field import ScanField, WedgeRouter
from ui.widgets.totals import TotalsPanel

PAGES = {State.IDLE: 0, State.MEMBER: 0, State.BASKET: 0, State.PAYING: 1, State.RECEIPT: 2, State.REFUND: 3,
         State.ENROL: 4, State.LOOKUP: 5, State.TICKETS: 6}
KEYS = (("F2", "Member"), ("F3", "Points"), ("F4", "Enrol"), ("F5", "Hold/Recall"), ("F6", "Refund"), ("F9", "Pay"), ("F7/F8", "Qty −/+"),
        ("Del", "Remove"), ("F10", "Camera"), ("Ctrl+L", "中文/EN"), ("F12", "Manager"), ("Esc", "Back"))


class TillWindow(QMainWindow):
    def __init__(self, backend: TillBackend, *, bridge: Optional[TillBridge] = None,
                 pdf_folder: Optional[Path] = None) -> None:
        super().__init__()
        self.setObjectName("TillWindow")
        self.backend = backend
        self.bridge = bridge or TillBridge(self)
        self.controller = c = TillController(backend, self)
        self.pdf_folder = pdf_folder or backend.db_path.parent / "receipts"
        self.theme = "light"
        self.camera: Any = None
        self.shop: Any = None
        self.ready = False

        self.scan = ScanField()
        self.member_panel = MemberPanel()
        self.products = ProductGrid()
        self.basket_model = BasketModel(self)
        self.basket_view = BasketView(self.basket_model)
        self.totals = TotalsPanel()
        self.pay_page, self.receipt_page, self.refund_page = PayPage(), ReceiptPage(), RefundPage()
        self.enrol_page, self.lookup_page = EnrolPage(), LookupPage()
        self.tickets_page = TicketsPage(backend.clock)
        self._closing = ""  # "" open; "parking" the basket is being kept; "done" may close now
        self.status = TillStatusBar()
        self.setStatusBar(self.status)
        self._build()
        self._connect()
        self._shortcuts()
        self.router = WedgeRouter(self.scan, self)
        QApplication.instance().installEventFilter(self.router)
        self.setMinimumSize(1024, 720)
        self.retranslate()
        # Open the store once the window has painted (its imports would slow the first paint);
        # the timer is the fallback for a window that is never shown.
        self._load_started = False
        QTimer.singleShot(500, self, self._start_load)

    # -- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        basket_page = QFrame(objectName="BasketPage")
        self.basket_title = QLabel(objectName="PanelTitle")
        self.minus, self.plus, self.remove, self.hold = (
            QPushButton(objectName=n) for n in ("QtyMinus", "QtyPlus", "RemoveLine", "HoldButton"))
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.basket_title, 1)
        for button in (self.minus, self.plus, self.remove, self.hold):
            button.setMinimumSize(56, 48)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            edit_row.addWidget(button)
        self.pay_button = QPushButton(objectName="PayButton")
        self.pay_button.setMinimumHeight(56)
        self.pay_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(basket_page)
        layout.addLayout(edit_row)
        layout.addWidget(self.basket_view, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.pay_button)
        self.stack = QStackedWidget(objectName="Pages")
        for page in (basket_page, self.pay_page, self.receipt_page, self.refund_page, self.enrol_page,
                     self.lookup_page, self.tickets_page):
            self.stack.addWidget(page)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.member_panel)
        left.addWidget(self.products)
        left.setSizes([250, 450])  # the member panel needs ~240 px; the rest to the products
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(self.stack)
        body.setSizes([400, 600])
        body.setChildrenCollapsible(False)
        self.keys = QLabel(objectName="KeyHints")
        central = QWidget(objectName="Central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.scan)
        outer.addWidget(body, 1)
        outer.addWidget(self.keys)
        self.setCentralWidget(central)

    def _connect(self) -> None:
        c = self.controller
        self.scan.scanned.connect(c.scan)
        self.scan.empty_enter.connect(self.enter)
        self.scan.delete_empty.connect(self.delete_key)
        self.scan.find_clicked.connect(self.find_member)
        self.scan.camera_clicked.connect(self.toggle_camera)
        c.message.connect(lambda text, kind: self.scan.show_message(text, kind=kind))
        c.state_changed.connect(self._state)
        c.member_changed.connect(lambda view, animate: self.member_panel.show_member(view, animate=animate))
        c.member_changed.connect(lambda view, _a: self.member_panel.show_identity(
            self.backend.identity(view.summary.member.id) if view is not None else None))
        c.override_needed.connect(self.ask_override)
        c.member_changed.connect(lambda *_: self._publish())
        c.basket_changed.connect(self._basket)
        c.preview_ready.connect(self._preview)
        c.busy_changed.connect(self.pay_page.set_busy)
        c.tendered.connect(self.pay_page.set_tendered)
        c.paid.connect(self._paid)
        c.receipts_loaded.connect(self.refund_page.set_receipts)
        c.refunded.connect(self._refunded)
        c.lookup_results.connect(self.lookup_page.show_members)
        c.lookup_found.connect(self.lookup_page.show_members)
        c.enrol_failed.connect(self.enrol_page.error.setText)
        c.card_issued.connect(self.bridge.card_did_issue)
        self.products.wanted.connect(lambda cat, text: c.run(lambda: self.backend.products(cat, text),
                                                             self.products.show_products, pool=c.preview_pool))
        self.products.chosen.connect(c.add_product)
        self.products.search.returnPressed.connect(self._search_enter)
        self.minus.clicked.connect(lambda: c.change_qty(self.basket_view.selected_line(), -1))
        self.plus.clicked.connect(lambda: c.change_qty(self.basket_view.selected_line(), +1))
        self.remove.clicked.connect(lambda: c.remove_line(self.basket_view.selected_line()))
        self.pay_button.clicked.connect(self.pay)
        self.totals.points.changed.connect(c.set_redeem)
        self.pay_page.confirmed.connect(c.pay)
        self.pay_page.cancelled.connect(c.back)
        self.receipt_page.next_sale.connect(c.next_sale)
        self.receipt_page.save_pdf.connect(self.save_pdf)
        self.receipt_page.print_receipt.connect(self.print_receipt)
        from ui.till.printing import ReceiptPrinting

        self.printing = ReceiptPrinting(self.backend, self)
        self.printing.finished.connect(lambda text, kind: self.controller.message.emit(text, kind))
        from ui.till.card_printing import CardPrinting

        self.card_printing = CardPrinting(self.backend, self.backend.db_path.parent / "cards",
                                          pool=self.printing.pool, parent=self)
        self.card_printing.finished.connect(lambda text, kind: self.controller.message.emit(text, kind))
        c.member_changed.connect(lambda view, _a: self.card_printing.follow(view))
        c.card_issued.connect(self.card_printing.issued)
        self.refund_page.refund.connect(c.refund)
        self.enrol_page.submitted.connect(c.enrol)
        self.enrol_page.cancelled.connect(c.back)
        self.lookup_page.search.connect(c.find_members)
        self.lookup_page.picked.connect(c.pick_member)
        self.hold.clicked.connect(self.hold_or_recall)
        c.held_loaded.connect(self.tickets_page.show_baskets)
        self.tickets_page.recall.connect(c.recall)
        self.tickets_page.cancelled.connect(c.back)

    def _shortcuts(self) -> None:
        c = self.controller
        keys = {
            "F2": self.find_member, "F3": self.toggle_points, "F4": self.enrol, "F5": self.hold_or_recall,
            "F6": self.refund, "F9": self.pay, "F11": self.take_part,
            "F7": lambda: c.change_qty(self.basket_view.selected_line(), -1),
            "F8": lambda: c.change_qty(self.basket_view.selected_line(), +1),
            "Delete": self.delete_key, "Escape": self.escape, "F10": self.toggle_camera, "Ctrl+L": self.toggle_language,
            "Ctrl+T": self.toggle_theme, "F12": self.open_manager, "Ctrl+P": self.save_pdf, "Ctrl+R": self.print_receipt,
            "Ctrl+K": lambda: self.card_printing.print_card(),
            "Up": lambda: self.move_selection(-1), "Down": lambda: self.move_selection(+1),
        }
        self.shortcuts = {}
        for key, action in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            self.shortcuts[key] = shortcut

    # -- start ------------------------------------------------------------------------
    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._load_started:
            QTimer.singleShot(0, self, self._start_load)

    def _start_load(self) -> None:
        if not self._load_started:
            self._load_started = True
            self.load()

    def load(self) -> None:
        """The window is on screen already; the store, program and services load on the store
        thread (about a second of imports). Scans typed meanwhile wait in the controller."""
        def loaded(shop: Any) -> None:
            self.shop = shop
            self.refund_page.model.zone = shop.timezone
            set_currency(shop.currency, shop.exponent)
            set_program_names(shop.program_names)
            self.bridge.shop_did_load.emit(shop)
            self.products.set_categories(shop.categories)
            self.status.set_info(terminal=shop.terminal, version=shop.program_version, pending=shop.pending)
            self.bridge.sync_did_change.emit(shop.pending, False)
            self.ready = True
            self.retranslate()
            self.controller.set_ready()
            self.controller.run(lambda: self.backend.start_sync(self.status.sync_changed.emit), self._sync_started,
                                fail=lambda _error: None)

        self.controller.run(self.backend.shop_info, loaded)
        self.pending_timer = QTimer(self)
        self.pending_timer.timeout.connect(self.refresh_pending)
        self.pending_timer.start(30_000)
        self.scan.edit.setFocus()
        # When idle, load the camera decoder on its own thread so the first camera scan does not wait.
        QTimer.singleShot(4000, self, self._warm_camera)  # the window as context: cancelled if it closes

    def _sync_started(self, worker: Any) -> None:
        self.sync_worker = worker   # None: a standalone till (no chain), it only counts what waits

    def _warm_camera(self) -> None:
        from ui.till.camera_panel import camera_worker_for

        camera_worker_for(self)

    def refresh_pending(self) -> None:
        self.controller.run(self.backend.pending, self._pending)
        if self.controller.sale.state in (State.IDLE, State.RECEIPT) and self.ready:
            self.controller.run(self.backend.checkpoint, lambda _none: None, fail=lambda _error: None)
            self.controller.run(self.backend.refresh_cards, lambda _none: None, fail=lambda _error: None)

    def _pending(self, pending: int) -> None:
        self.status.set_pending(pending)
        self.bridge.sync_did_change.emit(pending, False)

    # -- actions ----------------------------------------------------------------------
    def enter(self) -> None:
        state = self.controller.sale.state
        if state == State.PAYING:
            self.pay_page.submit()
        elif state == State.RECEIPT:
            self.controller.next_sale()
        elif state == State.LOOKUP:
            self.lookup_page._enter()
        elif state == State.TICKETS:
            self.tickets_page.choose_current()
        elif state == State.ENROL:
            self.enrol_page.submit()
        elif state == State.REFUND and self.refund_page.asking is not None:
            self.refund_page.confirm_refund()

    def hold_or_recall(self) -> None:
        """F5: hold the basket (an open ticket); on an empty sale, the held baskets to take one up."""
        c = self.controller
        if c.sale.state == State.TICKETS:
            c.back()
        elif c.hold_basket():
            return
        elif c.sale.lines:
            self.scan.show_message(tr("Go back to the basket (Esc) to hold it."), kind="info")
        else:
            c.set_aside(State.TICKETS)
            self.tickets_page.show_baskets([])
            c.load_held()

    def pay(self) -> None:
        if self.controller.sale.state == State.PAYING:
            self.pay_page.submit()
        elif self.controller.start_payment():
            self.pay_page.start(self.controller.sale.preview.receipt.total)

    def escape(self) -> None:
        if self.controller.sale.state == State.REFUND and self.refund_page.asking is not None:
            self.refund_page.cancel_refund()  # Esc steps back one step: out of the question, not the page
            return
        self.controller.back()

    def ask_override(self, why: str) -> None:
        """The member is identified only and this sale spends: their code (scan it now), or a
        manager approves with their PIN and a reason (audited); then the payment goes through."""
        from ui.till.override_dialog import OverrideDialog

        c = self.controller
        member_id = c.sale.member_id
        if member_id is None:
            return
        dialog = OverrideDialog(why, self)
        c.run(self.backend.managers, dialog.set_managers, fail=lambda _e: None)

        def approve(manager: str, pin: str, reason: str) -> None:
            what = f"{c.sale.preview.receipt.points_used if c.sale.preview else 0} points"
            c.run(lambda: self.backend.approve_override(manager=manager, pin=pin, reason=reason, member_id=member_id,
                                                        what=what),
                  lambda override: (dialog.accept(), c.pay(c.last_tenders, override=override)),
                  fail=lambda error: dialog.refused(error))

        dialog.approve.connect(approve)
        self.override_dialog = dialog
        dialog.open()

    def take_part(self) -> None:
        if self.controller.sale.state == State.PAYING:
            self.pay_page.take_part()

    def find_member(self) -> None:
        self.controller.set_aside(State.LOOKUP)
        self.lookup_page.start(self.scan.edit.text().strip())
        self.scan.edit.clear()

    def enrol(self) -> None:
        self.controller.set_aside(State.ENROL)
        self.enrol_page.start(self.controller.last_unknown_phone)

    def refund(self) -> None:
        self.refund_page.result.clear()
        self.controller.set_aside(State.REFUND)
        self.controller.load_receipts()

    def toggle_points(self) -> None:
        points = self.totals.points
        points.spin.setValue(0 if points.spin.value() else points.most)

    def delete_key(self) -> None:
        if not self.scan.edit.text():
            self.controller.remove_line(self.basket_view.selected_line())

    def move_selection(self, step: int) -> None:
        if self.controller.sale.state == State.TICKETS:
            self.tickets_page.move(step)
            return
        lines = len(self.controller.sale.lines)
        if lines:
            current = self.basket_view.selected_line()
            line = 0 if current is None else max(0, min(lines - 1, current + step))
            self.controller.selected = line
            self.basket_view.select_line(line)

    def print_receipt(self, *, automatic: bool = False) -> None:
        """The receipt on the thermal printer (after payment by itself, or again on Ctrl+R)."""
        page = self.receipt_page
        if (automatic or self.controller.sale.state == State.RECEIPT) and page.doc is not None and page.args is not None:
            cash = any(t["method"] == "cash" for t in page.args["tenders"]) and automatic  # the drawer opens once
            self.printing.print_doc(page.doc, cash=cash, asked=not automatic)

    def save_pdf(self) -> None:
        if self.controller.sale.state == State.RECEIPT:
            self.controller.save_pdf(self.receipt_page.write_pdf, self.pdf_folder)

    def _search_enter(self) -> None:
        from pos_loyalty.cards.scan import Unknown, classify_scan

        text = self.products.search.text().strip()
        if text and not isinstance(classify_scan(text), Unknown):  # a scanner fired into the search box
            self.products.search.clear()
            self.controller.scan(text)
        self.scan.edit.setFocus()

    def toggle_camera(self) -> None:
        from ui.till.camera_panel import toggle_camera

        toggle_camera(self)

    def toggle_language(self) -> None:
        self.set_language("en" if language() == "zh_TW" else "zh_TW")

    def set_language(self, code: str) -> None:
        set_language(code)
        self.scan.clear_message()  # it was said in the other language
        self.retranslate()
        self.bridge.language_did_change.emit(code)

    def open_manager(self) -> None:
        """F12: the manager's console, behind a manager's PIN (ui/manager); the sale stays as it is."""
        from ui.manager.app import open_console
        from ui.manager.backend import ConsoleBackend
        self.manager_dialog = open_console(ConsoleBackend(self.backend.db_path), self)

    def toggle_theme(self) -> None:
        from ui.theme import apply_theme

        self.theme = "dark" if self.theme == "light" else "light"
        apply_theme(QApplication.instance(), self.theme)

    # -- showing ----------------------------------------------------------------------
    def _state(self, state: str) -> None:
        page = PAGES[State(state)]
        if page != self.stack.currentIndex():
            self.scan.clear_message()  # a message belongs to the screen it was said on
        self.stack.setCurrentIndex(page)
        if State(state) in (State.IDLE, State.MEMBER, State.BASKET, State.PAYING, State.RECEIPT, State.REFUND):
            self.scan.edit.setFocus()
        self._publish()

    def _basket(self) -> None:
        sale = self.controller.sale
        self.basket_model.names_zh = sale.names_zh
        self.basket_model.set_basket(sale.lines, None if sale.preview is None else self.basket_model.receipt)
        self.basket_view.select_line(self.controller.selected)
        if not sale.lines:
            self.totals.points.reset()
            self.totals.show_receipt(None)
        self._publish()

    def _preview(self, preview: Any) -> None:
        receipt = preview.receipt.to_dict() if preview is not None else None
        self.basket_model.set_basket(self.controller.sale.lines, receipt)
        self.basket_view.select_line(self.controller.selected)
        self.totals.show_receipt(receipt)
        self.totals.points.set_max(preview.max_points if preview is not None else 0)
        self._publish()

    def _paid(self, paid: Any) -> None:
        sale = self.controller.sale
        self.receipt_page.show_receipt(receipt=paid.result.receipt.to_dict(), receipt_id=paid.result.receipt_id,
                                       tenders=[t.__dict__ for t in paid.result.tenders], member=paid.member,
                                       names=sale.names_zh if language() == "zh_TW" else {},
                                       shop=self._shop_name(), zone=self.shop.timezone if self.shop else None)
        self.print_receipt(automatic=True)
        self.status.set_pending(paid.pending)
        if getattr(self, "sync_worker", None) is not None:
            self.sync_worker.wake()   # the sale goes to the chain at once when online
        self.bridge.checkout_did_complete.emit(paid)
        self.bridge.sync_did_change.emit(paid.pending, False)

    def _shop_name(self) -> str:
        """The store's own name (settings); the demo's name, translated, when none was set."""
        from pos_loyalty.store_settings import DEFAULT_SHOP

        name = self.shop.shop_name if self.shop else DEFAULT_SHOP
        return tr(DEFAULT_SHOP) if name == DEFAULT_SHOP else name

    def _refunded(self, result: Any) -> None:
        from ui.widgets.money import money

        summary = tr("Refunded {amount} · points returned {back}, taken back {taken}").format(
            amount=money(result.amount), back=result.points_returned, taken=result.points_reversed)
        # What the refund settled and why (a discount or draw the kept lines no longer reach, ...).
        lines = [pick(line) for line in getattr(result, "explain", [])[1:]]
        self.refund_page.result.setText("\n".join([summary, *lines]))
        self._save_refund_slip(result)
        self.scan.show_message(tr("Refund done: give back {amount}").format(amount=money(result.amount)), kind="ok")
        self.refresh_pending()

    def _save_refund_slip(self, result: Any) -> None:
        """The refund slip (what was settled and why): printed where a thermal printer is set (the drawer
        opens for cash back on a cash sale) and saved as a PDF next to the receipts, off the GUI thread."""
        from ui.till.receipt_doc import build_refund
        from ui.till.receipt_pdf import to_pdf

        receipt = next((r for r in self.refund_page.model.receipts if r["id"] == result.receipt_id), None)
        if receipt is None:
            return
        doc = build_refund(result.to_dict(), receipt=receipt, at=self.backend.clock().isoformat(),
                           shop=tr("Loyalty Café"), zone=self.shop.timezone if self.shop else None)
        folder = self.pdf_folder
        cash_back = result.amount > 0 and any(t.get("method") == "cash" for t in receipt.get("tenders") or [])
        self.printing.print_doc(doc, cash=cash_back, asked=False)  # on the thermal printer, where one is set

        def write() -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            return to_pdf(doc, folder / f"refund-{result.refund_id}.pdf")

        self.controller.run(write, lambda path: None)

    def _publish(self) -> None:
        sale = self.controller.sale
        receipt = sale.preview.receipt.to_dict() if sale.preview is not None and sale.lines else None
        self.bridge.sale_did_change.emit(SaleSnapshot(lines=list(sale.lines), names_zh=dict(sale.names_zh),
                                                      receipt=receipt, member=sale.member, state=sale.state.value))

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Till"))
        self.basket_title.setText(tr("BASKET"))
        self.minus.setText("−")
        self.plus.setText("+")
        self.remove.setText(tr("Remove"))
        self.hold.setText(tr("Hold (F5)"))
        self.minus.setToolTip(tr("One less (F7)"))
        self.plus.setToolTip(tr("One more (F8)"))
        self.pay_button.setText(tr("Pay (F9)"))
        self.keys.setText("   ".join(f"<b>{k}</b> {tr(v)}" for k, v in KEYS))
        self.status.retranslate()
        self.basket_model.retranslate()
        self.basket_view.select_line(self.controller.selected)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: Any) -> None:
        """Closing in the middle of a sale keeps its basket in the store (the next start takes it
        up again); closing also closes the customer display (TillBridge.till_did_close)."""
        if self._closing == "parking":
            event.ignore()
            return
        if self._closing != "done":
            if self.controller.paying_busy:
                event.ignore()
                self.scan.show_message(tr("Payment in progress: the till closes when it is done."), kind="info")
                QTimer.singleShot(300, self, self.close)
                return
            if self.controller.park(self._parked, self._not_parked):
                self._closing = "parking"
                event.ignore()
                return
        self._closing = "done"
        if getattr(self, "sync_worker", None) is not None:
            self.sync_worker.stop(timeout=0.5)
        QApplication.instance().removeEventFilter(self.router)
        if self.camera is not None:
            self.camera.stop()
        self.bridge.till_did_close.emit()
        super().closeEvent(event)

    def _parked(self) -> None:
        self._closing = "done"
        self.close()

    def _not_parked(self, error: BaseException) -> None:
        from ui.worker import error_text

        self._closing = "done"  # a second close leaves without the basket, knowingly
        self.scan.show_message(tr("The basket could not be kept ({error}). Close again to leave without it.").format(
            error=error_text(error)), kind="error")
