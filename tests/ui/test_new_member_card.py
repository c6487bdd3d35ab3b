"""Right after F4 the new member can take their card home printed (Ctrl+K): on the thermal
printer when the store has one, else as the CR80 PDF for a card printer."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from tests.escpos_listener import read_job
from tests.ui.conftest import scan
from tests.ui.test_thermal_receipt import printer  # noqa: F401 - the receipt tests' printer: a listener on loopback


@pytest.fixture
def card_key(store):
    from pos_loyalty.cards.key_directory import KeyDirectory

    KeyDirectory.next_to(store).issuer()  # this till holds the shop's card key (a single-shop till does)


def _enrol(qtbot, till, name: str) -> str:
    """F4, type the name, Enter: the new card's code."""
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: till.enrol_page.name.hasFocus(), timeout=2000)
    qtbot.keyClicks(till.enrol_page.name, name)
    with qtbot.waitSignal(till.controller.card_issued, timeout=5000) as issued:
        qtbot.keyClick(till.enrol_page.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Ctrl+K prints it" in till.scan.message.text(), timeout=5000)
    return issued.args[1]


def test_ctrl_k_prints_the_new_members_card_on_the_thermal_printer(qtbot, till, card_key, printer):
    code = _enrol(qtbot, till, "Amy Lin")
    member_id = till.controller.sale.member_id
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    job = read_job(printer.wait_job())
    assert job.lines[0] == "幸福咖啡"
    assert "MEMBER CARD" in job.lines and "Amy Lin" in job.lines
    assert any(line.startswith("Member number") and line.split()[-1] == member_id for line in job.lines)
    assert job.qr == [code] and job.drawer_kicks == [] and job.cuts == 1
    qtbot.waitUntil(lambda: "Card printed on" in till.scan.message.text(), timeout=5000)


def test_the_printed_cards_code_scans_as_that_member_verified(qtbot, till, card_key, printer):
    _enrol(qtbot, till, "Amy Lin")
    member_id = till.controller.sale.member_id
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    printed = read_job(printer.wait_job()).qr[0]
    till.controller.next_sale()
    outcome = scan(qtbot, till, printed)
    assert (type(outcome).__name__, outcome.member_id, outcome.via) == ("MemberScanned", member_id, "card")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed (scripts/debian-deps.sh test)")
def test_without_a_printer_ctrl_k_saves_the_card_as_a_cr80_pdf_and_says_where(qtbot, till, card_key, tmp_path):
    till.card_printing.folder = tmp_path / "cards"
    _enrol(qtbot, till, "Amy Lin")
    member_id = till.controller.sale.member_id
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    path = tmp_path / "cards" / f"card-{member_id}.pdf"
    qtbot.waitUntil(lambda: str(path) in till.scan.message.text(), timeout=5000)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Amy Lin" in text and member_id in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, _, height = next(line for line in info.splitlines() if line.startswith("Page size")).split()[2:5]
    assert (round(float(width) / 72 * 25.4, 1), round(float(height) / 72 * 25.4, 1)) == (85.6, 54.0)  # CR80, in mm


def test_ctrl_k_prints_nothing_for_a_member_who_was_only_typed_in(qtbot, till, printer):
    scan(qtbot, till, "M0000004")
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "right after enrolment" in till.scan.message.text(), timeout=5000)
    with pytest.raises(AssertionError):
        printer.wait_job(timeout=1.0)


def test_the_card_is_not_printed_once_the_next_customer_is_served(qtbot, till, card_key, printer):
    _enrol(qtbot, till, "Amy Lin")
    till.controller.next_sale()
    scan(qtbot, till, "M0000004")
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "right after enrolment" in till.scan.message.text(), timeout=5000)
    with pytest.raises(AssertionError):
        printer.wait_job(timeout=1.0)
