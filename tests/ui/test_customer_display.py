"""The customer display: what the stamps are for, the shop, points paying, a card filling, the thank-you."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


def test_stamps_left_name_the_card_in_english_and_chinese(qapp):
    from ui.customer_display.window import card_note
    from ui.i18n import set_language, tr

    set_language("en")
    assert card_note("Coffee card", 8) == "8 more stamps on your Coffee card for a free one"
    assert card_note("Coffee card", 1) == "1 more stamp on your Coffee card for a free one"
    assert card_note("Coffee card", 0) == "Your Coffee card is full: your next one is free"
    set_language("zh_TW")
    try:
        assert card_note(tr("Coffee card"), 8) == "咖啡集點卡再集 8 章，換一份免費"
        assert card_note(tr("Coffee card"), 0) == "咖啡集點卡已集滿：下一份免費"
    finally:
        set_language("en")


def test_chinese_explanations_carry_the_chinese_product_and_card_names(qapp):
    from ui.i18n import know_name, pick, set_language

    know_name("Americano", "美式咖啡")
    know_name("Americano (large)", "美式咖啡（大）")
    know_name("Coffee card")
    texts = {"en": "Coffee card full: 1 free Americano (large)", "zh_TW": "Coffee card 已集滿：Americano (large) 免費 1 杯"}
    set_language("zh_TW")
    try:
        assert pick(texts) == "咖啡集點卡 已集滿：美式咖啡（大） 免費 1 杯"
    finally:
        set_language("en")
    assert pick(texts) == "Coffee card full: 1 free Americano (large)"


# -- what the customer sees (store settings, points paying, a card filling, the thank-you) --------
def _settings(store, **values) -> None:
    from datetime import datetime, timezone

    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.store_settings import change_setting

    engine = open_engine(store)
    for key, value in values.items():
        change_setting(key, value, uow=SqlUnitOfWork(engine), clock=lambda: datetime.now(timezone.utc))
    engine.dispose()


def _member_with(store, member: str, *, stamps: int, points: int) -> None:
    """Setup through the services: the member's coffee card at `stamps` and `points` more points."""
    import random
    from datetime import datetime, timezone

    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.engine import BasketLine
    from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
    from pos_loyalty.services.checkout import CheckoutCommand, checkout
    from pos_loyalty.services.members import member_summary

    engine = open_engine(store)
    now = lambda: datetime.now(timezone.utc)  # noqa: E731
    cards = member_summary(member, uow=SqlUnitOfWork(engine), clock=now).cards
    need = stamps - (cards[0].count if cards else 2)
    if need > 0:
        checkout(CheckoutCommand(basket=[BasketLine("COF-000", "Americano", 55, need, "coffee")], member_id=member),
                 uow=SqlUnitOfWork(engine), clock=now, rng=random.Random(1))
    if points:
        adjust_points(PointsAdjustment(member_id=member, points=points, reason="test"), uow=SqlUnitOfWork(engine),
                      clock=now)
    engine.dispose()


@pytest.fixture
def shop(store, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (80, 80), "navy").save(logo)
    _settings(store, shop_name="幸福咖啡", logo=str(logo))
    _member_with(store, "M0000004", stamps=8, points=300)
    return store


def _basket_of_two_coffees(qtbot, till):
    from tests.ui.conftest import scan, settle

    scan(qtbot, till, "M0000004")
    scan(qtbot, till, "4712345000008")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)


def test_the_display_shows_the_shops_name_and_logo_from_the_store_settings(qtbot, shop, till):
    display = till.display
    qtbot.waitUntil(lambda: display.shop.text() == "幸福咖啡", timeout=5000)
    assert display.logo.isVisibleTo(display) and not display.logo.pixmap().isNull()


def test_points_that_pay_are_their_own_line(qtbot, shop, till):
    from tests.ui.conftest import settle

    from tests.ui.conftest import scan

    _basket_of_two_coffees(qtbot, till)
    food = next(p for p in till.backend.products() if p.category != "coffee" and p.barcode and p.price >= 40)
    scan(qtbot, till, food.barcode)  # enough left to pay for the 50-point minimum
    settle(qtbot, till)
    qtbot.waitUntil(lambda: till.totals.points.most > 0, timeout=5000)
    till.totals.points.spin.setValue(till.totals.points.most)
    qtbot.waitUntil(lambda: till.controller.sale.preview.receipt.points_used > 0, timeout=5000)
    settle(qtbot, till)
    receipt = till.controller.sale.preview.receipt
    display = till.display
    qtbot.waitUntil(lambda: display.points_paid.text() == f"-NT${receipt.points_value}", timeout=5000)
    assert display.points_caption.text() == f"{receipt.points_used} points pay"
    assert display.points_paid.isVisibleTo(display)


def test_a_basket_that_fills_the_card_says_so_before_payment(qtbot, shop, till):
    _basket_of_two_coffees(qtbot, till)
    display = till.display
    qtbot.waitUntil(lambda: display.fills.isVisibleTo(display), timeout=5000)
    assert display.fills.text() == "This visit fills your Coffee card: your next one is free"
    assert display.card_notes["coffee"].text() == "+2 stamps this visit"


def test_a_basket_that_does_not_fill_the_card_shows_no_fill_line(qtbot, store, till):
    from tests.ui.conftest import scan, settle

    _member_with(store, "M0000004", stamps=3, points=0)
    scan(qtbot, till, "M0000004")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    display = till.display
    qtbot.waitUntil(lambda: "this visit" in display.card_notes["coffee"].text(), timeout=5000)
    assert not display.fills.isVisibleTo(display)


def test_after_payment_the_customer_is_thanked_until_the_next_sale(qtbot, shop, till):
    _basket_of_two_coffees(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.paid, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    display = till.display
    qtbot.waitUntil(lambda: display.thanks.isVisibleTo(display), timeout=5000)
    assert display.thanks.text() == "Thank you! See you soon."
    assert "Balance" in display.earned.text()
    assert not display.fills.isVisibleTo(display)  # paid: the card is full now, no "this visit" promise
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)  # next customer
    qtbot.waitUntil(lambda: not display.thanks.isVisibleTo(display), timeout=5000)


def test_the_display_goes_to_the_screen_that_is_not_the_cashiers():
    from ui.customer_display.window import second_screen

    cashier, customer = object(), object()
    assert second_screen([cashier, customer], cashier) is customer
    assert second_screen([cashier], cashier) is None


def test_with_one_screen_the_display_is_a_window_not_full_screen(qtbot, till):
    from PySide6.QtGui import QGuiApplication

    from ui.customer_display.window import place

    assert len(QGuiApplication.screens()) == 1
    place(till.display)
    assert till.display.isVisible() and not till.display.isFullScreen()
