"""ScanField: the one input that is always focused; keyboard-wedge scanners type into it.

A WedgeRouter on the application sends keystrokes typed anywhere in the window to the scan
field (unless another text field, e.g. a dialog's, has the keyboard), so a scanner never
types into the void. A message line under the field shows what went wrong, where the eye is.
"""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextEdit,
    QVBoxLayout, QWidget,
)

from ui.i18n import tr


class ScanField(QFrame):
    scanned = Signal(str)
    empty_enter = Signal()
    delete_empty = Signal()   # Delete on an empty field: remove the selected basket line
    camera_clicked = Signal()
    find_clicked = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScanBar")
        self.edit = QLineEdit(objectName="ScanField")
        self.edit.setMinimumHeight(44)
        self.edit.setClearButtonEnabled(True)
        self.camera = QPushButton(objectName="CameraButton")
        self.find = QPushButton(objectName="FindButton")
        for button in (self.camera, self.find):
            button.setMinimumSize(56, 44)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = QLabel(objectName="ScanMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.camera)
        row.addWidget(self.find)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.edit.returnPressed.connect(self._enter)
        self.camera.clicked.connect(self.camera_clicked)
        self.find.clicked.connect(self.find_clicked)
        self._first_key = 0.0
        self.last_scan_ms = 0.0  # how long the last entry took to type (a wedge scanner: a few ms per key)
        self.edit.textEdited.connect(self._typed)
        self.edit.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and not self.edit.text() \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete:
            self.delete_empty.emit()
            return True
        return False

    def _typed(self, text: str) -> None:
        if len(text) == 1:
            self._first_key = time.perf_counter()

    def _enter(self) -> None:
        text = self.edit.text().strip()
        self.edit.clear()
        if text:
            self.last_scan_ms = (time.perf_counter() - self._first_key) * 1000 if self._first_key else 0.0
            self.scanned.emit(text)
        else:
            self.empty_enter.emit()

    def show_message(self, text: str, *, kind: str = "error") -> None:
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(tr("Scan or type: member code, product barcode, phone…"))
        self.camera.setText(tr("Camera"))
        self.find.setText(tr("Find"))
        self.camera.setToolTip(tr("Scan with the camera"))
        self.find.setToolTip(tr("Find a member by phone or name"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


_TEXT_INPUTS = (QLineEdit, QTextEdit, QAbstractSpinBox, QComboBox, QCheckBox)  # a form field keeps its keys


class WedgeRouter(QObject):
    """Application event filter: printable keys and Enter go to the scan field when no other
    text input has the keyboard."""

    def __init__(self, field: ScanField, window: QWidget) -> None:
        super().__init__(window)
        self.field = field
        self.window = window
        self._forwarding = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if self._forwarding or watched is self.field or (isinstance(watched, QWidget) and
                                                         self.field.isAncestorOf(watched)):
            return False
        focus = QApplication.focusWidget()
        if focus is self.field.edit or isinstance(focus, _TEXT_INPUTS):
            return False
        if isinstance(watched, _TEXT_INPUTS) or not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        text = event.text()
        key = event.key()
        printable = bool(text) and text.isprintable() and not (event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if printable or key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace):
            self.field.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._forwarding = True
            try:
                QApplication.sendEvent(self.field.edit, QKeyEvent(event.type(), key, event.modifiers(), text,
                                                                  event.isAutoRepeat(), event.count()))
            finally:
                self._forwarding = False
            return True
        return False
