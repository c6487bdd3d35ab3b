"""TillStatusBar: terminal id, program version, connection and last sync (from the sync worker), entries waiting."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ui.i18n import tr
from ui.till.backend import app_version


class TillStatusBar(QStatusBar):
    sync_changed = Signal(object)   # a SyncStatus, emitted from the sync worker's thread (queued to the GUI)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("TillStatus")
        self.setSizeGripEnabled(False)
        self.terminal = "—"
        self.version: Optional[int] = None
        self.pending = 0
        self.connected = False
        self.last_sync = ""
        self.sync_changed.connect(self.show_sync)
        self.label = QLabel(objectName="StatusText")
        self.addPermanentWidget(self.label)
        self.retranslate()

    def set_info(self, *, terminal: str, version: int, pending: int) -> None:
        self.terminal, self.version, self.pending = terminal, version, pending
        self.retranslate()

    def set_pending(self, pending: int) -> None:
        self.pending = pending
        self.retranslate()

    def show_sync(self, status) -> None:  # noqa: ANN001 - pos_loyalty.sync.worker.SyncStatus
        self.connected, self.pending = status.online, status.pending
        if status.last_sync is not None:
            self.last_sync = status.last_sync.astimezone().strftime("%H:%M:%S")
        self.retranslate()

    def retranslate(self) -> None:
        connection = tr("● online") if self.connected else tr("○ not connected")
        if self.version is None:  # the window shows before the store is open
            self.label.setText(tr("Opening the store…"))
            return
        program = tr("program v{version}").format(version=self.version)
        self.label.setText("  ·  ".join(x for x in (
            self.terminal, tr("app {version}").format(version=app_version()), program, connection,
            tr("last sync {time}").format(time=self.last_sync) if self.last_sync else "",
            tr("{n} waiting to sync").format(n=f"{self.pending:,}")) if x))
