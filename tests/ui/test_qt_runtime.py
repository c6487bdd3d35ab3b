"""The Qt runtime the till relies on.

PySide6 6.12.0 dropped a reference to None on every void Qt call (and to True/False on every
emit), which aborts Python 3.11 after some tens of thousands of calls; 6.11.3 is pinned instead.
"""
from __future__ import annotations

import sys


def test_void_qt_calls_and_signals_keep_their_references_to_none_and_booleans(qapp):
    from PySide6.QtCore import QObject, Signal

    class Pinger(QObject):
        ping = Signal(bool)

    pinger = Pinger()
    pinger.ping.connect(lambda _: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20_000):
        qapp.processEvents()
        pinger.ping.emit(True)
    assert (sys.getrefcount(None), sys.getrefcount(True)) >= (before[0] - 100, before[1] - 100)


def test_every_string_on_screen_has_a_chinese_translation():
    from tests.ui.resources_i18n import ZH_TW, sources

    assert sources() - set(ZH_TW) == set()
