"""Joins, moves and the member page served by the central server: a phone joins from the link a
registered till's display shows, the member is in the chain at once and at the till after its
next pull (with starter stamps), and the phone's code verifies at every till."""
from __future__ import annotations

import base64
import json
import random
import time
from datetime import date

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.card_store import terminal_verifier
from db.store import SqlUnitOfWork
from pos_loyalty.cards.devices import PhoneDevice
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.payload import parse_device_certificate
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.central.db import open_central
from pos_loyalty.central.phone.desk import device_request_message
from pos_loyalty.central.programs import publish_program
from pos_loyalty.central.phone.till_desk import TillJoinLinks, new_join_link
from pos_loyalty.services.members import member_summary
from tests.central.chain import LATTE, ChainTill, code_for, registered_tills, wall
from tests.integration.conftest import PROGRAM


@pytest.fixture
def till(central_server, tmp_path):
    engine = open_central(central_server.db_url)
    publish_program(engine, json.dumps(PROGRAM), wall())   # the chain's program: its starter stamps
    engine.dispose()
    yield from registered_tills(central_server, tmp_path)


def link(till: ChainTill) -> str:
    return new_join_link(till.engine, at=wall(), rng=random.Random(time.monotonic_ns()))[1]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def join(server, token: str, key: Ed25519PrivateKey, *, phone: str = "0912345678", name: str = "林小美"):  # noqa: ANN001, ANN201
    return httpx.post(server.url + "/phone/api/join", json={
        "token": token, "name": name, "phone": phone, "birthday": "1992-06-03", "consent": True,
        "public_key": b64(public_bytes(key.public_key()))})


def device(answer: httpx.Response, key: Ed25519PrivateKey) -> PhoneDevice:
    assert answer.status_code == 201, answer.text
    return PhoneDevice(parse_device_certificate(bytes.fromhex(answer.json()["certificate"])), key)


def verifier(till: ChainTill):  # noqa: ANN201
    return terminal_verifier(till.engine, KeyDirectory.next_to(till.path).path, clock=wall)


def test_the_central_server_serves_the_phone_page(central_server):
    page = httpx.get(central_server.url + "/phone/")
    assert page.status_code == 200 and "app.mjs" in page.text


def test_a_damaged_join_link_is_a_410_the_page_can_name(central_server):
    answer = httpx.get(central_server.url + "/phone/api/link/" + "A" * 60)
    assert answer.status_code == 410 and answer.json()["error"] == "link_invalid"


def test_a_registered_tills_join_link_opens_the_form_on_the_central_page(central_server, till):
    answer = httpx.get(central_server.url + "/phone/api/link/" + link(till()))
    assert answer.status_code == 200 and answer.json()["till"].startswith("T")


def test_a_phone_joins_on_the_central_page_and_the_till_sees_the_member_with_starter_stamps(central_server, till):
    shop = till()
    member = device(join(central_server, link(shop), Ed25519PrivateKey.generate()), Ed25519PrivateKey.generate()
                    ).certificate.member_id
    shop.sync()
    with SqlUnitOfWork(shop.engine) as uow:
        assert uow.member_by_phone("0912345678").id == member
    summary = member_summary(member, uow=SqlUnitOfWork(shop.engine), clock=wall)
    assert [(c.card, c.count) for c in summary.cards] == [("coffee", 1)]


def test_the_phone_that_joined_on_the_central_page_is_verified_at_every_till(central_server, till):
    first, second = till("first", 1), till("second", 2)
    key = Ed25519PrivateKey.generate()
    phone = device(join(central_server, link(first), key), key)
    first.sync()
    second.sync()
    for each in (first, second):
        verdict = verifier(each).verify(phone.code(at=wall()), at=wall())
        assert (verdict.ok, verdict.from_phone, verdict.member_id) == (True, True, phone.certificate.member_id)


def test_a_join_link_works_once_on_the_central_page(central_server, till):
    token = link(till())
    assert join(central_server, token, Ed25519PrivateKey.generate()).status_code == 201
    again = join(central_server, token, Ed25519PrivateKey.generate(), phone="0955111222")
    assert again.status_code == 410 and again.json()["error"] == "link_used"


def test_a_phone_number_enrolled_at_a_till_is_already_a_member_on_the_central_page(central_server, till):
    shop = till()
    shop.enrol("王大明", "0933444555")
    shop.sync()
    answer = join(central_server, link(shop), Ed25519PrivateKey.generate(), phone="0933444555")
    assert answer.status_code == 409 and answer.json()["error"] == "already_member"


def test_a_move_on_the_central_page_revokes_the_old_phone_at_every_till(central_server, till):
    shop = till()
    old_key, new_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    old = device(join(central_server, link(shop), old_key), old_key)
    shop.sync()
    assert verifier(shop).verify(old.code(at=wall()), at=wall()).ok
    moved = httpx.post(central_server.url + "/phone/api/move", json={
        "token": link(shop), "phone": "0912345678", "birthday": "1992-06-03",
        "public_key": b64(public_bytes(new_key.public_key()))})
    new = device(moved, new_key)
    shop.sync()
    after = verifier(shop)
    assert after.verify(old.code(at=wall(), renewal=1), at=wall()).reason == Reason.PHONE_NOT_REGISTERED
    assert after.verify(new.code(at=wall()), at=wall()).ok


