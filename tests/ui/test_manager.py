"""The manager's console under pytest-qt: PIN and lockout, cashiers refused, editing, member days,
publishing, backtests and reports, on a copy of the demo store (manager Lin 2468, cashier Chen 1357)."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

TAIPEI = ZoneInfo("Asia/Taipei")


@pytest.fixture(autouse=True)
def no_work_left_behind(qtbot):  # noqa: ANN001, ANN201
    """Each screen's background work lands before its widgets close (a relay outliving them is an error)."""
    yield
    from ui.worker import Operation
    for _ in range(200):
        if not Operation._alive:
            break
        qtbot.wait(50)


@pytest.fixture
def backend(store: Path):  # noqa: ANN201
    from ui.manager.backend import ConsoleBackend
    return ConsoleBackend(store)


def sign_in(qtbot, backend, who: str, pin: str):  # noqa: ANN001, ANN201
    from ui.manager.app import open_console
    opened: list = []
    dialog = open_console(backend, on_open=opened.append)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.who.count() > 0, timeout=30000)
    dialog.who.setCurrentText(who)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    return dialog, opened


@pytest.fixture
def console(qtbot, backend):  # noqa: ANN001, ANN201
    from ui.i18n import set_language
    from ui.manager.window import ConsoleWindow
    set_language("en")
    backend.sign_in("Lin", "2468")
    window = ConsoleWindow(backend, backend.draft_text(), confirm=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_managers_pin_opens_the_console(qtbot, backend):
    dialog, opened = sign_in(qtbot, backend, "Lin", "2468")
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    qtbot.addWidget(opened[0])
    assert "Lin (S001)" in opened[0].who.text()


def test_five_wrong_pins_lock_the_manager_out(qtbot, backend):
    from ui.manager.app import open_console
    dialog = open_console(backend)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.who.count() > 0, timeout=30000)
    dialog.who.setCurrentText("Lin")
    for attempt in range(5):
        qtbot.keyClicks(dialog.pin, "0000")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "locked out" in dialog.message.text()
    qtbot.keyClicks(dialog.pin, "2468")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "locked out" in dialog.message.text() and dialog.isVisible()


def test_a_cashier_cannot_open_the_console(qtbot, backend):
    dialog, opened = sign_in(qtbot, backend, "Chen", "1357")
    assert dialog.message.text() == "Chen is a cashier; a manager's PIN is needed"
    assert opened == [] and dialog.isVisible()


def test_an_invalid_promotion_field_shows_the_clis_own_message(qtbot, console):
    from pos_loyalty.errors import InvalidInput
    from pos_loyalty.services.programs import read_program
    editor = console.editor
    console.tabs.setCurrentWidget(editor)
    editor.sections.setCurrentWidget(editor.promotions)
    ids = [p["id"] for p in console.draft.data["promotions"]]
    editor.promotions.items.setCurrentRow(ids.index("member-tuesday"))
    factor = editor.promotions.findChild(QLineEdit, "field:effect.factor")
    factor.setFocus()
    factor.selectAll()
    qtbot.keyClicks(factor, "x2")
    with pytest.raises(InvalidInput) as cli:
        read_program(console.draft.text())
    assert editor.error.text() == "✗ " + str(cli.value)
    assert "promotions.1.effect.points_multiplier.factor: must be a number" in editor.error.text()
    qtbot.keyClick(factor, Qt.Key.Key_Backspace)
    qtbot.keyClick(factor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(factor, "3")
    assert editor.error.text().startswith("✓")
    assert console.draft.program.promotions[1].effect.factor == 3


def add_wednesday_triple_points_for_gold(qtbot, console) -> str:  # noqa: ANN001
    form = console.member_days.form
    form.every.setChecked(True)
    form.weekday_boxes[2].setChecked(True)  # Wednesday
    form.effect.setCurrentIndex(form.effect.findData("points_multiplier"))
    form.value.setValue(3)
    form.pick_tier("gold")
    qtbot.keyClicks(form.name, "Gold Wednesday: triple points")
    form.name_zh.setText("金卡週三三倍點數")  # (QTest types ASCII only)
    with qtbot.waitSignal(form.added, timeout=2000) as added:
        form.add.click()
    return added.args[0]


def test_a_member_day_created_from_the_calendar_is_in_the_draft_and_on_wednesdays(qtbot, console):
    promotion_id = add_wednesday_triple_points_for_gold(qtbot, console)
    promo = next(p for p in console.draft.program.promotions if p.id == promotion_id)
    assert (promo.effect.type, promo.effect.factor, promo.conditions.weekdays, promo.conditions.tiers,
            promo.members_only, promo.names["zh_TW"]) == ("points_multiplier", 3, [3], ["gold"], True, "金卡週三三倍點數")
    calendar = console.member_days.calendar
    cells = {calendar.day_at(r, c): calendar.grid.item(r, c).text() for r in range(6) for c in range(7)
             if calendar.day_at(r, c)}
    wednesday = next(day for day in cells if day.isoweekday() == 3)
    thursday = wednesday + timedelta(days=1)
    assert "Gold Wednesday: triple points [gold]" in cells[wednesday]
    assert "Gold Wednesday" not in cells.get(thursday, "")


def test_publishing_the_draft_makes_the_new_version_active(qtbot, console, backend):
    console.draft.set_data({**console.draft.edit(), "version": 5})
    page = console.publishing
    with qtbot.waitSignal(page.published, timeout=30000):
        page.publish_button.click()
    assert [(v, active) for v, _, active in backend.versions()][0] == (5, True)
    assert "Version 5 is on the till from its next sale." == page.message.text()


def test_a_report_draws_its_chart_with_a_reading_and_exports_csv(qtbot, console, tmp_path):
    page = console.reports
    console.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.report is not None, timeout=30000)
    page.pick.setCurrentIndex(page.pick.findData("by_rule"))
    qtbot.waitUntil(lambda: page.report.key == "by_rule", timeout=30000)
    chart = page.view.chart()
    assert chart.series() and chart.series()[0].count() > 0
    assert "is the costliest rule" in page.reading.text()
    path = page.export_csv(str(tmp_path / "rules.csv"))
    assert Path(path).read_text(encoding="utf-8").splitlines()[0] == "rule,amount,receipts"


