"""Crisp QR pixmaps from the cards module's module grid (no image files in between)."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap


def qr_pixmap(text: str, *, size: int = 200) -> QPixmap:
    from pos_loyalty.cards.symbols import qr_modules

    return modules_pixmap(qr_modules(text), size=size)


def modules_pixmap(modules, *, size: int = 200) -> QPixmap:  # noqa: ANN001 - a 2-D bool array
    """The pixmap of a module grid (qr_modules' result, which may be made on a worker thread:
    the QR encoder and numpy are ~0.2 s of imports the window should not wait for)."""
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