def test_the_member_page_data_comes_from_the_chain_for_the_phone_that_signs(central_server, till):
    shop = till()
    key = Ed25519PrivateKey.generate()
    phone = device(join(central_server, link(shop), key), key)
    member = phone.certificate.member_id
    shop.sync()
    shop.now = wall()   # the member joined just now
    shop.pay(member, LATTE)
    shop.sync()
    now = int(wall().timestamp())
    signature = key.sign(device_request_message(phone.certificate.device_key_id, now, "GET", "/phone/api/member"))
    answer = httpx.get(central_server.url + "/phone/api/member", headers={
        "Authorization": f"LY1-Phone {phone.certificate.device_key_id}.{now}.{b64(signature)}"})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert (data["member"], data["name"]) == (member, "林小美")
    assert len(data["visits"]) == 1 and data["stamp_cards"][0]["count"] == 2


def test_an_online_till_shows_a_join_link_to_the_central_page(central_server, till):
    shop = till()
    shop.sync()
    url = TillJoinLinks(shop.path, clock=wall, rng=random.Random(3)).current()
    assert url is not None and url.startswith(central_server.url + "/phone/join/")


def test_a_till_out_of_touch_shows_its_own_page_when_it_runs_one(central_server, till):
    from datetime import timedelta

    from pos_loyalty.central.phone.till_desk import set_phone_page_url
    shop = till()
    shop.sync()
    set_phone_page_url(shop.engine, "http://127.0.0.1:8701")
    later = lambda: wall() + timedelta(minutes=5)  # noqa: E731 - no sync for five minutes
    url = TillJoinLinks(shop.path, clock=later, rng=random.Random(3)).current()
    assert url is not None and url.startswith("http://127.0.0.1:8701/phone/join/")


def test_a_join_needs_no_birthday_but_a_plausible_one(central_server, till):
    answer = httpx.post(central_server.url + "/phone/api/join", json={
        "token": link(till()), "name": "陳", "phone": "0977000111", "birthday": str(date(1850, 1, 1)),
        "consent": False, "public_key": b64(public_bytes(Ed25519PrivateKey.generate().public_key()))})
    assert answer.status_code == 422 and answer.json()["error"] == "invalid"


def test_a_till_with_its_sync_worker_running_shows_a_member_who_joined_on_the_central_page_within_seconds(
        central_server, till):
    from pos_loyalty.sync.worker import SyncWorker
    shop = till()
    worker = SyncWorker(shop.client, rng=random.Random(1), interval=300, listen_seconds=1).start()  # stop() waits one out
    try:
        deadline = time.monotonic() + 30
        while not worker.status.online and time.monotonic() < deadline:
            time.sleep(0.05)
        member = device(join(central_server, link(shop), Ed25519PrivateKey.generate()),
                        Ed25519PrivateKey.generate()).certificate.member_id
        deadline = time.monotonic() + 30   # generous for a loaded machine; news makes it about a second
        while time.monotonic() < deadline:
            with SqlUnitOfWork(shop.engine) as uow:
                if uow.member(member) is not None:
                    break
            time.sleep(0.05)
        with SqlUnitOfWork(shop.engine) as uow:
            assert uow.member(member) is not None
        assert worker.news_heard >= 1      # the server's news, not the 5-minute round
    finally:
        worker.stop()


def test_a_till_of_another_store_verifies_clean_with_only_its_own_stores_joins_from_the_central_page(
        central_server, till):
    from pos_loyalty.services.verify import verify_ledger
    first = till("first", 1)
    other = ChainTill(first.path.with_name("other.sqlite"), 2)
    other.register(central_server.url, code_for(central_server.db_url, "Second store"))
    try:
        join(central_server, link(first), Ed25519PrivateKey.generate(), phone="0911000001")   # entry 1: first store
        join(central_server, link(other), Ed25519PrivateKey.generate(), phone="0911000002")   # entry 2: second store
        other.sync()
        assert verify_ledger(uow=SqlUnitOfWork(other.engine)) == []
    finally:
        other.close()


def test_phone_link_prints_a_join_link_to_the_central_page_for_a_registered_till(central_server, till):
    import subprocess
    import sys
    from pathlib import Path
    shop = till()
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(root / "main.py"), "phone", "link", "--db", str(shop.path)],
                          capture_output=True, text=True, timeout=60, cwd=root)
    assert done.returncode == 0, done.stderr
    url = done.stdout.strip()
    assert url.startswith(central_server.url + "/phone/join/")
    assert httpx.get(central_server.url + "/phone/api/link/" + url.rsplit("/", 1)[1]).status_code == 200
