"""The member's phone page in real Chromium against the till's own page server: join from the
join link, the till sees the member, the page's code passes the till's verifier (read back from
the screen with the till's QR reader), replays are refused, the code survives a cut network,
and a card moved to a new phone leaves the old phone's code refused."""
from __future__ import annotations

from datetime import timedelta

import cv2
import numpy as np

from db.store import SqlUnitOfWork
from pos_loyalty.cards.reader import TillCodeReader
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.services.members import member_summary
from tests.e2e.conftest import PHONE, utc_now

def join(browser, till, *, name="林小美", phone="0912345678", birthday="1992-06-03", locale="zh-TW"):  # noqa: ANN001, ANN201
    context = browser.new_context(**PHONE, locale=locale)
    page = context.new_page()
    page.goto(till.join_url())
    page.wait_for_selector("#join-form")
    page.fill("input[name=name]", name)
    page.fill("input[name=phone]", phone)
    page.fill("input[name=birthday]", birthday)
    page.check("input[name=consent]")
    page.click("#join-form button[type=submit]")
    page.wait_for_selector("#points")
    return context, page


def move_to_new_phone(browser, place, *, name="Lin Hsiao-mei", phone="0912345678", birthday="1992-06-03"):  # noqa: ANN001, ANN201
    """A second phone opens the join link with an enrolled phone number: the page says so and the
    member moves their card to it (confirmed by the birthday)."""
    context = browser.new_context(**PHONE, locale="en-US")
    page = context.new_page()
    page.goto(place.join_url())
    page.fill("input[name=name]", name)
    page.fill("input[name=phone]", phone)
    page.click("#join-form button[type=submit]")
    page.wait_for_selector("#move-form")
    assert "already a member" in page.inner_text("#move-form h1")
    page.fill("#move-form input[name=birthday]", birthday)
    page.click("#move-form button[type=submit]")
    return context, page


def shown_code(page) -> str:  # noqa: ANN001
    page.wait_for_selector("#member-code[data-code]")
    return page.get_attribute("#member-code", "data-code")


def read_from_screen(page) -> str | None:  # noqa: ANN001
    png = page.locator("#member-code").screenshot()
    frame = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    return TillCodeReader().read(frame)


def test_a_phone_joins_from_the_join_link_and_the_till_sees_the_member_with_starter_stamps(browser, till):
    context, page = join(browser, till)
    with SqlUnitOfWork(till.desk.engine) as uow:
        member = uow.member_by_phone("0912345678")
    assert member is not None and member.name == "林小美"
    summary = member_summary(member.id, uow=SqlUnitOfWork(till.desk.engine), clock=utc_now)
    assert [(c.card, c.count) for c in summary.cards] == [("coffee", 1)]
    assert page.locator("#stamps .slot.filled").count() == 1
    context.close()


def test_the_code_read_off_the_phones_screen_is_accepted_by_the_tills_verifier(browser, till):
    context, page = join(browser, till)
    text = read_from_screen(page)
    assert text == shown_code(page)
    verdict = till.verifier().verify(text, at=utc_now())
    assert (verdict.ok, verdict.from_phone) == (True, True)
    context.close()


def test_a_replayed_code_is_refused_and_new_code_gives_one_the_till_accepts(browser, till):
    context, page = join(browser, till)
    verifier = till.verifier()
    first = shown_code(page)
    assert verifier.verify(first, at=utc_now()).ok
    assert verifier.verify(first, at=utc_now()).reason == Reason.REPLAYED
    page.click("#new-code")
    page.wait_for_function("c => document.querySelector('#member-code').dataset.code !== c", arg=first)
    assert verifier.verify(shown_code(page), at=utc_now()).ok
    context.close()


def test_with_the_network_cut_the_page_still_shows_a_valid_code_and_the_saved_details(browser, till):
    context, page = join(browser, till)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null || location.reload()")
    context.set_offline(True)
    page.reload()
    page.wait_for_selector(".status:not([hidden])")
    assert page.locator("#points .big").inner_text() == "0"  # saved details, shown from the phone
    verdict = till.verifier().verify(shown_code(page), at=utc_now())
    assert verdict.ok
    context.close()


def test_after_moving_to_a_new_phone_the_old_phones_code_is_refused(browser, till):
    old_context, old_page = join(browser, till)
    old_code = shown_code(old_page)
    new_context, new_page = move_to_new_phone(browser, till)
    new_code = shown_code(new_page)
    verifier = till.verifier()
    assert verifier.verify(old_code, at=utc_now()).reason == Reason.PHONE_NOT_REGISTERED
    assert verifier.verify(new_code, at=utc_now()).ok
    old_page.reload()
    old_page.wait_for_selector("text=此會員卡已移到另一支手機")  # the old phone reads Chinese
    assert old_page.locator("#member-code").count() == 0
    old_context.close()
    new_context.close()


def test_a_used_join_link_tells_the_phone_to_scan_the_new_code(browser, till):
    url = till.join_url()
    context = browser.new_context(**PHONE, locale="en-US")
    page = context.new_page()
    page.goto(url)
    page.fill("input[name=name]", "Chen")
    page.fill("input[name=phone]", "0955111222")
    page.click("#join-form button[type=submit]")
    page.wait_for_selector("#points")
    other = browser.new_context(**PHONE, locale="en-US").new_page()
    other.goto(url)
    other.wait_for_selector("text=already used")
    context.close()
    other.context.close()


def test_the_code_changes_when_the_30_second_step_ends(browser, till):
    context, page = join(browser, till)
    page.clock.install()
    page.reload()
    first = shown_code(page)
    page.clock.fast_forward(timedelta(seconds=31).seconds * 1000)
    page.wait_for_function("c => document.querySelector('#member-code').dataset.code !== c", arg=first)
    assert page.get_attribute("#member-code", "data-renewal") == "0"
    context.close()
