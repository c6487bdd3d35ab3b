"""Reading membership QR codes from camera frames.

`CodeReader` is the small interface the UI's camera glue calls on every frame. `TillCodeReader`
is the project's reader: zxing-cpp first (fast, robust); only when that fails does it spend
more, and only where there is evidence of a code.

The formats asked of zxing are QR Model 2 and Model 1 only. zxing-cpp 3's `QRCode` also means
Micro QR and rMQR: on webcam-sized photos those detectors find "symbols" in any fine texture,
each a damaged-symbol rescue costing up to seconds, and they hide the frame's real code from the
cheaper passes. A membership code is always a Model 2 symbol.

The first look is a few cheap passes instead of zxing's own fallbacks (an inverted full-size
pass with the local binariser and a 1/3-size pass):

* full resolution, dark-on-light (the costly one, ~0.9 ms at 640x480);
* full resolution, light-on-dark with the global binariser (~0.15 ms): a phone in dark mode
  shows light modules on an evenly lit screen, down to 2 px per module;
* half size (and a quarter for 1280x720 and larger), both polarities: large, blurred or
  unevenly lit codes, and the photo-sized codes of an HD webcam.

Then, only on evidence of a code:

1. zxing found a QR symbol but could not decode it (checksum error): crop that symbol, scale it
   to a few pixels per module and sharpen / flatten the light, decode the crop again.
2. zxing found nothing, but the busiest patch of the frame is smeared one way (structure
   tensor, ~0.3 ms): undo the motion blur along that direction (Wiener) and decode the patch.

Several codes in one frame (a receipt QR beside the member's phone): the member's code wins,
i.e. a well-formed `LY1:` code over a member number or phone number, over anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import cv2
import numpy as np
import zxingcpp

from pos_loyalty.cards.payload import PayloadError, parse_code
from pos_loyalty.cards.scan import MemberCode, MemberNumber, PhoneNumber, classify_scan
from pos_loyalty.cards.sharpening import BlurEstimate, WienerDeblur, estimate_blur, flatten_light, motion_kernel, unsharp

_QR = (zxingcpp.BarcodeFormat.QRCodeModel2, zxingcpp.BarcodeFormat.QRCodeModel1)
_LOCAL = zxingcpp.Binarizer.LocalAverage
_GLOBAL = zxingcpp.Binarizer.GlobalHistogram
MAX_FRAME_PIXELS = 4096 * 4096
# The rescue and the deblur were tuned on 640x480 frames; larger frames work on a copy about that size.
_WORKING_SHORT_SIDE = 600
# A damaged symbol's crop is scaled x2 before the repairs, but to no more than this many pixels
# per module (a photo-sized symbol of an HD webcam comes down instead: seconds -> milliseconds).
_RESCUE_MAX_MODULE_PX = 16.0


class CodeReader(Protocol):
    """Frame in (numpy uint8, BGR or gray), decoded text or None out. Never raises on a bad frame."""

    def read(self, frame: np.ndarray) -> str | None: ...


class ZxingReader:
    """zxing-cpp with its own defaults, limited to QR Model 1/2 codes: the plain reader to beat."""

    def read(self, frame: np.ndarray) -> str | None:
        gray = as_gray(frame)
        if gray is None:
            return None
        return member_code_first(s.text for s in zxingcpp.read_barcodes(gray, formats=_QR))


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
        texts = [symbol.text for symbol in found if symbol.valid]
        if texts:
            if not _has_member_code(texts):  # a receipt's QR: is a dark-mode phone beside it?
                texts += _decode_all(cv2.bitwise_not(gray), _GLOBAL, try_invert=False)
            return member_code_first(texts)
        levels = _smaller_copies(gray)
        for level in levels:
            texts = _decode_all(level, _LOCAL, try_invert=True)
            if texts:
                return member_code_first(texts)
        damaged = [symbol for symbol in found if not symbol.valid]
        if damaged:
            return self._rescue_detected(gray, damaged) if self.rescue_detected else None
        # Nothing seen at all: look once for the busiest patch, and decide from it what to try.
        if min(gray.shape) <= _WORKING_SHORT_SIDE or not levels:
            working, scale = gray, 1
        else:
            working, scale = levels[0], 2
        look = estimate_blur(working, half_size=levels[0] if scale == 1 and levels else None)
        text = _light_on_dark(gray, look, scale)
        if text is None and self.motion_deblur:
            text = self._undo_motion_blur(working, look)
        return text

    def _rescue_detected(self, gray: np.ndarray, damaged: list[zxingcpp.Barcode]) -> str | None:
        for symbol in sorted(damaged, key=_area, reverse=True)[:2]:
            crop = _crop(gray, symbol)
            if crop is None:
                continue
            for image, binarizer in _repairs(crop, scale=_rescue_scale(symbol)):
                text = _decode(image, binarizer)
                if text is not None:
                    return text
        return None

    def _undo_motion_blur(self, gray: np.ndarray, look: BlurEstimate) -> str | None:
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


def _light_on_dark(gray: np.ndarray, look: BlurEstimate, scale: int) -> str | None:
    """A phone in dark mode: light modules on a dark screen, too fine for the half-size pass
    (2-3 px per module). The busiest patch is where it would be; decode that patch inverted at
    full resolution (zxing's own inverted pass does the whole frame, ~0.9 ms at 640x480)."""
    # Codes of up to 41 modules at up to 3 px (coarser ones the half-size pass reads): <= 8 tiles a
    # side of the working image (at 1280x720 and up, the half-size copy, so 512 frame pixels).
    if max(look.x1 - look.x0, look.y1 - look.y0) > 256:
        return None
    margin = 16
    y0, y1 = max(look.y0 * scale - margin, 0), min(look.y1 * scale + margin, gray.shape[0])
    x0, x1 = max(look.x0 * scale - margin, 0), min(look.x1 * scale + margin, gray.shape[1])
    if min(y1 - y0, x1 - x0) < 48:
        return None
    return _decode(cv2.bitwise_not(gray[y0:y1, x0:x1]), _LOCAL, try_invert=False)


def member_code_first(texts: Iterable[str]) -> str | None:
    """The text a till should act on when a frame holds several codes: the member's code.

    A well-formed LY1 code (printed card or phone) first, then a member or phone number, then
    whatever was read first. None when nothing was read."""
    texts = list(texts)
    if not texts:
        return None
    return min(texts, key=_rank)


def _rank(text: str) -> int:
    if text.startswith("LY1:"):
        try:
            parse_code(text)
            return 0
        except PayloadError:
            return 2
    return 1 if isinstance(classify_scan(text), (MemberNumber, PhoneNumber)) else 3


def is_member_code(text: str) -> bool:
    """A well-formed LY1 code (printed card or phone): what a till acts on first."""
    return _rank(text) == 0


def _has_member_code(texts: list[str]) -> bool:
    return any(is_member_code(text) for text in texts)


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


def _repairs(crop: np.ndarray, *, scale: float):
    """Repairs in the order they paid off on the synthetic hard set (bench/cards)."""
    if scale < 1:  # a photo-sized symbol: bring it down first, so each repair works on a small image
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        scale = 1.0
    yield unsharp(crop, sigma=4, amount=3, scale=scale), _LOCAL
    flat = flatten_light(crop)
    yield unsharp(flat, sigma=3, amount=1.5, scale=scale), _LOCAL
    yield unsharp(crop, sigma=2, amount=2.5, scale=scale), _LOCAL
    yield unsharp(crop, sigma=4, amount=3, scale=scale), _GLOBAL
    yield cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4)).apply(crop), _LOCAL


