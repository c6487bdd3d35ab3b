"""Fault schedules over 3 tills and one real central server process (shared by the test and
bench.sync_faults).

A schedule is a list of steps (till, action, faults, delay). Actions:
- `sale` (earns points), `redeem` (spends 5 when the till thinks the member has them);
- `sync` with a fault for each of its first requests: `drop` (never reaches the server),
  `lose_answer` (the server committed, the answer is lost), `duplicate` (the batch arrives
  twice), `reorder` (an older batch arrives again after a newer one), `timeout` (the till
  gives up waiting after a few milliseconds while the server carries on with the request);
- `restart_server`: the till syncs and `delay` seconds in, the server process is killed with
  SIGKILL (mid-batch: its open transaction is cut off) and started again on the same port;
- `kill_till`: the till syncs in a process of its own, killed with SIGKILL `delay` seconds in;
  the till then starts again from its store on disk;
- `lapse`: a year passes on every till (the program's points lapse after 365 days), so the next
  sale on each till expires what it sees of the member's lots; tills that have not synced expire
  the same lot, or what another spent from, and the server settles it (central/settlement.py).
After the schedule every till syncs without faults until nothing moves; then the chain must hold
every entry once, every till every entry, and the server and every till one balance.
"""
from __future__ import annotations

import random
import threading
from collections import Counter
from datetime import timedelta
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import text

from pos_loyalty.central.db import open_central
from pos_loyalty.central.settlement import REASON as SETTLED
from pos_loyalty.errors import LoyaltyError
from pos_loyalty.sync.client import SyncClient, Unreachable
from pos_loyalty.central.terminals import new_code
from tests.central.chain import CAKE, LATTE, ChainTill, wall
from tests.central.processes import CentralProcess, sync_and_kill

ACTIONS = ("sale", "sale", "redeem", "sync", "sync", "restart_server", "kill_till", "lapse")
FAULTS = ("none", "drop", "lose_answer", "duplicate", "reorder", "timeout")
BATCH = 3            # small batches: many requests, so faults and kills land between and inside them
TIMEOUT = 0.005      # the `timeout` fault: seconds the till waits for that answer
MAX_DELAY = 0.25     # a kill lands between 0 and this many seconds into a sync


def scratch_folder(prefix: str) -> Path:
    """A temporary folder on tmpfs when there is one: a SIGKILL loses nothing the kernel holds, so
    fsync only costs time here (power loss is tests/integration/test_crash_durability.py's subject)."""
    import os
    import tempfile
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix=prefix, dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))


