"""BasketView: the basket table; discount rows span the width under the line they belong to."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.widgets.basket_model import BasketModel


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
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setSectionResizeMode(BasketModel.ITEM, QHeaderView.ResizeMode.Stretch)
        for column in (BasketModel.QTY, BasketModel.PRICE, BasketModel.DISCOUNT, BasketModel.AMOUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        model.modelReset.connect(self._spans)

    def basket_model(self) -> BasketModel:
        return self.model()  # type: ignore[return-value]

    def _spans(self) -> None:
        self.clearSpans()
        model = self.basket_model()
        for r, row in enumerate(model.rows):
            if row.explain is not None:
                self.setSpan(r, BasketModel.ITEM, 1, BasketModel.DISCOUNT)

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
