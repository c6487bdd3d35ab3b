"""NewCardPanel: right after enrolment, the new member's card as a QR code the customer can
photograph or add to their phone; it stays until that member's sale is over."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.i18n import tr


class NewCardPanel(QFrame):
    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("CdNewCard")
        self.member_id: Optional[str] = None
        self.code = ""
        self.title = QLabel(objectName="CdJoinText")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.qr = QLabel(objectName="CdNewCardQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(objectName="CdJoinText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.qr)
        layout.addWidget(self.text)
        self.hide()

    def show_card(self, member: Any, code: str) -> None:
        from ui.widgets.qr_pixmap import modules_pixmap
        from ui.worker import Operation

        def modules():  # noqa: ANN202 - on a worker thread
            from pos_loyalty.cards.symbols import qr_modules

            return qr_modules(code)

        self.member_id = member.summary.member.id
        self.code = code
        self.qr.clear()
        Operation(modules, parent=self).success(
            lambda found: self.code == code and self.qr.setPixmap(modules_pixmap(found, size=260))).run()
        self.retranslate()
        self.show()

    def follow(self, snapshot: Any) -> None:
        """Hide once the sale is for someone else, or over (the till is back to idle)."""
        member_id = snapshot.member.summary.member.id if snapshot.member is not None else None
        if self.member_id is not None and member_id != self.member_id and snapshot.state != "receipt":
            self.member_id = None
            self.code = ""
            self.hide()

    def retranslate(self) -> None:
        self.title.setText(tr("Your new membership card"))
        self.text.setText(tr("Take a photo of this code, or scan it with your phone to keep your card there. Show it at the till next time."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
