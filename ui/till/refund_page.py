"""RefundPage: recent receipts (model/view); tick lines or take the whole receipt back."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QTableView, QVBoxLayout, QWidget,
)

from ui.i18n import tr
from ui.widgets.money import money
from ui.widgets.shop_time import shop_time


class ReceiptListModel(QAbstractTableModel):
    HEADERS = ("Time", "Receipt", "Member", "Total", "Refunded")

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
            refunded = len(r.get("refunded", []))
            return (shop_time(r["at"], self.zone, short=True), r["id"][-8:], r.get("member") or tr("guest"), money(r["total"]),
                    tr("all") if refunded and refunded == len(r["lines"]) else (str(refunded) if refunded else ""))[
                index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RefundPage(QFrame):
    chosen = Signal(str)                 # receipt id, to load its lines
    refund = Signal(str, object)         # receipt id, lines (None = whole)

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
        self.whole.clicked.connect(lambda: self.current and self.refund.emit(self.current["id"], None))
        buttons = QHBoxLayout()
        buttons.addWidget(self.some)
        buttons.addWidget(self.whole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.lines, 2)
        layout.addWidget(self.result)
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
        self.refund.emit(self.current["id"], lines)

    def retranslate(self) -> None:
        self.caption.setText(tr("REFUND: pick a receipt, tick lines (Esc: back to the sale)"))
        self.some.setText(tr("Refund ticked lines"))
        self.whole.setText(tr("Refund whole receipt"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.HEADERS) - 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
