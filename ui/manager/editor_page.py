"""The programme editor: forms for every part of the program file, checked as you type."""
from __future__ import annotations

import json
from typing import Any, Optional

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QListWidget, QPlainTextEdit, QPushButton, QScrollArea, QTabWidget, QVBoxLayout, QWidget,
)

from ui.i18n import tr
from ui.manager.fields import FieldSet, flat, get, put

EFFECT_TYPES = ("percent_off", "amount_off", "nth_item", "buy_x_get_y", "points_multiplier", "bonus_points",
                "lucky_draw")
EFFECT_KEYS = {
    "percent_off": ("effect.percent", "effect.scope", "effect.match.categories", "effect.match.skus"),
    "amount_off": ("effect.amount",),
    "nth_item": ("effect.n", "effect.percent", "effect.match.categories", "effect.match.skus"),
    "buy_x_get_y": ("effect.buy", "effect.get", "effect.match.categories", "effect.match.skus"),
    "points_multiplier": ("effect.factor",),
    "bonus_points": ("effect.points",),
    "lucky_draw": ("effect.prizes",),
}
ALL_EFFECT_KEYS = sorted({k for keys in EFFECT_KEYS.values() for k in keys})


class ErrorLine(QLabel):
    """The draft's validation, in the CLI's words, under every form."""

    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__()
        self.setObjectName("DraftError")
        self.setWordWrap(True)
        self.draft = draft
        draft.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if self.draft.error:
            self.setText("✗ " + self.draft.error)
            self.setStyleSheet("color: #b3261e; font-weight: bold;")
        else:
            self.setText("✓ " + tr("The draft is a valid program (version {v}).").format(v=self.draft.data.get("version")))
            self.setStyleSheet("color: #1b7f3b;")


class _Section(QWidget):
    """A form over part of the draft: edits go straight into the draft, which re-validates."""

    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__()
        self.draft = draft
        self.form = QFormLayout()
        self.fields = FieldSet(self.form, self.edited)

    def base(self) -> dict:
        return self.draft.data

    def edited(self, key: str, value: Any) -> None:
        data = self.draft.edit()
        put(self.target(data), key, value)
        self.draft.set_data(data)

    def target(self, data: dict) -> dict:
        return data

    def load(self) -> None:
        target = self.target(self.draft.data) if self.draft.data else {}
        self.fields.load(flat(target, list(self.fields.edits)))


class GeneralSection(_Section):
    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__(draft)
        f = self.fields
        f.line("version", "Version", "int")
        f.line("currency.code", "Currency", "text", "TWD")
        f.line("currency.exponent", "Decimals shown", "int")
        f.line("timezone", "Time zone", "text", "Asia/Taipei")
        f.line("points.earn.spend", "Points: for each spend of", "int")
        f.line("points.earn.points", "Points: earn", "int")
        f.line("points.exclude_categories", "Points: not on categories", "text_list", "tobacco, gift-cards")
        f.line("points.redeem.value", "Redeem: one point is worth", "number")
        f.line("points.redeem.min_points", "Redeem: at least points", "int")
        f.line("points.redeem.max_percent", "Redeem: at most % of the bill", "number")
        f.line("points.expire_days", "Points expire after days", "int")
        f.line("tiers.basis", "Tiers: basis", "text", "previous_month / current_month / rolling_days / rolling_12_months")
        f.line("tiers.days", "Tiers: days (rolling_days)", "int")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)


class _ListSection(_Section):
    """A list of things (tiers, cards, promotions) on the left, the picked one's form on the right."""

    path: tuple[str, ...] = ()
    label_key = "id"

    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__(draft)
        self.items = QListWidget()
        self.items.setObjectName(f"list:{'.'.join(self.path)}")
        self.items.currentRowChanged.connect(lambda _: self.load())
        self.add_button, self.remove_button = QPushButton(tr("Add")), QPushButton(tr("Remove"))
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.items, 1)
        left.addLayout(buttons)
        self.names_zh = QLabel()
        right = QWidget()
        self.right = QVBoxLayout(right)
        self.right.addLayout(self.form)
        self.right.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(scroll, 3)

    def entries(self, data: dict) -> list:
        node: Any = data
        for part in self.path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else {}
        return node.setdefault(self.path[-1], []) if isinstance(node, dict) else []

    def target(self, data: dict) -> dict:
        entries = self.entries(data)
        row = self.items.currentRow()
        return entries[row] if 0 <= row < len(entries) and isinstance(entries[row], dict) else {}

    def fill_list(self) -> None:
        data = self.draft.data
        node: Any = data
        for part in self.path:
            node = node.get(part, {} if part != self.path[-1] else []) if isinstance(node, dict) else []
        labels = [str(e.get(self.label_key, "?")) if isinstance(e, dict) else "?" for e in (node or [])]
        if [self.items.item(i).text() for i in range(self.items.count())] != labels:
            row = self.items.currentRow()
            self.items.blockSignals(True)
            self.items.clear()
            self.items.addItems(labels)
            self.items.setCurrentRow(min(max(row, 0), len(labels) - 1))
            self.items.blockSignals(False)

    def refresh(self) -> None:
        self.fill_list()
        self.load()

    def new_entry(self, data: dict) -> dict:
        raise NotImplementedError

    def add(self) -> None:
        data = self.draft.edit()
        self.entries(data).append(self.new_entry(data))
        self.draft.set_data(data)
        self.fill_list()
        self.items.setCurrentRow(self.items.count() - 1)

    def remove(self) -> None:
        row = self.items.currentRow()
        data = self.draft.edit()
        entries = self.entries(data)
        if 0 <= row < len(entries):
            entries.pop(row)
            self.draft.set_data(data)


