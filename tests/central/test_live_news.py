"""Tills learn fast: a server process hears of every commit (PostgreSQL LISTEN/NOTIFY, or the
counter polled on SQLite), and a till's sync worker long-polls it, so a revocation made at one
till reaches a till on ANOTHER server process within 30 s although its rounds are 5 minutes apart."""
from __future__ import annotations

import random
import time

from sqlalchemy import text

from db.card_store import cards_changed
from db.store import SqlUnitOfWork
from pos_loyalty.sync.worker import SyncWorker
from tests.central.chain import ChainTill, code_for, wall


def revoked_at(till: ChainTill, serial: str):
    with till.engine.connect() as c:
        return c.execute(text("SELECT revoked_at FROM membership_cards WHERE serial = :s"), {"s": serial}).scalar()


def test_a_revocation_reaches_an_online_till_on_another_server_process_within_30_s(
        central_db_url, server_process, tmp_path):
    one, two = server_process(central_db_url), server_process(central_db_url)
    first, second = ChainTill(tmp_path / "first.sqlite", 1), ChainTill(tmp_path / "second.sqlite", 2)
    first.register(one.url, code_for(central_db_url))
    second.register(two.url, code_for(central_db_url))
    member = first.enrol("Alice Wang", "0911000111")
    with SqlUnitOfWork(first.engine) as uow:
        uow.add_card("C-LOST-1", member.id, wall())
        uow.commit()
    first.sync()
    second.sync()
    assert revoked_at(second, "C-LOST-1") is None
    marker = cards_changed(second.engine)
    worker = SyncWorker(second.client, rng=random.Random(1), interval=300, listen_seconds=1).start()  # stop() waits one out
    try:
        deadline = time.monotonic() + 30
        while not worker.status.online and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker.status.online
        with SqlUnitOfWork(first.engine) as uow:          # the card is reported lost at the first till
            uow.revoke_card("C-LOST-1", wall())
            uow.commit()
        first.sync()                                     # ... and reaches the chain through server one
        deadline = time.monotonic() + 30
        while revoked_at(second, "C-LOST-1") is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert revoked_at(second, "C-LOST-1") is not None
        assert worker.news_heard >= 1                    # the server's news, not the 5-minute round
        assert cards_changed(second.engine) != marker    # the till's scan verifier rebuilds on the next code
    finally:
        worker.stop()
        first.close()
        second.close()


def synced_till(central_server, tmp_path) -> ChainTill:
    till = ChainTill(tmp_path / "till.sqlite", 1)
    till.register(central_server.url, code_for(central_server.db_url))
    till.enrol("Alice Wang")
    till.sync()
    return till


def test_a_wait_answers_at_once_when_the_chain_already_moved_past_the_cursor(central_server, tmp_path):
    till = synced_till(central_server, tmp_path)
    started = time.monotonic()
    assert till.client.wait_for_news(0, seconds=20) > 0
    assert time.monotonic() - started < 10
    till.close()


def test_a_wait_with_nothing_new_ends_after_its_seconds_saying_so(central_server, tmp_path):
    till = synced_till(central_server, tmp_path)
    cursor = till.sync_store.cursor()
    assert till.client.wait_for_news(cursor, seconds=0.5) == cursor
    till.close()
