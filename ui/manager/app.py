"""Starting the console on its own (`python main.py manager`) or from the till (its key)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import QApplication, QWidget

from ui.manager.work import ScreenOperation


def open_console(backend, parent: Optional[QWidget] = None, *, on_open=None):  # noqa: ANN001, ANN201
    """The PIN dialog; on a manager's PIN, the console window on the saved draft. Returns the dialog."""
    from ui.manager.sign_in import SignInDialog
    from ui.manager.window import ConsoleWindow

    dialog = SignInDialog(backend, parent)

    def signed_in(_person) -> None:  # noqa: ANN001
        def show(text: str) -> None:
            window = ConsoleWindow(backend, text)
            dialog.window_opened = window
            window.show()
            if on_open is not None:
                on_open(window)
        ScreenOperation(dialog, backend.draft_text).success(show).run()

    dialog.signed_in.connect(signed_in)
    dialog.show()
    return dialog


def run(db: str | Path, *, lang: str = "en", theme: str = "light") -> int:
    from ui.i18n import set_language
    from ui.manager.backend import ConsoleBackend
    from ui.theme import apply_font, apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("pos-loyalty manager")
    apply_font(app)
    apply_theme(app, theme)
    set_language(lang)
    backend = ConsoleBackend(db)
    dialog = open_console(backend)
    dialog.rejected.connect(lambda: app.quit() if not getattr(dialog, "window_opened", None) else None)
    return app.exec()
