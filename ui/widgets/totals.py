"""TotalsPanel: subtotal, discounts, points, the TOTAL (the largest text), what is earned and why."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from ui.i18n import pick, program_name, tr
from ui.widgets.money import money


class PointsControl(QFrame):
    """Points as tender: how many to use, and the most this basket allows."""

    changed = Signal(object)  # int or "max"

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("PointsControl")
        self.label = QLabel()
        self.spin = QSpinBox(objectName="PointsSpin")
        self.spin.setRange(0, 0)
        self.spin.setMinimumHeight(40)
        self.spin.setMinimumWidth(110)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.max_button = QPushButton(objectName="MaxPoints")
        self.max_button.setMinimumHeight(40)
        self.max_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.most = 0
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.spin)
        row.addWidget(self.max_button)
        self.spin.valueChanged.connect(lambda v: self.changed.emit(int(v)))
        self.max_button.clicked.connect(self.use_max)
        self.retranslate()

    def use_max(self) -> None:
        self.spin.setValue(self.most)

    def set_max(self, most: int) -> None:
        self.most = most
        self.spin.blockSignals(True)
        self.spin.setRange(0, most)
        self.spin.blockSignals(False)
        self.setEnabled(most > 0 or self.spin.value() > 0)
        self.retranslate()

    def reset(self) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(0)
        self.spin.blockSignals(False)

    def retranslate(self) -> None:
        self.label.setText(tr("Use points (F3)"))
        self.max_button.setText(tr("Max {points}").format(points=f"{self.most:,}"))


class TotalsPanel(QFrame):
    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("TotalsPanel")
        self.receipt: Optional[dict] = None
        self.breakdown = QLabel(objectName="Breakdown")
        self.breakdown.setWordWrap(True)
        self.order = QLabel(objectName="OrderDiscounts")  # each order-wide discount, once, with its reason
        self.order.setWordWrap(True)
        self.order.setTextFormat(Qt.TextFormat.RichText)
        self.total_caption = QLabel(objectName="TotalCaption")
        self.total = QLabel(objectName="Total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.earned = QLabel(objectName="Earned")
        self.earned.setWordWrap(True)
        self.why = QLabel(objectName="Why")
        self.why.setWordWrap(True)
        self.why.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.why_scroll = QScrollArea(objectName="WhyScroll")  # wraps; scrolls only if a basket has very many
        self.why_scroll.setWidget(self.why)
        self.why_scroll.setWidgetResizable(True)
        self.why_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.why_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.why_scroll.setMaximumHeight(120)
        self.points = PointsControl()
        grid = QGridLayout()
        grid.addWidget(self.total_caption, 0, 0, Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(self.total, 0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.breakdown)
        layout.addWidget(self.order)
        layout.addLayout(grid)
        layout.addWidget(self.points)
        layout.addWidget(self.earned)
        layout.addWidget(self.why_scroll)
        self.show_receipt(None)

    def show_receipt(self, receipt: Optional[dict]) -> None:
        self.receipt = receipt
        self.retranslate()

    def earned_text(self) -> str:
        r = self.receipt
        if not r:
            return ""
        parts = []
        if r["points_earned"]:
            parts.append(tr("+{points} points").format(points=r["points_earned"]))
        for card, n in r.get("stamps_earned", {}).items():
            parts.append((tr("+1 {card} stamp") if n == 1 else tr("+{n} {card} stamps")).format(
                n=n, card=program_name(f"card:{card}", card)))
        return "  ·  ".join(parts)

    def why_lines(self) -> list[str]:
        r = self.receipt
        if not r:
            return []
        out = [pick(a.get("explain_i18n"), a["explain"]) for a in r["adjustments"] if a["kind"] not in ("item", "order")]
        out += [pick(e.get("explain_i18n"), e["explain"]) for e in r["earnings"]]
        out += [pick(n) for n in r.get("notes_i18n", [])]
        return out

    def order_discounts(self) -> list[tuple[str, int]]:
        """Order-wide discounts (tier %, member day %): each once, with its reason and amount."""
        r = self.receipt
        if not r:
            return []
        return [(pick(a.get("explain_i18n"), a["explain"]), a["amount"]) for a in r["adjustments"]
                if a["kind"] == "order"]

    def retranslate(self) -> None:
        self.total_caption.setText(tr("TOTAL"))
        self.points.retranslate()
        r = self.receipt
        if r is None:
            self.breakdown.setText("")
            self.total.setText(money(0))
            self.earned.setText("")
            self.why.setText("")
            self.order.setText("")
            self.order.hide()
            self.why_scroll.hide()
            return
        from html import escape

        order = self.order_discounts()
        self.order.setText("<table width='100%'>" + "".join(
            f"<tr><td>{escape(text)}</td><td align='right'>{escape(money(-amount))}</td></tr>"
            for text, amount in order) + "</table>")
        self.order.setVisible(bool(order))
        self.breakdown.setText(tr("Subtotal {subtotal} · Discounts {discounts} · Points {points}").format(
            subtotal=money(r["subtotal"]), discounts=money(-r["discount_total"]), points=money(-r["points_value"])))
        self.total.setText(money(r["total"]))
        self.earned.setText(self.earned_text())
        lines = self.why_lines()
        self.why.setText(tr("Why:") + "\n" + "\n".join("• " + line for line in lines) if lines else "")
        self.why_scroll.setVisible(bool(lines))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