def _rescue_scale(symbol: zxingcpp.Barcode) -> float:
    """x2 for the small symbols of a 640x480 frame; big symbols come down to 16 px per module."""
    try:
        modules = 17 + 4 * int(symbol.extra.get("Version", 0))
    except (TypeError, ValueError):
        return 2.0
    side = float(np.sqrt(max(_area(symbol), 1.0)))
    return min(2.0, _RESCUE_MAX_MODULE_PX / max(side / modules, 1e-3))


def _decode_all(image: np.ndarray, binarizer: zxingcpp.Binarizer, *, try_invert: bool) -> list[str]:
    found = zxingcpp.read_barcodes(image, formats=_QR, binarizer=binarizer, try_downscale=False,
                                   try_invert=try_invert)
    return [symbol.text for symbol in found]


def _decode(image: np.ndarray, binarizer: zxingcpp.Binarizer, *, try_invert: bool = True) -> str | None:
    return member_code_first(_decode_all(image, binarizer, try_invert=try_invert))


def _smaller_copies(gray: np.ndarray) -> list[np.ndarray]:
    """Half size (area averaging); a third too for frames of 1280x720 and up (zxing's own step)."""
    h, w = gray.shape
    if min(h, w) < 42:
        return []
    copies = [cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)]
    if min(h, w) >= 720:
        copies.append(cv2.resize(gray, (w // 3, h // 3), interpolation=cv2.INTER_AREA))
    return copies


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
