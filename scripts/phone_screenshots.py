"""Screenshots of the member's phone page at phone size (390 x 844 CSS px), zh_TW and English,
light and dark, into docs/screenshots/: `python scripts/phone_screenshots.py [--central]`.

Runs the till's own page server on loopback over a fresh store, joins from two phones in Debian's
chromium (one per language), gives the members a few visits, and photographs the pages.
With `--central` the page is the central server's (a registered till's join link; the visits are
the till's sales, synced), photographed as phone-central-*.png.
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"


def program() -> dict:
    from tests.integration.conftest import PROGRAM

    shop = json.loads(json.dumps(PROGRAM))
    shop["stamp_cards"][0].update(required=8, starter_stamps=2, names={"zh_TW": "咖啡集點卡"})
    shop["tiers"]["levels"][0]["names"] = {"zh_TW": "銅卡"}
    shop["tiers"]["levels"][1]["names"] = {"zh_TW": "銀卡"}
    shop["promotions"][0]["names"] = {"zh_TW": "生日 9 折"}
    shop["promotions"].append({"id": "member-day", "name": "Member day: double points", "names": {"zh_TW": "會員日點數加倍"},
                               "effect": {"type": "points_multiplier", "factor": 2},
                               "conditions": {"weekdays": [1, 2, 3, 4, 5, 6, 7],
                                              "time_of_day": {"from": "00:00", "until": "23:59"}}})
    return shop


def main() -> int:
    from playwright.sync_api import sync_playwright

    from db.demo import create_store
    from db.store import SqlUnitOfWork
    from pos_loyalty.central.phone.till_desk import new_join_link
    from pos_loyalty.central.phone.till_server import till_phone_app
    from pos_loyalty.engine import BasketLine
    from pos_loyalty.services.checkout import CheckoutCommand, checkout
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, PageServer

    def now() -> datetime:
        return datetime.now(timezone.utc)

    work = Path(tempfile.mkdtemp(prefix="phone-shots-"))
    store = work / "till.sqlite"
    create_store(store, program_text=json.dumps(program()), now=now() - timedelta(days=60))
    rng = random.Random(5)
    central = "--central" in sys.argv[1:]
    if central:
        page_base, engine, sync, stop = _central_chain(work, store, now)
        prefix = "phone-central-"
    else:
        app = till_phone_app(store, clock=now, rng=rng)
        engine = app.state.phone_desk.engine
        server = PageServer(app)
        page_base, sync, stop, prefix = server.base, (lambda: None), server.stop, "phone-"
    today = now().astimezone().date()
    latte = BasketLine(sku="LATTE", name="Latte", category="coffee", price=120, qty=1)
    cake = BasketLine(sku="CAKE", name="Cake", category="bakery", price=180, qty=1)
    people = {"zh-TW": ("林小美", "0912345678"), "en": ("Emily Chen", "0922333444")}
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for locale, (name, phone) in people.items():
                tag = "zh_TW" if locale == "zh-TW" else "en"
                context = browser.new_context(**PHONE, locale=locale, color_scheme="light")
                page = context.new_page()
                _, token = new_join_link(engine, at=now(), rng=rng)
                page.goto(f"{page_base}/phone/join/{token}")
                page.wait_for_selector("#join-form")
                page.fill("input[name=name]", name)
                page.fill("input[name=phone]", phone)
                page.fill("input[name=birthday]", date(1994, today.month, min(today.day, 28)).isoformat())
                page.check("input[name=consent]")
                page.screenshot(path=str(OUT / f"{prefix}join-{tag}.png"))
                page.click("#join-form button[type=submit]")
                page.wait_for_selector("#points")
                sync()
                with SqlUnitOfWork(engine).reading() as uow:
                    member = uow.member_by_phone(phone)
                for days_ago, lines in ((3, [latte]), (2, [latte, cake]), (1, [latte])):  # minutes ago, today
                    checkout(CheckoutCommand(basket=lines, member_id=member.id), uow=SqlUnitOfWork(engine),
                             clock=lambda d=days_ago: now() - timedelta(minutes=d), rng=rng, ids=rng)
                sync()
                for scheme in ("light", "dark"):
                    page.emulate_media(color_scheme=scheme)
                    page.reload()
                    page.wait_for_selector("#visits li")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(OUT / f"{prefix}card-{tag}-{scheme}.png"), full_page=True)
                context.close()
            browser.close()
    finally:
        stop()
    print("\n".join(sorted(str(p.relative_to(ROOT)) for p in OUT.glob(f"{prefix}*.png"))))
    return 0


def _central_chain(work: Path, store: Path, now):  # noqa: ANN001, ANN202
    """A central server on loopback (SQLite) with the shop's program, and the till registered with it."""
    from db.store import open_engine
    from db.sync_store import TillSyncStore
    from pos_loyalty.cards.key_directory import KeyDirectory
    from pos_loyalty.central.app import create_app
    from pos_loyalty.central.programs import publish_program
    from pos_loyalty.central.settings import CentralSettings
    from pos_loyalty.central.terminals import new_code
    from pos_loyalty.sync.client import SyncClient
    from pos_loyalty.sync.http import HttpTransport, register
    from pos_loyalty.sync.registering import register_till
    from pos_loyalty.sync.signing import Signer
    from tests.fixtures.central import start_in_thread

    app = create_app(CentralSettings(db_url=str(work / "central.sqlite"), clock=now))
    publish_program(app.state.engine, json.dumps(program()), now())
    url, stop = start_in_thread(app)
    engine = open_engine(store)
    local = TillSyncStore(engine)
    register_till(local, KeyDirectory.next_to(store), server=url, code=new_code(app.state.engine, store="Main store",
                  at=now()), name="counter", at=now(), send=register)
    settings = local.settings()
    client = SyncClient(local, HttpTransport(url, Signer(settings["terminal_id"], settings["sync_key"]), now), now)
    client.run_once()
    return url, engine, client.run_once, stop


if __name__ == "__main__":
    raise SystemExit(main())
