"""Alembic environment of the central store: the connection comes from CentralStore.migrate()."""
from __future__ import annotations

from alembic import context

from pos_loyalty.central.models import metadata

config = context.config


def _migrate(connection) -> None:  # noqa: ANN001
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      version_table="central_alembic_version")
    with context.begin_transaction():
        context.run_migrations()


_migrate(config.attributes["connection"])
