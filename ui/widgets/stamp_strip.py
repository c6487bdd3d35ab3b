"""StampStrip: one stamp card as a row of filled and empty slots; new stamps fill in one by one."""
from __future__ import annotations

from PySide6.QtCore import Property, QEasingCurve, QPropertyAnimation, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class StampStrip(QWidget):
    """`required` slots, `count` of them filled. `animate_to(n)` fills the new slots one after another."""

    def __init__(self, required: int = 10, count: int = 0, *, slot: int = 18, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._required = max(1, required)
        self._count = count
        self._shown = float(count)  # animated: how many slots look filled
        self._slot = slot
        self._animation = QPropertyAnimation(self, b"shown", self)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("stamp card")

    # -- state ------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return self._count

    @property
    def required(self) -> int:
        return self._required

    def set_progress(self, count: int, required: int) -> None:
        self._animation.stop()
        self._required = max(1, required)
        self._count = count
        self._shown = float(count)
        self.updateGeometry()
        self.update()

    def animate_to(self, count: int, *, per_stamp_ms: int = 350) -> None:
        """Fill from what is shown to `count`, one stamp at a time (a short animation)."""
        start = self._shown
        self._count = count
        self._animation.stop()
        steps = abs(count - start)
        if steps == 0:
            return
        self._animation.setStartValue(start)
        self._animation.setEndValue(float(count))
        self._animation.setDuration(int(max(1, steps) * per_stamp_ms))
        self._animation.start()

    def _get_shown(self) -> float:
        return self._shown

    def _set_shown(self, value: float) -> None:
        self._shown = value
        self.update()

    shown = Property(float, _get_shown, _set_shown)

    # -- painting ---------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        gap = max(2, self._slot // 4)
        return QSize(self._required * (self._slot + gap), self._slot + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._required * 8, self._slot + 4)

    def paintEvent(self, _event) -> None:  # noqa: ANN001
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(palette.ColorRole.Highlight)
        empty = palette.color(palette.ColorRole.Mid)
        slots = self._required
        gap = max(2.0, self._slot / 4)
        size = min(float(self._slot), (self.width() - gap * (slots - 1)) / slots)
        y = (self.height() - size) / 2
        for i in range(slots):
            rect = QRectF(i * (size + gap), y, size, size)
            fill = max(0.0, min(1.0, self._shown - i))
            painter.setPen(QPen(accent if fill > 0 else empty, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
            if fill > 0:
                color = QColor(accent)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                inner = rect.adjusted(1, 1, -1, -1)
                shrink = inner.width() * (1 - fill) / 2
                painter.drawEllipse(inner.adjusted(shrink, shrink, -shrink, -shrink))
        painter.end()
