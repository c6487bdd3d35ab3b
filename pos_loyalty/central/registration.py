"""POST /v1/register: a one-time code and the terminal's public key become a terminal id."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from pos_loyalty.central.terminals import register_terminal
from pos_loyalty.errors import Refused
from pos_loyalty.sync.protocol import Registered, Registration

router = APIRouter(tags=["registration"])


@router.post("/v1/register", response_model=Registered,
             responses={403: {"description": "code unknown, used or expired"}})
async def register(body: Registration, request: Request) -> Registered:
    settings = request.app.state.settings
    try:
        return await run_in_threadpool(register_terminal, request.app.state.engine, code=body.code,
                                       public_key=body.public_key, name=body.name, at=settings.clock(),
                                       issuer_key=body.issuer_key, program=body.program)
    except Refused as error:
        raise HTTPException(status_code=403, detail=str(error)) from None
