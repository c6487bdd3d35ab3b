"""FrameDecoder: text from one camera frame (QR member codes, Code128 member numbers, EAN barcodes).

Member QR codes go through the cards module's TillCodeReader when it is there (deblur and
rescue of damaged symbols); product and member-number bars through zxing-cpp's 1D readers.
Pure function of a numpy frame: no Qt.
"""
from __future__ import annotations

from typing import Any, Optional


class FrameDecoder:
    def __init__(self) -> None:
        import zxingcpp

        self._zxing = zxingcpp
        fmt = zxingcpp.BarcodeFormat
        self._bars = [fmt.Code128, fmt.EAN13, fmt.EAN8, fmt.UPCA]
        self._qr: Any = None
        self._rank: Any = None  # the cards reader module: which of several codes is the member's
        try:
            from pos_loyalty.cards import reader
            from pos_loyalty.cards.reader import TillCodeReader

            self._qr = TillCodeReader()
            self._rank = reader
            self.name = "cards.TillCodeReader + zxing-cpp 1D"
        except Exception:  # noqa: BLE001 - the cards reader is optional; zxing reads QR well too
            self._bars = [*self._bars, fmt.QRCode]
            self.name = "zxing-cpp"

    def read(self, frame: Any) -> Optional[str]:
        qr = self._qr.read(frame) if self._qr is not None else None
        if qr and self._rank is not None and self._rank.is_member_code(qr):
            return qr
        # No member QR (or only a receipt's or a product's QR): a member number's bars may be there too.
        texts = [qr] if qr else []
        texts += [symbol.text for symbol in self._zxing.read_barcodes(frame, formats=self._bars)]
        if not texts:
            return None
        return self._rank.member_code_first(texts) if self._rank is not None else texts[0]
