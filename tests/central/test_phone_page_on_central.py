"""The central server carries the phone page's router: the page itself is served, and a join
asked of a central that does not enrol members says where joins are served (a 4xx, never a 5xx)."""
from __future__ import annotations

import httpx


def test_the_central_server_serves_the_phone_page(central_server):
    page = httpx.get(central_server.url + "/phone/")
    assert page.status_code == 200 and "app.mjs" in page.text


def test_a_join_link_asked_of_the_central_server_says_joins_are_served_by_the_till(central_server):
    answer = httpx.get(central_server.url + "/phone/api/link/" + "A" * 60)
    assert answer.status_code == 404 and answer.json()["error"] == "not_here"
