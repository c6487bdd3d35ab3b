"""MemberPanel: who is this, what do they have, what are they close to."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import know_name, program_name, tr
from ui.widgets.money import money
from ui.widgets.stamp_strip import StampStrip
from ui.widgets.tier_bar import TierBar

BADGE_TEXT = {  # promotion ids of the demo program -> short badge; other ids show the program's name
    "birthday-week": "🎂 Birthday week",
    "member-tuesday": "Member Tuesday ×2 points",
    "member-day-8th": "Member day −10%",
}


def stamp_count_text(count: int, required: int) -> str:
    """"7/10" on the way; a full card says what it means ("reward ready"), never "17/10"."""
    return tr("reward ready") if count >= required else f"{count}/{required}"


class MemberPanel(QFrame):
    """Shows a MemberView (ui.till.backend) or the empty state."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("MemberPanel")
        self.view: Any = None
        self.title = QLabel(objectName="PanelTitle")
        self.name = QLabel(objectName="MemberName")
        self.phone = QLabel(objectName="MemberPhone")
        self.tier = QLabel(objectName="TierName")
        self.tier_bar = TierBar()
        self.tier_to_next = QLabel(objectName="Hint")
        self.points = QLabel(objectName="Points")
        self.check = QLabel(objectName="MemberCheck")  # verified (card, phone code) or identified only
        self.check.setWordWrap(True)
        self.identity: Any = None
        self.badges = QLabel(objectName="Badges")
        self.badges.setWordWrap(True)
        self.empty = QLabel(objectName="Hint")
        self.empty.setWordWrap(True)
        self.cards = QGridLayout()
        self.cards.setHorizontalSpacing(8)
        self.strips: dict[str, StampStrip] = {}
        self._card_labels: dict[str, tuple[QLabel, QLabel]] = {}

        head = QHBoxLayout()
        head.addWidget(self.name, 1)
        head.addWidget(self.phone)
        tier_row = QHBoxLayout()
        tier_row.addWidget(self.tier)
        tier_row.addWidget(self.tier_bar, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addLayout(head)
        layout.addWidget(self.check)
        layout.addLayout(tier_row)
        layout.addWidget(self.tier_to_next)
        layout.addWidget(self.points)
        layout.addLayout(self.cards)
        layout.addWidget(self.badges)
        layout.addStretch(1)
        self.show_member(None)

    # -- content ----------------------------------------------------------------------
    def show_member(self, view: Any, *, animate: bool = False) -> None:
        self.view = view
        member_widgets = (self.name, self.phone, self.tier, self.tier_bar, self.tier_to_next, self.points, self.badges)
        for widget in member_widgets:
            widget.setVisible(view is not None)
        self.empty.setVisible(view is None)
        self.check.setVisible(view is not None and self.identity is not None)
        if view is None:
            self._clear_cards()
        else:
            self._show_cards(view.summary.cards, animate=animate)
        self.retranslate()

    def _clear_cards(self) -> None:
        while self.cards.count():
            item = self.cards.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.strips.clear()
        self._card_labels.clear()

    def _show_cards(self, cards: list, *, animate: bool) -> None:
        if set(self.strips) != {c.card for c in cards}:
            self._clear_cards()
        for row, card in enumerate(cards):
            know_name(card.name)  # the engine's Chinese explanations carry the card's one (English) name
            strip = self.strips.get(card.card)
            if strip is None:
                name, count = QLabel(objectName="CardName"), QLabel(objectName="CardCount")
                count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                strip = StampStrip(card.required, card.count)
                strip.setObjectName(f"StampStrip_{card.card}")
                self.cards.addWidget(name, row, 0)
                self.cards.addWidget(strip, row, 1)
                self.cards.addWidget(count, row, 2)
                self.strips[card.card] = strip
                self._card_labels[card.card] = (name, count)
            elif animate:
                strip.animate_to(card.count)
            else:
                strip.set_progress(card.count, card.required)

    def show_identity(self, identity: Any) -> None:
        """How the member was attached (services.identity.MemberIdentity), or None."""
        self.identity = identity
        self.check.setVisible(self.view is not None and identity is not None)
        if identity is not None:
            self.check.setProperty("kind", "verified" if identity.verified else "identified")
            self.check.style().unpolish(self.check)
            self.check.style().polish(self.check)
        self.retranslate()

    # -- text -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(tr("MEMBER"))
        self.empty.setText(tr("No member. Scan a card or phone code, type a phone number, or press F4 to enrol."))
        view = self.view
        if view is None:
            return
        s = view.summary
        identity = self.identity
        if identity is not None:
            via = tr(identity.via or "number")
            self.check.setText(tr("✓ Verified ({via}): may spend points and rewards").format(via=via)
                               if identity.verified else
                               tr("Identified only ({via}): to spend, their code or an override")
                               .format(via=via))
        self.name.setText(s.member.masked_name)
        self.phone.setText(s.member.masked_phone)
        self.points.setText(tr("Points {points}").format(points=f"{s.points:,}"))
        tier = s.tier
        if tier is not None and tier.level is not None:
            self.tier.setText(program_name(f"tier:{tier.level.name}", tier.level.name.upper()))
        else:
            self.tier.setText(tr("No tier"))
        if tier is not None and tier.next_level is not None:
            target = tier.next_level.min_spend
            self.tier_bar.set_standing(target - tier.to_next, target)
            self.tier_to_next.setText(tr("{amount} more this month for {tier}").format(
                amount=money(tier.to_next),
                tier=program_name(f"tier:{tier.next_level.name}", tier.next_level.name.upper())))
        else:
            self.tier_bar.set_standing(1, 1)
            self.tier_to_next.setText(tr("Top tier"))
        for card in s.cards:
            name, count = self._card_labels.get(card.card, (None, None))
            if name is not None:
                name.setText(program_name(f"card:{card.card}", card.name))
                count.setText(stamp_count_text(card.count, card.required))
                count.setProperty("kind", "ready" if card.count >= card.required else "")
                count.setToolTip(tr("{count} stamps of {required}").format(count=card.count, required=card.required))
        badges = [tr(BADGE_TEXT[b]) if b in BADGE_TEXT else program_name(f"promotion:{b}", view.badge_names.get(b, b))
                  for b in view.badges]
        self.badges.setText("  ·  ".join(badges))
        self.badges.setVisible(bool(badges))
        self.updateGeometry()  # other lines, other height: see minimumSizeHint

    def minimumSizeHint(self) -> QSize:
        """Tall enough for every line shown at the panel's width: a wrapped line ("Identified only
        (number): ...") is never squeezed into half its height; the splitter takes the room from
        the products below instead. (With the CJK font's taller lines, 1024x768 clipped it.)"""
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(max(hint.height(), layout.totalHeightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width wraps differently: the splitter asks the height again

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
