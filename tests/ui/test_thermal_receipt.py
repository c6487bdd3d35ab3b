"""After payment the receipt prints on the store's thermal printer, off the GUI thread; a dead
printer is one message and the sale stays paid."""
from __future__ import annotations

import socket
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt

from tests.escpos_listener import EscPosListener, read_job
from tests.ui.conftest import confirm_refund, scan, settle


def _set(store, key: str, value: str) -> None:
    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.store_settings import change_setting

    engine = open_engine(store)
    change_setting(key, value, uow=SqlUnitOfWork(engine), clock=lambda: datetime.now(timezone.utc))
    engine.dispose()


@pytest.fixture
def printer(store):
    listener = EscPosListener()
    _set(store, "printer", listener.url)
    _set(store, "shop_name", "幸福咖啡")
    yield listener
    listener.close()


def _pay(qtbot, till, method: str = "cash"):
    scan(qtbot, till, "M0000004")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    till.pay_page.set_method(method)
    with qtbot.waitSignal(till.controller.paid, timeout=5000) as paid:
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    return paid.args[0]


def test_a_cash_sale_prints_the_receipt_and_opens_the_drawer(qtbot, printer, till):
    paid = _pay(qtbot, till)
    job = read_job(printer.wait_job())
    receipt = paid.result.receipt.to_dict()
    assert job.lines[0] == "幸福咖啡"
    assert any(line.startswith("Americano") for line in job.lines)
    total = next(line for line in job.lines if line.startswith("TOTAL"))
    assert total.split()[-1] == f"NT${receipt['total']:,}"
    assert any(line.startswith("Points balance") for line in job.lines)
    assert job.drawer_kicks == [(0, 50, 50)]
    assert job.qr == [till.receipt_page.doc.qr_text]
    qtbot.waitUntil(lambda: "printed" in till.scan.message.text(), timeout=5000)


def test_a_card_sale_prints_without_opening_the_drawer(qtbot, printer, till):
    _pay(qtbot, till, "card")
    assert read_job(printer.wait_job()).drawer_kicks == []


def test_ctrl_r_prints_the_receipt_again_without_the_drawer(qtbot, printer, till):
    _pay(qtbot, till)
    printer.wait_job()
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    again = read_job(printer.wait_job())
    assert again.drawer_kicks == [] and any(line.startswith("TOTAL") for line in again.lines)


def test_a_dead_printer_is_one_message_and_the_sale_stays_paid(qtbot, store, till):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _set(store, "printer", f"tcp://127.0.0.1:{port}")
    paid = _pay(qtbot, till)
    qtbot.waitUntil(lambda: "did not print" in till.scan.message.text(), timeout=15000)
    assert f"127.0.0.1:{port}" in till.scan.message.text()
    assert till.stack.currentWidget() is till.receipt_page
    assert till.backend.receipt(paid.result.receipt_id)["total"] == paid.result.receipt.total


def test_a_refund_prints_its_slip_with_what_was_settled_and_opens_the_drawer_for_cash(qtbot, printer, till):
    paid = _pay(qtbot, till)
    printer.wait_job()
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_Escape)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: till.refund_page.model.rowCount() > 0, timeout=5000)
    assert till.refund_page.model.receipts[0]["id"] == paid.result.receipt_id
    till.refund_page.select(0)
    result = confirm_refund(qtbot, till, till.refund_page.whole)
    slip = read_job(printer.wait_job())
    money_back = next(line for line in slip.lines if line.startswith("MONEY BACK"))
    assert money_back.split()[-1] == f"NT${result.amount:,}"
    assert any("points earned taken back" in line for line in slip.lines)
    assert slip.drawer_kicks == [(0, 50, 50)]
