"""The PySide6 6.12.0 / Python 3.11 refcount bug the till guards against (ui/refcount_guard.py)."""
from __future__ import annotations

import sys


def test_many_void_qt_calls_do_not_abort_the_interpreter(qapp):
    import ui  # noqa: F401 - installs the guard

    for _ in range(100_000):
        qapp.processEvents()
    assert sys.getrefcount(None) > 0


def test_every_string_on_screen_has_a_chinese_translation():
    from tests.ui.resources_i18n import ZH_TW, sources

    assert sources() - set(ZH_TW) == set()
