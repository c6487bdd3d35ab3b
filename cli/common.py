"""What every command shares: reading files, one-line errors."""
from __future__ import annotations

from pathlib import Path

from pos_loyalty.errors import InvalidInput


def read_text(path: str, *, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{what} {path!r} does not exist") from None
    except IsADirectoryError:
        raise InvalidInput(f"{what} {path!r} is a folder, not a file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{what} {path!r} is not UTF-8 text") from None
    except OSError as error:
        raise InvalidInput(f"{what} {path!r} cannot be read: {error.strerror}") from None
