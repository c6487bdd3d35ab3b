"""The till never loses a member, a sale or a receipt silently (issue 8)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle


def _two_members_ending_555(store) -> None:  # noqa: ANN001
    """Setup through the enrolment service: two phones that end alike."""
    from datetime import datetime, timezone

    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.services.enrolment import Enrolment, enrol

    engine = open_engine(store)
    for name, phone in (("Amy Lin", "0911000555"), ("Bob Wu", "0922000555")):
        enrol(Enrolment(name=name, phone=phone), uow=SqlUnitOfWork(engine), clock=lambda: datetime.now(timezone.utc))
    engine.dispose()


def _pick_first(qtbot, till) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: till.lookup_page.results.count() > 0, timeout=5000)
    with qtbot.waitSignal(till.controller.member_changed, timeout=5000):
        qtbot.keyClick(till.lookup_page.query, Qt.Key.Key_Return)


def test_a_member_picked_in_the_look_up_with_an_empty_basket_stays_on_the_sale(qtbot, till, store):
    _two_members_ending_555(store)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F2)
    qtbot.keyClicks(till.lookup_page.query, "555")
    qtbot.keyClick(till.lookup_page.query, Qt.Key.Key_Return)
    _pick_first(qtbot, till)
    qtbot.wait(100)
    assert till.controller.sale.member_id is not None
    assert till.member_panel.name.isVisible()
    assert till.stack.currentIndex() == 0


def test_part_of_a_number_typed_in_the_scan_field_then_picked_keeps_the_member(qtbot, till, store):
    _two_members_ending_555(store)
    outcome = scan(qtbot, till, "555")            # the end of a phone number: several members
    assert type(outcome).__name__ == "Candidates"
    _pick_first(qtbot, till)
    qtbot.wait(100)
    assert till.controller.sale.member_id is not None
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    assert till.controller.sale.member_id is not None and len(till.controller.sale.lines) == 1


def test_a_member_number_typed_in_the_scan_field_stays_for_the_sale(qtbot, till):
    scan(qtbot, till, "M0000003")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    assert till.controller.sale.member_id == "M0000003"


def test_a_scan_while_the_payment_runs_waits_until_the_receipt_is_done(qtbot, till):
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.paid, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)   # confirm: the payment runs
        till.controller.scan("M0000005")                     # the next customer scans meanwhile
    qtbot.wait(300)
    assert till.stack.currentWidget() is till.receipt_page  # the receipt is not skipped
    assert till.controller.sale.member_id is None
    assert "next customer" in till.scan.message.text()
    with qtbot.waitSignal(till.controller.scan_done, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)   # next customer
    assert till.controller.sale.member_id == "M0000005" and till.controller.sale.lines == []


def test_a_product_scanned_on_the_pay_page_before_paying_joins_this_sale(qtbot, till):
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    assert till.stack.currentWidget() is till.pay_page
    scan(qtbot, till, "4712345000015")
    settle(qtbot, till)
    assert len(till.controller.sale.lines) == 2
    assert till.stack.currentIndex() == 0 and "reopened" in till.scan.message.text()


def test_closing_mid_sale_keeps_the_basket_and_the_next_start_takes_it_up(qtbot, till, store):
    from ui.bridge import TillBridge
    from ui.till.backend import TillBackend
    from ui.till.window import TillWindow

    scan(qtbot, till, "M0000002")
    scan(qtbot, till, "4712345000008")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    till.close()
    qtbot.waitUntil(lambda: not till.isVisible(), timeout=5000)

    again = TillWindow(TillBackend(store), bridge=TillBridge())
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: bool(again.controller.sale.lines), timeout=5000)
    settle(qtbot, again)
    assert again.controller.sale.lines[0].qty == 2
    assert again.controller.sale.member_id == "M0000002"
    assert "Restored" in again.scan.message.text()
    again.controller.next_sale()
    again.close()


def test_closing_the_till_closes_the_customer_display(qtbot, store):
    from ui.app import build

    _app, window, display = build(store, customer_display=True)
    qtbot.addWidget(window)
    qtbot.addWidget(display)
    window.show()
    display.show()
    qtbot.waitUntil(lambda: window.ready, timeout=5000)
    window.close()
    qtbot.waitUntil(lambda: not display.isVisible(), timeout=5000)


def test_a_held_basket_is_recalled_whole_with_its_member(qtbot, till):
    scan(qtbot, till, "M0000002")
    scan(qtbot, till, "4712345000008")
    scan(qtbot, till, "4712345000015")
    settle(qtbot, till)
    held = list(till.controller.sale.lines)
    with qtbot.waitSignal(till.controller.basket_changed, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F5)            # hold: the till is free for the next customer
    assert till.controller.sale.lines == [] and till.controller.sale.member_id is None
    assert "held" in till.scan.message.text()
    scan(qtbot, till, "4712345000008")                           # someone else buys a coffee meanwhile
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.paid, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)            # next customer
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F5)                # empty sale: the held baskets
    assert till.stack.currentWidget() is till.tickets_page
    qtbot.waitUntil(lambda: till.tickets_page.list.count() == 1, timeout=5000)
    with qtbot.waitSignal(till.controller.basket_changed, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)
    settle(qtbot, till)
    assert till.controller.sale.lines == held
    assert till.controller.sale.member_id == "M0000002"
    assert till.stack.currentIndex() == 0
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F5)                # hold it again: nothing is lost at teardown
