"""The server's expiry settlement, as a rule over one member's entries: it asks for nothing when the
tills agreed, and once its corrections are in it asks for nothing more (no till and no server keeps
correcting the other)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from pos_loyalty.central.settlement import REASON, corrections, stamp_corrections

DAY0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def row(n: int, kind: str, *, points: int = 0, stamps: int = 0, lot=None, card=None, day: float = 0,  # noqa: ANN001
        reason: str = ""):
    return SimpleNamespace(id=f"e{n}", kind=kind, points=points, stamps=stamps, lot_id=lot, card_id=card,
                           at=DAY0 + timedelta(days=day), change=n, program_version=None, reason=reason)


def test_one_till_that_expired_what_was_left_needs_no_settlement():
    entries = [row(1, "earn", points=40), row(2, "redeem", points=-30, lot="e1", day=5),
               row(3, "expire", points=-10, lot="e1", day=366)]
    assert corrections(entries) == []


def test_a_lot_expired_by_two_tills_gets_one_expiry_back():
    entries = [row(1, "earn", points=40), row(2, "expire", points=-40, lot="e1", day=366),
               row(3, "expire", points=-40, lot="e1", day=366)]
    assert corrections(entries) == [("e1", 40)]


def test_a_card_expired_by_two_tills_gets_one_expiry_back():
    entries = [row(1, "stamp", stamps=2, card="coffee"), row(2, "expire", stamps=-2, card="coffee", day=40),
               row(3, "expire", stamps=-2, card="coffee", day=41)]
    assert stamp_corrections(entries, lambda version, card: 30) == [("coffee", 2)]


lots_story = st.lists(st.tuples(st.sampled_from(["earn", "redeem", "expire"]), st.integers(1, 50),
                                st.integers(0, 4), st.integers(0, 400)), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(lots_story)
def test_points_settled_once_ask_for_nothing_more_and_leave_no_lapsed_points(story):
    entries, lots = [], []
    for n, (kind, amount, which, day) in enumerate(story, start=1):
        if kind == "earn" or not lots:
            entries.append(row(n, "earn", points=amount, day=day))
            lots.append(f"e{n}")
        else:
            entries.append(row(n, kind, points=-amount, lot=lots[which % len(lots)], day=day))
    fixes = corrections(entries)
    settled = entries + [row(1000 + i, "expire", points=p, lot=lot, day=500, reason=REASON) for i, (lot, p) in enumerate(fixes)]
    assert corrections(settled) == []
    held: dict[str, int] = {}
    for e in settled:
        key = e.lot_id or e.id
        held[key] = held.get(key, 0) + e.points
    lapsed = {e.lot_id for e in settled if e.kind == "expire"}
    assert all(held[lot] <= 0 for lot in lapsed), "a lapsed lot still holds points to expire"


stamps_story = st.lists(st.tuples(st.sampled_from(["stamp", "expire", "reward"]), st.integers(1, 5),
                                  st.integers(0, 200)), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(stamps_story)
def test_stamps_settled_once_ask_for_nothing_more(story):
    entries = [row(n, kind, stamps=amount if kind == "stamp" else -amount, card="coffee", day=day)
               for n, (kind, amount, day) in enumerate(story, start=1)]
    fixes = stamp_corrections(entries, lambda version, card: 30)
    settled = entries + [row(1000 + i, "expire", stamps=s, card=card, day=999, reason=REASON) for i, (card, s) in enumerate(fixes)]
    assert stamp_corrections(settled, lambda version, card: 30) == []
