"""The till under pytest-qt: a demo store built once per session, copied for each test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest



@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from db.demo import create_store

    path = tmp_path_factory.mktemp("till-store") / "demo.sqlite"
    create_store(path, demo=True, members=30)
    return path


@pytest.fixture
def store(demo_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "till.sqlite"
    shutil.copy(demo_store, path)
    return path


@pytest.fixture
def till_clock():  # noqa: ANN201
    """The till's clock; None is the wall clock. A test module may override this fixture."""
    return None


@pytest.fixture
def till(qtbot, store: Path, till_clock):  # noqa: ANN001, ANN201
    from PySide6.QtWidgets import QApplication

    from ui.bridge import TillBridge
    from ui.customer_display.window import CustomerDisplay
    from ui.i18n import set_language
    from ui.theme import apply_theme
    from ui.till.backend import TillBackend
    from ui.till.window import TillWindow

    apply_theme(QApplication.instance(), "light")
    set_language("en")
    bridge = TillBridge()
    window = TillWindow(TillBackend(store, **({"clock": till_clock} if till_clock else {})), bridge=bridge, pdf_folder=store.parent / "receipts")
    display = CustomerDisplay(bridge)
    qtbot.addWidget(window)
    qtbot.addWidget(display)
    window.resize(1024, 768)
    display.show()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # shortcuts (F2...F9, Esc) need the active window
    window.display = display
    qtbot.waitUntil(lambda: bool(window.ready and window.products.product_buttons()), timeout=5000)
    yield window
    set_language("en")
    window.close()


def scan(qtbot, window, text: str) -> object:  # noqa: ANN001
    """Type like a keyboard-wedge scanner (fast keys, then Enter) and wait for the outcome."""
    from PySide6.QtCore import Qt

    with qtbot.waitSignal(window.controller.scan_done, timeout=5000) as blocker:
        qtbot.keyClicks(window.scan.edit, text)
        qtbot.keyClick(window.scan.edit, Qt.Key.Key_Return)
    return blocker.args[0]


def settle(qtbot, window) -> None:  # noqa: ANN001
    """Wait until the newest basket preview has landed."""
    qtbot.waitUntil(lambda: window.controller.landed_gen == window.controller._preview_gen, timeout=5000)


def confirm_refund(qtbot, window, button) -> object:  # noqa: ANN001
    """Press a refund button, give the first usual reason, confirm; wait for the refund."""
    from PySide6.QtCore import Qt

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window.refund_page.reason.setCurrentIndex(0)
    with qtbot.waitSignal(window.controller.refunded, timeout=5000) as done:
        qtbot.mouseClick(window.refund_page.confirm, Qt.MouseButton.LeftButton)
    return done.args[0]
