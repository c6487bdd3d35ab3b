"""What the cashier sees at the counter: full cards, matches as they type, fresh messages, and a
basket that keeps its room at 1024x768."""
from __future__ import annotations

import random
from datetime import date, datetime, timezone

from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _buy_coffees(store, member_id: str, n: int) -> None:  # noqa: ANN001
    """Setup through the checkout service."""
    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.engine import BasketLine
    from pos_loyalty.services.checkout import CheckoutCommand, checkout

    engine = open_engine(store)
    checkout(CheckoutCommand(basket=[BasketLine("COF-000", "Americano", 55, n, "coffee")], member_id=member_id),
             uow=SqlUnitOfWork(engine), clock=_now, rng=random.Random(1))
    engine.dispose()


def _member_born_today(store) -> str:  # noqa: ANN001
    """Setup through the enrolment service: their birthday week gives 15% off the whole order."""
    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.services.enrolment import Enrolment, enrol

    engine = open_engine(store)
    with SqlUnitOfWork(engine) as uow:
        zone = uow.active_program().zone
    today = _now().astimezone(zone).date()
    born = date(1990, today.month, min(today.day, 28))
    member = enrol(Enrolment(name="Amy Lin", phone="0911333444", birthday=born), uow=SqlUnitOfWork(engine),
                   clock=_now)
    engine.dispose()
    return member.id


def test_a_card_past_its_required_stamps_says_reward_ready(qtbot, till, store):
    _buy_coffees(store, "M0000004", 15)
    scan(qtbot, till, "M0000004")
    name, count = till.member_panel._card_labels["coffee"]
    assert till.member_panel.strips["coffee"].count > till.member_panel.strips["coffee"].required
    assert count.text() == "reward ready"


def test_the_look_up_shows_matches_as_the_phone_number_is_typed(qtbot, till, store):
    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.services.enrolment import Enrolment, enrol

    engine = open_engine(store)
    for name, phone in (("Amy Lin", "0911000555"), ("Bob Wu", "0922000555")):
        enrol(Enrolment(name=name, phone=phone), uow=SqlUnitOfWork(engine), clock=_now)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F2)
    qtbot.keyClicks(till.lookup_page.query, "555")                       # no Enter
    qtbot.waitUntil(lambda: till.lookup_page.results.count() == 2, timeout=5000)
    qtbot.keyClicks(till.lookup_page.query, "5")                         # "5555": nobody
    qtbot.waitUntil(lambda: till.lookup_page.results.count() == 0, timeout=5000)
    assert till.lookup_page.hint.text() == "No member found"


def test_a_message_goes_with_the_screen_and_the_language_it_was_said_in(qtbot, till):
    from ui.i18n import set_language

    scan(qtbot, till, "NOT-A-CODE")
    assert till.scan.message.isVisible()
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F4)                        # another screen
    assert not till.scan.message.isVisible()
    qtbot.keyClick(till.enrol_page.name, Qt.Key.Key_Escape)
    scan(qtbot, till, "NOT-A-CODE")
    till.set_language("zh_TW")                                           # another language
    assert not till.scan.message.isVisible()
    set_language("en")


def test_an_order_wide_discount_is_shown_once_and_six_lines_fit_at_1024x768(qtbot, till, store):
    member_id = _member_born_today(store)
    scan(qtbot, till, member_id)
    buttons = till.products.product_buttons()
    for button in buttons[:7]:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, till)
    order = till.totals.order_discounts()
    assert len(order) == 1 and "15%" in order[0][0]                     # the birthday week, once
    assert not any("15%" in text for text in till.basket_model.explanations())
    assert till.totals.order.isVisible() and order[0][0] in till.totals.order.text()
    assert till.size().width() == 1024 and till.size().height() == 768
    assert till.basket_view.visible_line_rows() >= 6


def test_a_long_reason_wraps_under_its_line_instead_of_being_cut(qtbot, till, store):
    from PySide6.QtGui import QFontMetrics

    _buy_coffees(store, "M0000004", 8)
    scan(qtbot, till, "M0000004")
    scan(qtbot, till, "4712345000008")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    till.stack.parentWidget().setSizes([640, 384])                     # the basket side at its narrowest
    qtbot.wait(50)
    view, model = till.basket_view, till.basket_model
    width = view.columnWidth(model.ITEM)
    needs = []
    for r, row in enumerate(model.rows):
        if row.explain:
            text = model.index(r, model.ITEM).data()
            needed = QFontMetrics(view.font()).boundingRect(0, 0, width - 8, 10_000, int(Qt.TextFlag.TextWordWrap),
                                                            text).height()
            needs.append((view.rowHeight(r), needed, text))
    assert any(needed > 30 for _h, needed, _t in needs), needs         # a reason longer than one line
    assert all(height >= needed for height, needed, _t in needs), needs
