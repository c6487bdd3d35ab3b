"""Reports with charts (QtCharts) and CSV export, each with a one-line reading of what it shows."""
from __future__ import annotations

import csv
from typing import Optional

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QLineSeries, QScatterSeries, QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget, QAbstractItemView, QHeaderView,
)

from ui.i18n import language, tr
from ui.manager.work import ScreenOperation
from ui.worker import error_text

TITLES = (("liability", "Outstanding liability"), ("by_rule", "Discounts and redemptions by rule"),
          ("tiers", "Tier distribution and movement"), ("top_share", "Revenue from the top 20 % of members"),
          ("cohorts", "Repeat visits by monthly cohort"), ("reward_curve", "Reward-cost curve"))


def chart_for(report) -> QChart:  # noqa: ANN001
    chart = QChart()
    chart.setTitle(tr(dict(TITLES)[report.key]))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    if report.kind in ("bar", "stacked"):
        series = QStackedBarSeries() if report.kind == "stacked" else QBarSeries()
        labels: list[str] = []
        for name, points in report.series.items():
            bar = QBarSet(name)
            for label, value in points:
                bar.append(float(value))
                if str(label) not in labels:
                    labels.append(str(label))
            series.append(bar)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([label[:14] for label in labels])
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = QValueAxis()
        y.setLabelFormat("%d")
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        if report.kind == "bar":
            chart.legend().hide()
    else:
        x, y = QValueAxis(), QValueAxis()
        x.setTitleText(tr(report.x_label))
        y.setTitleText(tr(report.y_label))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        xs, ys = [0.0], [0.0]
        for name, points in report.series.items():
            line = QScatterSeries() if report.kind == "scatter" else QLineSeries()
            if report.kind == "scatter":
                line.setMarkerSize(7)
            line.setName(str(name))
            for px, py in points:
                line.append(float(px), float(py))
                xs.append(float(px))
                ys.append(float(py))
            chart.addSeries(line)
            line.attachAxis(x)
            line.attachAxis(y)
        x.setLabelFormat("%d")
        y.setLabelFormat("%d")
        x.setRange(min(xs), max(xs) or 1)
        y.setRange(min(ys), max(ys) or 1)
        if len(report.series) > 8:
            chart.legend().hide()
    return chart


class ReportsPage(QWidget):
    def __init__(self, backend, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.backend = backend
        self.pick = QComboBox()
        self.pick.setObjectName("ReportPick")
        for key, title in TITLES:
            self.pick.addItem(tr(title), key)
        self.pick.currentIndexChanged.connect(lambda _: self.load())
        self.export = QPushButton(tr("Export CSV…"))
        self.export.clicked.connect(lambda: self.export_csv())
        self.reading = QLabel()
        self.reading.setObjectName("ReportReading")
        self.reading.setWordWrap(True)
        self.reading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.view = QChartView()
        self.view.setObjectName("ReportChart")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.table = QTableWidget()
        self.table.setObjectName("ReportTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.pick, 1)
        top.addWidget(self.export)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.table)
        split.setSizes([420, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.reading)
        layout.addWidget(split, 1)
        self.report = None

    def load(self) -> None:
        key, lang = self.pick.currentData(), language()
        self.reading.setText(tr("Working…"))
        ScreenOperation(self, lambda: self.backend.report(key, lang)).success(self._show) \
            .failure(lambda e: self.reading.setText(error_text(e))).run()

    def _show(self, report) -> None:  # noqa: ANN001
        self.report = report
        template, params = report.reading
        self.reading.setText(tr(template).format(**params))
        self.view.setChart(chart_for(report))
        self.table.setColumnCount(len(report.columns))
        self.table.setHorizontalHeaderLabels([tr(c) for c in report.columns])
        self.table.setRowCount(len(report.rows))
        for i, row in enumerate(report.rows):
            for j, value in enumerate(row):
                self.table.setItem(i, j, QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value)))

    def export_csv(self, path: Optional[str] = None) -> Optional[str]:
        if self.report is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Export CSV…"), f"{self.report.key}.csv", "CSV (*.csv)")
        if path:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(self.report.columns)
                writer.writerows(self.report.rows)
            self.reading.setText(tr("Saved {path}.").format(path=path))
        return path
