"""What the draft would have cost: the last N days replayed under it and under the current programme,
side by side per rule, with a progress bar; the work runs off the GUI thread."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QSpinBox, QTableWidgetItem, QVBoxLayout, QWidget,
)

from pos_loyalty.reports.figures import FIGURES, rule_name
from ui.i18n import language, tr
from ui.manager.tables import read_only_table
from ui.manager.work import ScreenOperation
from ui.worker import error_text

FIGURE_LABELS = {"receipts": "Receipts", "discounts": "Discounts", "points_issued": "Points issued",
                 "points_redeemed_value": "Points redeemed (value)", "free_items": "Free items",
                 "prizes_cost": "Prize cost", "members_affected": "Members who got something", "paid": "Paid by customers"}


class _Progress(QObject):
    moved = Signal(int, int)


class BacktestPage(QWidget):
    finished = Signal(object)

    def __init__(self, backend, draft, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.backend, self.draft = backend, draft
        self.days = QSpinBox()
        self.days.setObjectName("BacktestDays")
        self.days.setRange(1, 3660)
        self.days.setValue(90)
        self.days.setSuffix(" " + tr("days"))
        self.run_button = QPushButton(tr("Run backtest"))
        self.run_button.setObjectName("RunBacktest")
        self.run_button.clicked.connect(self.run)
        self.progress = QProgressBar()
        self.progress.setObjectName("BacktestProgress")
        self.totals = read_only_table("BacktestTotals", [tr("Figure"), tr("Current"), tr("Draft"), tr("Difference")])
        self.rules = read_only_table("BacktestRules", [tr("Rule"), tr("Current discounts"), tr("Draft discounts"),
                                              tr("Current points"), tr("Draft points"), tr("Current receipts"),
                                              tr("Draft receipts")])
        self.rules.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # whole names
        self.message = QLabel(tr("Replays the last days' real receipts, member by member, under the draft."))
        self.message.setObjectName("BacktestMessage")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Last")))
        top.addWidget(self.days)
        top.addWidget(self.run_button)
        top.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.totals, 1)
        layout.addWidget(self.rules, 1)
        self.result = None
        self.signals = _Progress(self)
        self.signals.moved.connect(self._moved)

    def run(self) -> None:
        program = self.draft.program
        if program is None:
            self.message.setText(tr("The draft has an error; fix it in the editor: {error}").format(error=self.draft.error))
            return
        self.run_button.setEnabled(False)
        self.progress.setValue(0)
        self.message.setText(tr("Replaying…"))
        days, emit = self.days.value(), self.signals.moved.emit
        ScreenOperation(self, lambda: self.backend.backtest(program, days, progress=emit)) \
            .success(self._show).failure(lambda e: self.message.setText(error_text(e))) \
            .finally_(lambda: self.run_button.setEnabled(True)).run()

    def _moved(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _show(self, result) -> None:  # noqa: ANN001
        self.result = result
        current, draft = result.recorded.to_dict(), result.draft.to_dict()
        self.totals.setRowCount(len(FIGURES) + 1)
        for i, key in enumerate(("receipts",) + FIGURES):
            a, b = current[key], draft[key]
            for j, text in enumerate((tr(FIGURE_LABELS[key]), f"{a:,}", f"{b:,}", f"{b - a:+,}")):
                self.totals.setItem(i, j, QTableWidgetItem(text))
        sources = sorted(set(current["by_rule"]) | set(draft["by_rule"]))
        self.rules.setRowCount(len(sources))
        zero = {"discounts": 0, "points": 0, "receipts": 0}
        for i, source in enumerate(sources):
            a, b = current["by_rule"].get(source, zero), draft["by_rule"].get(source, zero)
            name = rule_name(source, self.draft.program, language())
            cells = (name, a["discounts"], b["discounts"], a["points"], b["points"], a["receipts"], b["receipts"])
            for j, value in enumerate(cells):
                item = QTableWidgetItem(value if j == 0 else f"{value:,}")
                item.setToolTip(name)
                self.rules.setItem(i, j, item)
        cost = (draft["discounts"] - current["discounts"]) + (draft["points_issued"] - current["points_issued"]) \
            * _point_value(self.draft.program) + (draft["prizes_cost"] - current["prizes_cost"])
        self.message.setText(tr("Over the last {days} days ({n} receipts) the draft would have cost {cost} more than the current programme ({members} members' receipts change).").format(  # noqa: E501
            days=self.days.value(), n=f"{result.receipts:,}", cost=f"{cost:+,}", members=len(result.changed)))
        self.finished.emit(result)


def _point_value(program) -> int:  # noqa: ANN001
    return program.points.redeem.value if program and program.points and program.points.redeem else 0
