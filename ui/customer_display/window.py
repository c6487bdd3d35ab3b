"""CustomerDisplay: big, calm, readable from a metre away. Listens to the TillBridge only."""
from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.bridge import TillBridge
from ui.i18n import language, program_name, tr
from ui.widgets.money import money
from ui.widgets.stamp_strip import StampStrip

JOIN_POLL_MS = 5000  # a join link works once: look for a fresh one this often (off the GUI thread)
MAX_LINES = 8


def second_screen(screens: list, primary: Any) -> Optional[Any]:
    """The screen the customer faces: the first one that is not the cashier's (None: only one)."""
    return next((screen for screen in screens if screen is not primary), None)


def place(display: QWidget) -> None:
    """Full screen on the second screen when there is one; else a window beside the till."""
    from PySide6.QtGui import QGuiApplication

    screen = second_screen(QGuiApplication.screens(), QGuiApplication.primaryScreen())
    if screen is None:
        display.show()
        return
    display.setScreen(screen)
    display.setGeometry(screen.geometry())
    display.showFullScreen()


def fills_card(receipt: Optional[dict], card: Any) -> bool:
    """This visit's stamps fill the card: it reaches `required` with this basket (before payment)."""
    if not receipt or not receipt.get("stamps_earned", {}).get(card.card):
        return False
    return card.count < card.required <= receipt.get("stamps", {}).get(card.card, 0)


def card_note(card: str, left: int) -> str:
    """What the stamps are for, in the card's own name (the program has no noun for the reward):
    "8 more stamps on your Coffee card for a free one" / "咖啡集點卡再集 8 點，換一份免費"."""
    if left <= 0:
        return tr("Your {card} is full: your next one is free").format(card=card)
    if left == 1:
        return tr("1 more stamp on your {card} for a free one").format(card=card)
    return tr("{n} more stamps on your {card} for a free one").format(card=card, n=left)


