"""Schema changes go through Alembic, and the migrations say exactly what the models say."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db.models import Base
from db.setup import ensure_current, head_revision, migrate
from db.store import open_engine


def store_at(path, revision: str, *rows: str):  # noqa: ANN201
    """A store at an old revision holding member M0000001 (陳小華) and the given rows."""
    engine = open_engine(path)
    migrate(engine, revision)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO members (id, name, joined, consent, points, created_at) "
            "VALUES ('M0000001', '陳小華', '2026-01-01', 1, 0, '2026-01-01T00:00:00.000000+00:00')")
        for row in rows:
            connection.exec_driver_sql(row)
    return engine


def test_a_store_made_by_the_first_revision_upgrades_with_its_data(tmp_path):
    engine = store_at(tmp_path / "old.sqlite", "0001")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT name FROM members").scalar() == "陳小華"
        assert connection.exec_driver_sql("SELECT count(*) FROM device_keys").scalar() == 0


@pytest.mark.filterwarnings("ignore:.*expression-based index")  # SQLite cannot reflect them; tested below
def test_the_migrations_at_head_match_the_models(tmp_path):
    engine = open_engine(tmp_path / "new.sqlite")
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrating_twice_changes_nothing(tmp_path):
    engine = open_engine(tmp_path / "again.sqlite")
    migrate(engine)
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()


def test_a_phone_suffix_search_uses_the_last_digits_index(tmp_path):
    from sqlalchemy import select

    from db.store import MEMBERS, PHONE_LAST3
    engine = open_engine(tmp_path / "phones.sqlite")
    migrate(engine)
    query = select(MEMBERS.c.id).where(PHONE_LAST3 == "678", MEMBERS.c.phone.like("%5678"))
    with engine.connect() as connection:  # as the store runs it: with bound parameters
        compiled = query.compile(engine)
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                          tuple(compiled.params[name] for name in compiled.positiontup)).all()
    assert "ix_members_phone_last3" in " ".join(str(row) for row in plan)


def test_opening_an_old_store_brings_it_to_head_once(tmp_path):
    engine = open_engine(tmp_path / "behind.sqlite")
    migrate(engine, "0002")
    assert ensure_current(engine) is True
    assert ensure_current(engine) is False
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()


def _plan(connection, sql: str, params: tuple) -> str:
    return " ".join(str(row) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all())


def test_a_sale_reads_a_members_lots_spend_and_uses_from_one_btree_each(tmp_path):
    from db.store import _SALE_SQL
    engine = open_engine(tmp_path / "plans.sqlite")
    migrate(engine)
    with engine.connect() as connection:
        lots = _plan(connection, _SALE_SQL["lots"], ("M0000001",))
        spend = _plan(connection, _SALE_SQL["spend"], ("M0000001", "2026-01-01"))
        uses = _plan(connection, _SALE_SQL["uses"], ("M0000001",))
        move = _plan(connection, _SALE_SQL["lot_move"], (-5, "M0000001", "lot"))
    assert "USING PRIMARY KEY (member_id=?)" in lots and "TEMP B-TREE" not in lots  # clustered, in order
    assert "COVERING INDEX ix_spend_member_at" in spend
    assert "COVERING INDEX ix_uses_member" in uses
    assert "USING PRIMARY KEY (member_id=?)" in move


def test_a_store_from_before_0009_keeps_its_lots_and_stamps(tmp_path):
    engine = store_at(tmp_path / "lots.sqlite", "0008",
                      "INSERT INTO point_lots (id, member_id, earned_at, remaining) VALUES "
                      "('b', 'M0000001', '2026-02-01T00:00:00.000000+00:00', 5), "
                      "('a', 'M0000001', '2026-03-01T00:00:00.000000+00:00', 7)",
                      "INSERT INTO stamp_balances (member_id, card_id, count, last_stamp) "
                      "VALUES ('M0000001', 'coffee', 3, NULL)")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT id, remaining FROM point_lots").all() == [("b", 5), ("a", 7)]
        assert connection.exec_driver_sql("SELECT card_id, count FROM stamp_balances").all() == [("coffee", 3)]
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
