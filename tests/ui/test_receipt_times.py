"""Receipt times are the shop's local time (the program's zone, Asia/Taipei), never UTC."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle

# 23:25 UTC tonight is 07:25 tomorrow morning in Taipei; later than every demo sale.
TONIGHT = datetime.combine(datetime.now(timezone.utc).date(), time(23, 25), tzinfo=timezone.utc)
TAIPEI_MORNING = (TONIGHT + timedelta(hours=8)).strftime("%m-%d 07:25")
TAIPEI_MORNING_DATED = (TONIGHT + timedelta(hours=8)).strftime("%Y-%m-%d 07:25")


@pytest.fixture
def till_clock():
    return lambda: TONIGHT


def _pay_a_coffee(qtbot, till):
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.paid, timeout=5000) as paid:
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    return paid.args[0].result


def test_the_receipt_on_screen_shows_the_sale_at_taipei_time(qtbot, till):
    _pay_a_coffee(qtbot, till)
    text = till.receipt_page.browser.toPlainText()
    assert TAIPEI_MORNING_DATED in text
    assert "23:25" not in text


def test_the_refund_list_shows_the_sale_at_taipei_time(qtbot, till):
    result = _pay_a_coffee(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: till.refund_page.model.rowCount() > 0, timeout=5000)
    model = till.refund_page.model
    row = next(i for i, r in enumerate(model.receipts) if r["id"] == result.receipt_id)
    assert model.data(model.index(row, 0)) == TAIPEI_MORNING
