"""Receipts on the wire: the body travels as the JSON text the till stored, and is kept as it came
(SQLite and PostgreSQL central stores, a real server on loopback)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import Text, select, text, type_coerce

from db.store import RECEIPTS
from pos_loyalty.central.db import open_central
from pos_loyalty.central.models import receipts
from tests.central.chain import CAKE, LATTE, registered_tills


@pytest.fixture
def tills(central_server, tmp_path):
    yield from registered_tills(central_server, tmp_path)


def _till_bodies(till) -> dict[str, str]:  # noqa: ANN001
    with till.engine.connect() as connection:
        return dict(connection.execute(select(RECEIPTS.c.id, type_coerce(RECEIPTS.c.body, Text))).all())


def _central(db_url: str):  # noqa: ANN202
    return open_central(db_url)


def test_a_receipt_reaches_the_central_store_as_the_json_text_the_till_stored(tills, central_server):
    till = tills("first", 1)
    member = till.enrol("Alice Wang")
    till.pay(member.id, LATTE, CAKE)
    till.pay(member.id, CAKE)
    till.sync()
    stored = _till_bodies(till)
    engine = _central(central_server.db_url)
    with engine.connect() as connection:
        kept = dict(connection.execute(select(receipts.c.id, receipts.c.body)).all())
        raw = dict(connection.execute(text("SELECT id, CAST(body AS TEXT) FROM receipts")).all())
    engine.dispose()
    assert set(kept) == set(stored) and len(kept) == 2
    assert raw == stored                                        # the very text, not re-encoded
    assert all(kept[rid] == json.loads(body) for rid, body in stored.items())
    assert {body["points_earned"] for body in kept.values()} == {30, 20}   # latte and cake, then cake


def test_a_receipt_body_that_is_not_the_text_of_a_json_object_is_a_422(tills):
    till = tills("first", 1)
    for body in ("[1, 2]", '{"total": 1', '{"total": NaN}'):
        status, answer = till.transport.call("POST", "/v1/sync/push", {"receipts": [
            {"id": "R-1", "at": "2026-06-02T10:00:00+00:00", "total": 1, "body": body}]})
        assert status == 422, (body, answer)
        assert "JSON text of an object" in answer["detail"]


def test_a_receipt_body_sent_as_an_object_by_an_older_till_is_still_kept(tills, central_server):
    till = tills("first", 1)
    status, answer = till.transport.call("POST", "/v1/sync/push", {"receipts": [
        {"id": "R-OLD", "at": "2026-06-02T10:00:00+00:00", "total": 12, "body": {"points_earned": 3, "名": "茶"}}]})
    assert status == 200, answer
    engine = _central(central_server.db_url)
    with engine.connect() as connection:
        body = connection.execute(select(receipts.c.body).where(receipts.c.id == "R-OLD")).scalar_one()
    engine.dispose()
    assert body == {"points_earned": 3, "名": "茶"}


def test_receipts_over_the_byte_budget_of_one_push_wait_for_the_next_and_all_arrive(tills, central_server):
    till = tills("first", 1)
    member = till.enrol("Alice Wang")
    for _ in range(6):
        till.pay(member.id, LATTE, CAKE)
    first_two = sum(len(body) for body in list(_till_bodies(till).values())[:2])   # oldest first
    batch, _ = till.sync_store.next_batch(500, receipt_bytes=first_two)
    assert len(batch.receipts) == 2 and len(batch.entries) == len(till.ledger_ids())
    first, _ = till.sync_store.next_batch(500, receipt_bytes=1)
    assert len(first.receipts) == 1                             # never none: one receipt always goes
    assert till.sync().pending == 0
    engine = _central(central_server.db_url)
    with engine.connect() as connection:
        assert set(connection.execute(select(receipts.c.id)).scalars()) == set(_till_bodies(till))
    engine.dispose()
