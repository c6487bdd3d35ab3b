"""TierBar: the member's tier as a bar filled towards the next tier."""
from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget


class TierBar(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextVisible(False)
        self.setFixedHeight(10)
        self.setObjectName("TierBar")

    def set_standing(self, progress: int, target: int) -> None:
        self.setRange(0, max(1, target))
        self.setValue(max(0, min(progress, target)))
