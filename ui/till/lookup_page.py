"""LookupPage: members found by a typed name or partial phone; the cashier picks one."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.i18n import tr


class LookupPage(QFrame):
    search = Signal(str)
    picked = Signal(str)   # member id

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("LookupPage")
        self.caption = QLabel(objectName="PanelTitle")
        self.query = QLineEdit(objectName="LookupQuery")
        self.query.setMinimumHeight(44)
        self.query.returnPressed.connect(self._enter)
        # Matches as you type: a short pause after the last key, then one search off the GUI thread.
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(180)
        self.typing.timeout.connect(self._typed)
        self.query.textEdited.connect(lambda _text: self.typing.start())
        self.results = QListWidget(objectName="LookupResults")
        self.results.itemActivated.connect(lambda item: self.picked.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.results.itemClicked.connect(lambda item: self.picked.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.hint = QLabel(objectName="Hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self.retranslate()

    def start(self, text: str = "") -> None:
        self.results.clear()
        self.hint.clear()
        self.query.setText(text)
        self.query.setFocus()
        if text:
            self.search.emit(text)

    def _typed(self) -> None:
        text = self.query.text().strip()
        if len(text) >= (3 if text.isdigit() else 1):
            self.search.emit(text)
        else:
            self.results.clear()
            self.hint.clear()

    def _enter(self) -> None:
        if self.results.count() and self.results.currentRow() >= 0:
            self.picked.emit(self.results.currentItem().data(Qt.ItemDataRole.UserRole))
        elif self.query.text().strip():
            self.search.emit(self.query.text().strip())

    def show_members(self, members: list[Any], query: Optional[str] = None) -> None:
        """Results of a search; those of a query the cashier has since typed past are dropped."""
        if query is not None and query != self.query.text().strip():
            return
        self.results.clear()
        for member in members:
            item = QListWidgetItem(f"{member.masked_name}   {member.masked_phone}   {member.id}")
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setSizeHint(QSize(0, 44))
            self.results.addItem(item)
        if members:
            self.results.setCurrentRow(0)
        self.hint.setText(tr("No member found") if not members else tr("{n} found: Enter picks the highlighted one")
                          .format(n=len(members)))

    def retranslate(self) -> None:
        self.caption.setText(tr("FIND MEMBER (Esc: back)"))
        self.query.setPlaceholderText(tr("Phone number or name"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
