"""The peer decoders the project's reader is measured against, each as a CodeReader."""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp


def _gray(frame: np.ndarray) -> np.ndarray:
    return frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


class OpenCvQr:
    name = "OpenCV QRCodeDetector"

    def __init__(self) -> None:
        self._detector = cv2.QRCodeDetector()

    def read(self, frame: np.ndarray) -> str | None:
        text, _, _ = self._detector.detectAndDecode(frame)
        return text or None


class OpenCvQrAruco:
    name = "OpenCV QRCodeDetectorAruco"

    def __init__(self) -> None:
        self._detector = cv2.QRCodeDetectorAruco()

    def read(self, frame: np.ndarray) -> str | None:
        text, _, _ = self._detector.detectAndDecode(frame)
        return text or None


class ZxingQr:
    name = "zxing-cpp (QR only)"

    def read(self, frame: np.ndarray) -> str | None:
        found = zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode)
        return found[0].text if found else None


class Pyzbar:
    name = "pyzbar"

    def __init__(self) -> None:
        from pyzbar import pyzbar  # needs Debian's libzbar0; ImportError when missing

        self._pyzbar = pyzbar

    def read(self, frame: np.ndarray) -> str | None:
        found = self._pyzbar.decode(_gray(frame), symbols=[self._pyzbar.ZBarSymbol.QRCODE])
        return found[0].data.decode("utf-8", "replace") if found else None


def available_peers() -> tuple[list[object], list[str]]:
    """The peers that run here, and a note for each that does not."""
    peers: list[object] = [OpenCvQr(), OpenCvQrAruco(), ZxingQr()]
    notes: list[str] = []
    try:
        peers.append(Pyzbar())
    except (ImportError, OSError) as exc:
        notes.append(f"pyzbar unavailable ({exc}); install Debian's libzbar0")
    return peers, notes
