"""Screenshots of the customer display in its states, from the real window under an X server.

Usage (under Xvfb): DISPLAY=:85 .venv/bin/python scripts/customer_display_shots.py DB
Copies DB, gives the shop a name and logo (store settings), then for English and zh_TW, light
and dark: idle, a basket that fills the member's card with points paying, and the thank-you.
Writes docs/screenshots/cd-<lang>-<theme>-<state>.png.
"""
from __future__ import annotations

import random
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
MEMBER = "M0000004"


def prepare(db: Path, work: Path) -> Path:
    from PIL import Image, ImageDraw

    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.engine import BasketLine
    from pos_loyalty.services.checkout import CheckoutCommand, checkout
    from pos_loyalty.services.members import member_summary
    from pos_loyalty.store_settings import change_setting

    path = work / "till.sqlite"
    shutil.copy(db, path)
    if Path(f"{db}.keys").exists():
        shutil.copytree(f"{db}.keys", f"{path}.keys")
    logo = work / "logo.png"
    image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 152, 152), fill=(10, 108, 255, 255))
    draw.rounded_rectangle((50, 55, 105, 115), radius=10, fill=(255, 255, 255, 255))
    draw.arc((95, 68, 125, 100), 270, 90, fill=(255, 255, 255, 255), width=8)
    image.save(logo)
    engine = open_engine(path)
    now = lambda: datetime.now(timezone.utc)  # noqa: E731
    change_setting("shop_name", "幸福咖啡 Happy Beans", uow=SqlUnitOfWork(engine), clock=now)
    change_setting("logo", str(logo), uow=SqlUnitOfWork(engine), clock=now)
    cards = member_summary(MEMBER, uow=SqlUnitOfWork(engine), clock=now).cards
    need = 8 - (cards[0].count if cards else 2)  # 8 of 10: two coffees today fill the card
    if need > 0:
        checkout(CheckoutCommand(basket=[BasketLine("COF-000", "Americano", 55, need, "coffee")], member_id=MEMBER),
                 uow=SqlUnitOfWork(engine), clock=now, rng=random.Random(1))
    from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points

    adjust_points(PointsAdjustment(member_id=MEMBER, points=300, reason="screenshots: points to pay with"),
                  uow=SqlUnitOfWork(engine), clock=now)
    engine.dispose()
    return path


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import build

    db = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def until(test, ms: int = 20000) -> None:
        for _ in range(ms // 50):
            if test():
                return
            wait(50)
        raise SystemExit(f"timed out: {test.__code__.co_firstlineno}")

    for lang in ("en", "zh_TW"):
        for theme in ("light", "dark"):
            with tempfile.TemporaryDirectory() as tmp:
                path = prepare(db, Path(tmp))
                _, window, display = build(path, lang=lang, theme=theme, customer_display=True)
                display.join_link = lambda: None  # the phone team's join QR is shot by its own script
                window.resize(1024, 768)
                window.show()
                display.resize(1280, 800)
                display.show()
                until(lambda: window.ready)
                wait(800)
                name = f"cd-{lang}-{theme}"
                display.grab().save(str(OUT / f"{name}-1-idle.png"))
                c = window.controller
                c.scan(MEMBER)
                until(lambda: c.sale.member is not None)
                for code in ("4712345000008", "4712345000008"):
                    c.scan(code)
                until(lambda: c.sale.lines and c.sale.lines[0].qty == 2)
                cake = next(p for p in window.backend.products() if p.category != "coffee" and p.barcode)
                c.scan(cake.barcode)
                wait(1500)
                window.totals.points.spin.setValue(window.totals.points.most)
                until(lambda: c.sale.preview is not None and c.sale.preview.receipt.points_used > 0, 8000)
                wait(800)
                display.grab().save(str(OUT / f"{name}-2-basket.png"))
                window.pay()
                wait(300)
                window.pay()
                until(lambda: display.paid is not None)
                wait(2500)  # the stamps fill in
                display.grab().save(str(OUT / f"{name}-3-thanks.png"))
                window.close()
                display.close()
                wait(300)
    return 0


if __name__ == "__main__":
    sys.exit(main())
