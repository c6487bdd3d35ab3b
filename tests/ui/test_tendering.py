"""Taking the money: short cash says what is missing, a card shows no change, a payment splits."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle


def _to_pay(qtbot, till) -> int:  # noqa: ANN001
    scan(qtbot, till, "4712345000008")
    scan(qtbot, till, "4712345000015")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    assert till.stack.currentWidget() is till.pay_page
    return till.pay_page.total


def _type(qtbot, till, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(till.scan.edit, text)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)


def test_short_cash_says_what_is_missing_and_takes_nothing(qtbot, till):
    total = _to_pay(qtbot, till)
    _type(qtbot, till, "50")                     # the customer hands over 50
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)
    missing = f"NT${total - 50:,}"
    assert till.pay_page.status.text().startswith(f"{missing} short: ask for {missing} more")
    assert till.controller.sale.state.value == "paying" and till.controller.last_paid is None


def test_card_and_mobile_show_no_change_and_cannot_take_more_than_is_due(qtbot, till):
    total = _to_pay(qtbot, till)
    assert till.pay_page.change.isVisible()
    for method in ("card", "mobile"):
        qtbot.mouseClick(till.pay_page.method_buttons[method], Qt.MouseButton.LeftButton)
        assert not till.pay_page.change.isVisible() and not till.pay_page.quick_box.isVisible()
        assert till.pay_page.tendered.maximum() == total and till.pay_page.amount() == total


def test_a_payment_split_between_cash_and_card_is_on_the_receipt(qtbot, till):
    total = _to_pay(qtbot, till)
    _type(qtbot, till, "40")                     # 40 in cash...
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F11)
    assert till.pay_page.taken == [("cash", 40)]
    assert till.pay_page.method == "card" and till.pay_page.amount() == total - 40   # ...the rest on the card
    assert till.pay_page.due.text() == f"NT${total - 40:,}"
    with qtbot.waitSignal(till.controller.paid, timeout=5000) as paid:
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)
    tenders = [(t.method, t.amount) for t in paid.args[0].result.tenders]
    assert tenders == [("cash", 40), ("card", total - 40)]
    text = till.receipt_page.browser.toPlainText()
    assert "Cash" in text and "Card" in text and "Change" not in text
