"""RefundPage: recent receipts (model/view); tick lines or take the whole receipt back."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QTableView, QVBoxLayout, QWidget,
)

from ui.i18n import tr
from ui.widgets.money import money
from ui.widgets.shop_time import shop_time


REASONS = ("Customer changed their mind", "Damaged or faulty", "Wrong item sold", "Charged by mistake")


def refunded_text(receipt: dict) -> str:
    """The "Lines refunded" column: how many of the receipt's lines came back ("1 of 3", "all 3")."""
    refunded, lines = len(receipt.get("refunded", [])), len(receipt["lines"])
    if not refunded:
        return ""
    if refunded == lines:
        return tr("all {n}").format(n=lines)
    return tr("{refunded} of {lines}").format(refunded=refunded, lines=lines)


class ReceiptListModel(QAbstractTableModel):
    HEADERS = ("Time", "Receipt", "Member", "Total", "Lines refunded")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.receipts: list[dict] = []
        self.zone: Optional[str] = None  # the program's time zone (set by the window once loaded)

    def set_receipts(self, receipts: list[dict]) -> None:
        self.beginResetModel()
        self.receipts = list(receipts)
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.receipts)

    def columnCount(self, parent: Any = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.receipts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (shop_time(r["at"], self.zone, short=True), r["id"][-8:], r.get("member") or tr("guest"),
                    money(r["total"]), refunded_text(r))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RefundPage(QFrame):
    chosen = Signal(str)                 # receipt id, to load its lines
    refund = Signal(str, object)         # receipt id, {"lines": list or None (whole), "reason": text}

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("RefundPage")
        self.model = ReceiptListModel(self)
        self.current: Optional[dict] = None
        self.caption = QLabel(objectName="PanelTitle")
        self.table = QTableView(objectName="ReceiptList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.clicked.connect(self._picked)
        self.lines = QListWidget(objectName="RefundLines")
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.result = QLabel(objectName="Hint")
        self.result.setWordWrap(True)
        self.some = QPushButton(objectName="RefundLinesButton")
        self.whole = QPushButton(objectName="RefundWholeButton")
        for button in (self.some, self.whole):
            button.setMinimumHeight(52)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.some.clicked.connect(self._refund_lines)
        self.whole.clicked.connect(lambda: self.current and self.ask(None))
        self.asking: Optional[tuple[str, Optional[list[int]]]] = None  # the refund waiting for its confirmation
        self.confirm_box = QFrame(objectName="RefundConfirm")
        self.question = QLabel(objectName="RefundQuestion")
        self.question.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason = QComboBox(objectName="RefundReason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.setMinimumHeight(44)
        self.confirm = QPushButton(objectName="PayButton")
        self.cancel = QPushButton(objectName="BackButton")
        for button in (self.confirm, self.cancel):
            button.setMinimumHeight(52)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm.clicked.connect(self.confirm_refund)
        self.cancel.clicked.connect(self.cancel_refund)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.cancel)
        confirm_row.addWidget(self.confirm, 2)
        box = QVBoxLayout(self.confirm_box)
        box.addWidget(self.question)
        box.addLayout(reason_row)
        box.addLayout(confirm_row)
        self.confirm_box.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.some)
        buttons.addWidget(self.whole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.lines, 2)
        layout.addWidget(self.result)
        layout.addWidget(self.confirm_box)
        layout.addLayout(buttons)
        self.retranslate()

    def set_receipts(self, receipts: list[dict]) -> None:
        self.model.set_receipts(receipts)
        self.show_lines(None)

    def select(self, row: int) -> None:
        self.table.selectRow(row)
        self._picked(self.model.index(row, 0))

    def _picked(self, index: QModelIndex) -> None:
        self.show_lines(self.model.receipts[index.row()])

    def show_lines(self, receipt: Optional[dict]) -> None:
        self.cancel_refund()
        self.current = receipt
        self.lines.clear()
        if receipt is not None:
            done = set(receipt.get("refunded", []))
            for line in receipt["lines"]:
                item = QListWidgetItem(f"{line['name']}  {line['qty']} × {money(line['price'])}  →  {money(line['paid'])}")
                item.setData(Qt.ItemDataRole.UserRole, line["line"])
                if line["line"] in done:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setText(item.text() + "  " + tr("(refunded)"))
                else:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Unchecked)
                self.lines.addItem(item)
        self.some.setEnabled(receipt is not None)
        self.whole.setEnabled(receipt is not None)

    def checked_lines(self) -> list[int]:
        return [self.lines.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.lines.count())
                if self.lines.item(i).checkState() == Qt.CheckState.Checked]

    def set_line_checked(self, line: int, checked: bool = True) -> None:
        for i in range(self.lines.count()):
            item = self.lines.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == line:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _refund_lines(self) -> None:
        if self.current is None:
            return
        lines = self.checked_lines()
        if not lines:
            self.result.setText(tr("Tick the lines to refund first."))
            return
        self.ask(lines)

    def ask(self, lines: Optional[list[int]]) -> None:
        """A refund gives money back: say what and how much, and ask why, before it is done."""
        if self.current is None:
            return
        receipt = self.current
        done = set(receipt.get("refunded", []))
        chosen = [line for line in receipt["lines"] if (line["line"] in lines if lines is not None
                                                        else line["line"] not in done)]
        if not chosen:
            self.result.setText(tr("Every line of this receipt was refunded already."))
            return
        self.asking = (receipt["id"], lines)
        self.result.clear()
        paid = sum(line["paid"] for line in chosen)
        self.question.setText(tr("Refund {n} of {lines} lines of receipt {receipt}? They were paid {paid}; the refund settles what the kept lines cost alone.").format(
            n=len(chosen), lines=len(receipt["lines"]), receipt=receipt["id"][-8:], paid=money(paid)))
        self.reason.setCurrentIndex(-1)
        self.reason.setEditText("")
        self.confirm_box.show()
        self.some.setEnabled(False)
        self.whole.setEnabled(False)
        self.reason.setFocus()

    def confirm_refund(self) -> None:
        if self.asking is None:
            return
        reason = self.reason.currentText().strip()
        if not reason:
            self.result.setText(tr("Say why: pick or type a reason for the refund."))
            self.reason.setFocus()
            return
        receipt_id, lines = self.asking
        self.cancel_refund()
        self.refund.emit(receipt_id, {"lines": lines, "reason": reason})

    def cancel_refund(self) -> None:
        self.asking = None
        self.confirm_box.hide()
        self.some.setEnabled(self.current is not None)
        self.whole.setEnabled(self.current is not None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.asking is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm_refund()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.caption.setText(tr("REFUND: pick a receipt, tick lines (Esc: back to the sale)"))
        self.some.setText(tr("Refund ticked lines"))
        self.whole.setText(tr("Refund whole receipt"))
        self.reason_label.setText(tr("Reason"))
        self.confirm.setText(tr("Confirm refund (Enter)"))
        self.cancel.setText(tr("Cancel (Esc)"))
        self.reason.lineEdit().setPlaceholderText(tr("Why is it coming back?"))
        current = self.reason.currentText()
        self.reason.clear()
        self.reason.addItems([tr(r) for r in REASONS])
        self.reason.setCurrentIndex(-1)
        self.reason.setEditText(current)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.HEADERS) - 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
