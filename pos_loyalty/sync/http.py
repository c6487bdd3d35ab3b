"""The sync client's HTTP transport: httpx, every request signed with the terminal's key."""
from __future__ import annotations

import json
import socket
from datetime import datetime
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel

from pos_loyalty.sync.client import Unreachable
from pos_loyalty.sync.protocol import Registered, Registration
from pos_loyalty.sync.signing import Signer


def _tls(server: str) -> bool:
    """Certificates are checked on https://; a plain http:// server (loopback) does not load the CA
    bundle, which costs 0.1-0.3 s per client on a till."""
    return server.lower().startswith("https://")


class HttpTransport:
    def __init__(self, server: str, signer: Optional[Signer], clock: Callable[[], datetime], *,
                 timeout: float = 10.0) -> None:
        self.server = server.rstrip("/")
        self.base_path = urlsplit(self.server).path
        self.signer, self.clock = signer, clock
        # TCP_NODELAY: a signed POST goes as headers then body; with Nagle on, the body waited for the
        # server's delayed ACK (40 ms a request on loopback).
        self.client = httpx.Client(base_url=self.server, timeout=timeout, transport=httpx.HTTPTransport(
            verify=_tls(self.server), socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]))
        self.bytes_sent = 0
        self.bytes_received = 0

    def call(self, method: str, path: str, body: Optional[dict | BaseModel], *,
             timeout: Optional[float] = None) -> tuple[int, Any]:
        content = _content(body)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if self.signer is not None:
            headers.update(self.signer.headers(method, self.base_path + path, content,
                                               timestamp=int(self.clock().timestamp())))
        try:
            extra = {} if timeout is None else {"timeout": timeout}
            answer = self.client.request(method, path, content=content or None, headers=headers, **extra)
        except httpx.HTTPError as error:
            raise Unreachable(f"server {self.server} unreachable: {type(error).__name__}") from None
        self.bytes_sent += len(content)
        self.bytes_received += len(answer.content)
        try:
            parsed = answer.json()
        except ValueError:
            parsed = {"detail": answer.text[:200]}
        return answer.status_code, parsed

    def close(self) -> None:
        self.client.close()


def _content(body: Optional[dict | BaseModel]) -> bytes:
    """The JSON sent: a protocol model is written by pydantic's own serializer (several times faster
    than a dict through json.dumps, for the same JSON)."""
    if body is None:
        return b""
    if isinstance(body, BaseModel):
        return body.model_dump_json().encode()
    return json.dumps(body, separators=(",", ":")).encode()


def register(server: str, code: str, public_key: str, name: str, *, timeout: float = 10.0,
             issuer_key: Optional[str] = None, program: Optional[str] = None) -> Registered:
    from pos_loyalty.sync.client import SyncRefused
    try:
        answer = httpx.post(server.rstrip("/") + "/v1/register", timeout=timeout, verify=_tls(server),
                            json=Registration(code=code, public_key=public_key, name=name,
                                              issuer_key=issuer_key, program=program).model_dump(exclude_none=True))
    except httpx.HTTPError as error:
        raise Unreachable(f"server {server} unreachable: {type(error).__name__}") from None
    if answer.status_code != 200:
        try:
            detail = answer.json().get("detail", answer.text)
        except ValueError:
            detail = answer.text[:200]
        raise SyncRefused(answer.status_code, str(detail))
    return Registered.model_validate(answer.json())
