"""PayPage: the total due, cash or card, amount tendered, change; Enter or F9 confirms."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from ui.i18n import tr
from ui.widgets.money import currency, money

METHODS = ("cash", "card", "mobile")


class PayPage(QFrame):
    confirmed = Signal(list)   # [(method, amount)]
    cancelled = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("PayPage")
        self.total = 0
        self.busy = False
        self.caption = QLabel(objectName="PanelTitle")
        self.due = QLabel(objectName="Total")
        self.due.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        self.quick = QGridLayout()
        self.change = QLabel(objectName="Change")
        self.status = QLabel(objectName="Hint")
        self.confirm = QPushButton(objectName="PayButton")
        self.confirm.setMinimumHeight(64)
        self.confirm.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm.clicked.connect(self.submit)
        self.back = QPushButton(objectName="BackButton")
        self.back.setMinimumHeight(48)
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.cancelled)
        tender_row = QHBoxLayout()
        tender_row.addWidget(self.tendered_label)
        tender_row.addWidget(self.tendered, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.due)
        layout.addLayout(methods)
        layout.addLayout(tender_row)
        layout.addLayout(self.quick)
        layout.addWidget(self.change)
        layout.addStretch(1)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.confirm, 2)
        layout.addLayout(buttons)
        self.method = "cash"
        self.set_method("cash")

    def start(self, total: int) -> None:
        self.total = total
        self.busy = False
        self.set_method("cash")
        self.tendered.setValue(total)
        self._quick_amounts()
        self.retranslate()

    def set_method(self, method: str) -> None:
        self.method = method
        for name, button in self.method_buttons.items():
            button.setChecked(name == method)
        cash = method == "cash"
        self.tendered.setEnabled(cash)
        if not cash:
            self.tendered.setValue(self.total)
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.confirm.setEnabled(not busy)
        self.back.setEnabled(not busy)
        self.retranslate()

    def submit(self) -> None:
        if self.busy:
            return
        amount = self.tendered.value() if self.method == "cash" else self.total
        if amount < self.total:
            self.status.setText(tr("Tendered {paid} is less than the total {total}").format(
                paid=money(amount), total=money(self.total)))
            return
        self.confirmed.emit([(self.method, amount)])

    def _quick_amounts(self) -> None:
        while self.quick.count():
            item = self.quick.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        _code, exponent = currency()
        unit = 10 ** exponent
        amounts = sorted({self.total} | {((self.total // (n * unit)) + 1) * n * unit for n in (100, 500, 1000)})
        for i, amount in enumerate(amounts[:4]):
            button = QPushButton(money(amount), objectName="QuickAmount")
            button.setMinimumHeight(48)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=amount: (self.set_method("cash"), self.tendered.setValue(a)))
            self.quick.addWidget(button, 0, i)

    def retranslate(self) -> None:
        self.caption.setText(tr("PAYMENT"))
        self.due.setText(money(self.total))
        labels = {"cash": tr("Cash"), "card": tr("Card"), "mobile": tr("Mobile")}
        for name, button in self.method_buttons.items():
            button.setText(labels[name])
        self.tendered_label.setText(tr("Tendered"))
        paid = self.tendered.value() if self.method == "cash" else self.total
        self.change.setText(tr("Change {amount}").format(amount=money(max(paid - self.total, 0))))
        self.confirm.setText(tr("Processing…") if self.busy else tr("Confirm payment (Enter / F9)"))
        self.back.setText(tr("Back (Esc)"))
        if not self.busy:
            self.status.setText("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
