"""A member of ANOTHER store, never seen at this till: fetched from the chain when the cashier types
their number or scans their card, and kept; offline their signed code alone lets them earn."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from db.card_store import SqlCardStore
from pos_loyalty.cards.ids import MemberId
from pos_loyalty.cards.issuing import issue_card, replace_lost_card
from pos_loyalty.cards.key_directory import KeyDirectory
from tests.central.chain import CAKE, ChainTill, code_for, wall
from ui.till.backend import TillBackend
from ui.till.scan_router import MemberScanned, ScanRefused

NOWHERE = "http://127.0.0.1:9"


@pytest.fixture
def stores(central_server, tmp_path):
    """A till of the main store (where the member enrolled) and one of the north store."""
    main, north = ChainTill(tmp_path / "main.sqlite", 1), ChainTill(tmp_path / "north.sqlite", 2)
    main.register(central_server.url, code_for(central_server.db_url, "Main store"))
    north.register(central_server.url, code_for(central_server.db_url, "North store"))
    backend = TillBackend(north.path, clock=wall)
    backend.open()                                          # as the till's window does at start
    yield main, north, backend
    if backend.engine is not None:
        backend.engine.dispose()
    main.close()
    north.close()


def enrolled_with_points(main: ChainTill):
    member = main.enrol("陳小華", "0922333444")
    main.adjust(member.id, 250)
    card = issue_card(SqlCardStore(main.engine, wall), KeyDirectory.next_to(main.path).issuer(),
                      member_id=MemberId(member.id), at=wall())
    main.sync()
    return member, card.to_text()


def origin(till: ChainTill, member_id: str):
    with till.engine.connect() as c:
        return c.execute(text("SELECT origin FROM members WHERE id = :m"), {"m": member_id}).scalar()


def test_a_typed_number_of_another_stores_member_is_fetched_with_their_balance_and_kept(stores):
    main, north, backend = stores
    member, _card = enrolled_with_points(main)
    north.sync()
    assert backend.member(member.id) is None                  # the north till does not pull the main store's
    assert [m.id for m in backend.find_members(member.id)] == [member.id]
    assert backend.member_view(member.id).summary.points == 250
    assert origin(north, member.id) == main.sync_store.settings()["terminal_id"]


def test_a_fetched_members_later_sales_at_their_own_store_come_down_in_pulls(stores):
    main, north, backend = stores
    member, _card = enrolled_with_points(main)
    backend.find_members(member.id)
    main.adjust(member.id, 100)
    main.sync()
    north.sync()
    assert north.points(member.id) == 350


def test_a_scanned_card_of_another_stores_member_is_verified_fetched_and_attached(stores):
    main, north, backend = stores
    member, card = enrolled_with_points(main)
    north.sync()                                               # the chain's issuer keys come down
    outcome = backend.resolve_scan(card)
    assert outcome == MemberScanned(member.id, "card")
    assert backend.identity(member.id).verified


def test_a_card_revoked_at_its_own_store_is_refused_at_a_till_that_fetches_the_member(stores):
    main, north, backend = stores
    member, lost = enrolled_with_points(main)
    replace_lost_card(SqlCardStore(main.engine, wall), KeyDirectory.next_to(main.path).issuer(),
                      member_id=MemberId(member.id), at=wall())
    main.sync()
    north.sync()
    outcome = backend.resolve_scan(lost)
    assert isinstance(outcome, ScanRefused) and outcome.key == "card_refused"


def test_offline_a_typed_number_of_a_member_never_seen_says_the_server_cannot_be_reached(stores):
    main, north, backend = stores
    member, _card = enrolled_with_points(main)
    north.sync()
    with backend.uow() as uow:
        uow.set_setting("sync_server", NOWHERE)
        uow.commit()
    outcome = backend.resolve_scan(member.id)
    assert isinstance(outcome, ScanRefused) and outcome.key == "unknown_member_offline"


def test_offline_the_signed_card_alone_serves_a_member_never_seen_who_earns_and_is_fetched_when_back(
        stores, central_server):
    main, north, backend = stores
    member, card = enrolled_with_points(main)
    north.sync()
    with backend.uow() as uow:
        uow.set_setting("sync_server", NOWHERE)               # the north till loses the server
        uow.commit()
    assert backend.resolve_scan(card) == MemberScanned(member.id, "card")
    paid = backend.pay([CAKE], member.id, 0, [("cash", 200)])
    assert paid.result.receipt.points_earned == 20
    with backend.uow() as uow:
        uow.set_setting("sync_server", central_server.url)    # back online
        uow.commit()
    north.connect(central_server.url)
    north.sync()                                              # pushes the sale, fetches the member in full
    main.sync()
    assert origin(north, member.id) == main.sync_store.settings()["terminal_id"]
    assert north.points(member.id) == main.points(member.id) == 270
    assert backend.member(member.id).name == "陳小華"
