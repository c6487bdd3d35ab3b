"""PayPage: the amount due, paid in one tender or split over several (cash, card, mobile).

Cash shows what was handed over and the change, or what is still missing; card and mobile take
an amount only (no change: change comes from cash). A part paid with F11 ("take this part")
stays listed and the rest is due; Enter or F9 pays the rest and confirms. Nothing is recorded
until the checkout: Esc back to the basket forgets the parts.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from ui.i18n import tr
from ui.widgets.money import currency, money

METHODS = ("cash", "card", "mobile")
LABELS = {"cash": "Cash", "card": "Card", "mobile": "Mobile"}


class PayPage(QFrame):
    confirmed = Signal(list)   # [(method, amount)]
    cancelled = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("PayPage")
        self.total = 0
        self.taken: list[tuple[str, int]] = []   # parts already paid (split)
        self.busy = False
        self.caption = QLabel(objectName="PanelTitle")
        self.due_caption = QLabel(objectName="TotalCaption")
        self.due = QLabel(objectName="Total")
        self.due.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.parts = QLabel(objectName="TenderParts")
        self.parts.setWordWrap(True)
        self.method_group = QButtonGroup(self)
        methods = QHBoxLayout()
        self.method_buttons: dict[str, QPushButton] = {}
        for method in METHODS:
            button = QPushButton(objectName="MethodButton")
            button.setCheckable(True)
            button.setMinimumHeight(56)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, m=method: self.set_method(m))
            self.method_group.addButton(button)
            self.method_buttons[method] = button
            methods.addWidget(button)
        self.tendered_label = QLabel()
        self.tendered = QSpinBox(objectName="Tendered")
        self.tendered.setRange(0, 10_000_000)
        self.tendered.setMinimumHeight(48)
        self.tendered.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.tendered.valueChanged.connect(lambda _v: self.retranslate())
        self.quick_box = QWidget()
        self.quick = QGridLayout(self.quick_box)
        self.quick.setContentsMargins(0, 0, 0, 0)
        self.change = QLabel(objectName="Change")
        self.change.setWordWrap(True)
        self.status = QLabel(objectName="ScanMessage")
        self.status.setProperty("kind", "error")
        self.status.setWordWrap(True)
        self.split = QPushButton(objectName="SplitButton")
        self.split.setMinimumHeight(48)
        self.split.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.split.clicked.connect(self.take_part)
        self.confirm = QPushButton(objectName="PayButton")
        self.confirm.setMinimumHeight(64)
        self.confirm.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm.clicked.connect(self.submit)
        self.back = QPushButton(objectName="BackButton")
        self.back.setMinimumHeight(48)
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.cancelled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_caption, 0, Qt.AlignmentFlag.AlignBottom)
        due_row.addWidget(self.due, 1)
        tender_row = QHBoxLayout()
        tender_row.addWidget(self.tendered_label)
        tender_row.addWidget(self.tendered, 1)
        tender_row.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(due_row)
        layout.addWidget(self.parts)
        layout.addLayout(methods)
        layout.addLayout(tender_row)
        layout.addWidget(self.quick_box)
        layout.addWidget(self.change)
        layout.addWidget(self.status)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.confirm, 2)
        layout.addLayout(buttons)
        self.method = "cash"
        self.set_method("cash")

    # -- amounts ----------------------------------------------------------------------
    @property
    def remaining(self) -> int:
        return self.total - sum(amount for _m, amount in self.taken)

    def amount(self) -> int:
        return self.tendered.value()

    def start(self, total: int) -> None:
        self.total = total
        self.taken = []
        self.busy = False
        self.status.clear()
        self.set_method("cash")
        self._quick_amounts()
        self.retranslate()

    def set_method(self, method: str) -> None:
        self.method = method
        for name, button in self.method_buttons.items():
            button.setChecked(name == method)
        cash = method == "cash"
        # Card and mobile cannot pay more than is due (no change from a card); cash may.
        self.tendered.setMaximum(10_000_000 if cash else max(self.remaining, 0))
        self.tendered.setValue(self.remaining)
        self.quick_box.setVisible(cash)
        self.change.setVisible(cash)
        self.status.clear()
        self.retranslate()

    def set_tendered(self, amount: int) -> None:
        """Digits typed in the scan field while paying: the amount of the tender chosen."""
        self.tendered.setValue(amount)
        self.status.clear()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.confirm, self.back, self.split):
            button.setEnabled(not busy)
        self.retranslate()

    def take_part(self) -> None:
        """Split: this tender pays part of the amount due; the rest is paid another way."""
        if self.busy:
            return
        amount = self.amount()
        if not 0 < amount < self.remaining:
            self.status.setText(tr("To split, enter an amount between 1 and {rest}: this part, then the rest another way.").format(rest=money(self.remaining - 1) if self.remaining > 1
                                                          else money(0)))
            return
        self.taken.append((self.method, amount))
        self.status.clear()
        self.set_method("card" if self.method == "cash" else "cash")
        self._quick_amounts()

    def submit(self) -> None:
        if self.busy:
            return
        amount = self.amount()
        if amount < self.remaining:
            missing = self.remaining - amount
            if self.method == "cash":
                self.status.setText(tr("{missing} short: ask for {missing} more, or press F11 to take {paid} in cash and the rest another way.").format(missing=money(missing), paid=money(amount)))
            else:
                self.status.setText(tr("{missing} still due: press F11 to take {paid} this way and the rest another way.").format(missing=money(missing), paid=money(amount)))
            return
        self.confirmed.emit(self.taken + [(self.method, amount)])

    def _quick_amounts(self) -> None:
        while self.quick.count():
            item = self.quick.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        _code, exponent = currency()
        unit = 10 ** exponent
        due = self.remaining
        amounts = sorted({due} | {((due // (n * unit)) + 1) * n * unit for n in (100, 500, 1000)})
        for i, amount in enumerate(amounts[:4]):
            button = QPushButton(money(amount), objectName="QuickAmount")
            button.setMinimumHeight(48)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=amount: (self.set_method("cash"), self.set_tendered(a)))
            self.quick.addWidget(button, 0, i)

    # -- text -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.caption.setText(tr("PAYMENT"))
        self.due_caption.setText(tr("Still due") if self.taken else tr("Due"))
        self.due.setText(money(self.remaining))
        self.parts.setText("  ·  ".join(tr("{method} {amount} taken").format(method=tr(LABELS[m]), amount=money(a))
                                        for m, a in self.taken))
        self.parts.setVisible(bool(self.taken))
        for name, button in self.method_buttons.items():
            button.setText(tr(LABELS[name]))
        cash = self.method == "cash"
        self.tendered_label.setText(tr("Handed over") if cash else tr("Amount"))
        self.split.setText(tr("Take this part (F11)"))
        paid = self.amount()
        if paid >= self.remaining:
            self.change.setText(tr("Change {amount}").format(amount=money(paid - self.remaining)))
            self.change.setProperty("kind", "ok")
        else:
            self.change.setText(tr("{missing} short").format(missing=money(self.remaining - paid)))
            self.change.setProperty("kind", "error")
        self.change.style().unpolish(self.change)
        self.change.style().polish(self.change)
        self.confirm.setText(tr("Processing…") if self.busy else tr("Confirm payment (Enter / F9)"))
        self.back.setText(tr("Back (Esc)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
