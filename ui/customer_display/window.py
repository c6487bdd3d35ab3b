"""CustomerDisplay: big, calm, readable from a metre away. Listens to the TillBridge only."""
from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.bridge import TillBridge
from ui.i18n import language, program_name, tr
from ui.widgets.money import money
from ui.widgets.stamp_strip import StampStrip

JOIN_POLL_MS = 5000  # a join link works once: look for a fresh one this often (off the GUI thread)
MAX_LINES = 8


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
        self.greeting = QLabel(objectName="CdGreeting")
        self.lines = QLabel(objectName="CdLines")
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.total_caption = QLabel(objectName="CdTotalCaption")
        self.total = QLabel(objectName="CdTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        left = QVBoxLayout()
        left.addWidget(self.greeting)
        left.addWidget(self.lines, 1)
        total_row = QHBoxLayout()
        total_row.addWidget(self.total_caption)
        total_row.addWidget(self.total, 1)
        left.addLayout(total_row)
        left.addWidget(self.earned)
        left.addWidget(self.cards_box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(left, 3)
        layout.addLayout(join_box, 1)
        bridge.sale_did_change.connect(self.show_sale)
        bridge.checkout_did_complete.connect(self.show_paid)
        bridge.card_did_issue.connect(lambda member, code: (self.new_card.show_card(member, code), self.retranslate()))
        bridge.language_did_change.connect(lambda _code: self.retranslate())
        self.resize(800, 600)
        self.retranslate()

    # -- content ----------------------------------------------------------------------
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
        if member is not None:
            self.greeting.setText(tr("Welcome back, {name}").format(name=member.summary.member.masked_name))
        else:
            self.greeting.setText(tr("Welcome!"))
        receipt = self.paid.result.receipt.to_dict() if self.paid is not None else (s.receipt if s else None)
        rows = []
        if s is not None:
            zh = language() == "zh_TW"
            for i, line in enumerate(s.lines[-MAX_LINES:]):
                name = s.names_zh.get(line.sku, line.name) if zh else line.name
                rows.append(f"<tr><td>{name}</td><td align='right'>&nbsp;×{line.qty}&nbsp;</td>"
                            f"<td align='right'>{money(line.gross)}</td></tr>")
        self.lines.setText("<table width='100%' cellpadding='4'>" + "".join(rows) + "</table>")
        self.total_caption.setText(tr("Total"))
        self.total.setText(money(receipt["total"]) if receipt else money(0))
        earned = []
        if receipt and receipt.get("member"):
            if receipt["discount_total"]:
                earned.append(tr("You save {amount}").format(amount=money(receipt["discount_total"])))
            if receipt["points_earned"]:
                earned.append((tr("+{points} points earned") if self.paid else tr("+{points} points"))
                              .format(points=receipt["points_earned"]))
        self.earned.setText("  ·  ".join(earned))
        for card in (member.summary.cards if member is not None else []):
            note = self.card_notes.get(card.card)
            if note is None:
                continue
            note.setText(card_note(program_name(f"card:{card.card}", card.name), card.required - card.count))
        self.cards_box.setVisible(member is not None and bool(self.strips))
        joined = member is not None or self.new_card.isVisibleTo(self)
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
