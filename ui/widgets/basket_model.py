"""BasketModel: basket lines with, under each, the discounts on it and their one-line reasons."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ui.i18n import pick, tr
from ui.widgets.money import money

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    line: int                    # basket line index
    explain: Optional[str] = None  # None: the line itself; else a discount under it
    amount: int = 0


class BasketModel(QAbstractTableModel):
    """Columns: item, quantity, unit price, discount, amount. Under a line, a row per item discount
    with its reason (wrapped in the item column, never cut off); order-wide discounts are not
    repeated under every line: the totals show each once."""

    ITEM, QTY, PRICE, DISCOUNT, AMOUNT = range(5)
    HEADERS = ("Item", "Qty", "Price", "Discount", "Amount")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[Any] = []          # engine BasketLine
        self.names_zh: dict[str, str] = {}
        self.receipt: Optional[dict] = None  # preview receipt (to_dict) for these lines
        self.rows: list[Row] = []

    # -- content ----------------------------------------------------------------------
    def set_basket(self, lines: Sequence[Any], receipt: Optional[dict]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.receipt = receipt if receipt is not None and len(receipt.get("lines", [])) == len(self.lines) else None
        self.rows = []
        per_line: dict[int, list[tuple[str, int]]] = {}
        if self.receipt is not None:
            for adjustment in self.receipt["adjustments"]:
                if adjustment.get("kind", "item") == "order":
                    continue  # an order-wide discount (tier %, member day %) is shown once, by the total
                text = pick(adjustment.get("explain_i18n"), adjustment["explain"])
                for part in adjustment["lines"]:
                    per_line.setdefault(part["line"], []).append((text, part["amount"]))
        for i in range(len(self.lines)):
            self.rows.append(Row(i))
            for text, amount in per_line.get(i, []):
                self.rows.append(Row(i, text, amount))
        self.endResetModel()

    def retranslate(self) -> None:
        self.set_basket(self.lines, self.receipt)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)

    def line_row(self, line: int) -> int:
        return next((r for r, row in enumerate(self.rows) if row.line == line and row.explain is None), -1)

    def line_name(self, line: Any) -> str:
        from ui.i18n import language

        if language() == "zh_TW" and line.sku in self.names_zh:
            return self.names_zh[line.sku]
        return line.name

    def explanations(self) -> list[str]:
        return [row.explain for row in self.rows if row.explain]

    # -- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section != self.ITEM:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == self.ITEM:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.explain is not None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.explain is not None:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor("#2e9e5b"))
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def _text(self, row: Row, col: int) -> str:
        if row.explain is not None:
            if col == self.ITEM:
                return "   ↳ " + row.explain
            if col == self.DISCOUNT:
                return money(-row.amount)
            return ""
        line = self.lines[row.line]
        result = self.receipt["lines"][row.line] if self.receipt else None
        if col == self.ITEM:
            return self.line_name(line)
        if col == self.QTY:
            return str(line.qty)
        if col == self.PRICE:
            return money(line.price)
        if col == self.DISCOUNT:
            off = result["item_discount"] if result else 0
            return money(-off) if off else ""
        if col == self.AMOUNT:  # before order-wide discounts, which the totals show once
            if result is None:
                return money(line.gross)
            return money(result["gross"] - result["item_discount"])
        return ""
