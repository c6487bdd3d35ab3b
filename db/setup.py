"""Creating and upgrading a store: Alembic migrations to head, terminal settings."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config():  # noqa: ANN201 - alembic is imported only when a migration runs
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`, the newest by default (a no-op when it is already there)."""
    from alembic import command
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revision() -> str:
    """The newest revision id, from the migration files' names (NNNN_description.py)."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def ensure_current(engine: Engine) -> bool:
    """Migrate a store left behind by an older version of the terminal; True if it did.

    Cheap when the store is current (one query), so every command and the till can call it on open."""
    from sqlalchemy import inspect, text
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            current = None
        else:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current == head_revision():
        return False
    migrate(engine)
    return True
