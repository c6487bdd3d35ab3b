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


def _cards(store):
    from db.card_store import SqlCardStore
    from db.store import open_engine

    return SqlCardStore(open_engine(store))


def test_revoked_card_says_it_was_replaced(qtbot, till, store):
    from pos_loyalty.cards.ids import MemberId
    from pos_loyalty.cards.issuing import issue_card, replace_lost_card

    now = datetime.now(timezone.utc)
    old = issue_card(_cards(store), _issuer(store), member_id=MemberId("M0000008"), at=now).to_text()
    _reload(till)  # the issuer's key is new
    scan(qtbot, till, old)
    assert till.controller.sale.member_id == "M0000008"
    till.controller.back()
    replace_lost_card(_cards(store), _issuer(store), member_id=MemberId("M0000008"), at=now)  # revokes the old one
    till.refresh_pending()  # the idle tick reads the store's revocations again
    qtbot.waitUntil(lambda: till.backend.router.verifier.verify(old, at=now).ok is False, timeout=5000)
    scan(qtbot, till, old)
    assert "Card replaced" in till.scan.message.text()
    assert till.controller.sale.member_id is None


def test_a_phone_enrolled_in_the_store_is_accepted_and_an_expired_code_refused(qtbot, till, store):
    from pos_loyalty.cards.devices import enrol_device
    from pos_loyalty.cards.ids import MemberId
    from pos_loyalty.cards.issuing import issue_card

    now = datetime.now(timezone.utc)
    cards = _cards(store)
    issue_card(cards, _issuer(store), member_id=MemberId("M0000009"), at=now)
    phone = enrol_device(cards, cards, _issuer(store), member_id=MemberId("M0000009"), at=now)
    _reload(till)
    scan(qtbot, till, phone.code(at=now - timedelta(minutes=10)))
    assert "expired" in till.scan.message.text()
    assert till.controller.sale.member_id is None
    outcome = scan(qtbot, till, phone.code(at=datetime.now(timezone.utc)))
    assert (type(outcome).__name__, outcome.via) == ("MemberScanned", "phone code")


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


def _typed(qtbot, window, text: str) -> object:  # noqa: ANN001
    """Text committed at once, as an input method does for Chinese (QTest types ASCII only)."""
    from PySide6.QtCore import Qt

    with qtbot.waitSignal(window.controller.scan_done, timeout=5000) as blocker:
        window.scan.edit.setText(text)
        qtbot.keyClick(window.scan.edit, Qt.Key.Key_Return)
    return blocker.args[0]


def test_a_chinese_name_typed_finds_the_member(qtbot, till, store):
    from db.store import SqlUnitOfWork, open_engine

    with SqlUnitOfWork(open_engine(store)) as uow:
        name = uow.member("M0000005").name
    outcome = _typed(qtbot, till, name)
    found = [outcome.member_id] if type(outcome).__name__ == "MemberScanned" else [m.id for m in outcome.members]
    assert "M0000005" in found


def test_a_name_typed_in_lower_case_finds_the_member(qtbot, till, store):
    from datetime import datetime, timezone

    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.services.enrolment import Enrolment, enrol

    member = enrol(Enrolment(name="Amy Lin", phone="0911000222", birthday=None, consent=False),
                   uow=SqlUnitOfWork(open_engine(store)), clock=lambda: datetime.now(timezone.utc))
    outcome = scan(qtbot, till, "amy lin")
    assert (type(outcome).__name__, outcome.member_id) == ("MemberScanned", member.id)

def test_a_whole_phone_number_finds_its_member(qtbot, till, store):
    from db.store import SqlUnitOfWork, open_engine

    with SqlUnitOfWork(open_engine(store)) as uow:
        phone = uow.member("M0000007").phone
    outcome = scan(qtbot, till, phone)
    assert (type(outcome).__name__, outcome.member_id) == ("MemberScanned", "M0000007")


def test_a_scanned_receipt_qr_attaches_no_member(qtbot, till):
    from pos_loyalty.cards.scan import receipt_reference
    from ui.till.receipt_doc import build

    receipt = till.backend.receipts(limit=50)
    sold = next(body for body in receipt if body.get("member"))
    doc = build(sold, receipt_id=sold["id"], tenders=sold["tenders"])
    assert doc.qr_text == receipt_reference(sold["id"]) and sold["member"] not in doc.qr_text
    outcome = scan(qtbot, till, doc.qr_text)
    assert type(outcome).__name__ == "ScanRefused" and outcome.key == "receipt_code"
    assert till.controller.sale.member_id is None
    assert "receipt's code" in till.scan.message.text()
