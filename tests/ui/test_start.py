"""Starting the till: the window is usable before the store is open, and nothing typed is lost."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_till_window_leaves_the_store_and_program_models_for_later():
    code = ("import sys, ui.app, ui.till.window, ui.customer_display.window; "
            "heavy = [m for m in ('sqlalchemy', 'pydantic', 'db.store', 'pos_loyalty.program', 'numpy') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"


def test_scans_typed_while_the_store_opens_are_kept_and_applied_in_order(qtbot, store):
    from ui.bridge import TillBridge
    from ui.till.backend import TillBackend
    from ui.till.window import TillWindow

    class SlowStore(TillBackend):
        """Opens only when the test says so: the window is up, the store is not."""

        gate = threading.Event()

        def open(self) -> None:
            self.gate.wait(10)
            super().open()

    window = TillWindow(SlowStore(store), bridge=TillBridge())
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    for text in ("M0000003", "4712345000008", "4712345000008"):
        qtbot.keyClicks(window.scan.edit, text)
        qtbot.keyClick(window.scan.edit, Qt.Key.Key_Return)
    assert not window.ready
    assert window.controller.waiting == ["M0000003", "4712345000008", "4712345000008"]
    assert "3 waiting" in window.scan.message.text()
    assert "Opening the store" in window.status.label.text()

    SlowStore.gate.set()
    qtbot.waitUntil(lambda: window.controller.sale.member_id == "M0000003"
                    and [(l.sku, l.qty) for l in window.controller.sale.lines] == [("COF-000", 2)], timeout=10000)
    assert window.ready and window.controller.waiting == []
    assert "T-01" in window.status.label.text()
    window.close()


def test_the_till_checkpoints_the_wal_when_idle_not_inside_a_sale(qtbot, till):
    from tests.ui.conftest import scan

    calls = []
    till.backend.checkpoint = lambda: calls.append(till.controller.sale.state)
    with till.backend.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    scan(qtbot, till, "4712345000008")
    till.refresh_pending()          # a basket is open: no checkpoint
    till.controller.back()
    till.controller.remove_line(0)
    till.controller.back()
    till.refresh_pending()          # idle
    qtbot.waitUntil(lambda: len(calls) >= 1, timeout=5000)
    qtbot.wait(200)
    assert [state.value for state in calls] == ["idle"]
