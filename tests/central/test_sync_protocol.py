"""Two tills and a real central server (SQLite and PostgreSQL): push, pull, agree."""
from __future__ import annotations

import httpx
import pytest

from pos_loyalty.members import is_chain_member_number
from pos_loyalty.sync.client import SyncRefused
from tests.central.chain import CAKE, LATTE, ChainTill, code_for, registered_tills


@pytest.fixture
def tills(central_server, tmp_path):
    yield from registered_tills(central_server, tmp_path)


def test_a_member_enrolled_at_one_till_is_served_at_the_other_with_the_right_balance(tills):
    first, second = tills("first", 1), tills("second", 2)
    member = first.enrol("陳小華", "0912345678")
    first.pay(member.id, LATTE, CAKE)
    assert first.sync().pending == 0
    second.sync()
    assert second.points(member.id) == first.points(member.id) == 30


def test_member_numbers_made_after_registration_carry_the_terminal_and_a_check_digit(tills):
    first, second = tills("first", 1), tills("second", 2)
    one, two = first.enrol("Alice Wang"), second.enrol("Bob Lin")
    assert is_chain_member_number(one.id) and is_chain_member_number(two.id)
    assert one.id != two.id


def test_sales_on_both_tills_for_one_member_merge_into_one_balance(tills):
    first, second = tills("first", 1), tills("second", 2)
    member = first.enrol("Alice Wang", "0911000111")
    first.sync()
    second.sync()
    first.pay(member.id, CAKE)
    second.pay(member.id, CAKE, CAKE)
    for till in (first, second, first, second):
        till.sync()
    assert first.points(member.id) == second.points(member.id) == 60
    assert first.ledger_ids() == second.ledger_ids()


def test_entries_pulled_from_another_till_leave_the_ledger_verifying_clean(tills):
    from pos_loyalty.services.verify import verify_ledger
    first, second = tills("first", 1), tills("second", 2)
    member = first.enrol("Alice Wang", "0911000111")
    first.pay(member.id, CAKE, LATTE)
    first.sync()
    second.sync()
    second.pay(member.id, LATTE, redeem_points=10)
    second.sync()
    first.sync()
    assert verify_ledger(uow=first.uow()) == verify_ledger(uow=second.uow()) == []
    assert first.points(member.id) == second.points(member.id)


def test_a_resent_push_changes_nothing(tills):
    first = tills("first", 1)
    member = first.enrol("Alice Wang")
    first.pay(member.id, CAKE)
    batch, _ = first.sync_store.next_batch(500)
    status, answer = first.transport.call("POST", "/v1/sync/push", batch.model_dump(mode="json"))
    assert status == 200 and answer["accepted"] == len(batch.entries)
    status, again = first.transport.call("POST", "/v1/sync/push", batch.model_dump(mode="json"))
    assert status == 200
    assert (again["accepted"], again["duplicates"]) == (0, len(batch.entries))


def test_the_same_entry_id_with_another_body_is_a_409(tills):
    first = tills("first", 1)
    member = first.enrol("Alice Wang")
    first.pay(member.id, CAKE)
    first.sync()
    batch, _ = first.sync_store.next_batch(500)
    entry = first.sync_store_entry = None
    from sqlalchemy import select
    from db.store import LEDGER
    from db.sync_store import _entry
    with first.engine.connect() as c:
        entry = _entry(c.execute(select(LEDGER).order_by(LEDGER.c.seq).limit(1)).one())
    changed = entry.model_copy(update={"points": entry.points + 1})
    status, answer = first.transport.call("POST", "/v1/sync/push", {"entries": [changed.model_dump(mode="json")]})
    assert status == 409
    assert entry.id in answer["conflicts"]


def test_a_gap_is_refused_with_where_to_send_from(tills):
    first = tills("first", 1)
    member = first.enrol("Alice Wang")
    first.pay(member.id, CAKE)
    first.pay(member.id, LATTE)
    batch, _ = first.sync_store.next_batch(500)
    members = [m.model_dump(mode="json") for m in batch.members]
    later = [e.model_dump(mode="json") for e in batch.entries[1:]]
    status, answer = first.transport.call("POST", "/v1/sync/push", {"members": members, "entries": later})
    assert status == 409
    assert answer["send_from"] == 1


