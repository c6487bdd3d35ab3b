"""The signed sync endpoints: push, pull, fetch one member, the terminal's own status."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from pos_loyalty.central.auth import REPLAYED, Replayed, SignedPush, signed_push, signed_terminal, use_alone
from pos_loyalty.central.ingest import Conflict, ForeignEntries, GapError, push
from pos_loyalty.central.pull import fetch_member, pull_json
from pos_loyalty.central.terminals import Terminal, load_terminal
from pos_loyalty.errors import NotFound
from pos_loyalty.sync.protocol import MemberBundle, PullRequest, PullResult, PushBatch, PushResult, TerminalStatus

router = APIRouter(tags=["sync"])
SIGNED = {401: {"description": "unsigned, badly signed, stale or replayed request"},
          403: {"description": "terminal revoked, or entries of another terminal"}}


_PUSH_PATH = "/v1/sync/push"
# The batch's schema, documented in place: its $defs are addressed by a JSON pointer into this operation.
_PUSH_SCHEMA = PushBatch.model_json_schema(
    ref_template="#/paths/~1v1~1sync~1push/post/requestBody/content/application~1json/schema/$defs/{model}")


def _batch(raw: bytes) -> PushBatch:
    """The body parsed and validated in one pass by pydantic-core (FastAPI's own path decodes the
    ~3 MB with the json module, then validates the Python objects: twice the work per push)."""
    try:
        return PushBatch.model_validate_json(raw)
    except ValidationError as error:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in error.errors()]) from None


@router.post(_PUSH_PATH, response_model=PushResult,
             responses={**SIGNED, 409: {"description": "a gap (send_from) or the same id with another body"},
                        413: {"description": "request too large"}, 422: {"description": "not a valid batch"}},
             openapi_extra={"requestBody": {"required": True,
                                            "content": {"application/json": {"schema": _PUSH_SCHEMA}}}})
async def push_batch(request: Request, signed: SignedPush = Depends(signed_push)) -> PushResult:
    engine, settings = request.app.state.engine, request.app.state.settings
    try:
        batch = await run_in_threadpool(_batch, await request.body())
        if len(batch.entries) > settings.max_batch:
            raise HTTPException(status_code=413, detail=f"at most {settings.max_batch} entries per push")
        return await run_in_threadpool(push, engine, signed.terminal, batch, at=settings.clock(), nonce=signed.nonce)
    except Replayed:
        raise HTTPException(status_code=401, detail=REPLAYED) from None
    except (HTTPException, RequestValidationError, ForeignEntries, GapError, Conflict) as error:
        # Refused: the batch's transaction (and the nonce in it) rolled back, so the nonce is used on
        # its own; a replay of a refused push is refused as a replay (401).
        await run_in_threadpool(use_alone, engine, signed.nonce)
        raise _answer(error) from None


def _answer(error: Exception) -> Exception:
    if isinstance(error, ForeignEntries):
        return HTTPException(status_code=403, detail=str(error))
    if isinstance(error, GapError):
        return HTTPException(status_code=409, detail=error.gap.model_dump())
    if isinstance(error, Conflict):
        return HTTPException(status_code=409, detail={"detail": error.detail, "conflicts": error.refs})
    return error


@router.post("/v1/sync/pull", response_model=PullResult, responses=SIGNED)
async def pull_changes(body: PullRequest, request: Request,
                       terminal: Terminal = Depends(signed_terminal)) -> Response:
    # The page's JSON is written from the rows (PullResult documents it; the till validates it).
    page = await run_in_threadpool(pull_json, request.app.state.engine, terminal, cursor=body.cursor,
                                   limit=body.limit)
    return Response(page, media_type="application/json")


@router.get("/v1/members/{member_id}", response_model=MemberBundle,
            responses={**SIGNED, 404: {"description": "no such member in the chain"}})
async def member(request: Request, member_id: str = Path(max_length=64, pattern=r"^[A-Za-z0-9._:/-]+$"),
                 terminal: Terminal = Depends(signed_terminal)) -> MemberBundle:
    try:
        return await run_in_threadpool(fetch_member, request.app.state.engine, terminal, member_id)
    except NotFound as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/v1/terminal", response_model=TerminalStatus, responses=SIGNED)
async def status(request: Request, terminal: Terminal = Depends(signed_terminal)) -> TerminalStatus:
    def read() -> TerminalStatus:
        from sqlalchemy import select

        from pos_loyalty.central.models import stores
        with request.app.state.engine.connect() as connection:
            current = load_terminal(connection, terminal.id)
            store = connection.execute(select(stores.c.name, stores.c.offline_allowance)
                                       .where(stores.c.id == terminal.store_id)).one()
        return TerminalStatus(terminal=terminal.id, store=store.name, acked_seq=current.acked_seq,
                              offline_allowance=store.offline_allowance, revoked=current.revoked)
    return await run_in_threadpool(read)
