"""With no member on the sale, the customer display shows this till's one-time join link as a
QR code, and a fresh one once a phone has used it."""
from __future__ import annotations

import random
from datetime import date, datetime, timezone

import numpy as np
import zxingcpp


def shown_url(display) -> str:  # noqa: ANN001
    image = display.join.pixmap().toImage().convertToFormat(display.join.pixmap().toImage().Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[:, :image.width()]
    return zxingcpp.read_barcodes(pixels)[0].text


def test_the_display_shows_this_tills_join_link_and_a_new_one_once_it_is_used(qtbot, store):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pos_loyalty.cards.keyring import public_bytes
    from pos_loyalty.central.phone.till_desk import TillJoinLinks, TillPhoneDesk, set_phone_page_url
    from pos_loyalty.services.joining import JoinForm
    from ui.bridge import TillBridge
    from ui.customer_display.window import CustomerDisplay

    def now() -> datetime:
        return datetime.now(timezone.utc)

    links = TillJoinLinks(store, clock=now, rng=random.Random(3))
    set_phone_page_url(links.engine, "http://192.168.1.20:8701")
    display = CustomerDisplay(TillBridge(), join_link=links.current)
    qtbot.addWidget(display)
    display.show()
    qtbot.waitUntil(lambda: display.join_url is not None, timeout=5000)
    first = shown_url(display)
    assert first.startswith("http://192.168.1.20:8701/phone/join/") and first == display.join_url

    token = first.rsplit("/", 1)[1]
    TillPhoneDesk(store, clock=now, rng=random.Random(4)).join(token, JoinForm(
        name="王大明", phone="0933222111", birthday=date(1985, 2, 1), consent=False,
        device_public_key=public_bytes(Ed25519PrivateKey.generate().public_key())))
    display._ask_join_link()  # what the display's timer does every few seconds
    qtbot.waitUntil(lambda: display.join_url != first, timeout=5000)
    assert shown_url(display) == display.join_url


def test_a_till_without_a_phone_page_shows_no_join_code(qtbot, store):
    from pos_loyalty.central.phone.till_desk import TillJoinLinks
    from ui.bridge import TillBridge
    from ui.customer_display.window import CustomerDisplay

    links = TillJoinLinks(store, clock=lambda: datetime.now(timezone.utc), rng=random.Random(3))
    display = CustomerDisplay(TillBridge(), join_link=links.current)
    qtbot.addWidget(display)
    display.show()
    qtbot.waitUntil(lambda: display._join_timer.isActive() and not display._join_asking, timeout=5000)
    assert display.join_url is None and display.join.pixmap().isNull()
    assert not display.join_text.isVisible()
