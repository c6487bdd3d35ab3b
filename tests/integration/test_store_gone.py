"""A till whose store file is deleted or replaced while it is open stops selling with a clear
message, and writes nothing anywhere (before: three sales after `rm` were acknowledged and lost)."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from db.demo import create_store
from pos_loyalty.errors import StoreGone
from ui.till.backend import TillBackend

from tests.integration.conftest import CAKE, PROGRAM, at


@pytest.fixture
def open_till(tmp_path):
    path = tmp_path / "till.sqlite"
    create_store(path, program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
    backend = TillBackend(path, clock=lambda: at("2026-06-02 10:00"))
    backend.open()
    backend.pay([CAKE], None, 0, [("cash", 500)])  # the till is selling
    yield backend, path
    backend.engine.dispose()


def test_a_till_whose_store_file_was_deleted_stops_selling_and_recreates_nothing(open_till):
    backend, path = open_till
    os.remove(path)
    for _ in range(3):
        with pytest.raises(StoreGone, match="deleted while open: stop selling"):
            backend.pay([CAKE], None, 0, [("cash", 500)])
    assert not path.exists()


def test_a_till_whose_store_file_was_replaced_stops_selling(open_till, tmp_path):
    backend, path = open_till
    other = tmp_path / "other.sqlite"
    create_store(other, program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
    os.replace(other, path)
    with pytest.raises(StoreGone, match="replaced while open"):
        backend.pay([CAKE], None, 0, [("cash", 500)])


def test_a_store_copied_over_the_open_file_is_noticed_by_its_store_id(open_till, tmp_path):
    backend, path = open_till
    other = tmp_path / "other.sqlite"
    create_store(other, program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
    backend.engine.dispose()  # the next sale opens the file again, as a till's pool may
    shutil.copyfile(other, path)  # same file (inode), other content
    for leftover in (f"{path}-wal", f"{path}-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    with pytest.raises(StoreGone, match="replaced while open"):
        backend.pay([CAKE], None, 0, [("cash", 500)])
