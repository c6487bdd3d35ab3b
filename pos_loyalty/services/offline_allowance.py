"""The offline allowance: how many points one member may redeem per day on a till that cannot
reach the central server.

Offline the till does not know what the member spent at other tills a minute ago, so it bounds
what it lets them spend: the store's `offline_allowance` (points per member per day while
offline, set on the server with `central store allowance`, handed to the till at registration and
in every pull). Points redeemed here that the server has not confirmed yet count against it
(they are the ones the chain has not seen). A standalone till (not registered) has no allowance.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Optional, Protocol
from zoneinfo import ZoneInfo

from pos_loyalty.errors import Refused

# The worker syncs every 10 s while online; a till whose last sync is older than this counts as
# offline even when no round has failed yet (e.g. no worker runs: a CLI checkout on a chain till).
OFFLINE_AFTER = timedelta(seconds=120)


@dataclass(frozen=True)
class SyncStanding:
    """What the till's store says about its link to the chain."""

    allowance: int                         # points per member per day while offline
    last_sync: Optional[datetime]          # the last round that reached the server
    unreachable_since: Optional[datetime]  # the last round failed (cleared by the next good one)

    def offline_at(self, at: datetime) -> bool:
        if self.unreachable_since is not None or self.last_sync is None:
            return True
        return at - self.last_sync > OFFLINE_AFTER


class AllowanceBook(Protocol):
    """What the check needs of the unit of work (db.store.SqlUnitOfWork has it)."""

    def sync_standing(self) -> Optional[SyncStanding]: ...  # None: a standalone till
    def unconfirmed_redeemed(self, member_id: str, *, since: datetime) -> int: ...


def day_start(at: datetime, zone: ZoneInfo) -> datetime:
    """Midnight of `at`'s day in the program's zone, as a UTC instant."""
    local = at.astimezone(zone).date()
    return datetime.combine(local, time(0), tzinfo=zone).astimezone(timezone.utc)


def refuse_beyond_offline_allowance(uow: AllowanceBook, *, member_id: str, points: int, at: datetime,
                                    zone: ZoneInfo) -> None:
    """Refuse a redemption of `points` that would take the member past today's offline allowance."""
    if points <= 0:
        return
    standing = uow.sync_standing()
    if standing is None or not standing.offline_at(at):
        return
    used = uow.unconfirmed_redeemed(member_id, since=day_start(at, zone))
    left = max(0, standing.allowance - used)
    if points > left:
        raise Refused(f"Offline: member {member_id} may redeem at most {standing.allowance:,} points a day on this "
                      f"till while it cannot reach the server ({used:,} used today, {left:,} left)")


__all__ = ["OFFLINE_AFTER", "SyncStanding", "refuse_beyond_offline_allowance", "day_start"]
