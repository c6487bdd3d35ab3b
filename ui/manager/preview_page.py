"""Live preview: a sample basket and member under the draft, the receipt as the till shows it."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox,
    QTextBrowser, QVBoxLayout, QWidget,
)

from pos_loyalty.engine import BasketLine
from ui.i18n import pick, tr
from ui.manager.work import ScreenOperation
from ui.worker import error_text


def _shop_now(draft) -> QDateTime:  # noqa: ANN001
    """Now on the shop's clock (the program's time zone), as a plain date and time to edit."""
    from datetime import timezone
    zone = draft.program.zone if draft.program is not None else timezone.utc
    now = datetime.now(zone).replace(tzinfo=None, second=0, microsecond=0)
    return QDateTime(now)


class PreviewPage(QWidget):
    def __init__(self, backend, draft, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.backend, self.draft = backend, draft
        self.lines: list[BasketLine] = []
        self.product = QComboBox()
        self.product.setObjectName("PreviewProduct")
        self.qty = QSpinBox()
        self.qty.setRange(1, 99)
        self.add = QPushButton(tr("Add to basket"))
        self.add.clicked.connect(self.add_line)
        self.clear = QPushButton(tr("Empty basket"))
        self.clear.clicked.connect(self.clear_lines)
        self.basket = QListWidget()
        self.member = QLineEdit()
        self.member.setObjectName("PreviewMember")
        self.member.setPlaceholderText(tr("Member number (empty: a guest)"))
        self.member.editingFinished.connect(self.schedule)
        self.at = QDateTimeEdit(_shop_now(draft))
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        self.at.dateTimeChanged.connect(lambda _: self.schedule())
        self.receipt = QTextBrowser()
        self.receipt.setObjectName("PreviewReceipt")
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.product, 1)
        row.addWidget(self.qty)
        row.addWidget(self.add)
        form.addRow(tr("Product"), row)
        form.addRow(tr("Member"), self.member)
        form.addRow(tr("When (shop time)"), self.at)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.basket, 1)
        left.addWidget(self.clear)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("Receipt under the draft, as the till shows it")))
        right.addWidget(self.receipt, 1)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self.products = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.render)
        draft.changed.connect(self.schedule)
        ScreenOperation(self, backend.products).success(self._products).run()

    def _products(self, rows: list) -> None:
        self.products = rows
        self.product.clear()
        for row in rows:
            self.product.addItem(f"{row.name} · {row.category} · {row.price}", row.sku)
        if rows and not self.lines:
            self.lines = [BasketLine(sku=rows[0].sku, name=rows[0].name, price=rows[0].price, qty=2,
                                     category=rows[0].category)]
            self._show_lines()
        self.schedule()

    def add_line(self) -> None:
        index = self.product.currentIndex()
        if index < 0:
            return
        row = self.products[index]
        self.lines.append(BasketLine(sku=row.sku, name=row.name, price=row.price, qty=self.qty.value(),
                                     category=row.category))
        self._show_lines()
        self.schedule()

    def clear_lines(self) -> None:
        self.lines = []
        self._show_lines()
        self.schedule()

    def _show_lines(self) -> None:
        self.basket.clear()
        self.basket.addItems([f"{l.name} × {l.qty}  ({l.price * l.qty})" for l in self.lines])

    def schedule(self) -> None:
        self.timer.start()

    def render(self) -> None:
        program = self.draft.program
        if program is None:
            self.message.setText(tr("The draft has an error; fix it in the editor: {error}").format(error=self.draft.error))
            return
        if not self.lines:
            self.receipt.setHtml("")
            self.message.setText(tr("Add a product to see the receipt."))
            return
        lines, member = list(self.lines), self.member.text().strip() or None
        at = self.at.dateTime().toPython().replace(tzinfo=program.zone)  # the shop's clock, as the till reads it
        ScreenOperation(self, lambda: self.backend.preview(program, lines, member, at)) \
            .success(self._show).failure(lambda e: self.message.setText(error_text(e))).run()

    def _show(self, receipt) -> None:  # noqa: ANN001
        from ui.till.receipt_doc import build, to_html
        body = receipt.to_dict()
        doc = build(body, receipt_id="PREVIEW-", tenders=[{"method": "cash", "amount": body["total"]}],
                    zone=self.draft.data.get("timezone"))
        explanations = [pick(a.get("explain_i18n"), a["explain"]) for a in body["adjustments"]]
        explanations += [pick(e.get("explain_i18n"), e["explain"]) for e in body["earnings"]]
        explanations += [pick(n, n.get("en", "")) for n in body["notes_i18n"]]
        self.receipt.setHtml(to_html(doc) + "<hr><b>" + tr("Explanations") + "</b><ul>"
                             + "".join(f"<li>{text}</li>" for text in explanations) + "</ul>")
        self.message.setText(tr("Total {total}, points earned {points}, tier {tier}").format(
            total=body["total"], points=body["points_earned"], tier=body["tier"] or tr("No tier")))
