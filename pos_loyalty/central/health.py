"""GET /health: the server answers and its store is reachable."""
from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    store: str


@router.get("/health", response_model=Health)
def health(request: Request) -> Health:
    engine = request.app.state.engine
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return Health(status="ok", store=engine.dialect.name)
