"""Fault schedules over 3 tills and one real central server (shared by the test and bench.sync_faults).

A schedule is a list of steps (till, action, fault). Actions: a sale (earns points), a redemption,
a sync. Faults on a sync's requests: the request dropped before it reaches the server, the answer
lost after the server committed (a timeout looks the same to the till), the batch sent twice, an
older batch sent again after a newer one (reordered). After the schedule every till syncs without
faults until nothing moves; then the chain must hold every entry once and agree on every balance.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import text

from pos_loyalty.central.db import open_central
from pos_loyalty.sync.client import SyncClient, Unreachable
from tests.central.chain import CAKE, LATTE, ChainTill, code_for, wall

ACTIONS = ("sale", "sale", "redeem", "sync")
FAULTS = ("none", "drop", "lose_answer", "duplicate", "reorder")


class FaultyTransport:
    """Wraps the real HTTP transport; `plan` says what happens to the next requests."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.plan: list[str] = []
        self.sent: list[tuple[str, str, Optional[dict]]] = []

    def call(self, method: str, path: str, body: Optional[dict]) -> tuple[int, Any]:
        fault = self.plan.pop(0) if self.plan else "none"
        if fault == "drop":
            raise Unreachable("dropped (fault injection)")
        if fault == "reorder" and self.sent:
            old = self.sent[0]
            self.inner.call(*old)               # an old batch arrives late, after newer ones
        answer = self.inner.call(method, path, body)
        if path.endswith("/push"):
            self.sent.append((method, path, body))
            self.sent = self.sent[-4:]
        if fault == "duplicate":
            answer = self.inner.call(method, path, body)
        if fault == "lose_answer":
            raise Unreachable("answer lost after the server committed (fault injection)")
        return answer


@dataclass
class Step:
    till: int
    action: str
    faults: tuple[str, ...]


def random_schedule(rng: random.Random, steps: int = 12) -> list[Step]:
    return [Step(rng.randrange(3), rng.choice(ACTIONS), tuple(rng.choice(FAULTS) for _ in range(3)))
            for _ in range(steps)]


class Chain:
    def __init__(self, folder: Path, server_url: str, db_url: str, seed: int) -> None:
        self.db_url = db_url
        self.tills = []
        for index in range(3):
            till = ChainTill(folder / f"till{index}.sqlite", seed * 10 + index)
            till.register(server_url, code_for(db_url))
            till.faulty = FaultyTransport(till.transport)
            till.client = SyncClient(till.sync_store, till.faulty, wall, batch=3)  # small batches: many requests
            self.tills.append(till)
        self.member = self.tills[0].enrol("Alice Wang").id
        self.tills[0].adjust(self.member, 30, "welcome")
        for till in self.tills:
            self.quiet_sync(till)

    def quiet_sync(self, till: ChainTill) -> None:
        till.faulty.plan = []
        till.client.run_once()

    def run(self, schedule: list[Step]) -> None:
        for step in schedule:
            till = self.tills[step.till]
            if step.action == "sale":
                till.pay(self.member, LATTE)
            elif step.action == "redeem":
                if till.points(self.member) >= 5:
                    till.pay(self.member, CAKE, redeem_points=5)
            else:
                till.faulty.plan = list(step.faults)
                try:
                    till.client.run_once()
                except Unreachable:
                    pass
        for _round in range(3):
            for till in self.tills:
                self.quiet_sync(till)

    def check(self) -> None:
        engine = open_central(self.db_url)
        with engine.connect() as c:
            central_ids = list(c.execute(text("SELECT id FROM ledger")).scalars())
            central_points = c.execute(text("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = :m"),
                                       {"m": self.member}).scalar()
            parked = c.execute(text("SELECT count(*) FROM quarantine")).scalar()
        engine.dispose()
        duplicated = [i for i, n in Counter(central_ids).items() if n > 1]
        assert duplicated == [], f"duplicated entries: {duplicated}"
        assert parked == 0, "nothing should need quarantine here"
        everything = set(central_ids)
        for till in self.tills:
            own = set(till.ledger_ids())
            assert own == everything, f"till lost or lacks {len(everything ^ own)} entries"
            assert till.sync_store.pending() == 0
        balances = {self._ledger_points(till) for till in self.tills}
        assert balances == {central_points}, f"balances differ: {balances} vs central {central_points}"

    def _ledger_points(self, till: ChainTill) -> int:
        with till.engine.connect() as c:
            return c.execute(text("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = :m"),
                             {"m": self.member}).scalar()

    def close(self) -> None:
        for till in self.tills:
            till.close()
