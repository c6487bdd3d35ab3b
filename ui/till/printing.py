"""ReceiptPrinting: the receipt on the thermal printer, on its own thread, reported by signal.

A printer that is off or out of paper takes seconds to refuse; that wait is on the printer's own
serial thread, never the GUI's or the store's, so the next customer is served meanwhile. The
sale is already paid and stored when printing starts: a dead printer is one message, nothing else.
"""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QObject, Signal

from ui.i18n import tr
from ui.worker import Operation, error_text, serial_pool


class ReceiptPrinting(QObject):
    finished = Signal(str, str)   # message for the cashier, kind (ok / error / info)

    def __init__(self, backend: Any, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.pool = serial_pool("till-printer")

    def print_doc(self, doc: Any, *, cash: bool, asked: bool) -> Operation:
        """Print a ReceiptDoc. `cash` kicks the drawer; `asked` (the Print key, not the automatic
        print after payment) also says so when no printer is set."""
        from pos_loyalty.printing.slip import Slip

        slip = Slip(title=doc.title, rows=list(doc.rows), qr_text=doc.qr_text, open_drawer=cash)
        return Operation(lambda: self.backend.print_receipt(slip), parent=self).success(
            lambda printer: self._printed(printer, asked)).failure(
            lambda error: self.finished.emit(error_text(error), "error")).run(self.pool)

    def _printed(self, printer: Optional[str], asked: bool) -> None:
        if printer is not None:
            self.finished.emit(tr("Receipt printed on {printer}").format(printer=printer), "ok")
        elif asked:
            self.finished.emit(tr("No receipt printer is set up (settings set printer)."), "info")
