"""A refund gives money back: the till asks first, and asks why."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle


def _paid_receipt(qtbot, till) -> str:  # noqa: ANN001
    scan(qtbot, till, "4712345000008")
    scan(qtbot, till, "4712345000015")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.paid, timeout=5000) as paid:
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: till.refund_page.model.rowCount() > 0, timeout=5000)
    till.refund_page.select(0)
    return paid.args[0].result.receipt_id


def _audited_refunds(store) -> list[dict]:  # noqa: ANN001
    from sqlalchemy import text

    from db.store import open_engine

    with open_engine(store).connect() as connection:
        rows = connection.execute(text("SELECT detail FROM audit_log WHERE action = 'refund'")).scalars().all()
    import json

    return [json.loads(row) if isinstance(row, str) else row for row in rows]


def test_refund_whole_asks_first_and_esc_refunds_nothing(qtbot, till, store):
    _paid_receipt(qtbot, till)
    qtbot.mouseClick(till.refund_page.whole, Qt.MouseButton.LeftButton)
    assert till.refund_page.confirm_box.isVisible()
    assert "Refund 2 of 2 lines" in till.refund_page.question.text()
    qtbot.keyClick(till.refund_page.reason, Qt.Key.Key_Escape)
    assert not till.refund_page.confirm_box.isVisible()
    assert till.stack.currentWidget() is till.refund_page       # Esc left the question, not the page
    assert _audited_refunds(store) == []


def test_a_refund_without_a_reason_is_not_made(qtbot, till, store):
    _paid_receipt(qtbot, till)
    qtbot.mouseClick(till.refund_page.whole, Qt.MouseButton.LeftButton)
    qtbot.keyClick(till.refund_page.reason, Qt.Key.Key_Return)
    assert "Say why" in till.refund_page.result.text()
    assert _audited_refunds(store) == []


def test_a_typed_reason_is_written_to_the_audit_log_with_the_refund(qtbot, till, store):
    receipt_id = _paid_receipt(qtbot, till)
    till.refund_page.set_line_checked(1)
    qtbot.mouseClick(till.refund_page.some, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(till.refund_page.reason, "milk was sour")
    with qtbot.waitSignal(till.controller.refunded, timeout=5000):
        qtbot.keyClick(till.refund_page.reason, Qt.Key.Key_Return)
    assert _audited_refunds(store) == [{"receipt": receipt_id, "lines": [1], "reason": "milk was sour"}]
    qtbot.waitUntil(lambda: till.refund_page.model.receipts[0].get("refunded") == [1], timeout=5000)
    column = till.refund_page.model.HEADERS.index("Lines refunded")
    assert till.refund_page.model.index(0, column).data() == "1 of 2"
