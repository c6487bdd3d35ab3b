"""The till's status bar shows what the sync worker last found: online/offline, last sync, waiting."""
from __future__ import annotations

from datetime import datetime, timezone

from pos_loyalty.sync.worker import SyncStatus
from ui.till.status import TillStatusBar


def test_the_status_bar_shows_online_the_last_sync_and_what_waits(qtbot):
    bar = TillStatusBar()
    qtbot.addWidget(bar)
    bar.set_info(terminal="T0002", version=1, pending=12)
    bar.sync_changed.emit(SyncStatus(online=True, last_sync=datetime(2026, 6, 2, 2, 0, tzinfo=timezone.utc), pending=0))
    text = bar.label.text()
    assert "● online" in text and "last sync" in text and "0 waiting to sync" in text


def test_the_status_bar_says_not_connected_when_the_server_is_unreachable(qtbot):
    bar = TillStatusBar()
    qtbot.addWidget(bar)
    bar.set_info(terminal="T0002", version=1, pending=0)
    bar.sync_changed.emit(SyncStatus(online=False, pending=3, problem="unreachable"))
    assert "○ not connected" in bar.label.text() and "3 waiting to sync" in bar.label.text()
