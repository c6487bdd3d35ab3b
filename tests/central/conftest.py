"""The central tests start many Python processes (servers, `main.py` commands, fork servers)."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.fixtures.central import children_reuse_bytecode, restore_environment


@pytest.fixture(autouse=True, scope="session")
def _child_processes_reuse_their_bytecode() -> Iterator[None]:
    before = children_reuse_bytecode()
    yield
    restore_environment(before)
