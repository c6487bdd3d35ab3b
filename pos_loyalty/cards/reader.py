"""Reading membership QR codes from camera frames.

`CodeReader` is the small interface the UI's camera glue calls on every frame. `TillCodeReader`
is the project's reader: zxing-cpp first (fast, robust); only when that fails does it spend
more, and only where there is evidence of a code.

The first look is split in two: zxing at full resolution for dark-on-light codes only, then (if
it found nothing at all) zxing on a half-size copy trying both polarities. That replaces
zxing's own fallbacks (an inverted full-resolution pass and a 1/3-size pass), which cost an
empty frame about as much again as the first pass; the half-size copy is a quarter of the work
and still reads light-on-dark codes at the module sizes a till camera sees. Then:

1. zxing found a QR symbol but could not decode it (checksum error): crop that symbol,
   upscale and sharpen / flatten the light, decode the crop again (a few tries, small images).
2. zxing found nothing, but the busiest patch of the frame is smeared one way (structure
   tensor, ~0.3 ms): undo the motion blur along that direction (Wiener) and decode the patch.

Frames with no code pay for one single-polarity zxing pass, one half-size pass and the
structure-tensor look.
"""

from __future__ import annotations

from typing import Protocol

import cv2
import numpy as np
import zxingcpp

from pos_loyalty.cards.sharpening import WienerDeblur, estimate_blur, flatten_light, motion_kernel, unsharp

_QR = zxingcpp.BarcodeFormat.QRCode
_LOCAL = zxingcpp.Binarizer.LocalAverage
_GLOBAL = zxingcpp.Binarizer.GlobalHistogram
MAX_FRAME_PIXELS = 4096 * 4096


class CodeReader(Protocol):
    """Frame in (numpy uint8, BGR or gray), decoded text or None out. Never raises on a bad frame."""

    def read(self, frame: np.ndarray) -> str | None: ...


class ZxingReader:
    """zxing-cpp limited to QR codes: the plain reader, and the first pass of TillCodeReader."""

    def read(self, frame: np.ndarray) -> str | None:
        gray = as_gray(frame)
        if gray is None:
            return None
        found = zxingcpp.read_barcodes(gray, formats=_QR)
        return found[0].text if found else None


class TillCodeReader:
    """The project's reader for the till camera: zxing-cpp plus targeted second attempts."""

    def __init__(self, *, motion_deblur: bool = True, rescue_detected: bool = True) -> None:
        self.motion_deblur = motion_deblur
        self.rescue_detected = rescue_detected

    def read(self, frame: np.ndarray) -> str | None:
        gray = as_gray(frame)
        if gray is None:
            return None
        found = zxingcpp.read_barcodes(gray, formats=_QR, return_errors=True, try_invert=False, try_downscale=False)
        for symbol in found:
            if symbol.valid:
                return symbol.text
        if not found:
            text = _decode(_half(gray), _LOCAL, try_invert=True)
            if text is not None:
                return text
        if found and self.rescue_detected:
            return self._rescue_detected(gray, found)
        if not found and self.motion_deblur:
            return self._undo_motion_blur(gray)
        return None

    def _rescue_detected(self, gray: np.ndarray, found: list[zxingcpp.Barcode]) -> str | None:
        for symbol in sorted(found, key=_area, reverse=True)[:2]:
            crop = _crop(gray, symbol)
            if crop is None:
                continue
            for image, binarizer in _repairs(crop):
                text = _decode(image, binarizer)
                if text is not None:
                    return text
        return None

    def _undo_motion_blur(self, gray: np.ndarray) -> str | None:
        look = estimate_blur(gray)
        # A smeared code: a large busy patch whose gradients mostly point one way. Plain bars
        # (isotropy ~0) and ordinary clutter (isotropy > 0.6, or small patches) stay out.
        if not (0.18 <= look.isotropy <= 0.55 and look.energy > 70_000
                and min(look.x1 - look.x0, look.y1 - look.y0) >= 160):
            return None
        margin = 24
        y0, y1 = max(look.y0 - margin, 0), min(look.y1 + margin, gray.shape[0])
        x0, x1 = max(look.x0 - margin, 0), min(look.x1 + margin, gray.shape[1])
        if (y1 - y0) < 48 or (x1 - x0) < 48:
            return None
        deblur = WienerDeblur(gray[y0:y1, x0:x1])
        for length in (6, 9, 12):
            text = _decode(deblur.apply(motion_kernel(length, look.angle_deg)), _LOCAL)
            if text is not None:
                return text
        return None


def as_gray(frame: object) -> np.ndarray | None:
    """A contiguous 2D uint8 view of a frame, or None if it is not a usable image."""
    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8 or frame.size > MAX_FRAME_PIXELS * 4:
        return None
    if frame.ndim == 3 and frame.shape[2] == 3:
        return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if frame.ndim != 2 or min(frame.shape) < 21:
        return None
    return np.ascontiguousarray(frame)


def _repairs(crop: np.ndarray):
    """Repairs in the order they paid off on the synthetic hard set (bench/cards)."""
    yield unsharp(crop, sigma=4, amount=3, scale=2), _LOCAL
    flat = flatten_light(crop)
    yield unsharp(flat, sigma=3, amount=1.5, scale=2), _LOCAL
    yield unsharp(crop, sigma=2, amount=2.5, scale=2), _LOCAL
    yield unsharp(crop, sigma=4, amount=3, scale=2), _GLOBAL
    yield cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4)).apply(crop), _LOCAL


def _decode(image: np.ndarray, binarizer: zxingcpp.Binarizer, *, try_invert: bool = True) -> str | None:
    found = zxingcpp.read_barcodes(image, formats=_QR, binarizer=binarizer, try_downscale=False,
                                   try_invert=try_invert)
    return found[0].text if found else None


def _half(gray: np.ndarray) -> np.ndarray:
    """A half-size copy (area averaging), or the frame itself if halving would make it unusable."""
    h, w = gray.shape
    if min(h, w) < 42:
        return gray
    return cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)


def _corners(symbol: zxingcpp.Barcode) -> np.ndarray:
    p = symbol.position
    return np.array([[c.x, c.y] for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)], float)


def _area(symbol: zxingcpp.Barcode) -> float:
    return float(cv2.contourArea(_corners(symbol).astype(np.float32)))


def _crop(gray: np.ndarray, symbol: zxingcpp.Barcode) -> np.ndarray | None:
    pts = _corners(symbol)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    margin = float((hi - lo).max()) * 0.15
    x0, y0 = np.maximum(lo - margin, 0).astype(int)
    x1, y1 = np.minimum(hi + margin, [gray.shape[1], gray.shape[0]]).astype(int)
    if x1 - x0 < 21 or y1 - y0 < 21:
        return None
    return np.ascontiguousarray(gray[y0:y1, x0:x1])
