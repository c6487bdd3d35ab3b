"""Refunds from the receipt list, quick enrolment, and the language switch."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from tests.ui.conftest import confirm_refund, scan, settle


def test_refund_some_lines_of_a_receipt(qtbot, till, store):
    scan(qtbot, till, "M0000002")
    scan(qtbot, till, "4712345000008")
    qtbot.mouseClick(till.products.product_buttons()[2], Qt.MouseButton.LeftButton)
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.paid, timeout=5000) as paid:
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    receipt_id = paid.args[0].result.receipt_id
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: till.refund_page.model.rowCount() > 0, timeout=5000)
    assert till.refund_page.model.receipts[0]["id"] == receipt_id
    till.refund_page.select(0)
    till.refund_page.set_line_checked(1)
    qtbot.mouseClick(till.refund_page.some, Qt.MouseButton.LeftButton)
    till.refund_page.reason.setCurrentIndex(0)
    with qtbot.waitSignal(till.controller.refunded, timeout=5000) as done:
        qtbot.mouseClick(till.refund_page.confirm, Qt.MouseButton.LeftButton)
    assert done.args[0].lines == [1]
    assert "Refund done" in till.scan.message.text()
    qtbot.waitUntil(lambda: till.refund_page.model.receipts[0].get("refunded") == [1], timeout=5000)


def test_enrol_shows_the_new_member(qtbot, till):
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F4)
    assert till.stack.currentWidget() is till.enrol_page
    till.enrol_page.name.setText("林美玲")  # QTest cannot type CJK (an input method does)
    qtbot.keyClicks(till.enrol_page.phone, "0987654321")
    till.enrol_page.consent.setChecked(True)
    with qtbot.waitSignal(till.controller.member_changed, timeout=5000):
        qtbot.mouseClick(till.enrol_page.ok, Qt.MouseButton.LeftButton)
    assert till.member_panel.name.text() == "林○玲"
    assert till.member_panel.phone.text() == "0987-***-321"
    assert till.stack.currentIndex() == 0


def test_enrol_refusal_is_shown_in_the_form(qtbot, till):
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F4)
    with qtbot.waitSignal(till.controller.enrol_failed, timeout=5000):
        qtbot.mouseClick(till.enrol_page.ok, Qt.MouseButton.LeftButton)
    assert "name" in till.enrol_page.error.text()


def _visible_texts(widget) -> list[str]:
    out = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if child.isVisibleTo(widget) and child.text():
            out.append(child.text())
    return out


def test_switching_to_chinese_changes_every_visible_string(qtbot, till):
    import re

    from tests.ui.resources_i18n import ZH_TW

    scan(qtbot, till, "M0000003")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    english = {s for s, t in ZH_TW.items() if s != t and re.search("[A-Za-z]", s) and "{" not in s}
    before = set(_visible_texts(till))
    assert before & english
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    after = set(_visible_texts(till)) | set(_visible_texts(till.display))
    assert not (after & english), after & english
    assert any("會員" in text for text in after)
    assert till.basket_model.headerData(0, Qt.Orientation.Horizontal) == "品項"


def test_the_refund_page_says_what_the_kept_lines_lose_in_the_till_language(qtbot, till):
    backend = till.backend
    drinks = [p for p in backend.products("coffee")][:2]
    paid = backend.pay([drinks[0].line(), drinks[1].line()], "M0000002", 0, [])   # the 2nd drink is 40% off
    full_price = next(line.index for line in paid.result.receipt.lines if not line.item_discount)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)   # 中文
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: till.refund_page.model.rowCount() > 0, timeout=5000)
    till.refund_page.select(0)
    till.refund_page.set_line_checked(full_price)      # the discounted drink, kept alone, is full price
    qtbot.mouseClick(till.refund_page.some, Qt.MouseButton.LeftButton)
    till.refund_page.reason.setCurrentIndex(0)          # the refund asks why first
    with qtbot.waitSignal(till.controller.refunded, timeout=5000) as done:
        qtbot.mouseClick(till.refund_page.confirm, Qt.MouseButton.LeftButton)
    assert done.args[0].kept_back > 0
    assert "扣回" in till.refund_page.result.text()      # "... kept back", said in the till's language


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed "
                                                           "(scripts/debian-deps.sh test installs it)")
def test_each_refund_leaves_a_refund_slip_saying_what_was_settled(qtbot, till, tmp_path):
    till.pdf_folder = tmp_path
    backend = till.backend
    drinks = backend.products("coffee")[:2]
    paid = backend.pay([drinks[0].line(), drinks[1].line()], "M0000002", 0, [])
    full_price = next(line.index for line in paid.result.receipt.lines if not line.item_discount)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: till.refund_page.model.rowCount() > 0, timeout=5000)
    till.refund_page.select(0)
    till.refund_page.set_line_checked(full_price)
    result = confirm_refund(qtbot, till, till.refund_page.some)
    slip = tmp_path / f"refund-{result.refund_id}.pdf"
    qtbot.waitUntil(lambda: slip.exists() and slip.read_bytes().rstrip().endswith(b"%%EOF"), timeout=10000)
    text = subprocess.run(["pdftotext", "-layout", str(slip), "-"], capture_output=True, text=True, check=True).stdout
    assert "MONEY BACK" in text and "kept back" in text


def test_the_refusal_of_a_refund_worth_less_than_nothing_reads_in_chinese_at_the_till(qapp, tmp_path):
    from pos_loyalty.errors import Refused
    from pos_loyalty.services.refund import RefundCommand, refund
    from tests.integration.conftest import CAKE, LATTE
    from tests.integration.test_refund_settlement import MIN_SPEND_PROMOTION, till_with
    from ui.error_texts import in_language
    from ui.i18n import set_language

    big = {**MIN_SPEND_PROMOTION, "effect": {"type": "amount_off", "amount": 250, "scope": "order"}}
    shop = till_with(tmp_path, big)
    sale = shop.pay(shop.enrol().id, LATTE, CAKE)       # 50 paid; the cake alone costs 200
    with pytest.raises(Refused) as refused:
        refund(RefundCommand(receipt_id=sale.receipt_id, lines=[0]), uow=shop.uow(), clock=shop.clock)
    set_language("zh_TW")
    try:
        shown = in_language(str(refused.value))
    finally:
        set_language("en")
    assert "整筆退貨" in shown
