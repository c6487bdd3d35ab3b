"""The two symbols on a card: the LY1 QR code (qrcode, ECC M) and the plain member number as Code128
(python-barcode). Both are returned as module grids so PDFs draw crisp vectors and PNGs scale exactly.

qrcode, not segno: it is already pinned and its automatic mode choice puts Base45 text in
alphanumeric mode; segno would save a dependency's worth of nothing here.
"""

from __future__ import annotations

import io

import barcode
import numpy as np
import qrcode
from PIL import Image

QUIET_ZONE_MODULES = 4


def qr_modules(text: str) -> np.ndarray:
    """The QR code's dark modules (True) at error correction M, smallest version that fits, no quiet zone."""
    return np.array(_qr(text).get_matrix(), dtype=bool)[QUIET_ZONE_MODULES:-QUIET_ZONE_MODULES,
                                                      QUIET_ZONE_MODULES:-QUIET_ZONE_MODULES]


def qr_version(text: str) -> int:
    return _qr(text).version


def qr_png(text: str, *, module_px: int = 6, quiet_zone: int = QUIET_ZONE_MODULES) -> bytes:
    """A member QR code as PNG bytes, e.g. for a receipt printer or a phone wallet."""
    return png_bytes(modules_image(qr_modules(text), module_px=module_px, quiet_zone=quiet_zone))


def code128_modules(number: str) -> np.ndarray:
    """The Code128 bars (True = bar) for a member number, one entry per module, no quiet zone."""
    pattern = barcode.get_barcode_class("code128")(number).build()[0]
    return np.array([ch == "1" for ch in pattern], dtype=bool)


def modules_image(modules: np.ndarray, *, module_px: int, quiet_zone: int, height_px: int | None = None) -> Image.Image:
    """Black-on-white image of a 2D module grid, or of a 1D bar row stretched to height_px."""
    grid = modules if modules.ndim == 2 else modules[np.newaxis, :]
    pixels = np.where(np.pad(grid, quiet_zone, constant_values=False), 0, 255).astype(np.uint8)
    pixels = np.kron(pixels, np.ones((module_px, module_px), dtype=np.uint8))
    image = Image.fromarray(pixels, mode="L")
    if modules.ndim == 1 and height_px is not None:
        image = image.crop((0, quiet_zone * module_px, image.width, quiet_zone * module_px + module_px))
        image = image.resize((image.width, height_px), Image.Resampling.NEAREST)
    return image


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _qr(text: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE_MODULES)
    code.add_data(text)
    code.make(fit=True)
    return code