def test_a_manual_adjustment_needs_a_reason_and_is_audited(qtbot, console, backend):
    page = console.members
    page.search.setText("M0000001")
    page.find()
    qtbot.waitUntil(lambda: page.member_id == "M0000001", timeout=30000)
    page.points.setValue(25)
    page.adjust()
    assert page.message.text() == "A reason is required for a manual adjustment."
    page.reason.setText("coffee machine broke, goodwill")
    page.adjust()
    qtbot.waitUntil(lambda: page.message.text().startswith("Done"), timeout=30000)
    entry = backend.audit(action="adjust")[0]
    assert (entry.actor, entry.detail["points"], entry.detail["reason"]) == \
        ("Lin (S001)", 25, "coffee machine broke, goodwill")


def test_the_tills_f12_asks_for_a_managers_pin(qtbot, till):
    from ui.worker import Operation
    earlier = set(Operation._alive)  # work other tests left running is not this till's
    qtbot.keyClick(till, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: getattr(till, "manager_dialog", None) is not None, timeout=30000)
    dialog = till.manager_dialog
    qtbot.waitUntil(lambda: dialog.who.count() == 2, timeout=30000)
    assert dialog.isVisible() and dialog.windowTitle() == "Manager's console"
    dialog.close()
    for _ in range(600):  # the till's own work lands before it closes (bounded, as no_work_left_behind does)
        if not (Operation._alive - earlier):
            break
        qtbot.wait(50)


def test_a_manager_creates_gold_wednesday_triple_points_costs_it_publishes_and_the_till_applies_it(
        qtbot, backend, store):
    """The issue's 'done': from the running app, create the member day, see its cost over the last
    90 days, publish it, and see the till apply it on the next Wednesday sale."""
    from pos_loyalty.services.checkout import CheckoutCommand, checkout
    from pos_loyalty.services.enrolment import Enrolment, enrol
    from ui.till.backend import TillBackend

    dialog, opened = sign_in(qtbot, backend, "Lin", "2468")
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    console = opened[0]
    qtbot.addWidget(console)
    console.publishing.confirm = False
    promotion_id = add_wednesday_triple_points_for_gold(qtbot, console)

    console.tabs.setCurrentWidget(console.editor)
    version = console.editor.general.findChild(QLineEdit, "field:version")
    version.setFocus()
    version.selectAll()
    qtbot.keyClicks(version, "2")
    assert console.draft.valid and console.draft.data["version"] == 2

    page = console.backtest
    console.tabs.setCurrentWidget(page)
    assert page.days.value() == 90
    with qtbot.waitSignal(page.finished, timeout=60000) as done:
        page.run_button.click()
    result = done.args[0]
    assert result.receipts > 0 and page.progress.value() == page.progress.maximum()
    assert result.draft.points_issued >= result.recorded.points_issued
    assert result.draft.discounts == result.recorded.discounts
    assert "would have cost" in page.message.text()
    gold = result.draft.rules[f"promotion:{promotion_id}"]  # its cost on its own row, not only in "points"
    assert gold.receipts > 0 and gold.points > 0
    row = next(i for i in range(page.rules.rowCount()) if page.rules.item(i, 0).text().startswith("Gold Wednesday"))
    assert page.rules.item(row, 4).text() == f"{gold.points:,}"

    with qtbot.waitSignal(console.publishing.published, timeout=30000):
        console.publishing.publish_button.click()

    # A gold member (over NT$6,000 last month) buys on the next Wednesday at the till.
    now = datetime.now(TAIPEI)
    wednesday = (now + timedelta(days=(2 - now.weekday()) % 7 or 7)).replace(hour=11, minute=0, second=0,
                                                                             microsecond=0)
    last_month = (wednesday.replace(day=1) - timedelta(days=10))
    from db.store import SqlUnitOfWork
    till = TillBackend(store, clock=lambda: wednesday)
    member = enrol(Enrolment(name="金卡 王", phone="0987000111"), uow=till.uow(), clock=lambda: last_month)
    product = till.products()[0]
    checkout(CheckoutCommand(basket=[product.line(qty=max(1, 6500 // product.price + 1))], member_id=member.id),
             uow=till.uow(), clock=lambda: last_month + timedelta(hours=1), rng=till.rng)
    paid = till.pay([product.line(qty=2)], member.id, 0, [("cash", 10**6)])
    receipt = paid.result.receipt
    assert (receipt.program_version, receipt.tier) == (2, "gold")
    assert promotion_id in receipt.promotions_used
    thursday = TillBackend(store, clock=lambda: wednesday + timedelta(days=1))
    other = thursday.pay([product.line(qty=2)], member.id, 0, [("cash", 10**6)]).result.receipt
    assert receipt.points_earned == 3 * other.points_earned > 0