class TiersSection(_ListSection):
    path = ("tiers", "levels")
    label_key = "name"

    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__(draft)
        f = self.fields
        f.line("name", "Name (id)", "text")
        f.line("names.zh_TW", "Name (zh_TW)", "text")
        f.line("names.en", "Name (English)", "text")
        f.line("min_spend", "Spend to qualify", "int")
        f.line("earn_multiplier", "Points multiplier", "number")
        f.line("percent_off", "% off every order", "number")

    def new_entry(self, data: dict) -> dict:
        return {"name": f"tier-{len(self.entries(data)) + 1}", "min_spend": 0}


class CardsSection(_ListSection):
    path = ("stamp_cards",)

    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__(draft)
        f = self.fields
        f.line("id", "Id", "text")
        f.line("name", "Name", "text")
        f.line("names.zh_TW", "Name (zh_TW)", "text")
        f.line("earn.per", "Stamp per (item / visit)", "text")
        f.line("earn.match.categories", "Stamps on categories", "text_list")
        f.line("earn.match.skus", "Stamps on products", "text_list")
        f.line("earn.min_spend", "Visit: at least", "int")
        f.line("required", "Stamps for a reward", "int")
        f.line("starter_stamps", "Starter stamps", "int")
        f.line("reward.type", "Reward (free_item / amount_off / percent_off)", "text")
        f.line("reward.match.categories", "Free item from categories", "text_list")
        f.line("reward.amount", "Reward amount", "int")
        f.line("reward.percent", "Reward %", "number")
        f.line("redeem", "Redeem (auto / manual)", "text")
        f.line("expire_days", "Stamps expire after days", "int")

    def new_entry(self, data: dict) -> dict:
        return {"id": f"card-{len(self.entries(data)) + 1}", "name": "New card", "earn": {"per": "visit"},
                "required": 8, "reward": {"type": "amount_off", "amount": 50}}


