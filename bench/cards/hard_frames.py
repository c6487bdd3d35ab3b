"""A reproducible set of hard camera frames: real LY1 codes under the things tills see.

Everything is generated from a seed, in code: no images are committed. Each code frame has
one main condition (cycled, so each gets ~1/11 of the set) on top of a random pose (any
rotation, up to 30 degrees of tilt) and sometimes a mild second nuisance. Empty frames
(cluttered counters, text, barcodes that are not QR, screens) must never produce a read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import cv2
import numpy as np
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.phone_code import rotating_code
from pos_loyalty.cards.sharpening import motion_kernel
from pos_loyalty.cards.symbols import code128_modules, qr_modules

WIDTH, HEIGHT = 640, 480
CONDITIONS = ("rotation", "perspective", "gaussian_blur", "motion_blur", "low_contrast", "inverted",
              "glare", "noise", "jpeg30", "small_modules", "occlusion", "moire")
DEFAULT_SEED = 20260301
BENCH_ISSUER = CardIssuer({KeyId(1): Ed25519PrivateKey.from_private_bytes(b"\x11" * 32)}, current_key_id=KeyId(1))
BENCH_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # 480x640x3 BGR uint8
    expected: str | None  # the LY1 text in the frame, or None for an empty frame
    condition: str


def hard_frames(*, seed: int = DEFAULT_SEED, codes: int = 600, empty: int = 100) -> Iterator[Frame]:
    for index in range(codes):
        rng = np.random.default_rng([seed, index])
        yield _code_frame(rng, CONDITIONS[index % len(CONDITIONS)], index)
    for index in range(empty):
        rng = np.random.default_rng([seed, 1_000_000 + index])
        yield Frame(_empty_frame(rng, index), None, "empty")


def _payload(rng: np.random.Generator, index: int) -> str:
    member = MemberId(str(int(rng.integers(1, 10**int(rng.integers(3, 10))))))
    serial = CardSerial(int(rng.integers(1, 200_000)))
    if index % 4 == 3:  # a quarter are phone codes (device key id instead of issue time: about the same size)
        device = Ed25519PrivateKey.from_private_bytes(rng.bytes(32))
        certificate = BENCH_ISSUER.certify_device(member_id=member, card_serial=serial,
                                                  device_key_id=int(rng.integers(1, 100_000)),
                                                  device_public_key=device.public_key())
        return rotating_code(certificate, device, at=BENCH_AT + timedelta(seconds=30 * index))
    return BENCH_ISSUER.issue_card(member_id=member, card_serial=serial, at=BENCH_AT).to_text()


def _code_frame(rng: np.random.Generator, condition: str, index: int) -> Frame:
    text = _payload(rng, index)
    modules = qr_modules(text)
    count = modules.shape[0] + 8
    module_px = rng.uniform(1.7, 2.4) if condition == "small_modules" else rng.uniform(3.0, 6.5)
    module_px = min(module_px, 400 / count)
    tilt = rng.uniform(15, 30) if condition == "perspective" else rng.uniform(0, 12)
    angle = rng.uniform(0, 360) if condition in ("rotation", "perspective") or rng.random() < 0.5 else rng.uniform(-10, 10)
    frame = _background(rng)
    supersample = 8
    sprite = np.where(np.pad(modules, 4), 0, 255).astype(np.uint8)
    sprite = np.kron(sprite, np.ones((supersample, supersample), np.uint8))
    side = count * module_px
    quad = _pose(rng, side, tilt, angle)
    src = np.float32([[0, 0], [sprite.shape[1], 0], [sprite.shape[1], sprite.shape[0]], [0, sprite.shape[0]]])
    warp = cv2.getPerspectiveTransform(src, quad)
    paper = rng.uniform(200, 250)
    ink = rng.uniform(10, 50)
    sprite_f = ink + (sprite.astype(np.float32) / 255.0) * (paper - ink)
    if condition == "inverted":
        sprite_f = (paper + ink) - sprite_f  # dark-mode phone: light modules on dark
    warped = cv2.warpPerspective(sprite_f, warp, (WIDTH, HEIGHT), flags=cv2.INTER_AREA, borderValue=0)
    mask = cv2.warpPerspective(np.ones(sprite.shape, np.float32), warp, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR)
    gray = frame * (1 - mask) + warped * mask
    gray = _apply(condition, gray, rng, quad, module_px)
    if condition not in ("noise", "jpeg30") and rng.random() < 0.3:
        gray = gray + rng.normal(0, 3, gray.shape)
    image = _to_bgr(gray, rng)
    if condition == "jpeg30":
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 30])
        image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return Frame(image, text, condition)


def _pose(rng: np.random.Generator, side: float, tilt_deg: float, angle_deg: float) -> np.ndarray:
    """Corners of a square of `side` px, tilted out of plane by tilt_deg, rotated, placed in frame."""
    half = side / 2
    corners = np.array([[-half, -half, 0], [half, -half, 0], [half, half, 0], [-half, half, 0]], float)
    axis = rng.uniform(0, 2 * math.pi)
    t = math.radians(tilt_deg)
    ax, ay = math.cos(axis) * t, math.sin(axis) * t
    rx = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    ry = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    a = math.radians(angle_deg)
    rz = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    points = corners @ (rx @ ry @ rz).T
    focal = 700.0
    depth = focal  # at this depth an untilted square keeps its pixel size
    projected = points[:, :2] * focal / (depth + points[:, 2:3])
    span = projected.max(axis=0) - projected.min(axis=0)
    room = np.array([WIDTH, HEIGHT]) - span - 8
    centre = np.array([WIDTH, HEIGHT]) / 2 + (rng.uniform(-0.5, 0.5, 2) * np.maximum(room, 0))
    return (projected - projected.mean(axis=0) + centre).astype(np.float32)


def _apply(condition: str, gray: np.ndarray, rng: np.random.Generator, quad: np.ndarray, module_px: float) -> np.ndarray:
    if condition == "gaussian_blur":
        sigma = rng.uniform(0.35, 0.6) * module_px
        return cv2.GaussianBlur(gray, (0, 0), sigma)
    if condition == "motion_blur":
        return cv2.filter2D(gray, -1, motion_kernel(rng.uniform(0.9, 2.2) * module_px, rng.uniform(0, 180)))
    if condition == "low_contrast":
        mid = rng.uniform(90, 160)
        span = rng.uniform(18, 35)
        return mid + (gray - gray.mean()) * span / max(gray.std() * 2, 1)
    if condition == "glare":
        centre = quad.mean(axis=0) + rng.uniform(-0.3, 0.3, 2) * (quad.max(axis=0) - quad.min(axis=0))
        radius = rng.uniform(0.2, 0.45) * float(np.ptp(quad[:, 0]))
        yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
        blob = np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * radius**2))
        return gray + blob * rng.uniform(160, 260)
    if condition == "noise":
        return gray + rng.normal(0, rng.uniform(18, 32), gray.shape)
    if condition == "occlusion":
        lo, hi = quad.min(axis=0), quad.max(axis=0)
        size = (hi - lo) * rng.uniform(0.12, 0.25, 2)
        start = lo + rng.uniform(0.2, 0.8, 2) * (hi - lo) - size / 2
        pts = np.int32([start, start + [size[0], 0], start + size, start + [0, size[1]]])
        out = gray.copy()
        cv2.fillConvexPoly(out, pts, float(rng.uniform(60, 200)))  # a thumb or a sticker
        return out
    if condition == "moire":
        yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
        period = rng.uniform(2.2, 4.5)
        direction = rng.uniform(0, math.pi)
        wave = np.sin((xx * math.cos(direction) + yy * math.sin(direction)) * 2 * math.pi / period)
        beat = np.sin((xx * math.sin(direction) - yy * math.cos(direction)) * 2 * math.pi / rng.uniform(15, 40))
        return gray * (0.7 + 0.3 * (0.5 + 0.5 * wave * beat)) + rng.normal(0, 4, gray.shape)
    return gray


def _background(rng: np.random.Generator) -> np.ndarray:
    """A counter top: smooth lighting, texture, and a few objects with hard edges."""
    low = cv2.resize(rng.uniform(60, 200, (6, 8)).astype(np.float32), (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    texture = cv2.GaussianBlur(rng.normal(0, 12, (HEIGHT, WIDTH)).astype(np.float32), (0, 0), 1.2)
    frame = low + texture
    for _ in range(int(rng.integers(2, 7))):
        x, y = rng.integers(0, WIDTH), rng.integers(0, HEIGHT)
        w, h = rng.integers(20, 200), rng.integers(10, 120)
        cv2.rectangle(frame, (int(x), int(y)), (int(x + w), int(y + h)), float(rng.uniform(0, 255)), -1)
    return frame


def _empty_frame(rng: np.random.Generator, index: int) -> np.ndarray:
    gray = _background(rng)
    kind = index % 5
    if kind == 1:  # printed text
        canvas = np.clip(gray, 0, 255).astype(np.uint8)
        for line in range(int(rng.integers(4, 12))):
            cv2.putText(canvas, "".join(chr(int(c)) for c in rng.integers(65, 90, 24)),
                        (20, 40 + line * 36), cv2.FONT_HERSHEY_SIMPLEX, rng.uniform(0.6, 1.1), 20, 2)
        gray = canvas.astype(np.float32)
    elif kind == 2:  # a checkerboard / tiled floor
        tile = int(rng.integers(8, 40))
        yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
        gray = gray * 0.3 + np.where(((xx // tile) + (yy // tile)) % 2, 220, 40) * 0.7
    elif kind == 3:  # a product's Code128 barcode: not a QR code
        bars = code128_modules("4006381333931")
        strip = np.where(bars, 20, 230).astype(np.float32)
        strip = cv2.resize(strip[np.newaxis, :], (int(len(bars) * 3), 120), interpolation=cv2.INTER_NEAREST)
        y, x = int(rng.integers(20, HEIGHT - 140)), int(rng.integers(0, WIDTH - strip.shape[1]))
        gray[y:y + 120, x:x + strip.shape[1]] = strip
    elif kind == 4:  # random module noise, QR-ish texture without finder patterns
        blocks = np.where(rng.random((30, 30)) < 0.5, 20, 230).astype(np.float32)
        blocks = cv2.resize(blocks, (240, 240), interpolation=cv2.INTER_NEAREST)
        y, x = int(rng.integers(0, HEIGHT - 240)), int(rng.integers(0, WIDTH - 240))
        gray[y:y + 240, x:x + 240] = blocks
    gray = gray + rng.normal(0, 4, gray.shape)
    return _to_bgr(gray, rng)


def _to_bgr(gray: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    tint = rng.uniform(0.85, 1.15, 3)
    return np.clip(gray[..., np.newaxis] * tint, 0, 255).astype(np.uint8)