class FaultyTransport:
    """Wraps the real HTTP transport; `plan` says what happens to the next requests."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.plan: list[str] = []
        self.sent: list[tuple[str, str, Optional[dict]]] = []

    def call(self, method: str, path: str, body: Optional[dict], *,
             timeout: Optional[float] = None) -> tuple[int, Any]:
        fault = self.plan.pop(0) if self.plan else "none"
        if fault == "drop":
            raise Unreachable("dropped (fault injection)")
        if fault == "reorder" and self.sent:
            old = self.sent[0]
            self.inner.call(*old)               # an old batch arrives late, after newer ones
        if fault == "timeout":                  # the real client, a real (tiny) timeout: the server carries on
            return self.inner.call(method, path, body, timeout=TIMEOUT)
        answer = self.inner.call(method, path, body, timeout=timeout)
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
    faults: tuple[str, ...] = ("none", "none", "none")
    delay: float = 0.0


def random_schedule(rng: random.Random, steps: int = 12) -> list[Step]:
    return [Step(rng.randrange(3), rng.choice(ACTIONS), tuple(rng.choice(FAULTS) for _ in range(3)),
                 round(rng.uniform(0, MAX_DELAY), 3)) for _ in range(steps)]


class Chain:
    """Three tills of one store (a store per schedule, so a schedule pulls only its own members)."""

    def __init__(self, folder: Path, central: CentralProcess, seed: int) -> None:
        self.central, self.db_url = central, central.db_url
        self.engine = open_central(self.db_url)       # the test's own look at the central store
        self.stats: Counter[str] = Counter()
        folder.mkdir(parents=True, exist_ok=True)
        store = f"faults {seed}"
        self.tills: list[ChainTill] = []
        for index in range(3):
            till = ChainTill(folder / f"till{index}.sqlite", seed * 10 + index)
            till.register(central.url, new_code(self.engine, store=store, at=wall()))
            self.tills.append(self._faulty(till))
        self.member = self.tills[0].enrol("Alice Wang").id
        self.tills[0].adjust(self.member, 30, "welcome")
        for till in self.tills:
            self.quiet_sync(till)

    @staticmethod
    def _faulty(till: ChainTill) -> ChainTill:
        till.faulty = FaultyTransport(till.transport)
        till.client = SyncClient(till.sync_store, till.faulty, wall, batch=BATCH)
        return till

    def quiet_sync(self, till: ChainTill) -> None:
        till.faulty.plan = []
        till.client.run_once()

    def run(self, schedule: list[Step]) -> None:
        for step in schedule:
            self.stats[step.action] += 1
            getattr(self, f"_{step.action}")(step)
        self.converge()

    def _sale(self, step: Step) -> None:
        self.tills[step.till].pay(self.member, LATTE)

    def _redeem(self, step: Step) -> None:
        till = self.tills[step.till]
        if till.points(self.member) >= 5:
            try:
                till.pay(self.member, CAKE, redeem_points=5)
            except LoyaltyError:
                self.stats["redeem refused"] += 1   # e.g. past the offline allowance: nothing written

    def _lapse(self, step: Step) -> None:
        for till in self.tills:
            till.now += timedelta(days=366)

    def _sync(self, step: Step) -> None:
        till = self.tills[step.till]
        till.faulty.plan = list(step.faults)
        self.stats.update(f"fault {f}" for f in step.faults if f != "none")
        try:
            till.client.run_once()
        except Unreachable:
            pass

    def _restart_server(self, step: Step) -> None:
        """The till pushes and pulls in the background; mid-way the server process dies and comes back."""
        till = self.tills[step.till]
        till.faulty.plan = []
        before = self._server_acked(till)
        outcome: list[str] = []

        def syncing() -> None:
            try:
                till.client.run_once()
                outcome.append("finished")
            except Unreachable:
                outcome.append("cut")
        worker = threading.Thread(target=syncing, name="faults-sync")
        worker.start()
        worker.join(step.delay)
        self.central.kill()
        worker.join(30)
        assert not worker.is_alive(), "a sync hung after the server died"
        self.central.restart()
        acked, confirmed = self._server_acked(till), int(till.sync_store.settings()["sync_acked_seq"])
        if outcome == ["finished"]:
            self.stats["server killed after the sync finished"] += 1
        elif acked > confirmed:
            self.stats["server killed after committing a batch, answer lost"] += 1
        elif acked > before:
            self.stats["server killed mid-sync, some batches answered"] += 1
        else:
            self.stats["server killed before any batch committed"] += 1

    def _kill_till(self, step: Step) -> None:
        """The till syncs in its own process, is SIGKILLed, and starts again from its store."""
        index, till = step.till, self.tills[step.till]
        path, seed = till.path, till.rng.getrandbits(64)   # a restarted till draws fresh ids
        till.close()                                   # the till's process is the child now
        outcome = sync_and_kill(str(path), delay=step.delay, batch=BATCH)
        restarted = ChainTill(path, seed)
        restarted.now = till.now
        restarted.connect()
        self.tills[index] = self._faulty(restarted)
        if outcome == "finished":
            self.stats["till killed after its sync finished"] += 1
        elif self._server_acked(restarted) > int(restarted.sync_store.settings()["sync_acked_seq"]):
            self.stats["till killed after the server committed, before it marked them"] += 1
        else:
            self.stats["till killed mid-sync"] += 1

    def converge(self) -> None:
        """Every till syncs without faults until a whole round moves nothing."""
        for _round in range(20):
            moved = 0
            for till in self.tills:
                till.faulty.plan = []
                try:
                    summary = till.client.run_once()
                except Unreachable:                    # e.g. a connection the killed server left behind
                    moved += 1
                    continue
                moved += summary.pushed + summary.pulled + summary.duplicates + summary.pending
            if moved == 0:
                return
        raise AssertionError("the chain did not converge in 20 rounds")

    def _server_acked(self, till: ChainTill) -> int:
        with self.engine.connect() as c:
            return c.execute(text("SELECT acked_seq FROM terminals WHERE id = :t"),
                             {"t": till.sync_store.settings()["terminal_id"]}).scalar_one()

    def check(self) -> None:
        terminals = [till.sync_store.settings()["terminal_id"] for till in self.tills]
        with self.engine.connect() as c:
            central_ids = list(c.execute(text("SELECT id FROM ledger WHERE member_id = :m"),
                                         {"m": self.member}).scalars())   # the tills' and any settlement
            settled = c.execute(text("SELECT count(*) FROM ledger WHERE member_id = :m AND reason = :r"),
                                {"m": self.member, "r": SETTLED}).scalar()
            central_points = c.execute(text("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = :m"),
                                       {"m": self.member}).scalar()
            parked = c.execute(text("SELECT count(*) FROM quarantine WHERE terminal_id IN (:a, :b, :c)"),
                               dict(zip("abc", terminals))).scalar()
            flagged = c.execute(text("SELECT count(*) FROM ledger WHERE member_id = :m AND flagged IS NOT NULL"),
                                {"m": self.member}).scalar()
        duplicated = [i for i, n in Counter(central_ids).items() if n > 1]
        assert duplicated == [], f"duplicated entries: {duplicated}"
        assert parked == 0, "nothing should need quarantine here"
        everything = set(central_ids)
        for till in self.tills:
            own = set(till.ledger_ids())
            assert own == everything, f"till lost or lacks {len(everything ^ own)} entries"
            assert till.sync_store.pending() == 0
            problems = [str(p) for p in till.verify() if not self._offline_overdraw(till, p, flagged)]
            assert problems == [], f"ledger verify on {till.path.name}: {problems}"
        balances = {self._ledger_points(till) for till in self.tills}
        assert balances == {central_points}, f"balances differ: {balances} vs central {central_points}"
        self.stats["entries"] += len(everything)
        if settled:
            self.stats["expiries settled by the server"] += settled

    def _offline_overdraw(self, till: ChainTill, problem: Any, flagged: int) -> bool:
        """Redemptions on two tills that each saw the points (not yet each other's spending) may
        together overdraw a member (flagged on the server) or one lot (both took the oldest lot
        first): kept, as the sale happened. Anything else `ledger verify` names is a failure."""
        what = getattr(problem, "what", "")
        if what == "negative balance" and flagged:
            self.stats["balances overdrawn by two tills (flagged)"] += 1
            return True
        if what != "negative lot":
            return False
        with till.engine.connect() as c:
            spenders = c.execute(text("SELECT count(DISTINCT terminal_id) FROM ledger WHERE lot_id = :lot "
                                      "AND points < 0"), {"lot": problem.key}).scalar()
        if spenders >= 2:
            self.stats["lots overdrawn by two tills"] += 1
        return spenders >= 2

    def _ledger_points(self, till: ChainTill) -> int:
        with till.engine.connect() as c:
            return c.execute(text("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = :m"),
                             {"m": self.member}).scalar()

    def close(self) -> None:
        for till in self.tills:
            till.close()
        self.engine.dispose()
