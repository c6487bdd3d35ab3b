"""Child process of the till bench: start the till and print when it is usable (shown, shop loaded)."""
from __future__ import annotations

import sys
import time


def main() -> None:
    import ui  # noqa: F401
    from PySide6.QtCore import QTimer
    from ui.app import build

    app, window, _display = build(sys.argv[1])
    window.resize(1024, 768)
    window.show()

    def check() -> None:
        if window.ready and window.products.product_buttons():
            print(f"READY {time.time():.6f}", flush=True)
            app.quit()
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)
    app.exec()


if __name__ == "__main__":
    main()
