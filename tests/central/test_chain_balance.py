"""The chain's balance of a member: the sum of their entries, read in one statement on a kept
connection, which survives the database dropping it."""
from __future__ import annotations

from sqlalchemy import text

from pos_loyalty.central.db import open_central
from pos_loyalty.central.member_view import balance
from tests.central.chain import registered_tills

import pytest


@pytest.fixture
def chain_till(central_server, tmp_path):
    yield from registered_tills(central_server, tmp_path)


def test_the_chain_balance_is_the_sum_of_the_members_entries_and_survives_a_dropped_connection(
        chain_till, central_server):
    till = chain_till()
    member = till.enrol("Wang Hui").id
    till.adjust(member, 30)
    till.adjust(member, -12, reason="correction")
    till.sync()
    engine = open_central(central_server.db_url)
    try:
        assert balance(engine, member) == 18 == till.points(member)
        assert balance(engine, "M99999999999") == 0   # nobody: nothing earned
        if engine.dialect.name == "postgresql":   # the server cuts every other session (a restart, a failover)
            with engine.connect() as admin:
                cut = admin.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                         "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                                         "AND application_name = '' AND backend_type = 'client backend'")).scalar()
            assert cut >= 1
        till.adjust(member, 2)
        till.sync()
        assert balance(engine, member) == 20
    finally:
        engine._chain_balances.close()
        engine.dispose()
