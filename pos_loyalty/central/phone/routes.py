"""The member's phone: join page, join and move APIs, the member page and its data.

Mounted in the central app (pos_loyalty.central.app finds `router` here) and in a till's own
page server (`python main.py phone serve`). Handlers reach their store through the desk in
`request.app.state.phone_desk` (central_desk.CentralPhoneDesk on the central engine when absent).
Errors are JSON `{"error": code, "detail": message}` so the page can say them in its language.
"""
from __future__ import annotations

import base64
import binascii
from datetime import date
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from pos_loyalty.central.phone.desk import DeviceAuthError, PhoneDesk, authenticate_device
from pos_loyalty.errors import InvalidInput, NotFound, Refused
from pos_loyalty.services.join_links import JoinLinkRefused
from pos_loyalty.services.joining import AlreadyMember, JoinForm, MoveForm, TooManyJoins

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {".html": "text/html; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json", ".png": "image/png"}
# The page loads nothing from elsewhere; the QR code is drawn on a canvas.
SECURITY = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

router = APIRouter(prefix="/phone", tags=["phone"])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinBody(_Strict):
    token: str = Field(min_length=8, max_length=200)
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=6, max_length=32)
    birthday: Optional[date] = None
    consent: bool = False
    public_key: str = Field(min_length=40, max_length=64, description="raw Ed25519 public key, base64url")


class MoveBody(_Strict):
    token: str = Field(min_length=8, max_length=200)
    phone: str = Field(min_length=6, max_length=32)
    birthday: Optional[date] = None
    public_key: str = Field(min_length=40, max_length=64)


class PhoneCardOut(BaseModel):
    member: str
    device_key_id: int
    card_serial: int
    certificate: str


def _desk(request: Request) -> PhoneDesk:
    desk = getattr(request.app.state, "phone_desk", None)
    if desk is None:
        from pos_loyalty.central.phone.central_desk import CentralPhoneDesk
        desk = request.app.state.phone_desk = CentralPhoneDesk.for_app(request.app)
    return desk


def _fail(status: int, code: str, detail: str, **extra: object) -> HTTPException:
    return HTTPException(status_code=status, detail={"error": code, "detail": detail, **extra})


def _key(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, binascii.Error):
        raise _fail(422, "invalid", "public_key: not base64url") from None


def _refusal(exc: Exception) -> HTTPException:
    if isinstance(exc, AlreadyMember):
        return _fail(409, "already_member", str(exc), masked_name=exc.masked_name)
    if isinstance(exc, JoinLinkRefused):
        code = "link_expired" if "expired" in str(exc) else "link_used" if "already used" in str(exc) else "link_invalid"
        return _fail(410, code, str(exc))
    if isinstance(exc, TooManyJoins):
        return _fail(429, "too_many", str(exc))
    if isinstance(exc, InvalidInput):
        return _fail(422, "invalid", str(exc), field=str(exc).split(":", 1)[0])
    if isinstance(exc, NotFound):
        return _fail(404, "not_found", str(exc))
    return _fail(403, "no_match" if "do not match" in str(exc) else "refused", str(exc))


@router.post("/api/join", status_code=201, response_model=PhoneCardOut)
def join(body: JoinBody, request: Request) -> dict:
    """A new member from the join form; the phone's own public key is certified for their card."""
    form = JoinForm(name=body.name, phone=body.phone, birthday=body.birthday, consent=body.consent,
                    device_public_key=_key(body.public_key))
    try:
        return _desk(request).join(body.token, form).to_dict()
    except (Refused, InvalidInput, NotFound) as exc:
        raise _refusal(exc) from None


@router.post("/api/move", status_code=201, response_model=PhoneCardOut)
def move(body: MoveBody, request: Request) -> dict:
    """Move a member's card to this phone: the earlier phones' keys are revoked."""
    form = MoveForm(phone=body.phone, birthday=body.birthday, device_public_key=_key(body.public_key))
    try:
        return _desk(request).move(body.token, form).to_dict()
    except (Refused, InvalidInput, NotFound) as exc:
        raise _refusal(exc) from None


@router.get("/api/link/{token}")
def check_link(token: str, request: Request) -> dict:
    """Whether a join link still works (the join page asks before showing the form)."""
    try:
        return _desk(request).check_link(token)
    except (Refused, InvalidInput) as exc:
        raise _refusal(exc) from None


@router.get("/api/member")
def member(request: Request) -> dict:
    """The member page's data, for the phone whose device key signed the request."""
    desk = _desk(request)
    try:
        record = authenticate_device(desk, request.headers.get("authorization"), method="GET",
                                     path=request.url.path)
    except DeviceAuthError as exc:
        raise _fail(exc.status, exc.code, str(exc)) from None
    try:
        data = desk.member_page(record.certificate.member_id)
    except (Refused, NotFound) as exc:
        raise _refusal(exc) from None
    return {**data, "device_key_id": record.certificate.device_key_id, "card_serial": record.certificate.card_serial}


@router.get("", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/phone/")


@router.get("/", include_in_schema=False)
def page() -> Response:
    return _file("index.html")


@router.get("/join/{token}", include_in_schema=False)
def join_page(token: str) -> Response:
    return _file("index.html")


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    response = _file("sw.js")
    response.headers["Service-Worker-Allowed"] = "/phone/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@router.get("/static/{name:path}", include_in_schema=False)
def static(name: str) -> Response:
    return _file(name)


def _file(name: str) -> Response:
    try:
        path = (STATIC / name).resolve()
        found = STATIC in path.parents and path.is_file() and path.suffix in TYPES
    except (ValueError, OSError):  # a NUL byte, a name too long for the file system...
        found = False
    if not found:
        return JSONResponse({"error": "not_found", "detail": "no such file"}, status_code=404)
    return FileResponse(path, media_type=TYPES[path.suffix], headers={**SECURITY, "Cache-Control": "no-cache"})
