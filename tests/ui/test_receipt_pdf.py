"""The receipt PDF: fonts embedded, read back by poppler as the cashier saw it, TOTAL clear of the rows above."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import datetime, time, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import scan, settle

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                                reason="poppler-utils is not installed (scripts/debian-deps.sh test installs it)")

TONIGHT = datetime.combine(datetime.now(timezone.utc).date(), time(23, 25), tzinfo=timezone.utc)


@pytest.fixture
def till_clock():
    return lambda: TONIGHT


def _saved_pdf(qtbot, till, tmp_path, *, language: str = "en"):
    till.pdf_folder = tmp_path
    if language != "en":
        till.set_language(language)
    scan(qtbot, till, "M0000004")
    scan(qtbot, till, "4712345000008")
    scan(qtbot, till, "4712345000008")
    settle(qtbot, till)
    qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    with qtbot.waitSignal(till.controller.paid, timeout=5000) as paid:
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_F9)
    receipt_id = paid.args[0].result.receipt_id
    with qtbot.waitSignal(till.controller.message, timeout=5000):
        qtbot.keyClick(till.scan.edit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    path = tmp_path / f"receipt-{receipt_id}.pdf"
    assert path.exists()
    return path


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out)  # CJK glyphs shared with radicals read back as radicals


def test_every_font_in_the_receipt_pdf_is_embedded(qtbot, till, tmp_path):
    path = _saved_pdf(qtbot, till, tmp_path, language="zh_TW")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts, "the receipt has no text fonts at all"
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column


def test_the_pdf_reads_back_with_the_total_the_time_and_the_reasons(qtbot, till, tmp_path):
    path = _saved_pdf(qtbot, till, tmp_path)
    text = _text(path)
    receipt = till.receipt_page.args["receipt"]
    total_line = next(line for line in text.splitlines() if "TOTAL" in line)
    assert total_line.split()[-1] == f"NT${receipt['total']:,}"
    assert (TONIGHT + timedelta(hours=8)).strftime("%Y-%m-%d 07:25") in text
    for adjustment in receipt["adjustments"]:
        assert adjustment["explain"].split(":")[0] in text


def test_a_chinese_receipt_reads_back_in_chinese(qtbot, till, tmp_path):
    text = _text(_saved_pdf(qtbot, till, tmp_path, language="zh_TW"))
    assert "總計" in text
    assert "美式咖啡" in text


def _word_boxes(path) -> list[tuple[str, float, float]]:
    import re

    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [(word, float(y0), float(y1)) for y0, y1, word in
            re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)]


def test_total_does_not_overlap_the_discounts_line(qtbot, till, tmp_path):
    boxes = _word_boxes(_saved_pdf(qtbot, till, tmp_path))
    total = next(box for box in boxes if box[0] == "TOTAL")
    above = [box for box in boxes if box[1] < total[1]]
    assert above and max(box[2] for box in above) <= total[1], (total, above[-3:])


def test_the_pdf_renders_to_an_image_with_text_beyond_the_qr(qtbot, till, tmp_path):
    from PySide6.QtGui import QImage

    path = _saved_pdf(qtbot, till, tmp_path, language="zh_TW")
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    image = QImage(str(tmp_path / "page.png"))
    top_third = [image.pixelColor(x, y).lightness() for y in range(image.height() // 3) for x in range(image.width())]
    assert sum(1 for value in top_third if value < 128) > 500  # the header and lines are drawn, not just the QR