class PromotionsSection(_ListSection):
    path = ("promotions",)

    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__(draft)
        f = self.fields
        f.line("id", "Id", "text")
        f.line("name", "Name", "text")
        f.line("names.zh_TW", "Name (zh_TW)", "text")
        self.effect = QComboBox()
        self.effect.setObjectName("field:effect.type")
        self.effect.addItems(EFFECT_TYPES)
        self.effect.activated.connect(lambda _: self.change_effect(self.effect.currentText()))
        self.form.addRow(QLabel(tr("Effect")), self.effect)
        f.line("effect.percent", "Percent off", "number")
        f.line("effect.scope", "Scope (order / items / cheapest)", "text")
        f.line("effect.amount", "Amount off", "int")
        f.line("effect.n", "Every n-th item", "int")
        f.line("effect.buy", "Buy", "int")
        f.line("effect.get", "Get free", "int")
        f.line("effect.factor", "Points × factor", "number")
        f.line("effect.points", "Bonus points", "int")
        f.line("effect.match.categories", "On categories", "text_list")
        f.line("effect.match.skus", "On products", "text_list")
        self.prizes = QPlainTextEdit()
        self.prizes.setObjectName("field:effect.prizes")
        self.prizes.setMaximumHeight(90)
        self.prizes.textChanged.connect(self._prizes_edited)
        self.prizes_label = QLabel(tr("Prizes (JSON list)"))
        self.form.addRow(self.prizes_label, self.prizes)
        f.line("conditions.weekdays", "Weekdays (1 = Monday)", "int_list", "3")
        f.line("conditions.days_of_month", "Days of the month", "int_list", "8, 18")
        f.line("conditions.months", "Months", "int_list")
        f.line("conditions.dates", "Dates", "date_list", "2026-12-24")
        f.line("conditions.time_of_day.from", "From (HH:MM)", "text")
        f.line("conditions.time_of_day.until", "Until (HH:MM)", "text")
        f.line("conditions.valid_from", "Valid from", "text", "YYYY-MM-DD")
        f.line("conditions.valid_until", "Valid until", "text", "YYYY-MM-DD")
        f.line("conditions.min_spend", "Minimum spend", "int")
        f.line("conditions.min_qty", "Minimum quantity", "int")
        f.line("conditions.tiers", "Tiers", "text_list", "gold, diamond")
        f.line("conditions.birthday.window_days", "Birthday: within days", "int")
        f.line("conditions.tenure_years", "Member for years", "int")
        f.line("conditions.max_uses.count", "Uses at most", "int")
        f.line("conditions.max_uses.per", "Uses per (day / month / year / ever)", "text")
        self.members_only = QCheckBox(tr("Members only"))
        self.members_only.setObjectName("field:members_only")
        self.members_only.clicked.connect(lambda on: self.edited("members_only", bool(on)))
        self.form.addRow(QLabel(""), self.members_only)
        f.line("exclusive_group", "Exclusive group", "text")
        f.line("priority", "Priority (lower first)", "int")
        self._loading_prizes = False

    def new_entry(self, data: dict) -> dict:
        return {"id": f"promotion-{len(self.entries(data)) + 1}", "name": "New promotion",
                "effect": {"type": "bonus_points", "points": 10}}

    def change_effect(self, kind: str) -> None:
        data = self.draft.edit()
        promo = self.target(data)
        if not promo:
            return
        old = promo.get("effect", {})
        defaults = {"percent_off": {"percent": 10, "scope": "order"}, "amount_off": {"amount": 50},
                    "nth_item": {"n": 2, "percent": 50}, "buy_x_get_y": {"buy": 2, "get": 1},
                    "points_multiplier": {"factor": 2}, "bonus_points": {"points": 10},
                    "lucky_draw": {"prizes": [{"name": "Thank you", "weight": 1}]}}[kind]
        promo["effect"] = {"type": kind, **defaults}
        if "match" in old and kind in ("percent_off", "nth_item", "buy_x_get_y"):
            promo["effect"]["match"] = old["match"]
            if kind == "percent_off":
                promo["effect"]["scope"] = "items"
        self.draft.set_data(data)

    def _prizes_edited(self) -> None:
        if self._loading_prizes:
            return
        text = self.prizes.toPlainText().strip()
        try:
            value: Any = json.loads(text) if text else None
        except json.JSONDecodeError:
            value = text  # the validator names the field
        self.edited("effect.prizes", value)

    def load(self) -> None:
        super().load()
        promo = self.target(self.draft.data) if self.draft.data else {}
        kind = get(promo, "effect.type") or "bonus_points"
        self.effect.setCurrentText(kind)
        for key in ALL_EFFECT_KEYS:
            if key != "effect.prizes":
                self.fields.set_visible(key, key in EFFECT_KEYS.get(kind, ()))
        lucky = kind == "lucky_draw"
        self.prizes.setVisible(lucky)
        self.prizes_label.setVisible(lucky)
        if lucky and not self.prizes.hasFocus():
            self._loading_prizes = True
            self.prizes.setPlainText(json.dumps(get(promo, "effect.prizes") or [], ensure_ascii=False))
            self._loading_prizes = False
        self.members_only.setChecked(bool(promo.get("members_only", True)))


class JsonSection(QWidget):
    """The whole draft as the program file, for what the forms do not show; edits re-validate."""

    def __init__(self, draft) -> None:  # noqa: ANN001
        super().__init__()
        self.draft = draft
        self.text = QPlainTextEdit()
        self.text.setObjectName("DraftJson")
        self.text.textChanged.connect(self._edited)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def _edited(self) -> None:
        if not self._loading:
            self.draft.set_text(self.text.toPlainText())

    def refresh(self) -> None:
        if self.text.hasFocus():
            return
        self._loading = True
        self.text.setPlainText(self.draft.text())
        self._loading = False


class ProgrammeEditor(QWidget):
    def __init__(self, draft, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.draft = draft
        self.sections = QTabWidget()
        self.sections.setObjectName("EditorSections")
        self.general, self.tiers = GeneralSection(draft), TiersSection(draft)
        self.cards, self.promotions, self.json = CardsSection(draft), PromotionsSection(draft), JsonSection(draft)
        for widget, title in ((self.general, "Points and general"), (self.tiers, "Tiers"),
                              (self.cards, "Stamp cards"), (self.promotions, "Promotions"),
                              (self.json, "Program file")):
            self.sections.addTab(widget, tr(title))
        self.error = ErrorLine(draft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.error)
        draft.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if not self.draft.data:
            return
        self.general.load()
        for section in (self.tiers, self.cards, self.promotions):
            section.refresh()
        self.json.refresh()

    def show_promotion(self, promotion_id: str) -> None:
        ids = [p.get("id") for p in self.draft.data.get("promotions", [])]
        if promotion_id in ids:
            self.sections.setCurrentWidget(self.promotions)
            self.promotions.items.setCurrentRow(ids.index(promotion_id))
