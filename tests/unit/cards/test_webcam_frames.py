"""The till reader on any webcam: 640x480 to 1920x1080 frames, dark-mode phones, several codes.

Every behaviour has a case generated here, so a fresh clone proves it; the real photographs
(zxing's blackbox sets, not in the repository) add a check when they are on this machine.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp

from bench.cards import photo_frames
from pos_loyalty.cards.ids import CardSerial, MemberId
from pos_loyalty.cards.reader import TillCodeReader, member_code_first
from pos_loyalty.cards.symbols import modules_image, qr_modules
from cards_testkit import NOON

WEBCAM_SIZES = [(640, 480), (1280, 720), (1920, 1080)]


def code_image(text: str, *, module_px: int) -> np.ndarray:
    return np.array(modules_image(qr_modules(text), module_px=module_px, quiet_zone=4))


def counter(width: int, height: int, *, grey: int = 170) -> np.ndarray:
    return np.full((height, width), grey, np.uint8)


def place(frame: np.ndarray, image: np.ndarray, *, x: int, y: int) -> np.ndarray:
    frame[y:y + image.shape[0], x:x + image.shape[1]] = image
    return frame


def enlarged_photo(text: str, width: int, height: int) -> np.ndarray:
    """What an HD webcam sends of a card held up close: a small, soft image blown up to fill the frame."""
    small = cv2.GaussianBlur(code_image(text, module_px=3), (0, 0), 0.8)
    side = int(height * 0.8)
    big = cv2.resize(small, (side, side), interpolation=cv2.INTER_LINEAR)
    return place(counter(width, height), big, x=(width - side) // 2, y=(height - side) // 2)


def dark_mode_phone(text: str, *, module_px: float, width: int, height: int, blur: float = 0.0) -> np.ndarray:
    """A phone screen in dark mode (light modules on a dark screen) in a lit scene."""
    modules = np.pad(qr_modules(text), 4)
    supersample = 8
    sprite = np.kron(np.where(modules, 235, 25).astype(np.float32), np.ones((supersample, supersample), np.float32))
    side = modules.shape[0] * module_px
    frame = counter(width, height).astype(np.float32)
    cx, cy = width * 0.45, height * 0.55
    cv2.rectangle(frame, (int(cx - side * 0.65), int(cy - side)), (int(cx + side * 0.65), int(cy + side)), 15, -1)
    small = cv2.resize(sprite, (round(side), round(side)), interpolation=cv2.INTER_AREA)
    frame[int(cy - side / 2):int(cy - side / 2) + small.shape[0], int(cx - side / 2):int(cx - side / 2) + small.shape[1]] = small
    if blur:
        frame = cv2.GaussianBlur(frame, (0, 0), blur * module_px)
    return np.clip(frame, 0, 255).astype(np.uint8)


def zxing_reads(frame: np.ndarray) -> list[str]:
    return [s.text for s in zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("width,height", WEBCAM_SIZES)
def test_a_card_held_up_to_a_webcam_of_any_size_is_read(card_text, width, height):
    frame = enlarged_photo(card_text, width, height)
    assert card_text in zxing_reads(frame)  # guard: the plain reader reads it, so must we
    assert TillCodeReader().read(frame) == card_text


@pytest.mark.parametrize("width,height", WEBCAM_SIZES)
@pytest.mark.parametrize("module_px,blur", [(2.0, 0.0), (2.0, 0.3), (2.5, 0.3), (3.0, 0.0), (5.0, 0.3)])
def test_a_dark_mode_phone_is_read_wherever_zxing_reads_it(card_text, width, height, module_px, blur):
    frame = dark_mode_phone(card_text, module_px=module_px, width=width, height=height, blur=blur)
    assert card_text in zxing_reads(frame)
    assert TillCodeReader().read(frame) == card_text


def test_micro_qr_and_rmqr_symbols_are_not_taken_for_a_member_code():
    # zxing-cpp 3's QRCode format includes both; a member code is always a full QR code.
    frame = counter(1280, 720)
    for n, fmt in enumerate((zxingcpp.BarcodeFormat.MicroQRCode, zxingcpp.BarcodeFormat.RMQRCode)):
        symbol = np.array(zxingcpp.write_barcode_to_image(zxingcpp.create_barcode("M00001042", fmt), scale=6))
        place(frame, np.pad(symbol, 24, constant_values=255), x=100 + 500 * n, y=200)
    assert len(zxing_reads(frame)) == 2  # guard: they are there to be read
    assert TillCodeReader().read(frame) is None


def test_with_a_receipt_qr_beside_the_card_the_till_reads_the_members_code(card_text):
    frame = counter(1280, 720)
    place(frame, code_image("https://shop.example/r/8F3K2Q", module_px=6), x=80, y=120)
    place(frame, code_image(card_text, module_px=6), x=700, y=120)
    assert TillCodeReader().read(frame) == card_text


def test_with_a_receipt_qr_beside_a_dark_mode_phone_the_till_reads_the_phone(card_text):
    frame = dark_mode_phone(card_text, module_px=3.0, width=1280, height=720)
    place(frame, code_image("https://shop.example/r/8F3K2Q", module_px=5), x=60, y=60)
    assert set(zxing_reads(frame)) == {card_text, "https://shop.example/r/8F3K2Q"}
    assert TillCodeReader().read(frame) == card_text


def test_a_well_formed_member_code_wins_over_a_broken_one_a_member_number_and_a_url(card_text):
    broken = card_text[:-3] + "%%%"
    assert member_code_first(["https://shop.example", "M00001042", broken, card_text]) == card_text
    assert member_code_first(["https://shop.example", broken, "M00001042"]) == "M00001042"
    assert member_code_first(["https://shop.example", "0912345678"]) == "0912345678"
    assert member_code_first(["https://shop.example", "https://other.example"]) == "https://shop.example"
    assert member_code_first([]) is None


def test_a_phone_code_counts_as_the_members_code_too(issuer):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pos_loyalty.cards.phone_code import rotating_code

    device = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    certificate = issuer.certify_device(member_id=MemberId("1042"), card_serial=CardSerial(7), device_key_id=5,
                                        device_public_key=device.public_key())
    phone = rotating_code(certificate, device, at=NOON)
    assert member_code_first(["https://shop.example", phone]) == phone


@pytest.mark.parametrize("width,height", WEBCAM_SIZES)
def test_an_empty_hd_frame_reads_nothing(width, height):
    rng = np.random.default_rng(width)
    frame = cv2.GaussianBlur(rng.integers(0, 256, (height, width), dtype=np.uint8), (0, 0), 2)
    assert TillCodeReader().read(frame) is None


@pytest.fixture(scope="module")
def photos() -> list[photo_frames.Photo]:
    found = photo_frames.load_photos()
    if not found:
        pytest.skip(photo_frames.MISSING.format(where=photo_frames.DEFAULT_PHOTOS))
    return found


@pytest.mark.parametrize("width,height", WEBCAM_SIZES)
def test_on_real_photos_the_till_reads_at_least_what_zxing_reads_and_nothing_false(photos, width, height):
    reader = TillCodeReader()
    ours = theirs = false_reads = 0
    for photo, frame in photo_frames.frames(photos, width, height):
        text = reader.read(frame)
        ours += photo_frames.same_text(text, photo.expected)
        false_reads += text is not None and not photo_frames.same_text(text, photo.expected)
        theirs += any(photo_frames.same_text(t, photo.expected) for t in zxing_reads(frame)[:1])
    assert ours >= theirs
    assert false_reads == 0


def test_the_till_camera_prefers_a_member_number_barcode_to_a_receipt_qr():
    from pos_loyalty.cards.symbols import code128_modules
    from ui.camera.decoder import FrameDecoder

    frame = counter(1280, 720, grey=235)
    place(frame, code_image("https://shop.example/r/8F3K2Q", module_px=6), x=80, y=120)
    bars = np.where(code128_modules("M00001042"), 0, 255).astype(np.uint8)
    place(frame, np.repeat(np.repeat(bars[np.newaxis, :], 3, axis=1), 120, axis=0), x=600, y=300)
    assert FrameDecoder().read(frame) == "M00001042"
