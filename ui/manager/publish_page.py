"""Publishing: the versions so far, the draft published as a new version, import and export of files."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ui.i18n import tr
from ui.manager.tables import read_only_table
from ui.manager.work import ScreenOperation
from ui.worker import error_text


class PublishPage(QWidget):
    published = Signal(int)

    def __init__(self, backend, draft, parent: Optional[QWidget] = None, *, confirm: bool = True) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.backend, self.draft, self.confirm = backend, draft, confirm
        self.versions = read_only_table("Versions", [tr("Version"), tr("Published"), tr("On the till")])
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.publish_button = QPushButton(tr("Publish the draft"))
        self.publish_button.setObjectName("PublishButton")
        self.publish_button.clicked.connect(self.publish)
        self.save_button = QPushButton(tr("Save draft"))
        self.save_button.clicked.connect(self.save)
        self.import_button = QPushButton(tr("Import a program file…"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton(tr("Export the draft…"))
        self.export_button.clicked.connect(self.export_file)
        self.message = QLabel()
        self.message.setObjectName("PublishMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.publish_button, self.import_button, self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Drafts never reach the till. Publishing makes a new version; the till applies it from its next sale.")))
        layout.addWidget(self.versions, 1)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        draft.changed.connect(self.refresh_state)
        self.refresh()

    def refresh(self) -> None:
        ScreenOperation(self, self.backend.versions).success(self._versions).run()
        self.refresh_state()

    def _versions(self, rows: list) -> None:
        self.newest = max((v for v, _, _ in rows), default=0)
        self.versions.setRowCount(len(rows))
        for i, (version, at, active) in enumerate(rows):
            for j, text in enumerate((str(version), at.astimezone().strftime("%Y-%m-%d %H:%M"),
                                      "✓" if active else "")):
                self.versions.setItem(i, j, QTableWidgetItem(text))
        self.refresh_state()

    def refresh_state(self) -> None:
        version = self.draft.data.get("version")
        newest = getattr(self, "newest", 0)
        if self.draft.error:
            self.state.setText(tr("The draft cannot be published: {error}").format(error=self.draft.error))
        elif isinstance(version, int) and version <= newest:
            self.state.setText(tr("The draft is version {v}; give it a version above {newest} to publish it.").format(
                v=version, newest=newest))
        else:
            self.state.setText(tr("Ready to publish as version {v}.").format(v=version))
        self.publish_button.setEnabled(self.draft.valid)

    def save(self) -> None:
        text = self.draft.text()
        ScreenOperation(self, lambda: self.backend.save_draft(text)) \
            .success(lambda _: self.message.setText(tr("Draft saved (not on the till)."))) \
            .failure(lambda e: self.message.setText(error_text(e))).run()

    def publish(self) -> None:
        if not self.draft.valid:
            return
        version = self.draft.data.get("version")
        if self.confirm and QMessageBox.question(
                self, tr("Publish"), tr("Publish version {v}? The till applies it from its next sale.").format(v=version)) \
                != QMessageBox.StandardButton.Yes:
            return
        text = self.draft.text()
        ScreenOperation(self, lambda: self.backend.publish(text)).success(self._published) \
            .failure(lambda e: self.message.setText(error_text(e))).run()

    def _published(self, result) -> None:  # noqa: ANN001
        self.message.setText(tr("Version {v} is on the till from its next sale.").format(v=result.version))
        self.refresh()
        self.published.emit(result.version)

    def import_file(self, path: Optional[str] = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import a program file…"), "", "JSON (*.json)")
        if path:
            try:
                self.draft.set_text(Path(path).read_text(encoding="utf-8"))
                self.message.setText(tr("Imported {path} into the draft.").format(path=path))
            except (OSError, UnicodeDecodeError) as error:
                self.message.setText(str(error))

    def export_file(self, path: Optional[str] = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Export the draft…"), "program.json", "JSON (*.json)")
        if path:
            Path(path).write_text(self.draft.text() + "\n", encoding="utf-8")
            self.message.setText(tr("Saved the draft to {path}.").format(path=path))
