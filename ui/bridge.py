"""TillBridge: the one QObject through which what happens at the till reaches other windows
(the customer display, the status bar) as Qt signals on the GUI thread."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class TillBridge(QObject):
    sale_did_change = Signal(object)         # SaleSnapshot
    checkout_did_complete = Signal(object)   # backend.Paid
    sync_did_change = Signal(int, bool)      # entries waiting, connected
    language_did_change = Signal(str)
    card_did_issue = Signal(object, str)     # MemberView, the new card's code (enrolment): shown to the customer
    till_did_close = Signal()                # the cashier's window closed: the other windows go too
    shop_did_load = Signal(object)           # backend.ShopInfo: the shop's name and logo (store settings)
