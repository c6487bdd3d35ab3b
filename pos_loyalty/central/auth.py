"""Who is asking: every sync request is signed by a registered, unrevoked terminal, is fresh
(its timestamp within the allowed skew) and is new (its nonce never seen: replay-checked in
the store, so it holds across server processes)."""
from __future__ import annotations

from fastapi import HTTPException, Request
from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from pos_loyalty.central.models import request_nonces
from pos_loyalty.central.terminals import Terminal, load_terminal
from pos_loyalty.sync.signing import message, verify


def _refuse(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail)


async def signed_terminal(request: Request) -> Terminal:
    """FastAPI dependency: the terminal that signed this request (401/403 otherwise)."""
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
    return await run_in_threadpool(_check, request.app.state.engine, terminal_id, nonce, signature, signed,
                                   int(now), int(now) + 2 * settings.clock_skew_seconds)


def _check(engine, terminal_id: str, nonce: str, signature: str, signed: bytes,  # noqa: ANN001
           now: int, forget_after: int) -> Terminal:
    # A nonce must be kept while its request could still pass the time check: 2 x the skew.
    with engine.connect() as connection:
        terminal = load_terminal(connection, terminal_id)
    if terminal is None or not verify(terminal.public_key, signature, signed):
        raise _refuse(401, "bad signature or unknown terminal")
    if terminal.revoked:
        raise _refuse(403, f"terminal {terminal.id} is revoked: register it again with a new code")
    try:
        with engine.begin() as connection:
            connection.execute(insert(request_nonces).values(terminal_id=terminal_id, nonce=nonce,
                                                             forget_after=forget_after))
            if forget_after % 16 == 0:  # now and then, forget nonces too old to be replayed anyway
                connection.execute(delete(request_nonces).where(request_nonces.c.forget_after < now))
    except IntegrityError:
        raise _refuse(401, "replayed request (nonce already used)") from None
    return terminal
