"""Cards reported lost: the terminal refuses their serials with "card replaced"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from pos_loyalty.cards.ids import CardSerial


class RevocationList(Protocol):
    def is_revoked(self, card_serial: CardSerial) -> bool: ...


@dataclass(frozen=True)
class RevokedSerials:
    """A plain set of replaced card serials, as synced to a terminal."""

    serials: frozenset[CardSerial] = frozenset()

    @classmethod
    def of(cls, serials: Iterable[int]) -> RevokedSerials:
        return cls(frozenset(CardSerial(s) for s in serials))

    def is_revoked(self, card_serial: CardSerial) -> bool:
        return card_serial in self.serials
