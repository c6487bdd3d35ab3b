"""Is this path a loyalty store? Checked before anything opens it (SQLite would switch a foreign
database to WAL, or migrate it); no SQLAlchemy here, so the CLI's fast paths stay fast."""
from __future__ import annotations

from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
STORE_TABLES = {"alembic_version", "settings", "ledger", "members"}


def check_store_file(path: Path, *, must_exist: bool = True) -> bool:
    """Refuse, with one line, a `--db` that is a folder, missing (when it must exist), read-only, or a
    file that is not a loyalty store; nothing is created or written. True if the store exists."""
    import os
    import sqlite3

    from pos_loyalty.errors import InvalidInput, NotFound, StoreUnavailable

    path = Path(path)
    if path.is_dir():
        raise InvalidInput(f"--db: {path} is a folder, not a store file")
    if not path.exists():
        if must_exist:
            raise NotFound(f"No database at {path}: run `python main.py init --db {path}` first")
        if not path.parent.is_dir():
            return False  # init makes the folder
        if not os.access(path.parent, os.W_OK):
            raise StoreUnavailable(f"the folder {path.parent} is read-only: no store can be made there")
        return False
    not_a_store = StoreUnavailable(f"{path} is not a loyalty store: nothing was written")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise StoreUnavailable(f"the store {path} cannot be read: {error.strerror}") from None
    if head != SQLITE_MAGIC:
        raise not_a_store
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreUnavailable(f"the store {path} is read-only: nothing was written")
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            probe.close()
    except sqlite3.DatabaseError:
        raise not_a_store from None
    if not STORE_TABLES <= tables:
        raise not_a_store
    return True
