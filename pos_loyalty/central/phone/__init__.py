"""The member's phone page and its API (router below), served by the central server and,
when a till is offline, by the till itself (till_server.py)."""
from __future__ import annotations

from pos_loyalty.central.phone.routes import router

__all__ = ["router"]
