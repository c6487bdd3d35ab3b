"""The till's sync client: push until the server has everything, then pull until nothing is new.

It talks to the store through `LocalSync` (db/sync_store.py) and to the server through a
`Transport` (http.py): no SQL and no sockets here. Entries are marked confirmed only after
the server's answer, so a lost answer just means the batch is sent again (the server then
counts it as duplicates).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Optional, Protocol

from pos_loyalty.errors import LoyaltyError
from pos_loyalty.sync.protocol import (
    MAX_BATCH, Gap, MemberBundle, NewsAnswer, NewsAsk, PullRequest, PullResult, PushBatch, PushResult, TerminalStatus,
)

PUSH, PULL, NEWS = "/v1/sync/push", "/v1/sync/pull", "/v1/sync/wait"


class Unreachable(LoyaltyError):
    """No answer from the server (or not one we can use now): nothing is lost, try later."""


class SyncRefused(LoyaltyError):
    """The server refused for a reason trying again will not fix (revoked, conflict)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"server refused ({status}): {detail}")
        self.status = status


class Transport(Protocol):
    """`body` is a dict or a protocol model (a push batch), sent as JSON."""

    def call(self, method: str, path: str, body: Optional[Any]) -> tuple[int, Any]: ...
    # Long polls (wait_for_news) also pass `timeout=` (seconds); HttpTransport takes it.


class LocalSync(Protocol):
    def pending(self) -> int: ...
    def next_batch(self, limit: int, *, after: Optional[tuple[PushBatch, dict[str, int]]] = None
                   ) -> tuple[PushBatch, dict[str, int]]: ...
    def confirm(self, result: PushResult, moved: dict[str, int], at: datetime) -> None: ...
    def resend_from(self, seq: int) -> None: ...
    def quarantined(self) -> int: ...
    def cursor(self) -> int: ...
    def apply(self, result: PullResult, at: datetime) -> int: ...
    def take_member(self, bundle: MemberBundle) -> None: ...
    def mark_unreachable(self, at: datetime) -> None: ...
    def code_members(self) -> list[str]: ...


def _carries(batch: PushBatch) -> bool:
    return bool(batch.entries or batch.members or batch.cards or batch.device_keys or batch.receipts or batch.spend)


@dataclass
class Summary:
    pushed: int = 0
    duplicates: int = 0
    pulled: int = 0
    pending: int = 0
    quarantined: int = 0
    flagged: int = 0

    def to_dict(self) -> dict:
        return {"pushed": self.pushed, "pulled": self.pulled, "pending": self.pending,
                "quarantined": self.quarantined, "duplicates": self.duplicates, "flagged": self.flagged}


def _detail(body: Any) -> str:
    if isinstance(body, dict):
        return str(body.get("detail", body))
    return str(body)


PUSH_BATCH = 2000   # entries (and each other kind) per push: with the receipts' byte budget, well under 4 MB
PULL_PAGE = MAX_BATCH   # rows of each kind per pull page: fewer round trips, the answer stays ~2 MB


