"""The central server's application factory: `create_app(settings) -> FastAPI`.

Routers are found like the CLI's commands: each module in ROUTER_MODULES exposes `router`
(a fastapi.APIRouter); a module that is not there yet is skipped. Handlers reach the store
through `central(request)` (a CentralStore on the app's engine) and the clock through
`request.app.state.settings.clock`.
"""
from __future__ import annotations

import importlib
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pos_loyalty.central.db import migrate, open_central
from pos_loyalty.central.news import ChainNews
from pos_loyalty.central.settings import CentralSettings

ROUTER_MODULES = (
    "pos_loyalty.central.health",
    "pos_loyalty.central.registration",
    "pos_loyalty.central.sync_routes",
    "pos_loyalty.central.news",
    "pos_loyalty.central.phone",
)


def create_app(settings: CentralSettings) -> FastAPI:
    engine = open_central(settings.db_url)
    if settings.migrate:
        migrate(engine)
    news = ChainNews(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        news.stop()
        engine.dispose()

    app = FastAPI(title="Loyalty central server", version="1", lifespan=lifespan,
                  description="Tills register, push their ledgers and pull the chain's members, cards, "
                              "revocations, device keys, programs and other tills' entries.")
    app.state.settings = settings
    app.state.engine = engine
    app.state.news = news      # what this process knows of the chain's newest change (LISTEN/NOTIFY)
    _install_limits(app, settings)
    _install_errors(app)
    for name in ROUTER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        app.include_router(module.router)
    return app


def _install_limits(app: FastAPI, settings: CentralSettings) -> None:
    limit = settings.max_body_bytes

    @app.middleware("http")
    async def _bounded(request: Request, call_next):  # noqa: ANN001, ANN202
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return JSONResponse({"detail": f"request body larger than {limit} bytes"}, status_code=413)
        if declared is None and request.method in ("POST", "PUT", "PATCH"):
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    return JSONResponse({"detail": f"request body larger than {limit} bytes"}, status_code=413)
            request._body = body  # noqa: SLF001 - starlette reads the cached body from here
        return await call_next(request)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        # "error"/"field" as the phone page reads them (pos_loyalty/central/phone/routes.py)
        return JSONResponse({"detail": f"{where}: {first.get('msg')}" if where else str(first.get("msg")),
                             "errors": len(error.errors()), "error": "invalid", "field": where}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        body = error.detail if isinstance(error.detail, dict) else {"detail": error.detail}
        return JSONResponse(body, status_code=error.status_code, headers=getattr(error, "headers", None))
