"""Child process of the till bench: start the till the way `main.py till --db DB` does and print
three moments (wall-clock, so the parent can count from before the process started):

SHOWN   the window is on screen and its scan field has the keyboard (a scan typed now is kept);
SCANNED a member number typed as a wedge scanner would, right at SHOWN, is on the member panel
        (it waited for the store to open, then was applied);
LOADED  the catalogue is on screen.
"""
from __future__ import annotations

import sys
import time


def main() -> None:
    from cli import build_parser  # the command line's own imports count too

    display = "--customer-display" in sys.argv
    argv = [a for a in sys.argv[1:] if a != "--customer-display"]
    args = build_parser().parse_args(["till", "--db", argv[0]] + (["--customer-display"] if display else []))
    member = argv[1] if len(argv) > 1 else "M0000002"
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from ui.app import build

    app, window, customer = build(args.db, customer_display=args.customer_display)
    window.resize(1024, 768)
    window.show()
    if customer is not None:
        customer.show()
    window.activateWindow()
    seen: dict[str, float] = {}

    def check() -> None:
        now = time.time()
        if "SHOWN" not in seen and window.isVisible() and window.scan.edit.hasFocus():
            seen["SHOWN"] = now
            print(f"SHOWN {now:.6f}", flush=True)
            QTest.keyClicks(window.scan.edit, member)
            QTest.keyClick(window.scan.edit, Qt.Key.Key_Return)
        view = window.member_panel.view
        if "SCANNED" not in seen and view is not None and view.summary.member.id == member:
            seen["SCANNED"] = now
            print(f"SCANNED {now:.6f}", flush=True)
        if "LOADED" not in seen and window.ready and window.products.product_buttons():
            seen["LOADED"] = now
            print(f"LOADED {now:.6f}", flush=True)
        if len(seen) == 3:
            app.quit()
        else:
            QTimer.singleShot(2, check)

    QTimer.singleShot(0, check)
    app.exec()


if __name__ == "__main__":
    main()
