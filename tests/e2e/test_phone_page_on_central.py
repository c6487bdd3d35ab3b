"""The member's phone page in real Chromium against the central server (a real `python main.py
serve` process on PostgreSQL) and two registered tills: join from the link the till's display
shows, the till sees the new member, the code read off the phone's screen is accepted at the
other till, a replay is refused, the code survives a cut network, and after a move to a new phone
the old phone's code is refused at every till."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from db.card_store import terminal_verifier
from db.store import SqlUnitOfWork
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.central.db import open_central
from pos_loyalty.central.phone.till_desk import TillJoinLinks
from pos_loyalty.central.programs import publish_program
from tests.central.chain import ChainTill, code_for, wall
from tests.e2e.test_phone_page import join, move_to_new_phone, read_from_screen, shown_code
from tests.integration.conftest import PROGRAM


class Chain:
    def __init__(self, server, tmp_path: Path) -> None:  # noqa: ANN001
        self.server = server
        self.tills = []
        for name, seed in (("counter", 1), ("kiosk", 2)):
            till = ChainTill(tmp_path / f"{name}.sqlite", seed)
            till.register(server.url, code_for(server.db_url))
            till.sync()
            self.tills.append(till)
        self.counter, self.kiosk = self.tills

    def join_url(self) -> str:
        """What the counter's customer display shows now (it synced a moment ago)."""
        self.counter.sync()
        url = TillJoinLinks(self.counter.path, clock=wall, rng=random.Random()).current()
        assert url is not None and url.startswith(self.server.url + "/phone/join/")
        return url

    def sync(self) -> None:
        for till in self.tills:
            till.sync()

    @staticmethod
    def verifier(till: ChainTill):  # noqa: ANN205
        return terminal_verifier(till.engine, KeyDirectory.next_to(till.path).path, clock=wall)


@pytest.fixture
def chain(postgres_url, server_process, tmp_path):  # noqa: ANN001, ANN201
    engine = open_central(postgres_url)
    from pos_loyalty.central.db import migrate
    migrate(engine)
    publish_program(engine, json.dumps(PROGRAM), wall())
    engine.dispose()
    made = Chain(server_process(postgres_url), tmp_path)
    yield made
    for till in made.tills:
        till.close()


def test_a_phone_joins_on_the_central_page_and_the_till_sees_the_member_with_starter_stamps(browser, chain):
    context, page = join(browser, chain)
    chain.counter.sync()
    with SqlUnitOfWork(chain.counter.engine) as uow:
        member = uow.member_by_phone("0912345678")
    assert member is not None and member.name == "林小美"
    assert page.locator("#stamps .slot.filled").count() == 1
    context.close()


def test_the_code_read_off_the_screen_is_accepted_at_another_till_and_a_replay_is_refused(browser, chain):
    context, page = join(browser, chain)
    chain.sync()
    verifier = chain.verifier(chain.kiosk)
    text = read_from_screen(page)
    assert text == shown_code(page)
    assert (verifier.verify(text, at=wall()).ok, verifier.verify(text, at=wall()).reason) == (True, Reason.REPLAYED)
    page.click("#new-code")
    page.wait_for_function("c => document.querySelector('#member-code').dataset.code !== c", arg=text)
    assert verifier.verify(shown_code(page), at=wall()).ok
    context.close()


def test_with_the_network_cut_the_central_page_still_shows_a_valid_code(browser, chain):
    context, page = join(browser, chain)
    chain.sync()
    page.wait_for_function("navigator.serviceWorker.controller !== null || location.reload()")
    context.set_offline(True)
    page.reload()
    page.wait_for_selector(".status:not([hidden])")
    assert chain.verifier(chain.kiosk).verify(shown_code(page), at=wall()).ok
    context.close()


def test_after_a_move_to_a_new_phone_the_old_phones_code_is_refused_at_every_till(browser, chain):
    old_context, old_page = join(browser, chain)
    old_code = shown_code(old_page)
    new_context, new_page = move_to_new_phone(browser, chain)
    new_code = shown_code(new_page)
    chain.sync()
    for till in chain.tills:
        verifier = chain.verifier(till)
        assert verifier.verify(old_code, at=wall()).reason == Reason.PHONE_NOT_REGISTERED
        assert verifier.verify(new_code, at=wall()).ok
    old_page.reload()
    old_page.wait_for_selector("text=此會員卡已移到另一支手機")
    old_context.close()
    new_context.close()