class SyncClient:
    """`batch` sets both the push batch and the pull page (tests use small ones); left out, a push
    carries 2,000 entries and a pull page up to 5,000 rows of each kind."""

    def __init__(self, store: LocalSync, transport: Transport, clock: Callable[[], datetime], *,
                 batch: Optional[int] = None, max_rounds: int = 10_000) -> None:
        self.store, self.transport, self.clock = store, transport, clock
        self.batch = batch or PUSH_BATCH
        self.pull_page = batch or PULL_PAGE
        self.max_rounds = max_rounds

    def _call(self, method: str, path: str, body: Optional[Any]) -> tuple[int, Any]:
        status, answer = self.transport.call(method, path, body)
        if status in (401, 403):
            raise SyncRefused(status, _detail(answer))
        if status >= 500 or status in (408, 429):
            raise Unreachable(f"server answered {status}: {_detail(answer)}")
        return status, answer

    def push(self, summary: Summary) -> None:
        """Batch after batch until nothing is left. While a batch is on the wire the next one is read
        from the store (the server's work and the till's overlap); it is sent only if the server
        acknowledged every entry of the one before, otherwise it is read again after the answer."""
        limit = self.batch
        ahead: Optional[tuple[PushBatch, dict[str, int]]] = None
        with ThreadPoolExecutor(1, thread_name_prefix="sync-push") as wire:
            for _round in range(self.max_rounds):
                batch, moved = ahead or self.store.next_batch(limit)
                ahead = None
                if not _carries(batch):
                    return
                sending = wire.submit(self._call, "POST", PUSH, batch)
                following = self.store.next_batch(limit, after=(batch, moved)) if batch.entries else None
                status, answer = sending.result()
                if status == 413 and limit > 1:
                    # Too many bytes (receipts are large): the same rows again, in smaller batches.
                    limit = max(1, limit // 2)
                    continue
                if status == 409 and isinstance(answer, dict) and "send_from" in answer:
                    self.store.resend_from(Gap.model_validate(answer).send_from)
                    continue
                if status != 200:
                    raise SyncRefused(status, _detail(answer))
                result = PushResult.model_validate(answer)
                self.store.confirm(result, moved, self.clock())
                summary.pushed += result.accepted
                summary.duplicates += result.duplicates
                summary.flagged += len(result.flagged)
                if following is not None and result.acked_seq == batch.entries[-1].seq:
                    ahead = following
        raise Unreachable("push did not converge (too many rounds)")

    def pull(self, summary: Summary) -> None:
        """Page after page; the next page is asked for (from the cursor this one ends at) while this
        one goes into the store."""
        with ThreadPoolExecutor(1, thread_name_prefix="sync-pull") as wire:
            asking = wire.submit(self._page, self.store.cursor())
            for _round in range(self.max_rounds):
                result = asking.result()
                if result.more:
                    asking = wire.submit(self._page, result.cursor)
                summary.pulled += self.store.apply(result, self.clock())
                if not result.more:
                    return
        raise Unreachable("pull did not converge (too many rounds)")

    def _page(self, cursor: int) -> PullResult:
        status, answer = self._call("POST", PULL, PullRequest(cursor=cursor, limit=self.pull_page).model_dump())
        if status != 200:
            raise SyncRefused(status, _detail(answer))
        return PullResult.model_validate(answer)

    def run_once(self) -> Summary:
        """Push and pull until nothing is pending (raises Unreachable when the server is not there)."""
        summary = Summary()
        try:
            self.push(summary)
            self.pull(summary)
            self.fetch_code_members()
        except Unreachable:
            self._mark_unreachable()
            raise
        summary.pending = self.store.pending()
        summary.quarantined = self.store.quarantined()
        return summary

    def fetch_code_members(self) -> None:
        """Members kept offline from their signed code alone: fetched in full now that the server answers."""
        for member_id in self.store.code_members():
            self.fetch_member(member_id)

    def _mark_unreachable(self) -> None:
        try:
            self.store.mark_unreachable(self.clock())
        except Exception:  # noqa: BLE001 - a busy store: the next failed round writes it
            pass

    def fetch_member(self, member_id: str) -> Optional[MemberBundle]:
        """A member of another store, fetched and kept; None if the chain has no such member."""
        status, answer = self._call("GET", f"/v1/members/{member_id}", None)
        if status == 404:
            return None
        if status != 200:
            raise SyncRefused(status, _detail(answer))
        bundle = MemberBundle.model_validate(answer)
        self.store.take_member(bundle)
        return bundle

    def wait_for_news(self, cursor: int, seconds: float = 20.0) -> int:
        """Block until the chain changed after `cursor` (or `seconds` passed); the chain's newest change."""
        status, answer = self.transport.call("POST", NEWS, NewsAsk(cursor=cursor, seconds=seconds).model_dump(),
                                             timeout=seconds + 10)
        if status in (401, 403):
            raise SyncRefused(status, _detail(answer))
        if status != 200:
            raise Unreachable(f"server answered {status}: {_detail(answer)}")
        return NewsAnswer.model_validate(answer).top

    def status(self) -> TerminalStatus:
        status, answer = self._call("GET", "/v1/terminal", None)
        if status != 200:
            raise SyncRefused(status, _detail(answer))
        return TerminalStatus.model_validate(answer)
