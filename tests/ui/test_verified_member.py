"""Only a verified member spends: the panel says which, and an identified-only member's spending
needs a manager's PIN and a reason, written to the audit log."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle


def _audit(store, action: str) -> list[dict]:  # noqa: ANN001
    from sqlalchemy import text

    from db.store import open_engine

    with open_engine(store).connect() as connection:
        rows = connection.execute(text("SELECT detail FROM audit_log WHERE action = :a"), {"a": action}).scalars()
        return [json.loads(r) if isinstance(r, str) else r for r in rows]


def test_a_typed_number_shows_identified_only_and_a_signed_card_verified(qtbot, till, store):
    from pos_loyalty.cards.ids import CardSerial, MemberId
    from pos_loyalty.cards.key_directory import KeyDirectory
    from datetime import datetime, timezone

    scan(qtbot, till, "M0000003")
    assert till.member_panel.check.isVisible()
    assert till.member_panel.check.text().startswith("Identified only (number)")
    card = KeyDirectory.next_to(store).issuer().issue_card(member_id=MemberId("M0000003"), card_serial=CardSerial(9),
                                                           at=datetime.now(timezone.utc))
    till.backend.router.reload_keys()
    scan(qtbot, till, card.to_text())
    assert till.member_panel.check.text().startswith("✓ Verified (card)")


def _give_points(store, member: str, points: int) -> None:
    """The demo history is laid out relative to today, so a member's balance drifts as points expire:
    the test gives the points it means to spend, through the services."""
    from datetime import datetime, timezone

    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.services.adjustments import PointsAdjustment, adjust_points

    engine = open_engine(store)
    adjust_points(PointsAdjustment(member_id=member, points=points, reason="test"), uow=SqlUnitOfWork(engine),
                  clock=lambda: datetime.now(timezone.utc))
    engine.dispose()


def test_an_identified_member_spending_points_needs_a_managers_pin_and_a_reason(qtbot, till, store):
    _give_points(store, "M0000003", 200)
    scan(qtbot, till, "M0000003")
    for _ in range(3):
        scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F3)                 # use the most points
    settle(qtbot, till)
    assert till.controller.sale.preview.receipt.points_used > 0
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.override_needed, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_Return)
    dialog = till.override_dialog
    qtbot.waitUntil(lambda: dialog.manager.count() > 0, timeout=5000)
    assert till.controller.last_paid is None                       # nothing paid yet
    dialog.manager.setEditText("Lin")
    dialog.pin.setText("0000")
    dialog.reason.setText("card left at home")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wrong PIN" in dialog.error.text(), timeout=10000)
    dialog.pin.setText("2468")
    with qtbot.waitSignal(till.controller.paid, timeout=10000) as paid:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert paid.args[0].result.receipt.points_used > 0
    spent = _audit(store, "spend_override")
    assert len(spent) == 1 and spent[0]["reason"] == "card left at home" and spent[0]["member"] == "M0000003"
