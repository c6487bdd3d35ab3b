"""The phone router answers every request with JSON the page understands, never a 5xx: odd
file names, unsigned or forged member requests, damaged links, invalid forms."""
from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from db.demo import create_store
from pos_loyalty.central.phone.till_server import till_phone_app
from tests.e2e.conftest import PageServer
from tests.integration.conftest import PROGRAM


@pytest.fixture
def client(tmp_path: Path):  # noqa: ANN201 - httpx on the real page server on loopback
    store = tmp_path / "till.sqlite"
    create_store(store, program_text=json.dumps(PROGRAM), now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    server = PageServer(till_phone_app(store, clock=lambda: datetime.now(timezone.utc), rng=random.Random(1)))
    with httpx.Client(base_url=server.base) as client:
        yield client
    server.stop()


@pytest.mark.parametrize("name", ["../../main.py", "%00.js", "a" * 5000 + ".js", "vendor", "nope.mjs"])
def test_a_file_that_is_not_the_pages_own_is_a_404(client, name):
    assert client.get(f"/phone/static/{name}").status_code == 404


def test_the_page_and_its_service_worker_are_served_with_a_strict_content_policy(client):
    page = client.get("/phone/join/whatever-token")
    assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/phone/sw.js").headers["service-worker-allowed"] == "/phone/"


@pytest.mark.parametrize("header", [None, "Bearer x", "LY1-Phone 1.2", "LY1-Phone x.y.z", "LY1-Phone 99.0.AAAA"])
def test_a_member_request_not_signed_by_a_joined_phone_is_a_401(client, header):
    answer = client.get("/phone/api/member", headers={"Authorization": header} if header else {})
    assert answer.status_code == 401 and answer.json()["error"] in ("unsigned", "clock", "unknown_device")


def test_a_damaged_join_link_is_a_410_the_page_can_name(client):
    answer = client.get("/phone/api/link/" + "A" * 60)
    assert answer.status_code == 410 and answer.json()["error"] == "link_invalid"


def test_an_invalid_form_is_a_422_naming_the_field(client):
    answer = client.post("/phone/api/join", json={"token": "x" * 20, "name": "", "phone": "0912345678",
                                                   "public_key": "A" * 43})
    assert answer.status_code == 422 and answer.json()["error"] == "invalid" and "name" in answer.json()["detail"]
