"""OverrideDialog: an identified-only member spending points or a reward, approved by a manager's
PIN and a reason (checked off the GUI thread by services.staff.approve_override, audited)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from ui.i18n import tr


class OverrideDialog(QDialog):
    approve = Signal(str, str, str)   # manager, PIN, reason

    def __init__(self, why: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("OverrideDialog")
        self.setWindowTitle(tr("Manager's override"))
        self.why = QLabel(why)
        self.why.setWordWrap(True)
        self.hint = QLabel(tr("Best: scan the member's card or phone code instead (Esc, then scan). Otherwise a manager approves:"))
        self.hint.setWordWrap(True)
        self.manager = QComboBox(objectName="OverrideManager")
        self.manager.setEditable(True)
        self.pin = QLineEdit(objectName="OverridePin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(objectName="OverrideReason")
        self.reason.setPlaceholderText(tr("e.g. card left at home, known regular"))
        self.error = QLabel(objectName="ScanMessage")
        self.error.setProperty("kind", "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Manager"), self.manager)
        form.addRow(tr("PIN"), self.pin)
        form.addRow(tr("Reason"), self.reason)
        self.ok = QPushButton(tr("Approve and pay (Enter)"), objectName="PayButton")
        self.ok.setDefault(True)
        self.cancel = QPushButton(tr("Cancel (Esc)"), objectName="BackButton")
        self.ok.clicked.connect(self._approve)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.ok, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.why)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(520, 320)

    def set_managers(self, names: list[str]) -> None:
        current = self.manager.currentText()
        self.manager.clear()
        self.manager.addItems(names)
        if current:
            self.manager.setEditText(current)
        self.pin.setFocus()

    def _approve(self) -> None:
        if not self.reason.text().strip():
            self.error.setText(tr("Say why: the reason goes into the audit log."))
            self.reason.setFocus()
            return
        self.error.setText(tr("Checking the PIN…"))
        self.ok.setEnabled(False)
        self.approve.emit(self.manager.currentText().strip(), self.pin.text(), self.reason.text().strip())

    def refused(self, error: BaseException) -> None:
        from ui.worker import error_text

        self.ok.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.error.setText(error_text(error))
