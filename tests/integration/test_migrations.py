"""Schema changes go through Alembic, and the migrations say exactly what the models say."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db.models import Base
from db.setup import alembic_config, migrate
from db.store import open_engine


def test_a_store_made_by_the_first_revision_upgrades_with_its_data(tmp_path):
    engine = open_engine(tmp_path / "old.sqlite")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO members (id, name, joined, consent, points, created_at) "
            "VALUES ('M0000001', '陳小華', '2026-01-01', 1, 0, '2026-01-01T00:00:00.000000+00:00')")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT name FROM members").scalar() == "陳小華"
        assert connection.exec_driver_sql("SELECT count(*) FROM device_keys").scalar() == 0


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
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0003"
