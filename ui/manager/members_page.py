"""Member search with history, and manual point adjustments with a mandatory reason (audited)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ui.i18n import tr
from ui.manager.tables import read_only_table
from ui.manager.work import ScreenOperation
from ui.worker import error_text


class MembersPage(QWidget):
    def __init__(self, backend, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.backend = backend
        self.search = QLineEdit()
        self.search.setObjectName("MemberSearch")
        self.search.setPlaceholderText(tr("Phone, name or member number"))
        self.search.returnPressed.connect(self.find)
        self.results = QListWidget()
        self.results.setObjectName("MemberResults")
        self.results.currentRowChanged.connect(self.pick)
        self.summary = QLabel()
        self.summary.setObjectName("MemberSummary")
        self.summary.setWordWrap(True)
        self.history = read_only_table("MemberHistory", [tr("When"), tr("What"), tr("Points"), tr("Stamps"),
                                                         tr("Rule"), tr("Reason")])
        self.points = QSpinBox()
        self.points.setObjectName("AdjustPoints")
        self.points.setRange(-1_000_000, 1_000_000)
        self.reason = QLineEdit()
        self.reason.setObjectName("AdjustReason")
        self.reason.setPlaceholderText(tr("Reason (required)"))
        self.apply = QPushButton(tr("Adjust points"))
        self.apply.setObjectName("AdjustButton")
        self.apply.clicked.connect(self.adjust)
        self.message = QLabel()
        self.message.setObjectName("AdjustMessage")
        self.message.setWordWrap(True)
        left = QVBoxLayout()
        find = QHBoxLayout()
        find.addWidget(self.search, 1)
        button = QPushButton(tr("Find"))
        button.clicked.connect(self.find)
        find.addWidget(button)
        left.addLayout(find)
        left.addWidget(self.results, 1)
        form = QFormLayout()
        form.addRow(tr("Points (+ or −)"), self.points)
        form.addRow(tr("Reason"), self.reason)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.history, 1)
        right.addLayout(form)
        right.addWidget(self.apply)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self.found: list = []

    def find(self) -> None:
        text = self.search.text()
        ScreenOperation(self, lambda: self.backend.find_members(text)).success(self._found) \
            .failure(lambda e: self.message.setText(error_text(e))).run()

    def _found(self, members: list) -> None:
        self.found = members
        self.results.clear()
        self.results.addItems([f"{m.id}  {m.name}  {m.phone}  ({m.points:,} pts)" for m in members])
        if not members:
            self.message.setText(tr("No member found"))
        else:
            self.results.setCurrentRow(0)

    @property
    def member_id(self) -> Optional[str]:
        row = self.results.currentRow()
        return self.found[row].id if 0 <= row < len(self.found) else None

    def pick(self, _row: int = 0) -> None:
        member = self.member_id
        if member is None:
            return
        ScreenOperation(self, lambda: (self.backend.member_summary(member), self.backend.member_history(member))) \
            .success(self._show).failure(lambda e: self.message.setText(error_text(e))).run()

    def _show(self, data) -> None:  # noqa: ANN001
        summary, history = data
        stamps = ", ".join(f"{card} {s['count']}/{s['required']}" for card, s in summary["stamps"].items())
        self.summary.setText(tr("{name} · {points} points · tier {tier} · stamps {stamps} · joined {joined}").format(
            name=summary["name"], points=f"{summary['points']:,}", tier=summary["tier"] or tr("No tier"),
            stamps=stamps or "–", joined=summary["joined"]))
        self.history.setRowCount(len(history))
        for i, entry in enumerate(history):
            cells = (entry["at"].astimezone().strftime("%Y-%m-%d %H:%M"), entry["kind"], entry["points"] or "",
                     entry["stamps"] or "", entry["promotion_id"] or entry["card_id"] or "", entry["reason"] or "")
            for j, value in enumerate(cells):
                self.history.setItem(i, j, QTableWidgetItem(str(value)))

    def adjust(self) -> None:
        member, points, reason = self.member_id, self.points.value(), self.reason.text()
        if member is None:
            self.message.setText(tr("Find and pick a member first."))
            return
        if not reason.strip():
            self.message.setText(tr("A reason is required for a manual adjustment."))
            return
        ScreenOperation(self, lambda: self.backend.adjust(member, points, reason)).success(self._adjusted) \
            .failure(lambda e: self.message.setText(error_text(e))).run()

    def _adjusted(self, balance: int) -> None:
        self.message.setText(tr("Done: the balance is now {points} points (in the audit log).").format(
            points=f"{balance:,}"))
        self.reason.clear()
        self.points.setValue(0)
        self.find()
