"""A rotating phone code is good once, remembered in the store across processes and windows."""
from __future__ import annotations

from db.card_store import SqlSeenCodes
from db.setup import migrate
from db.store import open_engine


def test_a_code_passes_once_and_is_refused_after(tmp_path):
    engine = open_engine(tmp_path / "seen.sqlite")
    migrate(engine)
    seen = SqlSeenCodes(engine)
    assert seen.first_use("M1:7:12345", now=1000, forget_after=1090) is True
    assert seen.first_use("M1:7:12345", now=1001, forget_after=1090) is False
    assert SqlSeenCodes(open_engine(tmp_path / "seen.sqlite")).first_use("M1:7:12345", now=1002,
                                                                          forget_after=1090) is False


def test_codes_past_their_window_are_forgotten(tmp_path):
    engine = open_engine(tmp_path / "seen.sqlite")
    migrate(engine)
    seen = SqlSeenCodes(engine)
    seen.first_use("old", now=1000, forget_after=1090)
    seen.first_use("new", now=2000, forget_after=2090)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT code_id FROM seen_phone_codes").scalars().all() == ["new"]
