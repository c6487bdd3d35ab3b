"""The receipt as an 80 mm PDF page, drawn with Qt so its fonts are embedded (subset).

reportlab's CID font (MSung-Light) is only a reference to a font the viewer must own: Ghostscript
and most printers showed nothing but the QR code. Qt embeds the glyphs it draws. Latin text and
figures come from a TrueType Latin font first (DejaVu Sans where present) because Qt's
conversion of Noto Sans CJK's CFF outlines loses the text of digit runs (pdftotext read "NT$"
for "NT$110"); CJK characters fall back to Noto Sans CJK TC.

Rows are measured before they are drawn: each takes the height its wrapped text needs, so a
long reason wraps instead of being cut, and TOTAL (the largest text) never overlaps the row above.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageSize, QPainter, QPdfWriter

if TYPE_CHECKING:
    from ui.till.receipt_doc import ReceiptDoc

LATIN_FAMILIES = ["DejaVu Sans", "Liberation Sans", "Arial"]
CJK_FAMILIES = ["Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK JP", "PingFang TC", "Microsoft JhengHei"]
DPI = 300
WIDTH_MM = 80
MARGIN_MM = 4
QR_MM = 30
SIZES = {"title": 12.0, "total": 14.0, "item": 8.5, "sum": 8.5, "why": 7.5, "note": 7.5}


def _font(style: str) -> QFont:
    font = QFont()
    font.setFamilies(LATIN_FAMILIES + CJK_FAMILIES)
    font.setPointSizeF(SIZES.get(style, 8.5))
    font.setBold(style in ("title", "total"))
    font.setItalic(style == "why")
    return font


def _px(mm: float) -> float:
    return mm / 25.4 * DPI


class _Layout:
    """Where each row goes: (style, left, right, left rect, right rect), and the page height."""

    def __init__(self, doc: "ReceiptDoc") -> None:
        width = _px(WIDTH_MM - 2 * MARGIN_MM)
        x0 = _px(MARGIN_MM)
        y = _px(MARGIN_MM)
        self.rows: list[tuple[str, str, str, QRectF, QRectF]] = []
        wrap = int(Qt.TextFlag.TextWordWrap)
        device = _measuring_device()
        for style, left, right in [("title", doc.title, "")] + [(s, l, r) for l, r, s in doc.rows]:
            metrics = QFontMetricsF(_font(style), device)
            right_width = metrics.horizontalAdvance(right) + _px(2) if right else 0.0
            left_rect = metrics.boundingRect(QRectF(x0, y, width - right_width, 10_000), wrap, left or " ")
            height = max(left_rect.height(), metrics.height())
            gap = _px(1.5) if style in ("total", "title") else _px(0.4)
            top = y + (gap if style == "total" else 0)
            self.rows.append((style, left, right, QRectF(x0, top, width - right_width, height),
                              QRectF(x0, top, width, height)))
            y = top + height + gap
        self.qr_top = y + _px(2)
        self.height = self.qr_top + (_px(QR_MM) if doc.qr_text else 0) + _px(MARGIN_MM)


def _measuring_device() -> QImage:
    """Fonts are measured at the PDF's resolution: a 1x1 image that claims 300 dpi."""
    image = QImage(1, 1, QImage.Format.Format_Mono)
    image.setDotsPerMeterX(round(DPI / 0.0254))
    image.setDotsPerMeterY(round(DPI / 0.0254))
    return image


def to_pdf(doc: "ReceiptDoc", path: Path) -> Path:
    """Write `doc` to `path` as one 80 mm wide page as tall as the receipt."""
    layout = _Layout(doc)
    writer = QPdfWriter(str(path))
    writer.setTitle(doc.title)
    writer.setCreator("pos-loyalty")
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QSizeF(WIDTH_MM, layout.height / DPI * 25.4), QPageSize.Unit.Millimeter))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    try:
        for style, left, right, left_rect, right_rect in layout.rows:
            painter.setFont(_font(style))
            painter.setPen(QColor(90, 90, 90) if style in ("why", "note") else QColor(0, 0, 0))
            painter.drawText(left_rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), left)
            if right:
                painter.drawText(right_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), right)
            if style == "total":
                painter.drawLine(left_rect.topLeft() - _up(), right_rect.topRight() - _up())
        if doc.qr_text:
            _draw_qr(painter, doc.qr_text, layout.qr_top)
    finally:
        painter.end()
    return path


def _up():  # noqa: ANN202 - a QPointF a hair above a row, for the rule over TOTAL
    from PySide6.QtCore import QPointF

    return QPointF(0, _px(0.8))


def _draw_qr(painter: QPainter, text: str, top: float) -> None:
    from pos_loyalty.cards.symbols import qr_modules

    modules = qr_modules(text)
    side = _px(QR_MM)
    cell = side / modules.shape[0]
    x0 = (_px(WIDTH_MM) - side) / 2
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0))
    for row, col in zip(*modules.nonzero()):
        painter.drawRect(QRectF(x0 + col * cell, top + row * cell, cell * 1.01, cell * 1.01))
