"""The audit log: who changed what and when, with before and after; filtered by who, what or words."""
from __future__ import annotations

import json
from typing import Optional

from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ui.i18n import tr
from ui.manager.tables import read_only_table
from ui.manager.work import ScreenOperation
from ui.worker import error_text


def describe(detail: dict) -> tuple[str, str, str]:
    """(what, before, after) for a line of the log."""
    rest = {k: v for k, v in detail.items() if k not in ("before", "after")}
    before = json.dumps(detail.get("before"), ensure_ascii=False) if "before" in detail else ""
    after = json.dumps(detail.get("after"), ensure_ascii=False) if "after" in detail else ""
    return json.dumps(rest, ensure_ascii=False), before, after


class AuditPage(QWidget):
    def __init__(self, backend, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.backend = backend
        self.actor = QLineEdit()
        self.actor.setObjectName("AuditActor")
        self.actor.setPlaceholderText(tr("Who"))
        self.action = QComboBox()
        self.action.setObjectName("AuditAction")
        self.action.setMinimumWidth(180)
        self.text = QLineEdit()
        self.text.setObjectName("AuditText")
        self.text.setPlaceholderText(tr("Words in the detail"))
        refresh = QPushButton(tr("Filter"))
        refresh.clicked.connect(self.load)
        for edit in (self.actor, self.text):
            edit.returnPressed.connect(self.load)
        self.action.activated.connect(lambda _: self.load())
        self.table = read_only_table("AuditTable", [tr("When"), tr("Who"), tr("What"), tr("Detail"), tr("Before"),
                                                    tr("After")])
        top = QHBoxLayout()
        top.addWidget(self.actor)
        top.addWidget(self.action)
        top.addWidget(self.text, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def load(self) -> None:
        actor, action, text = self.actor.text(), self.action.currentData() or "", self.text.text()
        ScreenOperation(self, lambda: (self.backend.audit_actions(),
                                       self.backend.audit(actor=actor, action=action, text=text))).success(self._show).failure(lambda e: self.table.setToolTip(error_text(e))).run()

    def _show(self, data) -> None:  # noqa: ANN001
        actions, entries = data
        current = self.action.currentData()
        if [self.action.itemData(i) for i in range(self.action.count())] != [""] + actions:
            self.action.clear()
            self.action.addItem(tr("Every action"), "")
            for action in actions:
                self.action.addItem(action, action)
            if current in actions:
                self.action.setCurrentIndex(actions.index(current) + 1)
        self.table.setRowCount(len(entries))
        for i, entry in enumerate(entries):
            what, before, after = describe(entry.detail)
            cells = (entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), entry.actor, entry.action, what, before, after)
            for j, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(i, j, item)
