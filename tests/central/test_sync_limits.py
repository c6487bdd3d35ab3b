"""Pushes at the edges of what the server takes: too many bytes, cards of unknown members, odd times.
Each was a 5xx or a till stuck for ever before (found by the benchmark and by schemathesis)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pos_loyalty.central.db import open_central
from pos_loyalty.central.models import cards, ledger
from tests.central.chain import CAKE, LATTE, ChainTill, code_for
from tests.fixtures.central import start_in_thread


@pytest.fixture
def small_server(central_db_url, central_clock):  # noqa: ANN001, ANN201 - a server taking 24 KB per request
    from pos_loyalty.central.app import create_app
    from pos_loyalty.central.settings import CentralSettings
    url, stop = start_in_thread(create_app(CentralSettings(db_url=central_db_url, clock=central_clock,
                                                           max_body_bytes=24 * 1024)))
    yield url, central_db_url
    stop()


def chain_entries(db_url: str) -> int:
    engine = open_central(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(ledger)).scalar_one()
    finally:
        engine.dispose()


def test_a_till_whose_batch_is_over_the_servers_byte_limit_sends_it_in_smaller_batches(small_server, tmp_path):
    url, db_url = small_server
    till = ChainTill(tmp_path / "till.sqlite", seed=3)
    till.register(url, code_for(db_url))
    member = till.enrol("Alice Wang")
    for _ in range(40):    # 40 receipts with their bodies: well over 24 KB in one batch
        till.pay(member.id, LATTE, CAKE)
    summary = till.sync()
    assert summary.pending == 0 and summary.pushed == len(till.ledger_ids()) == chain_entries(db_url)
    till.close()


def test_a_card_of_a_member_the_chain_does_not_know_is_quarantined_not_a_server_error(central_server, tmp_path):
    till = ChainTill(tmp_path / "till.sqlite", seed=4)
    till.register(central_server.url, code_for(central_server.db_url))
    status, answer = till.transport.call("POST", "/v1/sync/push", {"cards": [
        {"serial": "S-1", "member": "M-NOBODY", "issued_at": "2026-06-02T10:00:00+00:00"}]})
    assert status == 200 and [q["ref"] for q in answer["quarantined"]] == ["S-1"]
    engine = open_central(central_server.db_url)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(cards)).scalar_one() == 0
    engine.dispose()
    till.close()


def test_a_time_without_a_four_digit_year_is_refused_with_a_clear_422(central_server, tmp_path):
    till = ChainTill(tmp_path / "till.sqlite", seed=5)
    till.register(central_server.url, code_for(central_server.db_url))
    status, answer = till.transport.call("POST", "/v1/sync/push", {"members": [
        {"id": "M1", "name": "Old", "joined": "2026-01-01", "created_at": "0170-08-21T16:57:00+00:00"}]})
    assert status == 422 and "between the years 1000 and 9998" in answer["detail"]
    till.close()
