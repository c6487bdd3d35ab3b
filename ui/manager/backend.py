"""What the console's screens ask of the store, each call a service (run off the GUI thread by the caller)."""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from pos_loyalty.engine import BasketLine, Receipt, evaluate
from pos_loyalty.program import Program
from pos_loyalty.staff import Staff

DRAFT_KEY = "program_draft"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class MemberLine:
    id: str
    name: str
    phone: str
    points: int


class ConsoleBackend:
    """The console's one door to the store: every method opens its own unit of work."""

    def __init__(self, db_path: str | Path, *, clock: Callable[[], datetime] = utc_now, hasher: Any = None) -> None:
        from db.setup import ensure_current
        from db.store import open_engine
        self.path = Path(db_path)
        self.engine = open_engine(self.path)
        ensure_current(self.engine)
        self.clock = clock
        self.hasher = hasher
        self.manager: Optional[Staff] = None

    # -- access ---------------------------------------------------------------------------
    def book(self):  # noqa: ANN201
        from db.staff_store import SqlStaffBook
        return SqlStaffBook(self.engine)

    def uow(self):  # noqa: ANN201
        from db.store import SqlUnitOfWork
        return SqlUnitOfWork(self.engine)

    def staff_names(self) -> list[str]:
        from pos_loyalty.services.staff import list_staff
        return [p.name for p in list_staff(book=self.book()) if p.active]

    def sign_in(self, who: str, pin: str) -> Staff:
        from pos_loyalty.services.staff import manager_sign_in
        self.manager = manager_sign_in(who, pin, book=self.book(), clock=self.clock, hasher=self.hasher)
        return self.manager

    @property
    def actor(self) -> str:
        return self.manager.label if self.manager else "console"

    # -- the programme ----------------------------------------------------------------------
    def active_text(self) -> str:
        from pos_loyalty.services.programs import active_program_text
        return active_program_text(uow=self.uow())

    def active_program(self) -> Program:
        from pos_loyalty.services.programs import read_program
        return read_program(self.active_text())

    def draft_text(self) -> str:
        """The saved draft, else the active programme as the starting point of one."""
        with self.uow() as uow:
            saved = uow.setting(DRAFT_KEY)
        return saved or self.active_text()

    def save_draft(self, text: str) -> None:
        with self.uow() as uow:
            uow.set_setting(DRAFT_KEY, text)
            uow.commit()

    def versions(self) -> list[tuple[int, datetime, bool]]:
        from pos_loyalty.services.programs import program_history
        return program_history(uow=self.uow())

    def publish(self, text: str) -> Any:
        from pos_loyalty.services.programs import publish
        result = publish(text, uow=self.uow(), clock=self.clock, actor=self.actor)
        with self.uow() as uow:
            uow.set_setting(DRAFT_KEY, "")
            uow.commit()
        return result

    # -- preview ------------------------------------------------------------------------------
    def products(self) -> list[Any]:
        with self.uow() as uow:
            return list(uow.products(limit=500))

    def categories(self) -> list[str]:
        with self.uow() as uow:
            return uow.categories()

    def preview(self, program: Program, lines: Sequence[BasketLine], member_id: Optional[str], at: datetime,
                redeem_points: Any = 0) -> Receipt:
        """The receipt the till would print for this basket under `program` (draws announced, not drawn)."""
        from pos_loyalty.services.checkout import load_member, spend_since
        state = None
        with self.uow() as uow:
            if member_id:
                state = uow.member_state(load_member(uow, member_id), spend_since=spend_since(program, at))
        return evaluate(program, state, list(lines), at=at, rng=random.Random(0), draw=False,
                        redeem_points=redeem_points if state else 0)

    # -- backtest and reports -------------------------------------------------------------------
    def backtest(self, draft: Program, days: int, progress: Optional[Callable[[int, int], None]] = None):  # noqa: ANN201
        from db.backtest_run import run_backtest
        result, _ = run_backtest(self.path, draft, days=days, now=self.clock(), replay_current=True,
                                 progress=progress)
        return result

    def report(self, key: str, language: str = "en"):  # noqa: ANN201
        from db.report_source import build_report
        return build_report(self.path, key, now=self.clock(), language=language)

    # -- members -----------------------------------------------------------------------------
    def find_members(self, text: str) -> list[MemberLine]:
        with self.uow() as uow:
            found = uow.find_members(text, limit=50)
            if not found and text.strip():
                member = uow.member(text.strip().upper())
                found = [member] if member else []
            points = {m.id: sum(uow.member_lots(m.id).values()) for m in found}
        return [MemberLine(id=m.id, name=m.name, phone=m.phone or "", points=points[m.id]) for m in found]

    def member_history(self, member_id: str) -> list[dict]:
        from sqlalchemy import select
        from db.store import LEDGER
        with self.uow() as uow:
            rows = uow.c.execute(select(LEDGER.c.at, LEDGER.c.kind, LEDGER.c.points, LEDGER.c.stamps,
                                        LEDGER.c.card_id, LEDGER.c.promotion_id, LEDGER.c.receipt_id,
                                        LEDGER.c.reason).where(LEDGER.c.member_id == member_id)
                                 .order_by(LEDGER.c.at.desc(), LEDGER.c.seq.desc()).limit(300)).all()
        return [dict(row._mapping) for row in rows]

    def member_summary(self, member_id: str) -> dict:
        from pos_loyalty.services.members import member_summary
        return member_summary(member_id, uow=self.uow(), clock=self.clock).to_dict()

    def adjust(self, member_id: str, points: int, reason: str) -> int:
        from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points
        return adjust_points(PointsAdjustment(member_id=member_id, points=points, reason=reason, actor=self.actor),
                             uow=self.uow(), clock=self.clock)

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, *, actor: str = "", action: str = "", text: str = "") -> list[Any]:
        with self.book() as book:
            return book.audit_log(actor=actor, action=action, text=text, limit=1000)

    def audit_actions(self) -> list[str]:
        with self.book() as book:
            return book.audit_actions()

    def log(self, action: str, detail: dict) -> None:
        with self.uow() as uow:
            uow.audit(action, detail, self.clock(), actor=self.actor)
            uow.commit()


def dump(program_dict: dict) -> str:
    return json.dumps(program_dict, ensure_ascii=False, indent=2)
