"""Running a backtest on a store file: read it in parts, replay the parts on every core, add up.

Each part is read and replayed by its own process (the engine is pure Python, so threads would
share one core); the parts' figures are plain dataclasses that pickle back. `progress(done, all)`
is called as parts finish, in the caller's process (the console's worker thread)."""
from __future__ import annotations

import copy
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Optional

from db.garbage import fewer_collections
from db.backtest_screen import PartScan, recorded_rules
from db.backtest_source import active_version, connect, count_receipts, programs, read_part
from pos_loyalty.errors import InvalidInput, NotFound
from pos_loyalty.program import Program
from pos_loyalty.reports.backtest import BacktestResult, MemberHistory, backtest, recorded_state
from pos_loyalty.reports.figures import Figures
from pos_loyalty.reports.reach import reach

MAX_DAYS = 3660


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    days: int


def window(days: int, now: datetime) -> Window:
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"--days: must be 1 to {MAX_DAYS}")
    return Window(start=now - timedelta(days=days), end=now, days=days)


def _part(path: str, draft: Program, start: datetime, part: int, parts: int, replay_current: bool,
          rules: bool = True, screen: bool = True) -> BacktestResult:
    with fewer_collections():
        return _part_replayed(path, draft, start, part, parts, replay_current, rules, screen)


def _part_replayed(path: str, draft: Program, start: datetime, part: int, parts: int, replay_current: bool,
                   rules: bool, screen: bool) -> BacktestResult:
    connection = connect(path)
    try:
        versions = programs(connection)
        current = versions.get(active_version(connection)) if replay_current else None
        if not screen:
            data = read_part(connection, start=start, part=part, parts=parts)
            result = backtest(draft, data.members, data.guests, also=current)
            if not replay_current:
                result.recorded = data.recorded
            return result
        scan = PartScan(connection, versions, start=start, part=part, parts=parts)
        recorded = scan.recorded
        if rules:
            recorded.rules = recorded_rules(connection, start=start, part=part, parts=parts).rules
        result = _screened(scan, draft, versions, rules)
        result.recorded = _screened(scan, current, versions, rules).draft if current is not None else recorded
        return result
    finally:
        connection.close()


def _screened(scan: PartScan, program: Program, versions: dict[int, Program], rules: bool) -> BacktestResult:
    """`program`'s figures: the recorded ones, but for the members (and guests' receipts) a changed
    promotion reaches, which are replayed under it from the first sale it reaches (their state
    moved to there as recorded; from the window's start where the recorded sales do not follow)."""
    connection, start, part, parts = scan.connection, scan.start, scan.params["part"], scan.params["parts"]
    found = reach(program, versions, sorted(scan.versions))
    if found is None:  # it may change any receipt: replay them all
        data = read_part(connection, start=start, part=part, parts=parts)
        result = backtest(program, data.members, data.guests)
        if not rules:
            result.draft.rules.clear()
        return result
    first, guests = scan.reached(found)
    members = set(first)
    figures = copy.deepcopy(scan.recorded)
    result = BacktestResult(receipts=scan.recorded.receipts, draft=figures)
    if not members and not guests:
        return result
    # The sales before each member's first reached one are moved, not evaluated: no basket needed.
    baskets = [r for m, index in first.items() for r in scan.receipts_of(m, index)]
    data = read_part(connection, start=start, part=part, parts=parts, only=(members, guests), moves=True,
                     baskets=baskets)
    histories, since = _from_first_reached(program, data.members, first)
    whole = [m for m, index in first.items() if index and m not in since]  # their sales did not follow
    if whole:
        again = {str(h.start.id): h for h in read_part(connection, start=start, part=part, parts=parts,
                                                       only=(whole, ())).members}
        histories = [again.get(str(h.start.id), h) for h in histories]
    before = scan.recorded_of(members, guests, since=since)
    if rules:
        receipts = [r for m in members for r in scan.receipts_of(m, since.get(m, 0))] + list(guests)
        before.rules = recorded_rules(connection, start=start, part=part, parts=parts, receipts=receipts).rules
    replayed = backtest(program, histories, data.guests)
    if not rules:
        replayed.draft.rules.clear()
    figures.remove(before, members=members)
    figures.members |= scan.affected_before(since)
    figures.merge(replayed.draft)
    result.changed = replayed.changed
    return result


def _from_first_reached(program: Program, members: list[MemberHistory], first: dict[str, int]
                        ) -> tuple[list[MemberHistory], dict[str, int]]:
    """Each reached member's history from the first sale a changed promotion reaches, their state
    moved past the earlier sales as recorded (those come out of the draft as recorded, see
    reports/backtest.py recorded_state); a member whose recorded sales do not follow from their
    state is replayed from the window's start. Also: member -> index of the sale replayed first."""
    histories, since = [], {}
    for history in members:
        member = str(history.start.id)
        index = first.get(member, 0)
        state = recorded_state(program, history.start, history.sales[:index]) if index else history.start
        if state is None:
            state, index = history.start, 0
        if index:
            since[member] = index
        histories.append(MemberHistory(start=state, sales=history.sales[index:]))
    return histories, since


def run_backtest(path: str | Path, draft: Program, *, days: int, now: datetime, workers: Optional[int] = None,
                 parts: Optional[int] = None, replay_current: bool = False, rules: bool = True,
                 screen: bool = True, progress: Optional[Callable[[int, int], None]] = None) -> tuple[BacktestResult, Window]:
    """The draft against what was recorded over the last `days` days before `now`.

    `replay_current=True` replays the published programme alongside instead of reading the
    recorded figures (the same totals; the multipliers' points per rule also for receipts stored
    before they carried `points_by_rule`)."""
    path = str(path)
    if not Path(path).is_file():
        raise NotFound(f"No database at {path}")
    span = window(days, now)
    connection = connect(path)
    try:
        total = count_receipts(connection, span.start)
        if active_version(connection) is None:
            raise NotFound("No loyalty program is published in this store")
    finally:
        connection.close()
    workers = workers or min(2, os.cpu_count() or 1)
    parts = parts or (1 if total < 4000 else workers * 2)
    result = BacktestResult(receipts=0, draft=Figures())
    if progress is not None:
        progress(0, total)
    if parts == 1 or workers == 1:
        for part in range(parts):
            result.merge(_part(path, draft, span.start, part, parts, replay_current, rules, screen))
            if progress is not None:
                progress(result.receipts, total)
        return result, span
    # fork is cheapest, but forking a process with threads (the console's Qt) is unsafe: spawn there.
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_part, path, draft, span.start, part, parts, replay_current, rules, screen)
                   for part in range(parts)]
        for future in as_completed(futures):
            result.merge(future.result())
            if progress is not None:
                progress(result.receipts, total)
    return result, span


__all__ = ["run_backtest", "window", "Window"]
