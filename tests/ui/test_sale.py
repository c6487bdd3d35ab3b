"""A sale as a cashier makes it: scan the member, scan items, see the reward, pay."""
from __future__ import annotations

import random
from datetime import datetime, timezone

from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle


def _fill_coffee_card(store, member_id: str) -> None:
    """Setup through the service: enough coffees that the member's card is full."""
    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.engine import BasketLine
    from pos_loyalty.services.checkout import CheckoutCommand, checkout
    from pos_loyalty.services.members import member_summary

    engine = open_engine(store)
    now = lambda: datetime.now(timezone.utc)  # noqa: E731
    card = next((c for c in member_summary(member_id, uow=SqlUnitOfWork(engine), clock=now).cards), None)
    count = card.count if card else 2
    need = max(10 - count, 0) if card else 8
    if need:
        checkout(CheckoutCommand(basket=[BasketLine("COF-000", "Americano", 55, need, "coffee")], member_id=member_id),
                 uow=SqlUnitOfWork(engine), clock=now, rng=random.Random(1))
    engine.dispose()


def _ledger_for(store, receipt_id: str) -> list:
    from db.store import SqlUnitOfWork, open_engine

    with SqlUnitOfWork(open_engine(store)) as uow:
        return uow.ledger_for_receipt(receipt_id)


def _card_code(store, member_id: str) -> str:
    """A freshly issued card of the member, as its QR reads (a scanned card verifies the member)."""
    from db.card_store import SqlCardStore
    from db.store import open_engine
    from pos_loyalty.cards.ids import MemberId
    from pos_loyalty.cards.issuing import issue_card
    from pos_loyalty.cards.key_directory import KeyDirectory

    engine = open_engine(store)
    card = issue_card(SqlCardStore(engine), KeyDirectory.next_to(store).issuer(), member_id=MemberId(member_id),
                      at=datetime.now(timezone.utc))
    engine.dispose()
    return card.to_text()


def test_member_scan_items_reward_pay_writes_ledger_and_fills_display_stamps(qtbot, till, store):
    _fill_coffee_card(store, "M0000004")
    code = _card_code(store, "M0000004")
    till.backend.router.reload_keys()  # the issuer's key may be new
    outcome = scan(qtbot, till, code)  # the card, not the number: the reward needs a verified member
    assert type(outcome).__name__ == "MemberScanned"
    assert till.member_panel.name.text() and "*" in till.member_panel.phone.text()
    assert till.member_panel.strips["coffee"].count >= 10

    scan(qtbot, till, "4712345000008")            # Americano by barcode
    scan(qtbot, till, "4712345000008")            # again: quantity 2
    qtbot.mouseClick(till.products.product_buttons()[4], Qt.MouseButton.LeftButton)  # a tap on the grid
    settle(qtbot, till)
    assert till.controller.sale.lines[0].qty == 2
    reasons = till.basket_model.explanations()
    assert any("Coffee card" in r for r in reasons), reasons  # the free coffee, explained under its line
    assert till.totals.total.text().startswith("NT$")

    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    assert till.stack.currentWidget() is till.pay_page
    with qtbot.waitSignal(till.controller.paid, timeout=5000) as paid:
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    result = paid.args[0].result
    entries = _ledger_for(store, result.receipt_id)
    kinds = {e.kind for e in entries}
    assert {"reward", "stamp"} <= kinds, kinds
    assert till.stack.currentWidget() is till.receipt_page
    assert "Coffee card" in till.receipt_page.browser.toPlainText()
    strip = till.display.strips["coffee"]
    qtbot.waitUntil(lambda: strip.shown == strip.count, timeout=5000)  # the stamps filled in on the display
    assert strip.count == paid.args[0].member.summary.cards[0].count
    left = paid.args[0].member.summary.cards[0].required - strip.count
    assert till.display.card_notes["coffee"].text() in (
        f"{left} more stamps on your Coffee card for a free one", "1 more stamp on your Coffee card for a free one")
    assert till.status.pending > 0


def test_quantity_and_removal_by_keys(qtbot, till):
    scan(qtbot, till, "4712345000008")
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F8)
    settle(qtbot, till)
    assert till.controller.sale.lines[0].qty == 2
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_Delete)
    settle(qtbot, till)
    assert till.controller.sale.lines == []


def test_escape_steps_back_without_losing_the_basket(qtbot, till):
    scan(qtbot, till, "M0000002")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    assert till.stack.currentWidget() is till.pay_page
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_Escape)
    assert till.stack.currentIndex() == 0
    assert len(till.controller.sale.lines) == 1 and till.controller.sale.member_id == "M0000002"


def test_points_control_offers_the_most_the_basket_allows(qtbot, till):
    scan(qtbot, till, "M0000003")
    for _ in range(3):
        scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    most = till.totals.points.most
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F3)
    settle(qtbot, till)
    assert till.controller.sale.redeem == most
    assert till.controller.sale.preview.receipt.points_used == most
