"""Numbering and writing ledger entries for one unit of work."""
from __future__ import annotations

import random
from datetime import datetime
from typing import Any, Optional

from pos_loyalty.ids import uuid7
from pos_loyalty.ledger import LedgerEntry
from pos_loyalty.services.ports import UnitOfWork


class EntryBook:
    """Collects a transaction's entries; ids now (lots are named by them), sequence numbers at write."""

    def __init__(self, uow: UnitOfWork, *, at: datetime, rng: random.Random,
                 receipt: Optional[str] = None, program_version: Optional[int] = None) -> None:
        self._uow, self._at, self._rng = uow, at, rng
        self._receipt, self._version = receipt, program_version
        self._pending: list[dict[str, Any]] = []

    def add(self, member: str, kind: str, **fields: Any) -> str:
        entry_id = uuid7(self._at, self._rng)
        self._pending.append({"id": entry_id, "member": member, "kind": kind, "at": self._at,
                              "receipt": self._receipt, "program_version": self._version, **fields})
        return entry_id

    def write(self) -> list[LedgerEntry]:
        if not self._pending:
            return []
        first = self._uow.next_seq(len(self._pending))
        entries = [LedgerEntry(terminal=self._uow.terminal_id, seq=first + offset, **fields)
                   for offset, fields in enumerate(self._pending)]
        self._uow.append(entries)
        self._pending = []
        return entries
