"""Schema changes go through Alembic, and the migrations say exactly what the models say."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db.models import Base
from db.setup import ensure_current, head_revision, migrate
from db.store import open_engine


def test_a_store_made_by_the_first_revision_upgrades_with_its_data(tmp_path):
    engine = open_engine(tmp_path / "old.sqlite")
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO members (id, name, joined, consent, points, created_at) "
            "VALUES ('M0000001', '陳小華', '2026-01-01', 1, 0, '2026-01-01T00:00:00.000000+00:00')")
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
