"""The shop's staff: who may sell (cashier) and who may change the programme or approve overrides (manager).

PINs are kept only as argon2id hashes. A person is locked out after `LOCKOUT_AFTER` wrong PINs in a
row for `LOCKOUT_FOR`; a correct PIN clears the count. The StaffBook is the store's side (db/ implements it).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Optional, Protocol

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("cashier", "manager")
LOCKOUT_AFTER = 5
LOCKOUT_FOR = timedelta(minutes=15)
PIN_DIGITS = (4, 12)


@dataclass(frozen=True)
class Staff:
    """One person who signs in at the till or the manager's console."""

    id: str
    name: str
    role: str
    pin_hash: str
    active: bool = True
    failed_attempts: int = 0
    locked_until: Optional[datetime] = None

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    @property
    def label(self) -> str:
        """How the audit log names this person: readable and unambiguous."""
        return f"{self.name} ({self.id})"

    def public(self) -> dict[str, Any]:
        """What the audit log records of a person before and after a change (never the hash)."""
        return {"name": self.name, "role": self.role, "active": self.active}

    def with_changes(self, **fields: Any) -> "Staff":
        return replace(self, **fields)


class PinHasher:
    """argon2id with argon2-cffi's recommended cost; tests may pass a cheaper one (still argon2id)."""

    def __init__(self, *, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism,
                                      type=Type.ID)

    def hash(self, pin: str) -> str:
        return self._hasher.hash(pin)

    def matches(self, pin_hash: str, pin: str) -> bool:
        try:
            return self._hasher.verify(pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False


class StaffBook(Protocol):
    """The store's staff list and audit log, inside one transaction (`with book:` ... `commit()`)."""

    def __enter__(self) -> "StaffBook": ...
    def __exit__(self, *exc: Any) -> None: ...
    def commit(self) -> None: ...
    def staff(self, staff_id: str) -> Optional[Staff]: ...
    def staff_by_name(self, name: str) -> Optional[Staff]: ...
    def all_staff(self) -> list[Staff]: ...
    def next_staff_id(self) -> str: ...
    def add_staff(self, person: Staff, at: datetime) -> None: ...
    def save_staff(self, person: Staff) -> None: ...
    def audit(self, action: str, detail: dict, at: datetime, actor: str = "till") -> None: ...


__all__ = ["Staff", "PinHasher", "StaffBook", "ROLES", "LOCKOUT_AFTER", "LOCKOUT_FOR", "PIN_DIGITS"]
