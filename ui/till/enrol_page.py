"""EnrolPage: a new member in four fields (name, phone, birthday, consent)."""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from ui.i18n import tr


class EnrolPage(QFrame):
    submitted = Signal(dict)   # name, phone, birthday (date or None), consent
    cancelled = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("EnrolPage")
        self.caption = QLabel(objectName="PanelTitle")
        self.name = QLineEdit(objectName="EnrolName")
        self.phone = QLineEdit(objectName="EnrolPhone")
        self.has_birthday = QCheckBox(objectName="EnrolHasBirthday")
        self.birthday = QDateEdit(objectName="EnrolBirthday")
        self.birthday.setDisplayFormat("yyyy-MM-dd")
        self.birthday.setCalendarPopup(True)
        self.birthday.setDate(QDate(1990, 1, 1))
        self.birthday.setEnabled(False)
        self.has_birthday.toggled.connect(self.birthday.setEnabled)
        self.consent = QCheckBox(objectName="EnrolConsent")
        self.error = QLabel(objectName="ScanMessage")
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
        self.name.returnPressed.connect(self.phone.setFocus)
        self.phone.returnPressed.connect(self.submit)
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(4)]
        birthday_row = QHBoxLayout()
        birthday_row.addWidget(self.has_birthday)
        birthday_row.addWidget(self.birthday, 1)
        self.form.addRow(self.labels[0], self.name)
        self.form.addRow(self.labels[1], self.phone)
        self.form.addRow(self.labels[2], birthday_row)
        self.form.addRow(self.labels[3], self.consent)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.ok, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def start(self, phone: str = "") -> None:
        self.name.clear()
        self.phone.setText(phone)
        self.has_birthday.setChecked(False)
        self.consent.setChecked(False)
        self.error.clear()
        self.name.setFocus()

    def submit(self) -> None:
        birthday: Optional[date] = None
        if self.has_birthday.isChecked():
            d = self.birthday.date()
            birthday = date(d.year(), d.month(), d.day())
        self.submitted.emit({"name": self.name.text(), "phone": self.phone.text().strip(), "birthday": birthday,
                             "consent": self.consent.isChecked()})

    def retranslate(self) -> None:
        self.caption.setText(tr("NEW MEMBER (Esc: back)"))
        for label, text in zip(self.labels, (tr("Name"), tr("Phone"), tr("Birthday"), tr("Offers"))):
            label.setText(text)
        self.has_birthday.setText(tr("Known"))
        self.consent.setText(tr("Member agrees to receive offers"))
        self.ok.setText(tr("Enrol (Enter)"))
        self.back.setText(tr("Back (Esc)"))
        self.name.setPlaceholderText(tr("Full name"))
        self.phone.setPlaceholderText("0912345678")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