def test_pushing_another_terminals_entries_is_403(tills):
    first, second = tills("first", 1), tills("second", 2)
    member = first.enrol("Alice Wang")
    first.pay(member.id, CAKE)
    batch, _ = first.sync_store.next_batch(500)
    status, answer = second.transport.call("POST", "/v1/sync/push", batch.model_dump(mode="json"))
    assert status == 403
    assert "only its own entries" in answer["detail"]


def test_an_unsigned_request_is_401(central_server):
    answer = httpx.post(central_server.url + "/v1/sync/pull", json={"cursor": 0})
    assert answer.status_code == 401


def test_a_replayed_request_is_refused(tills):
    first = tills("first", 1)
    body = b'{"cursor":0,"limit":10}'
    headers = first.transport.signer.headers("POST", "/v1/sync/pull", body, timestamp=int(first.now.timestamp()))
    headers = first.transport.signer.headers("POST", "/v1/sync/pull", body,
                                             timestamp=int(__import__("time").time()))
    headers["Content-Type"] = "application/json"
    url = first.transport.server + "/v1/sync/pull"
    assert httpx.post(url, content=body, headers=headers).status_code == 200
    replay = httpx.post(url, content=body, headers=headers)
    assert replay.status_code == 401
    assert "replayed" in replay.json()["detail"]


def test_a_code_works_once(central_server, tmp_path):
    code = code_for(central_server.db_url)
    first = ChainTill(tmp_path / "first.sqlite", 1)
    first.register(central_server.url, code)
    second = ChainTill(tmp_path / "second.sqlite", 2)
    with pytest.raises(SyncRefused, match="already used"):
        second.register(central_server.url, code)
    first.close(), second.close()


def test_a_code_expires_after_ten_minutes(central_server, tmp_path):
    code = code_for(central_server.db_url)
    central_server.clock.advance(minutes=10, seconds=1)
    till = ChainTill(tmp_path / "late.sqlite", 1)
    with pytest.raises(SyncRefused, match="expired"):
        till.register(central_server.url, code)
    till.close()


def test_a_revoked_terminal_is_refused(tills, central_server):
    from pos_loyalty.central.db import open_central
    from pos_loyalty.central.terminals import revoke_terminal
    from tests.central.chain import wall
    first = tills("first", 1)
    first.sync()
    engine = open_central(central_server.db_url)
    revoke_terminal(engine, first.sync_store.settings()["terminal_id"], wall())
    engine.dispose()
    with pytest.raises(SyncRefused, match="revoked"):
        first.sync()


def test_an_oversized_request_is_413(central_server):
    answer = httpx.post(central_server.url + "/v1/register", content=b"x" * (5 * 1024 * 1024),
                        headers={"Content-Type": "application/json"})
    assert answer.status_code == 413


def _signed_post(till, path: str, body: bytes) -> tuple[str, dict]:  # noqa: ANN001 - one request, signed once
    import time
    headers = till.transport.signer.headers("POST", path, body, timestamp=int(time.time()))
    headers["Content-Type"] = "application/json"
    return till.transport.server + path, headers


def _held_entries(db_url: str) -> int:
    from sqlalchemy import func, select

    from pos_loyalty.central.db import open_central
    from pos_loyalty.central.models import ledger
    engine = open_central(db_url)
    try:
        with engine.connect() as c:
            return c.execute(select(func.count()).select_from(ledger)).scalar_one()
    finally:
        engine.dispose()


def test_a_replayed_push_is_refused_and_changes_nothing(tills, central_server):
    first = tills("first", 1)
    member = first.enrol("Alice Wang")
    first.pay(member.id, CAKE)
    batch, _ = first.sync_store.next_batch(500)
    body = batch.model_dump_json().encode()
    url, headers = _signed_post(first, "/v1/sync/push", body)
    assert httpx.post(url, content=body, headers=headers).status_code == 200
    held = _held_entries(central_server.db_url)
    replay = httpx.post(url, content=body, headers=headers)
    assert replay.status_code == 401
    assert "replayed" in replay.json()["detail"]
    assert _held_entries(central_server.db_url) == held == len(batch.entries)


