"""Enrolment from the keyboard alone, and the new member leaves with their card."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import scan


def _enrol_page(qtbot, till):  # noqa: ANN001, ANN202
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F4)
    assert till.stack.currentWidget() is till.enrol_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is till.enrol_page.name, timeout=2000)
    return till.enrol_page


def test_tab_reaches_every_field_in_order(qtbot, till):
    page = _enrol_page(qtbot, till)
    seen = [QApplication.focusWidget()]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == page.fields()


def test_a_typed_birthday_and_enter_enrol_the_member(qtbot, till, store):
    from db.store import SqlUnitOfWork, open_engine

    page = _enrol_page(qtbot, till)
    qtbot.keyClicks(page.name, "Amy Lin")
    qtbot.keyClick(page.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "0911222333")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "1990-05-17")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)          # offers: yes
    assert page.consent.isChecked()
    with qtbot.waitSignal(till.controller.member_changed, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    member_id = till.controller.sale.member_id
    with SqlUnitOfWork(open_engine(store)) as uow:
        member = uow.member(member_id)
    assert (member.name, member.phone, member.birthday, member.consent) == (
        "Amy Lin", "0911222333", date(1990, 5, 17), True)
    assert till.stack.currentIndex() == 0


def test_a_birthday_that_is_not_a_date_is_said_in_the_form_and_enrols_nobody(qtbot, till):
    page = _enrol_page(qtbot, till)
    qtbot.keyClicks(page.name, "Amy Lin")
    qtbot.keyClicks(page.birthday, "1990-13-45")
    qtbot.keyClick(page.birthday, Qt.Key.Key_Return)
    assert "year-month-day" in page.error.text()
    assert till.stack.currentWidget() is page and till.controller.sale.member_id is None


def test_the_new_member_sees_their_card_on_the_customer_display_and_it_scans(qtbot, till, store):
    from pos_loyalty.cards.key_directory import KeyDirectory

    KeyDirectory.next_to(store).issuer()  # this till holds the shop's card key (a single-shop till does)
    page = _enrol_page(qtbot, till)
    qtbot.keyClicks(page.name, "Amy Lin")
    with qtbot.waitSignal(till.controller.card_issued, timeout=5000) as issued:
        qtbot.keyClick(page.name, Qt.Key.Key_Return)
    panel = till.display.new_card
    qtbot.waitUntil(lambda: panel.qr.pixmap() is not None and not panel.qr.pixmap().isNull(), timeout=5000)
    assert panel.isVisible() and not till.display.join.isVisible()
    assert "card is on the customer display" in till.scan.message.text()
    member_id = till.controller.sale.member_id
    till.controller.next_sale()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=2000)     # gone once their sale is over
    outcome = scan(qtbot, till, issued.args[1])                        # the code they photographed
    assert (type(outcome).__name__, outcome.member_id, outcome.via) == ("MemberScanned", member_id, "card")
