"""EnrolPage: a new member in four fields (name, phone, birthday, consent), all from the keyboard:
Tab walks them in order, the birthday is typed (1990-05-17, 19900517 or 1990/5/17), Enter enrols."""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from ui.i18n import tr

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.]?\s*(\d{1,2})\s*[-/.]?\s*(\d{1,2})\s*$")


def typed_birthday(text: str) -> Optional[date]:
    """The birthday typed, or None when the field is empty; ValueError when it is not a date."""
    if not text.strip():
        return None
    match = _DATE.match(text)
    if match is None or (len(text.strip()) == 8 and not text.strip().isdigit()):
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)


class EnrolPage(QFrame):
    submitted = Signal(dict)   # name, phone, birthday (date or None), consent
    cancelled = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("EnrolPage")
        self.caption = QLabel(objectName="PanelTitle")
        self.name = QLineEdit(objectName="EnrolName")
        self.phone = QLineEdit(objectName="EnrolPhone")
        self.birthday = QLineEdit(objectName="EnrolBirthday")
        self.birthday.setMaxLength(10)
        self.consent = QCheckBox(objectName="EnrolConsent")
        self.error = QLabel(objectName="ScanMessage")
        self.error.setProperty("kind", "error")
        self.error.setWordWrap(True)
        for field in (self.name, self.phone, self.birthday):
            field.setMinimumHeight(44)
        self.ok = QPushButton(objectName="EnrolButton")
        self.back = QPushButton(objectName="BackButton")
        for button in (self.ok, self.back):
            button.setMinimumHeight(52)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok.clicked.connect(self.submit)
        self.back.clicked.connect(self.cancelled)
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.labels[0], self.name)
        self.form.addRow(self.labels[1], self.phone)
        self.form.addRow(self.labels[2], self.birthday)
        self.form.addRow(self.labels[3], self.consent)
        for label, field in zip(self.labels, (self.name, self.phone, self.birthday, self.consent)):
            label.setBuddy(field)
        self.keys_hint = QLabel(objectName="Hint")
        self.keys_hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.ok, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(self.form)
        layout.addWidget(self.keys_hint)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def fields(self) -> list[QWidget]:
        """The fields in the order Tab reaches them."""
        return [self.name, self.phone, self.birthday, self.consent]

    def start(self, phone: str = "") -> None:
        self.name.clear()
        self.phone.setText(phone)
        self.birthday.clear()
        self.consent.setChecked(False)
        self.error.clear()
        self.name.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        try:
            birthday = typed_birthday(self.birthday.text())
        except ValueError:
            self.error.setText(tr("Birthday: type it as year-month-day, e.g. 1990-05-17 (or leave it empty)."))
            self.birthday.setFocus()
            return
        self.error.clear()
        self.submitted.emit({"name": self.name.text(), "phone": self.phone.text().strip(), "birthday": birthday,
                             "consent": self.consent.isChecked()})

    def retranslate(self) -> None:
        self.caption.setText(tr("NEW MEMBER (Esc: back)"))
        for label, text in zip(self.labels, (tr("Name"), tr("Phone"), tr("Birthday"), tr("Offers"))):
            label.setText(text)
        self.consent.setText(tr("Member agrees to receive offers"))
        self.ok.setText(tr("Enrol (Enter)"))
        self.back.setText(tr("Back (Esc)"))
        self.name.setPlaceholderText(tr("Full name"))
        self.phone.setPlaceholderText("0912345678")
        self.birthday.setPlaceholderText(tr("1990-05-17 (optional)"))
        self.keys_hint.setText(tr("Tab: next field · Space: tick offers · Enter: enrol"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
