"""The PIN dialog in front of the manager's console: pick your name, type your PIN."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr
from ui.manager.work import ScreenOperation
from ui.worker import error_text


class SignInDialog(QDialog):
    """Accepts only a manager's right PIN; wrong PINs count towards that person's lockout."""

    signed_in = Signal(object)  # the Staff who signed in

    def __init__(self, backend, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("SignInDialog")
        self.setWindowTitle(tr("Manager's console"))
        self.who = QComboBox()
        self.who.setEditable(False)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText(tr("PIN"))
        self.message = QLabel(tr("A manager's PIN opens the console."))
        self.message.setObjectName("SignInMessage")
        self.message.setWordWrap(True)
        self.ok = QPushButton(tr("Sign in (Enter)"))
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.try_sign_in)
        self.pin.returnPressed.connect(self.try_sign_in)
        form = QFormLayout()
        self.who_label, self.pin_label = QLabel(tr("Name")), QLabel(tr("PIN"))
        form.addRow(self.who_label, self.who)
        form.addRow(self.pin_label, self.pin)
        layout = QVBoxLayout(self)
        title = QLabel(tr("Manager's console"))
        title.setObjectName("Title")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.ok)
        self.resize(380, 220)
        self.busy = False
        ScreenOperation(self, backend.staff_names).success(self._names).failure(self._failed).run()

    def _names(self, names: list[str]) -> None:
        self.who.clear()
        self.who.addItems(names)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_sign_in(self) -> None:
        if self.busy:
            return
        who, pin = self.who.currentText(), self.pin.text()
        if not pin:
            self.message.setText(tr("Type your PIN."))
            return
        self.busy = True
        self.ok.setEnabled(False)
        self.message.setText(tr("Checking…"))
        ScreenOperation(self, lambda: self.backend.sign_in(who, pin)).success(self._ok).failure(self._failed) \
            .finally_(self._done).run()

    def _done(self) -> None:
        self.busy = False
        self.ok.setEnabled(True)
        self.pin.clear()

    def _ok(self, person) -> None:  # noqa: ANN001
        self.signed_in.emit(person)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
