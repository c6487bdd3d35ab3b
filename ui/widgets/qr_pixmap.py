"""Crisp QR pixmaps from the cards module's module grid (no image files in between)."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap


def qr_pixmap(text: str, *, size: int = 200) -> QPixmap:
    from pos_loyalty.cards.symbols import qr_modules

    modules = qr_modules(text)
    n = modules.shape[0] + 8  # quiet zone of four modules each side
    module = max(1, size // n)
    pixmap = QPixmap(module * n, module * n)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    black = QColor("black")
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRect((x + 4) * module, (y + 4) * module, module, module), black)
    painter.end()
    return pixmap
