"""Two demo tills (each numbered its members M0000001... while standalone) register with one server:
each renumbers its own members into its chain block at registration, the old number stays an alias
on that till, and the chain holds every member once with the balances the tills hold."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from db.card_store import SqlCardStore, terminal_verifier
from db.demo import create_store
from cli.store import member_by_code
from pos_loyalty.cards.issuing import issue_card, replace_lost_card
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.central.member_view import balance
from pos_loyalty.central.db import open_central
from pos_loyalty.members import is_chain_member_number
from pos_loyalty.services.members import member_summary
from tests.central.chain import ChainTill, code_for, wall

DEMO_MEMBERS = 25


def _balances(till: ChainTill) -> dict[str, int]:
    with till.engine.connect() as c:
        return dict(c.execute(text("SELECT m.id, coalesce(sum(l.points), 0) FROM members m "
                                   "LEFT JOIN ledger l ON l.member_id = m.id GROUP BY m.id")).all())


def _aliases(till: ChainTill) -> dict[str, str]:
    with till.engine.connect() as c:
        return dict(c.execute(text("SELECT old_id, member_id FROM member_aliases")).all())


@pytest.fixture
def demo_tills(tmp_path: Path):
    made = []
    for name, seed in (("north", 2026), ("south", 2027)):   # two demo shops (`init --demo --seed N`)
        path = tmp_path / f"{name}.sqlite"
        create_store(path, demo=True, members=DEMO_MEMBERS, seed=seed)
        made.append(ChainTill(path, seed=len(made) + 1))
    yield made
    for till in made:
        till.close()


def test_two_demo_tills_register_and_every_member_number_is_unique_in_the_chain(demo_tills, central_server):
    north, south = demo_tills
    before = {till.path.stem: _balances(till) for till in demo_tills}
    assert set(before["north"]) == set(before["south"])   # the collision: both numbered M0000001...
    with north.engine.connect() as c:
        a_card_holder = c.execute(text("SELECT member_id FROM membership_cards ORDER BY rowid LIMIT 1")).scalar()
    old_card = issue_card(SqlCardStore(north.engine), KeyDirectory.next_to(north.path).issuer(),
                          member_id=a_card_holder, at=wall()).to_text()

    for till in demo_tills:
        till.register(central_server.url, code_for(central_server.db_url))
    for _ in range(2):   # each pushes its history, then pulls the other's
        for till in demo_tills:
            till.sync()

    central = open_central(central_server.db_url)
    try:
        with central.connect() as c:
            chain_members = list(c.execute(text("SELECT id FROM members")).scalars())
            quarantined = c.execute(text("SELECT count(*) FROM quarantine")).scalar()
        assert quarantined == 0   # no member number, card serial or entry of one till collides with the other's
        assert len(chain_members) == len(set(chain_members)) == 2 * DEMO_MEMBERS
        assert all(is_chain_member_number(number) for number in chain_members)
        for till in demo_tills:
            aliases = _aliases(till)
            assert set(aliases) == set(before[till.path.stem])   # every old number still names its member
            now = _balances(till)
            for old, points in before[till.path.stem].items():
                new = aliases[old]
                assert now[new] == points == balance(central, new)
                assert member_summary(old, uow=till.uow(), clock=till.clock).points == points
    finally:
        central._chain_balances.close()
        central.dispose()
    assert _balances(north) == _balances(south)   # both tills of the store hold the whole store

    # The card printed before registration carries the old number: it still finds the member.
    identity = member_by_code(old_card, uow=north.uow(), db=north.path, clock=wall)
    assert identity.member_id == _aliases(north)[a_card_holder] and identity.verified
    # ...and when that card is replaced (lost), the old code on it is refused like the card.
    replace_lost_card(SqlCardStore(north.engine), KeyDirectory.next_to(north.path).issuer(),
                      member_id=identity.member_id, at=wall())
    verdict = terminal_verifier(north.engine, KeyDirectory.next_to(north.path).path, wall).verify(old_card, at=wall())
    assert not verdict.ok and verdict.reason == "card_replaced"


def test_a_member_enrolled_after_registration_continues_the_block_after_the_renumbered_history(
        demo_tills, central_server):
    north = demo_tills[0]
    north.register(central_server.url, code_for(central_server.db_url))
    renumbered = sorted(_aliases(north).values())
    newcomer = north.enrol("Chen Mei").id
    with north.engine.connect() as c:
        members = list(c.execute(text("SELECT id FROM members ORDER BY rowid")).scalars())
    assert len(renumbered) == DEMO_MEMBERS and len(set(members)) == DEMO_MEMBERS + 1
    assert all(is_chain_member_number(number) for number in members)
    assert members[:DEMO_MEMBERS] == renumbered and newcomer in members[DEMO_MEMBERS:]


def test_a_sale_from_before_registration_is_refunded_against_the_members_new_number(demo_tills, central_server):
    from pos_loyalty.services.refund import RefundCommand, refund
    north = demo_tills[0]
    with north.engine.connect() as c:
        receipt, old = c.execute(text("SELECT id, member_id FROM receipts WHERE member_id IS NOT NULL "
                                      "AND points_earned > 0 ORDER BY at DESC LIMIT 1")).one()
    north.register(central_server.url, code_for(central_server.db_url))
    new = _aliases(north)[old]
    before = north.points(new)
    north.now = wall()
    result = refund(RefundCommand(receipt_id=receipt), uow=north.uow(), clock=north.clock)
    assert result.amount > 0
    with north.engine.connect() as c:
        named = set(c.execute(text("SELECT l.member_id FROM ledger l JOIN refunds r ON r.receipt_id = l.receipt_id "
                                   "WHERE l.kind = 'refund' AND r.receipt_id = :r"), {"r": receipt}).scalars())
    assert named == {new} and north.points(new) < before
    assert north.verify() == []
    north.sync()   # the refund's entries reach the chain under the new number, nothing quarantined
    central = open_central(central_server.db_url)
    try:
        assert balance(central, new) == north.points(new)
        with central.connect() as c:
            assert c.execute(text("SELECT count(*) FROM quarantine")).scalar() == 0
    finally:
        central._chain_balances.close()
        central.dispose()
