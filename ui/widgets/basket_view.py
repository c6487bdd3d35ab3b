"""BasketView: the basket table; discount rows span the width under the line they belong to."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.widgets.basket_model import BasketModel


ROW = 30
MIN_LINES = 6


class BasketView(QTableView):
    def __init__(self, model: BasketModel, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("BasketView")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        self.setShowGrid(False)
        self.setWordWrap(True)           # a long reason wraps under its line rather than being cut off
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW)
        self.verticalHeader().setMinimumSectionSize(ROW)
        self.setMinimumHeight(ROW * (MIN_LINES + 1) + 4)  # the header and six lines, whatever else is on screen
        header = self.horizontalHeader()
        header.setSectionResizeMode(BasketModel.ITEM, QHeaderView.ResizeMode.Stretch)
        for column in (BasketModel.QTY, BasketModel.PRICE, BasketModel.DISCOUNT, BasketModel.AMOUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        model.modelReset.connect(self.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self.resizeRowsToContents())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()  # the item column (stretched) changed width: wrapped reasons re-flow

    def basket_model(self) -> BasketModel:
        return self.model()  # type: ignore[return-value]

    def visible_line_rows(self) -> int:
        """How many plain rows fit in the table's viewport (the layout test asks)."""
        return self.viewport().height() // ROW

    def selected_line(self) -> Optional[int]:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return self.basket_model().rows[rows[0].row()].line

    def select_line(self, line: Optional[int]) -> None:
        if line is None:
            self.clearSelection()
            return
        row = self.basket_model().line_row(line)
        if row >= 0:
            self.selectRow(row)
            self.scrollTo(self.basket_model().index(row, 0))
