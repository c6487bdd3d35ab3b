"""Bad input never changes the basket; member codes are verified; the camera path delivers codes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from tests.ui.conftest import scan, settle


def _issuer(store):
    from pos_loyalty.cards.key_directory import KeyDirectory

    return KeyDirectory.next_to(store).issuer()


def _reload(till) -> None:
    till.backend.router.reload_keys()


def test_unknown_code_shows_a_message_and_leaves_the_basket(qtbot, till):
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    before = list(till.controller.sale.lines)
    outcome = scan(qtbot, till, "XYZ-NOT-A-THING")
    assert type(outcome).__name__ == "ScanRefused"
    assert till.scan.message.isVisible() and "Not recognised" in till.scan.message.text()
    assert till.controller.sale.lines == before
    scan(qtbot, till, "M0000003")
    assert "Member" in till.scan.message.text()  # the next scan replaces the error


def test_signed_card_is_accepted_and_a_forged_one_refused(qtbot, till, store):
    from pos_loyalty.cards.ids import CardSerial, MemberId

    card = _issuer(store).issue_card(member_id=MemberId("M0000007"), card_serial=CardSerial(7),
                                     at=datetime.now(timezone.utc)).to_text()
    _reload(till)
    assert type(scan(qtbot, till, card)).__name__ == "MemberScanned"
    assert till.controller.sale.member_id == "M0000007"
    forged = card[:-3] + ("A" if card[-3] != "A" else "B") + card[-2:]
    scan(qtbot, till, forged)
    assert till.controller.sale.member_id == "M0000007"
    assert "forged" in till.scan.message.text() or "Not a membership code" in till.scan.message.text()


def test_revoked_card_says_it_was_replaced(qtbot, till, store):
    from pos_loyalty.cards.card_store import JsonCardStore
    from pos_loyalty.cards.ids import CardSerial, MemberId
    from pos_loyalty.cards.key_directory import KeyDirectory

    card = _issuer(store).issue_card(member_id=MemberId("M0000008"), card_serial=CardSerial(9),
                                     at=datetime.now(timezone.utc)).to_text()
    JsonCardStore(KeyDirectory.next_to(store).path / "cards.json").revoke(CardSerial(9))
    _reload(till)
    scan(qtbot, till, card)
    assert "Card replaced" in till.scan.message.text()
    assert till.controller.sale.member_id is None


def test_expired_phone_code_is_refused(qtbot, till, store):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pos_loyalty.cards.ids import CardSerial, MemberId
    from pos_loyalty.cards.phone_code import rotating_code

    device = Ed25519PrivateKey.generate()
    credential = _issuer(store).certify_device(member_id=MemberId("M0000009"), card_serial=CardSerial(3),
                                               device_public_key=device.public_key())
    _reload(till)
    old = rotating_code(credential, device, at=datetime.now(timezone.utc) - timedelta(minutes=10))
    scan(qtbot, till, old)
    assert "expired" in till.scan.message.text()
    assert till.controller.sale.member_id is None


def test_camera_worker_delivers_a_decoded_frame_to_the_scan_path(qtbot, till):
    from pos_loyalty.cards.symbols import modules_image, qr_modules
    from ui.till.camera_panel import camera_worker_for

    worker = camera_worker_for(till)
    frame = np.array(modules_image(qr_modules("M0000006"), module_px=8, quiet_zone=4).convert("RGB"))[:, :, ::-1]
    with qtbot.waitSignal(worker.decoded, timeout=5000) as decoded:
        worker.feed(np.zeros((480, 640, 3), np.uint8))   # nothing there
        worker.feed(frame)
    assert decoded.args == ["M0000006"]
    qtbot.waitUntil(lambda: till.controller.sale.member_id == "M0000006", timeout=5000)
