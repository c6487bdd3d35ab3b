"""Who is asking: every sync request is signed by a registered, unrevoked terminal, is fresh
(its timestamp within the allowed skew) and is new (its nonce never seen: replay-checked in
the store, so it holds across server processes).

A push records its nonce inside the batch's own transaction (one durable commit per push, and a
push whose commit is lost leaves its nonce unused, so the till's re-send is not taken for a
replay); a push the server refuses records it in a transaction of its own. Every other request
records it before it is answered."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request
from sqlalchemy import Connection, delete, insert
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from pos_loyalty.central.models import request_nonces
from pos_loyalty.central.terminals import Terminal, load_terminal
from pos_loyalty.sync.signing import message, verify


class Replayed(Exception):
    """The request's nonce was used before."""


@dataclass(frozen=True)
class Nonce:
    """A signed request's nonce, kept while its request could still pass the time check (2 x the skew)."""

    terminal_id: str
    value: str
    now: int
    forget_after: int

    def use(self, connection: Connection) -> None:
        """Record it in the caller's transaction; Replayed if it was used before (the caller's
        transaction then rolls back: on PostgreSQL the failed insert has spoilt it anyway)."""
        try:
            connection.execute(insert(request_nonces).values(terminal_id=self.terminal_id, nonce=self.value,
                                                             forget_after=self.forget_after))
        except IntegrityError:
            raise Replayed() from None
        if self.forget_after % 16 == 0:  # now and then, forget nonces too old to be replayed anyway
            connection.execute(delete(request_nonces).where(request_nonces.c.forget_after < self.now))


@dataclass(frozen=True)
class SignedPush:
    terminal: Terminal
    nonce: Nonce


def _refuse(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail)


REPLAYED = "replayed request (nonce already used)"


async def signed_terminal(request: Request) -> Terminal:
    """FastAPI dependency: the terminal that signed this request (401/403 otherwise), its nonce used."""
    signed = await _signed(request)
    return await run_in_threadpool(_use_alone, request.app.state.engine, signed)


async def signed_push(request: Request) -> SignedPush:
    """FastAPI dependency for a push: the terminal that signed it, its nonce not used yet (the
    route uses it in the batch's transaction, or alone when it refuses the push)."""
    return await _signed(request)


async def _signed(request: Request) -> SignedPush:
    headers = request.headers
    terminal_id = headers.get("x-terminal", "")
    stamp = headers.get("x-timestamp", "")
    nonce = headers.get("x-nonce", "")
    signature = headers.get("x-signature", "")
    if not (terminal_id and stamp and nonce and signature):
        raise _refuse(401, "unsigned request: X-Terminal, X-Timestamp, X-Nonce and X-Signature are required")
    if not stamp.isdigit() or len(stamp) > 12 or not (8 <= len(nonce) <= 64) or len(signature) > 256 \
            or len(terminal_id) > 32:
        raise _refuse(401, "malformed signature headers")
    body = await request.body()
    settings = request.app.state.settings
    now = settings.clock().timestamp()
    if abs(now - int(stamp)) > settings.clock_skew_seconds:
        raise _refuse(401, f"request time is more than {settings.clock_skew_seconds} s from the server's: "
                           "check the till's clock")
    signed = message(request.method, request.url.path, int(stamp), nonce, body)
    terminal = await run_in_threadpool(_check, request.app.state.engine, terminal_id, signature, signed)
    return SignedPush(terminal, Nonce(terminal_id, nonce, int(now), int(now) + 2 * settings.clock_skew_seconds))


def _check(engine, terminal_id: str, signature: str, signed: bytes) -> Terminal:  # noqa: ANN001
    with engine.connect() as connection:
        terminal = load_terminal(connection, terminal_id)
    if terminal is None or not verify(terminal.public_key, signature, signed):
        raise _refuse(401, "bad signature or unknown terminal")
    if terminal.revoked:
        raise _refuse(403, f"terminal {terminal.id} is revoked: register it again with a new code")
    return terminal


def _use_alone(engine, signed: SignedPush) -> Terminal:  # noqa: ANN001
    use_alone(engine, signed.nonce)
    return signed.terminal


def use_alone(engine, nonce: Nonce) -> None:  # noqa: ANN001
    """The nonce recorded in a transaction of its own (401 if it was used before)."""
    try:
        with engine.begin() as connection:
            nonce.use(connection)
    except Replayed:
        raise _refuse(401, REPLAYED) from None
