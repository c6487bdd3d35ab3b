"""Staff and the audit log in the local store: the StaffBook of pos_loyalty.staff over SQLite,
and the audit log read back (newest first, filtered) for the manager's console."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import String, cast, func, select

from db.models import Base
from db.store import AUDIT, SqlUnitOfWork
from pos_loyalty.staff import Staff

STAFF = Base.metadata.tables["staff"]


def _staff(row: Any) -> Staff:
    return Staff(id=row.id, name=row.name, role=row.role, pin_hash=row.pin_hash, active=row.active,
                 failed_attempts=row.failed_attempts, locked_until=row.locked_until)


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who, when, what (with before and after where a thing changed)."""

    id: int
    at: datetime
    actor: str
    action: str
    detail: dict

    def to_dict(self) -> dict:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "detail": self.detail}


class SqlStaffBook(SqlUnitOfWork):
    """The store's unit of work, plus the staff list and the audit log as the console reads them."""

    def staff(self, staff_id: str) -> Optional[Staff]:
        row = self.c.execute(select(STAFF).where(STAFF.c.id == staff_id)).first()
        return _staff(row) if row else None

    def staff_by_name(self, name: str) -> Optional[Staff]:
        row = self.c.execute(select(STAFF).where(func.lower(STAFF.c.name) == name.strip().lower())).first()
        return _staff(row) if row else None

    def all_staff(self) -> list[Staff]:
        return [_staff(row) for row in self.c.execute(select(STAFF).order_by(STAFF.c.id))]

    def next_staff_id(self) -> str:
        number = int(self.setting("next_staff") or "1")
        self.set_setting("next_staff", str(number + 1))
        return f"S{number:03d}"

    def add_staff(self, person: Staff, at: datetime) -> None:
        self.c.execute(STAFF.insert(), {"id": person.id, "name": person.name, "role": person.role,
                                        "pin_hash": person.pin_hash, "active": person.active,
                                        "failed_attempts": person.failed_attempts,
                                        "locked_until": person.locked_until, "created_at": at})

    def save_staff(self, person: Staff) -> None:
        self.c.execute(STAFF.update().where(STAFF.c.id == person.id).values(
            name=person.name, role=person.role, pin_hash=person.pin_hash, active=person.active,
            failed_attempts=person.failed_attempts, locked_until=person.locked_until))

    def audit_log(self, *, actor: str = "", action: str = "", text: str = "", since: Optional[datetime] = None,
                  until: Optional[datetime] = None, limit: int = 500) -> list[AuditEntry]:
        """Newest first. `actor` and `text` match anywhere (case-blind); `action` exactly."""
        query = select(AUDIT).order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc()).limit(limit)
        if actor:
            query = query.where(AUDIT.c.actor.ilike(f"%{actor}%"))
        if action:
            query = query.where(AUDIT.c.action == action)
        if text:
            query = query.where(cast(AUDIT.c.detail, String).ilike(f"%{text}%"))
        if since is not None:
            query = query.where(AUDIT.c.at >= since)
        if until is not None:
            query = query.where(AUDIT.c.at < until)
        return [AuditEntry(id=row.id, at=row.at, actor=row.actor, action=row.action, detail=row.detail or {})
                for row in self.c.execute(query)]

    def audit_actions(self) -> list[str]:
        return list(self.c.execute(select(AUDIT.c.action).distinct().order_by(AUDIT.c.action)).scalars())


__all__ = ["SqlStaffBook", "AuditEntry", "STAFF"]
