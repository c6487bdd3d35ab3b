"""Opening the central store and migrating it: PostgreSQL (psycopg 3) or an SQLite file."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, pool, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def engine_url(url: str) -> str:
    """`postgresql://...` means psycopg 3; a bare path means an SQLite file."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def open_central(url: str) -> Engine:
    full = engine_url(url)
    if full.startswith("sqlite"):
        # Pooled, not opened per request: closing the last connection to a WAL file checkpoints it
        # and syncs the file, which made every request (its replay nonce) cost ~20 ms more.
        engine = create_engine(full, poolclass=pool.QueuePool, pool_size=5, max_overflow=10,
                               connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:  # noqa: ANN001
            connection.isolation_level = None   # we issue BEGIN IMMEDIATE ourselves: one writer at a time
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection) -> None:  # noqa: ANN001
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return engine
    return create_engine(full, pool_size=5, max_overflow=5, pool_pre_ping=True)


def migrate(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if connection.execute(text("SELECT count(*) FROM counters WHERE name = 'change'")).scalar() == 0:
            connection.execute(text("INSERT INTO counters (name, value) VALUES ('change', 0)"))
