"""A till's own phone-page server: the same router as the central server's, on the till's store.

Started by `python main.py phone serve --db TILL` (or the demo) when the till cannot reach the
central server; its join links point here instead (docs/decisions.md).
"""
from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pos_loyalty.central.phone.routes import router
from pos_loyalty.central.phone.till_desk import TillPhoneDesk


def till_phone_app(db_path: Path | str, *, clock: Callable[[], datetime], rng: random.Random) -> FastAPI:
    app = FastAPI(title="Till phone page", version="1")
    app.state.phone_desk = TillPhoneDesk(db_path, clock=clock, rng=rng)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        return JSONResponse({"error": "invalid", "detail": f"{where}: {first.get('msg')}", "field": where},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        body = error.detail if isinstance(error.detail, dict) else {"detail": error.detail}
        return JSONResponse(body, status_code=error.status_code)

    app.include_router(router)
    return app
