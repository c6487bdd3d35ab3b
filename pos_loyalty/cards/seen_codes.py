"""Replay protection: a rotating code is good once. The store is injected (memory, DB, ...)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol


class SeenCodes(Protocol):
    """Remembers which phone codes a terminal already accepted."""

    def first_use(self, code_id: str, *, now: int, forget_after: int) -> bool:
        """Record code_id; True only the first time. Entries may be dropped after forget_after (Unix s)."""
        ...


class InMemorySeenCodes:
    """Seen codes for one process; forgets codes once they could no longer verify anyway."""

    def __init__(self) -> None:
        self._forget_after: dict[str, int] = {}

    def first_use(self, code_id: str, *, now: int, forget_after: int) -> bool:
        if len(self._forget_after) > 1024:
            self._forget_after = {k: t for k, t in self._forget_after.items() if t >= now}
        if code_id in self._forget_after:
            return False
        self._forget_after[code_id] = forget_after
        return True

    def __len__(self) -> int:
        return len(self._forget_after)


class JsonSeenCodes:
    """Seen codes kept in a small JSON file, so separate CLI runs still refuse a replay."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def first_use(self, code_id: str, *, now: int, forget_after: int) -> bool:
        seen: dict[str, int] = {}
        if self.path.exists():
            try:
                seen = {str(k): int(v) for k, v in json.loads(self.path.read_text(encoding="utf-8")).items()}
            except (ValueError, AttributeError):
                seen = {}  # a damaged file only loses replay memory for codes that expire within a minute
        seen = {k: t for k, t in seen.items() if t >= now}
        if code_id in seen:
            return False
        seen[code_id] = forget_after
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(seen), encoding="utf-8")
        os.replace(tmp, self.path)
        return True
