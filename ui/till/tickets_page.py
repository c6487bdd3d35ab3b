"""TicketsPage: baskets held at this till (open tickets); Enter or a tap takes one up again."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Optional

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.widgets.money import money


def ago(then: Optional[datetime], now: datetime) -> str:
    """How long a basket has waited, in the cashier's words (no clock time: no time zone to get wrong)."""
    if then is None:
        return ""
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 1:
        return tr("just now")
    if minutes < 60:
        return tr("{n} min ago").format(n=minutes)
    return tr("{h} h {m} min ago").format(h=minutes // 60, m=minutes % 60)


class TicketsPage(QFrame):
    recall = Signal(str)   # held basket id
    cancelled = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("TicketsPage")
        self.clock = clock
        self.baskets: list[Any] = []
        self.caption = QLabel(objectName="PanelTitle")
        self.list = QListWidget(objectName="HeldBaskets")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.hint = QLabel(objectName="Hint")
        self.hint.setWordWrap(True)
        self.back = QPushButton(objectName="BackButton")
        self.back.setMinimumHeight(52)
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.back)
        self.retranslate()

    def show_baskets(self, baskets: list[Any]) -> None:
        self.baskets = list(baskets)
        self.retranslate()

    def move(self, step: int) -> None:
        if self.list.count():
            self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))

    def choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._chosen(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.recall.emit(item.data(Qt.ItemDataRole.UserRole))

    def _text(self, basket: Any, now: datetime) -> str:
        names = ", ".join(f"{line.qty} × {line.name}" for line in basket.lines[:3])
        if len(basket.lines) > 3:
            names += " " + tr("and {n} more").format(n=len(basket.lines) - 3)
        who = basket.label or tr("guest")
        return f"{who}  ·  {money(basket.gross)}  ·  {ago(basket.held_at, now)}\n{names}"

    def retranslate(self) -> None:
        self.caption.setText(tr("HELD BASKETS (Esc: back)"))
        self.back.setText(tr("Back (Esc)"))
        row = max(0, self.list.currentRow())
        self.list.clear()
        now = self.clock()
        for basket in self.baskets:
            item = QListWidgetItem(self._text(basket, now))
            item.setData(Qt.ItemDataRole.UserRole, basket.id)
            item.setSizeHint(QSize(0, 56))
            self.list.addItem(item)
        if self.baskets:
            self.list.setCurrentRow(min(row, len(self.baskets) - 1))
        self.hint.setText(tr("No basket is held. F5 in a sale holds its basket.") if not self.baskets else
                          tr("{n} held: ↑/↓ choose, Enter takes it up again").format(n=len(self.baskets)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
