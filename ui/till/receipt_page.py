"""ReceiptPage: the receipt on screen, saved as PDF on request; Enter or Esc starts the next sale."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.till import receipt_doc


class ReceiptPage(QFrame):
    next_sale = Signal()
    save_pdf = Signal()
    print_receipt = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReceiptPage")
        self.args: Optional[dict] = None
        self.doc: Optional[receipt_doc.ReceiptDoc] = None
        self.caption = QLabel(objectName="PanelTitle")
        self.browser = QTextBrowser(objectName="ReceiptText")
        self.browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.qr = QLabel(objectName="ReceiptQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pdf_button = QPushButton(objectName="PdfButton")
        self.print_button = QPushButton(objectName="PrintButton")
        self.next_button = QPushButton(objectName="NextSale")
        for button in (self.pdf_button, self.print_button, self.next_button):
            button.setMinimumHeight(52)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_receipt)
        self.next_button.clicked.connect(self.next_sale)
        body = QHBoxLayout()
        body.addWidget(self.browser, 3)
        body.addWidget(self.qr, 1, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.next_button, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def show_receipt(self, **args: Any) -> None:
        """Arguments of receipt_doc.build (kept so a language switch re-renders the receipt)."""
        self.args = args
        self.retranslate()

    def write_pdf(self, folder: Path) -> Path:
        """Runs on a worker thread: it touches no widget (the controller says "Saved ...")."""
        from ui.till.receipt_pdf import to_pdf

        doc, args = self.doc, self.args
        assert doc is not None and args is not None
        folder.mkdir(parents=True, exist_ok=True)
        return to_pdf(doc, folder / f"receipt-{args['receipt_id']}.pdf")

    def retranslate(self) -> None:
        self.caption.setText(tr("RECEIPT"))
        self.pdf_button.setText(tr("Save PDF (Ctrl+P)"))
        self.print_button.setText(tr("Print (Ctrl+R)"))
        self.next_button.setText(tr("Next customer (Enter)"))
        if self.args is None:
            return
        self.doc = receipt_doc.build(**self.args)
        self.browser.setHtml(receipt_doc.to_html(self.doc))
        if self.doc.qr_text:
            from ui.widgets.qr_pixmap import qr_pixmap

            self.qr.setPixmap(qr_pixmap(self.doc.qr_text, size=160))
        else:
            self.qr.setPixmap(QPixmap())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
