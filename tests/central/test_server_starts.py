"""The central server starts on its own store, answers on loopback and publishes its OpenAPI."""
from __future__ import annotations

import subprocess
import sys

import httpx

from tests.fixtures.central import ROOT


def test_the_server_answers_health_on_its_store(central_server):
    answer = httpx.get(central_server.url + "/health")
    assert answer.status_code == 200
    assert answer.json()["store"] in ("sqlite", "postgresql")


def test_the_openapi_document_is_served(central_server):
    document = httpx.get(central_server.url + "/openapi.json").json()
    assert document["info"]["title"] == "Loyalty central server"
    assert "/health" in document["paths"]


def test_serve_runs_as_a_process_and_answers(server_process, tmp_path):
    server = server_process(str(tmp_path / "central.sqlite"))
    assert httpx.get(server.url + "/health").json()["status"] == "ok"


def test_two_server_processes_share_one_postgresql(server_process, postgres_url):
    first, second = server_process(postgres_url), server_process(postgres_url)
    assert first.url != second.url
    assert httpx.get(first.url + "/health").json()["store"] == "postgresql"
    assert httpx.get(second.url + "/health").json()["store"] == "postgresql"


def test_serve_on_a_store_it_cannot_open_is_one_line_and_exit_2(postgres):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "serve", "--db",
                             f"postgresql://postgres@127.0.0.1:{postgres.port}/no_such_db", "--port", "0"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot be opened" in result.stderr


def test_the_central_migrations_at_head_match_the_models(central_db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from pos_loyalty.central.db import migrate, open_central
    from pos_loyalty.central.models import metadata
    engine = open_central(central_db_url)
    migrate(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": "central_alembic_version"})
        differences = [d for d in compare_metadata(context, metadata)
                       if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name == "central_alembic_version")]
    engine.dispose()
    assert differences == []