class CustomerDisplay(QWidget):
    def __init__(self, bridge: TillBridge, parent: Optional[QWidget] = None, *,
                 join_link: Optional[Callable[[], Optional[str]]] = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("CustomerDisplay")
        self.snapshot: Any = None
        self.paid: Any = None
        # This till's one-time join link (TillJoinLinks.current), None when phones cannot join here.
        self.join_link = join_link or (lambda: None)
        self.join_url: Optional[str] = None
        self._join_asking = False
        self._join_timer = QTimer(self)
        self._join_timer.setInterval(JOIN_POLL_MS)
        self._join_timer.timeout.connect(self._ask_join_link)
        self.shop_name: Optional[str] = None     # store settings; None: the demo's name, translated
        self.logo = QLabel(objectName="CdLogo")
        self.logo.setVisible(False)
        self.shop = QLabel(objectName="CdShop")
        self.greeting = QLabel(objectName="CdGreeting")
        self.greeting.setWordWrap(True)
        self.lines = QLabel(objectName="CdLines")
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.total_caption = QLabel(objectName="CdTotalCaption")
        self.total = QLabel(objectName="CdTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.points_caption = QLabel(objectName="CdPointsCaption")
        self.points_paid = QLabel(objectName="CdPointsPaid")
        self.points_paid.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.fills = QLabel(objectName="CdFills")
        self.fills.setWordWrap(True)
        self.thanks = QLabel(objectName="CdThanks")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.setWordWrap(True)
        self.earned = QLabel(objectName="CdEarned")
        self.earned.setWordWrap(True)
        self.cards_box = QFrame(objectName="CdCards")
        self.cards = QGridLayout(self.cards_box)
        self.strips: dict[str, StampStrip] = {}
        self.card_notes: dict[str, QLabel] = {}
        self.join = QLabel(objectName="CdJoin")
        self.join.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.join_text = QLabel(objectName="CdJoinText")
        self.join_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.join_text.setWordWrap(True)
        from ui.customer_display.new_card import NewCardPanel

        self.new_card = NewCardPanel()  # the new member's card, right after enrolment
        join_box = QVBoxLayout()
        join_box.addWidget(self.new_card)
        join_box.addWidget(self.join)
        join_box.addWidget(self.join_text)
        join_box.addStretch(1)
        header = QHBoxLayout()
        header.addWidget(self.logo)
        header.addWidget(self.shop, 1)
        left = QVBoxLayout()
        left.addWidget(self.greeting)
        left.addWidget(self.lines, 1)
        points_row = QHBoxLayout()
        points_row.addWidget(self.points_caption)
        points_row.addWidget(self.points_paid, 1)
        left.addLayout(points_row)
        total_row = QHBoxLayout()
        total_row.addWidget(self.total_caption)
        total_row.addWidget(self.total, 1)
        left.addLayout(total_row)
        left.addWidget(self.thanks)
        left.addWidget(self.earned)
        left.addWidget(self.fills)
        left.addWidget(self.cards_box)
        body = self.body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(join_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 24)
        layout.addLayout(header)
        rule = QFrame(objectName="CdRule")
        rule.setFixedHeight(3)
        layout.addWidget(rule)
        layout.addLayout(body, 1)
        bridge.sale_did_change.connect(self.show_sale)
        bridge.checkout_did_complete.connect(self.show_paid)
        bridge.card_did_issue.connect(lambda member, code: (self.new_card.show_card(member, code), self.retranslate()))
        bridge.shop_did_load.connect(lambda shop: self.set_shop(shop.shop_name, shop.logo))
        bridge.language_did_change.connect(lambda _code: self.retranslate())
        self.resize(800, 600)
        self.retranslate()

    # -- content ----------------------------------------------------------------------
    def set_shop(self, name: Optional[str], logo: Optional[str]) -> None:
        """The shop's name and logo from the store settings."""
        from pos_loyalty.store_settings import DEFAULT_SHOP

        self.shop_name = None if name in (None, DEFAULT_SHOP) else name
        pixmap = QPixmap(logo) if logo else QPixmap()
        if not pixmap.isNull():
            self.logo.setPixmap(pixmap.scaledToHeight(72, Qt.TransformationMode.SmoothTransformation))
        self.logo.setVisible(not pixmap.isNull())
        self.retranslate()

    def show_sale(self, snapshot: Any) -> None:
        if snapshot.state != "receipt":
            self.paid = None
        self.snapshot = snapshot
        self.new_card.follow(snapshot)
        cards = snapshot.member.summary.cards if snapshot.member is not None else []
        if self.paid is None:
            self._cards(cards, animate=False)
        self.retranslate()

    def show_paid(self, paid: Any) -> None:
        """After payment: the new stamps fill in one by one; points earned stay on screen."""
        self.paid = paid
        if paid.member is not None:
            self._cards(paid.member.summary.cards, animate=True)
        self.retranslate()

    def _cards(self, cards: list, *, animate: bool) -> None:
        if set(self.strips) != {c.card for c in cards}:
            while self.cards.count():
                item = self.cards.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
            self.strips, self.card_notes = {}, {}
            for row, card in enumerate(cards):
                strip = StampStrip(card.required, card.count, slot=36)
                strip.setObjectName(f"CdStrip_{card.card}")
                note = QLabel(objectName="CdCardNote")
                self.cards.addWidget(strip, row * 2, 0)
                self.cards.addWidget(note, row * 2 + 1, 0)
                self.strips[card.card], self.card_notes[card.card] = strip, note
        for card in cards:
            strip = self.strips[card.card]
            if animate:
                strip.animate_to(card.count)
            else:
                strip.set_progress(card.count, card.required)
        self._card_cache = cards

    _card_cache: list = []

    def retranslate(self) -> None:
        s = self.snapshot
        member = (self.paid.member if self.paid is not None else None) or (s.member if s is not None else None)
        self.shop.setText(self.shop_name or tr("Loyalty Café"))
        if member is not None:
            self.greeting.setText(tr("Welcome back, {name}").format(name=member.summary.member.masked_name))
        else:
            self.greeting.setText(tr("Welcome!"))
        receipt = self.paid.result.receipt.to_dict() if self.paid is not None else (s.receipt if s else None)
        used = receipt["points_used"] if receipt else 0
        self.points_caption.setText(tr("{points} points pay").format(points=f"{used:,}") if used else "")
        self.points_paid.setText(money(-receipt["points_value"]) if used else "")
        self.points_caption.setVisible(bool(used))
        self.points_paid.setVisible(bool(used))
        self.thanks.setText(tr("Thank you! See you soon.") if self.paid is not None else "")
        self.thanks.setVisible(self.paid is not None)
        rows = []
        if s is not None:
            zh = language() == "zh_TW"
            for i, line in enumerate(s.lines[-MAX_LINES:]):
                name = s.names_zh.get(line.sku, line.name) if zh else line.name
                rows.append(f"<tr><td>{name}</td><td align='right'>&nbsp;×{line.qty}&nbsp;</td>"
                            f"<td align='right'>{money(line.gross)}</td></tr>")
        self.lines.setText("<table width='100%' cellpadding='4'>" + "".join(rows) + "</table>")
        selling = bool(s is not None and s.lines) or self.paid is not None
        self.total_caption.setVisible(selling)
        self.total.setVisible(selling)
        self.total_caption.setText(tr("Total"))
        self.total.setText(money(receipt["total"]) if receipt else money(0))
        earned = []
        if receipt and receipt.get("member"):
            if receipt["discount_total"]:
                earned.append(tr("You save {amount}").format(amount=money(receipt["discount_total"])))
            if receipt["points_earned"]:
                earned.append((tr("+{points} points earned") if self.paid else tr("+{points} points"))
                              .format(points=receipt["points_earned"]))
            if self.paid is not None and receipt.get("points_balance") is not None:
                earned.append(tr("Balance {points} points").format(points=f"{receipt['points_balance']:,}"))
        self.earned.setText("  ·  ".join(earned))
        filled = []
        for card in (member.summary.cards if member is not None else []):
            name = program_name(f"card:{card.card}", card.name)
            if self.paid is None and fills_card(receipt, card):
                filled.append(tr("This visit fills your {card}: your next one is free").format(card=name))
            note = self.card_notes.get(card.card)
            if note is None:
                continue
            left_after = card.required - card.count
            coming = (receipt or {}).get("stamps_earned", {}).get(card.card, 0) if self.paid is None else 0
            if self.paid is None and card.card in (receipt or {}).get("cards_redeemed", []):
                note.setText(tr("Your {card} pays for one today").format(card=name))
            elif coming:
                visit = tr("+1 stamp this visit") if coming == 1 else tr("+{n} stamps this visit").format(n=coming)
                if fills_card(receipt, card):  # the line above says what it fills
                    note.setText(visit)
                else:
                    left_after = card.required - (receipt or {}).get("stamps", {}).get(card.card, card.count)
                    note.setText(visit + "  ·  " + card_note(name, left_after))
            else:
                note.setText(card_note(name, left_after))
        self.fills.setText("\n".join(filled))
        self.fills.setVisible(bool(filled))
        self.cards_box.setVisible(member is not None and bool(self.strips))
        joined = member is not None or self.new_card.isVisibleTo(self)
        # A member's sale takes the whole width; the right column is for joining or the new card.
        self.body.setStretch(1, 0 if member is not None and not self.new_card.isVisibleTo(self) else 1)
        self.join.setVisible(not joined)
        self.join_text.setVisible(not joined and self.join_url is not None)
        if not joined:
            if not self._join_timer.isActive():
                self._join_timer.start()
                self._ask_join_link()
            self.join_text.setText(tr("Scan to join: a stamp with every coffee, points on everything"))
        else:
            self._join_timer.stop()
        self.setWindowTitle(tr("Customer display"))

    def _ask_join_link(self) -> None:
        from ui.worker import Operation

        if self._join_asking:
            return
        self._join_asking = True

        def fresh():  # noqa: ANN202 - runs on a worker thread
            from pos_loyalty.cards.symbols import qr_modules

            url = self.join_link()
            return url, (qr_modules(url) if url and url != self.join_url else None)

        Operation(fresh, parent=self).success(self._show_join_link).failure(
            lambda _error: setattr(self, "_join_asking", False)).run()

    def _show_join_link(self, answer: tuple) -> None:
        from ui.widgets.qr_pixmap import modules_pixmap

        self._join_asking = False
        url, modules = answer
        if url is None:
            self.join_url = None
            self.join.clear()
        elif modules is not None:
            self.join_url = url
            self.join.setPixmap(modules_pixmap(modules, size=220))
        self.join_text.setVisible(self.join.isVisible() and self.join_url is not None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
