"""Cards as printed and shown: small QR codes, a CR80 PDF, a wallet PNG, receipt QR PNGs."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from cards_testkit import NOON, fixed_key
from PIL import Image

from pos_loyalty.cards import cjk_font
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.payload import MAX_CARD_SERIAL, MAX_DEVICE_KEY_ID, MAX_KEY_ID, MAX_MEMBER_ID_BYTES
from pos_loyalty.cards.phone_code import rotating_code
from pos_loyalty.cards.printed_card import CardFace, card_pdf, wallet_png
from pos_loyalty.cards.symbols import code128_modules, qr_png, qr_version


@pytest.fixture
def face(card_text):
    return CardFace(shop_name="咖啡小站", member_name="王小明", member_number="M00001042", code=card_text)


def test_a_typical_card_code_fits_qr_version_6_at_ecc_m(card_text):
    assert qr_version(card_text) <= 6


def test_the_largest_card_code_the_issuer_allows_still_fits_qr_version_6_at_ecc_m():
    issuer = CardIssuer({KeyId(16383): fixed_key(3)}, current_key_id=KeyId(16383))
    card = issuer.issue_card(member_id=MemberId("會" * (MAX_MEMBER_ID_BYTES // 3) + "xx"),
                             card_serial=CardSerial(MAX_CARD_SERIAL), at=NOON)
    assert qr_version(card.to_text()) <= 6


def test_a_typical_phone_code_fits_qr_version_6_at_ecc_m(issuer):
    device_key = fixed_key(60)
    certificate = issuer.certify_device(member_id=MemberId("M0000042"), card_serial=CardSerial(501),
                                        device_key_id=12, device_public_key=device_key.public_key())
    assert qr_version(rotating_code(certificate, device_key, at=NOON)) <= 6


def test_the_largest_phone_code_the_issuer_allows_still_fits_qr_version_6_at_ecc_m():
    issuer = CardIssuer({KeyId(MAX_KEY_ID): fixed_key(2)}, current_key_id=KeyId(MAX_KEY_ID))
    device_key = fixed_key(61)
    certificate = issuer.certify_device(member_id=MemberId("字" * (MAX_MEMBER_ID_BYTES // 3) + "xx"),
                                        card_serial=CardSerial(MAX_CARD_SERIAL), device_key_id=MAX_DEVICE_KEY_ID,
                                        device_public_key=device_key.public_key())
    assert qr_version(rotating_code(certificate, device_key, at=NOON)) <= 6


def test_a_receipt_qr_png_decodes_back_to_the_code(card_text):
    image = Image.open(io.BytesIO(qr_png(card_text)))
    assert image.format == "PNG"
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [card_text]


def test_the_card_pdf_is_one_cr80_page(face):
    pdf = card_pdf(face)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    boxes = re.findall(rb"/MediaBox \[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    width_mm, height_mm = (float(boxes[0][2]) * 25.4 / 72, float(boxes[0][3]) * 25.4 / 72)
    assert (round(width_mm, 1), round(height_mm, 1)) == (85.6, 54.0)


needs_noto_cjk = pytest.mark.skipif(not cjk_font.available(),
                                    reason="fonts-noto-cjk (scripts/debian-deps.sh window) or fontTools is missing")
needs_poppler = pytest.mark.skipif(not shutil.which("pdffonts"),
                                   reason="poppler-utils is not installed (scripts/debian-deps.sh test)")


@needs_noto_cjk
@needs_poppler
def test_the_chinese_names_on_a_card_pdf_are_drawn_from_an_embedded_font(face, tmp_path):
    path = tmp_path / "card.pdf"
    path.write_bytes(card_pdf(face))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    cjk = [line.split() for line in fonts if "NotoSansCJK" in line]
    assert len(cjk) == 2 and all(row[-5] == "yes" for row in cjk)  # regular and bold, each embedded
    assert "MSung" not in "".join(fonts)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "咖啡小站" in text and "王小明" in text


@needs_noto_cjk
@needs_poppler
def test_cards_printed_one_after_another_each_keep_their_own_chinese_name(face, tmp_path):
    # A till prints many cards in one process: each name is its own font cut, never the last one's.
    for number, name in enumerate(["林小華", "陳大文", "林小華", "王小明"]):
        path = tmp_path / f"card{number}.pdf"
        path.write_bytes(card_pdf(CardFace(shop_name="咖啡小站", member_name=name, member_number="M00001043",
                                           code=face.code)))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert name in text.split(), (name, text)


@needs_noto_cjk
@needs_poppler
def test_the_chinese_name_on_a_card_pdf_renders_as_ink(face, tmp_path):
    path = tmp_path / "card.pdf"
    path.write_bytes(card_pdf(face))
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(path), str(tmp_path / "page")], check=True)
    page = np.asarray(Image.open(next(tmp_path.glob("page*.png"))))
    px, pt = (lambda millimetres: round(millimetres * 150 / 25.4)), 25.4 / 72  # pixels at 150 dpi, mm per point
    # The name's line (card_pdf): baseline 24 pt below the 4 mm margin, 9 pt text, left of the QR.
    name = page[px(4 + 15 * pt):px(4 + 26 * pt), px(4):px(40)]
    assert (name < 128).mean() > 0.05  # glyphs, not a blank strip


def test_where_noto_sans_cjk_is_missing_the_card_names_the_traditional_chinese_cid_font(face, monkeypatch):
    monkeypatch.setattr(cjk_font, "font_file", lambda *, bold=False: None)
    pdf = card_pdf(CardFace(shop_name="咖啡館", member_name="林小華", member_number="M00001043", code=face.code))
    assert b"MSung-Light" in pdf and b"UniCNS-UCS2-H" in pdf and b"UniGB" not in pdf


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists(),
                    reason="fonts-dejavu-core is not installed (scripts/debian-deps.sh window)")
def test_latin_names_beyond_ascii_are_drawn_in_a_font_embedded_in_the_card_pdf(card_text):
    pdf = card_pdf(CardFace(shop_name="Loyalty Café", member_name="Zoë Brontë", member_number="M00001042",
                            code=card_text))
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf and b"MSung-Light" not in pdf


def test_the_wallet_png_carries_a_readable_qr_and_code128(face):
    image = Image.open(io.BytesIO(wallet_png(face)))
    found = {b.format.name if hasattr(b.format, "name") else str(b.format): b.text for b in zxingcpp.read_barcodes(image)}
    assert face.code in found.values() and "M00001042" in found.values()


def test_code128_bars_start_with_a_bar_and_end_with_the_stop_pattern():
    bars = code128_modules("M00001042")
    assert bars[0] and "".join("1" if b else "0" for b in bars).endswith("1100011101011")
    assert bars.dtype == np.bool_
