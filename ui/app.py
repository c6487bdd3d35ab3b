"""Starting the till: application, theme, language, the window and (optionally) the customer display."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Sequence


def build(db: str | Path, *, lang: str = "en", theme: str = "light", customer_display: bool = False,
          argv: Optional[Sequence[str]] = None):  # noqa: ANN201 - (app, window, display)
    from PySide6.QtWidgets import QApplication

    from ui.bridge import TillBridge
    from ui.i18n import set_language
    from ui.theme import apply_font, apply_theme
    from ui.till.backend import TillBackend
    from ui.till.window import TillWindow

    # Worker threads (store, previews, camera) hand the GIL back sooner: the GUI thread waits less.
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("pos-loyalty till")
    apply_font(app)
    apply_theme(app, theme)
    set_language(lang)
    bridge = TillBridge()
    window = TillWindow(TillBackend(db), bridge=bridge)
    window.theme = theme
    display = None
    if customer_display:
        from ui.customer_display.window import CustomerDisplay

        import random
        from datetime import datetime, timezone

        from pos_loyalty.central.phone.till_desk import TillJoinLinks

        links = TillJoinLinks(db, clock=lambda: datetime.now(timezone.utc), rng=random.SystemRandom())
        display = CustomerDisplay(bridge, join_link=links.current)
        bridge.till_did_close.connect(display.close)  # no customer display left open without its till
    return app, window, display


def run(db: str | Path, *, lang: str = "en", theme: str = "light", customer_display: bool = False) -> int:
    app, window, display = build(db, lang=lang, theme=theme, customer_display=customer_display)
    window.resize(1024, 768)
    window.show()
    if display is not None:
        from ui.customer_display.window import place

        display.move(window.x() + 1030, window.y())
        place(display)  # full screen on the second screen when there is one
    return app.exec()
