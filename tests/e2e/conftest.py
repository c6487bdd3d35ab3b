"""Real parts for the phone page: Debian's chromium driven by Playwright (no browser download),
and the phone-page server on loopback over a real till store."""
from __future__ import annotations

import json
import random
import shutil
import socket
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest

from db.demo import create_store
from tests.integration.conftest import PROGRAM

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/debian-deps.sh test installs it)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class PageServer:
    """uvicorn serving an app on a loopback socket bound to a free port, in a thread of this process."""

    def __init__(self, app) -> None:  # noqa: ANN001
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the page server did not start")
            time.sleep(0.02)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


class TillWithPage:
    """A till store and its own phone-page server (what a till runs when it is offline)."""

    def __init__(self, path: Path) -> None:
        from pos_loyalty.central.phone.till_server import till_phone_app

        create_store(path, program_text=json.dumps(PROGRAM), now=datetime(2026, 1, 1, tzinfo=timezone.utc))
        self.path = path
        self.rng = random.Random(11)
        self.app = till_phone_app(path, clock=utc_now, rng=self.rng)
        self.desk = self.app.state.phone_desk
        self.server = PageServer(self.app)

    def join_url(self) -> str:
        from pos_loyalty.central.phone.till_desk import new_join_link

        _, token = new_join_link(self.desk.engine, at=utc_now(), rng=self.rng)
        return f"{self.server.base}/phone/join/{token}"

    def verifier(self):  # noqa: ANN201 - what the till's scanner checks codes with, built fresh
        from db.card_store import terminal_verifier

        return terminal_verifier(self.desk.engine, Path(f"{self.path}.keys"), clock=utc_now)


@pytest.fixture
def till(tmp_path: Path) -> Iterator[TillWithPage]:
    till = TillWithPage(tmp_path / "till.sqlite")
    yield till
    till.server.stop()