def test_a_refused_push_replayed_is_refused_as_a_replay(tills):
    first = tills("first", 1)
    member = first.enrol("Alice Wang")
    first.pay(member.id, CAKE)
    first.pay(member.id, LATTE)
    batch, _ = first.sync_store.next_batch(500)
    body = batch.model_copy(update={"entries": batch.entries[1:]}).model_dump_json().encode()
    url, headers = _signed_post(first, "/v1/sync/push", body)
    assert httpx.post(url, content=body, headers=headers).status_code == 409   # a gap: send from 1
    replay = httpx.post(url, content=body, headers=headers)
    assert replay.status_code == 401
    assert "replayed" in replay.json()["detail"]


def test_a_push_whose_transaction_rolls_back_leaves_its_nonce_unused(tills, central_server):
    """The nonce is written in the batch's transaction: a push that does not commit (here a gap, raised
    inside it) has not used it, so the same nonce still carries the batch that does commit."""
    import time

    from pos_loyalty.central.auth import Nonce, Replayed
    from pos_loyalty.central.db import open_central
    from pos_loyalty.central.ingest import GapError, push
    from pos_loyalty.central.terminals import load_terminal
    from tests.central.chain import wall
    first = tills("first", 1)
    member = first.enrol("Alice Wang")
    first.pay(member.id, CAKE)
    first.pay(member.id, LATTE)
    batch, _ = first.sync_store.next_batch(500)
    engine = open_central(central_server.db_url)
    try:
        with engine.connect() as c:
            terminal = load_terminal(c, first.sync_store.settings()["terminal_id"])
        now = int(time.time())
        nonce = Nonce(terminal.id, "rolled-back-nonce", now, now + 600 + 1)
        with pytest.raises(GapError):
            push(engine, terminal, batch.model_copy(update={"entries": batch.entries[1:]}), at=wall(), nonce=nonce)
        result = push(engine, terminal, batch, at=wall(), nonce=nonce)
        assert result.accepted == len(batch.entries)
        with pytest.raises(Replayed):
            push(engine, terminal, batch, at=wall(), nonce=nonce)
    finally:
        engine.dispose()


def test_the_batch_read_ahead_is_the_batch_read_after_the_server_confirmed_the_one_before(tills):
    from pos_loyalty.sync.protocol import PushResult
    first = tills("first", 1)
    people = [first.enrol(f"Member {n}") for n in range(5)]
    for member in people * 2:
        first.pay(member.id, CAKE, LATTE)
    store, compared = first.sync_store, 0
    sent, moved = store.next_batch(4)
    assert sent.members and not sent.entries      # members go first; entries once they have all gone
    while sent.entries or sent.members or sent.receipts or sent.spend or sent.cards:
        status, answer = first.transport.call("POST", "/v1/sync/push", sent)
        assert status == 200
        ahead = store.next_batch(4, after=(sent, moved))
        store.confirm(PushResult.model_validate(answer), moved, first.now)
        again = store.next_batch(4)
        if sent.entries:      # the client sends what it read ahead only past acknowledged entries
            assert ahead == again
            compared += 1
        sent, moved = again
    assert compared >= 3 and store.pending() == 0


def test_a_till_pushing_and_pulling_in_many_small_batches_agrees_with_the_other(tills):
    first, second = tills("first", 1), tills("second", 2)
    for till in (first, second):
        till.client.batch = till.client.pull_page = 3
    people = [first.enrol(f"Member {n}") for n in range(4)]
    for member in people * 2:
        first.pay(member.id, CAKE, LATTE)
    assert first.sync().pending == 0
    second.sync()
    assert first.ledger_ids() == second.ledger_ids()
    assert [second.points(m.id) for m in people] == [first.points(m.id) for m in people]
