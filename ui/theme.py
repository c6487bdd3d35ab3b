"""Themes: QSS files in resources/themes/, a palette to match, the system CJK font."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

THEMES = Path(__file__).resolve().parent.parent / "resources" / "themes"
COLOURS = {
    "light": {"window": "#f6f7f9", "base": "#ffffff", "text": "#111418", "mid": "#c3c8d0", "accent": "#0a6cff",
              "button": "#e9ecf1"},
    "dark": {"window": "#15181d", "base": "#1e232a", "text": "#f2f4f7", "mid": "#7a8494", "accent": "#4d9dff",
             "button": "#2a313a"},
}
CJK_FAMILIES = ("Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK JP", "PingFang TC", "Microsoft JhengHei")


def apply_theme(app: QApplication, name: str) -> None:
    c = COLOURS[name]
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(c["window"]))
    palette.setColor(QPalette.ColorRole.Base, QColor(c["base"]))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(c["window"]))
    palette.setColor(QPalette.ColorRole.Text, QColor(c["text"]))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(c["text"]))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(c["text"]))
    palette.setColor(QPalette.ColorRole.Button, QColor(c["button"]))
    palette.setColor(QPalette.ColorRole.Mid, QColor(c["mid"]))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(c["accent"]))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(c["mid"]))
    app.setPalette(palette)
    qss = THEMES / f"{name}.qss"
    app.setStyleSheet(qss.read_text(encoding="utf-8") if qss.exists() else "")
    app.setProperty("theme", name)


def apply_font(app: QApplication) -> None:
    """The system CJK font where present (Noto Sans CJK TC), tabular figures for amounts."""
    families = set(QFontDatabase.families())
    font = QFont(app.font())
    for family in CJK_FAMILIES:
        if family in families:
            font.setFamilies([family])
            break
    font.setPointSize(11)
    app.setFont(font)
