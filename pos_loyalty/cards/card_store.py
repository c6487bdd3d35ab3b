"""Where issued cards are recorded: the protocol the database layer implements, plus two simple stores."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from datetime import datetime

from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.payload import DeviceCertificate
from pos_loyalty.cards.scan import member_number_for


@dataclass(frozen=True)
class MemberDisplay:
    """What a printed card shows about a member."""

    name: str
    number: str  # the plain member number, printed as Code128


@dataclass(frozen=True)
class IssuedCard:
    member_id: MemberId
    card_serial: CardSerial
    key_id: KeyId
    issued_at: int  # Unix seconds


class CardStore(Protocol):
    """The card records a central store keeps; the SQLite-backed one lives in db/."""

    def member_display(self, member_id: MemberId) -> MemberDisplay: ...
    def next_serial(self, member_id: MemberId) -> CardSerial: ...
    def record_issue(self, card: IssuedCard) -> None: ...
    def active_serial(self, member_id: MemberId) -> CardSerial | None: ...
    def active_serials(self, member_id: MemberId) -> list[CardSerial]: ...
    def revoke(self, card_serial: CardSerial) -> None: ...
    def revoked_serials(self) -> frozenset[CardSerial]: ...


class InMemoryCardStore:
    """A CardStore (and DeviceStore) for tests and demos."""

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.names: dict[str, str] = dict(names or {})
        self.issued: list[IssuedCard] = []
        self.revoked: set[int] = set()
        self.last_serial = 0
        self.devices: list[DeviceCertificate] = []

    def next_device_key_id(self) -> int:
        return len(self.devices) + 1

    def record_device(self, certificate: DeviceCertificate, *, at: datetime) -> None:
        self.devices.append(certificate)

    def device_certificates(self) -> list[DeviceCertificate]:
        return list(self.devices)

    def revoke_member_devices(self, member_id: str, *, at: datetime) -> int:
        live = [c for c in self.devices if c.member_id == member_id]
        self.devices = [c for c in self.devices if c.member_id != member_id]
        return len(live)

    def member_display(self, member_id: MemberId) -> MemberDisplay:
        return MemberDisplay(name=self.names.get(member_id, ""), number=member_number_for(member_id))

    def next_serial(self, member_id: MemberId) -> CardSerial:
        self.last_serial += 1
        return CardSerial(self.last_serial)

    def record_issue(self, card: IssuedCard) -> None:
        self.issued.append(card)

    def active_serial(self, member_id: MemberId) -> CardSerial | None:
        mine = self.active_serials(member_id)
        return mine[-1] if mine else None

    def active_serials(self, member_id: MemberId) -> list[CardSerial]:
        return [c.card_serial for c in self.issued if c.member_id == member_id and c.card_serial not in self.revoked]

    def revoke(self, card_serial: CardSerial) -> None:
        self.revoked.add(card_serial)

    def revoked_serials(self) -> frozenset[CardSerial]:
        return frozenset(CardSerial(s) for s in self.revoked)


class JsonCardStore(InMemoryCardStore):
    """An InMemoryCardStore saved to one JSON file after every change (device certificates are not
    saved). Superseded by db.card_store.SqlCardStore; kept while older callers still read it."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            self.names = dict(data.get("names", {}))
            self.issued = [IssuedCard(MemberId(c["member_id"]), CardSerial(c["card_serial"]), KeyId(c["key_id"]),
                                      c["issued_at"]) for c in data.get("issued", [])]
            self.revoked = set(data.get("revoked", []))
            self.last_serial = int(data.get("last_serial", 0))

    def set_name(self, member_id: MemberId, name: str) -> None:
        self.names[member_id] = name
        self._save()

    def next_serial(self, member_id: MemberId) -> CardSerial:
        serial = super().next_serial(member_id)
        self._save()
        return serial

    def record_issue(self, card: IssuedCard) -> None:
        super().record_issue(card)
        self._save()

    def revoke(self, card_serial: CardSerial) -> None:
        super().revoke(card_serial)
        self._save()

    def _save(self) -> None:
        data = {"names": self.names, "issued": [asdict(c) for c in self.issued],
                "revoked": sorted(self.revoked), "last_serial": self.last_serial}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)
