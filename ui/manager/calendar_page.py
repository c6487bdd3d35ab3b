"""Member days on a month calendar: what applies on each day and hour, and a new member day in a few clicks."""
from __future__ import annotations

import calendar as month_names
from datetime import date
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QPushButton, QRadioButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
    QAbstractItemView, QHeaderView,
)

from pos_loyalty.errors import LoyaltyError
from pos_loyalty.member_days import applies_at_hour, marks_for, new_member_day
from ui.i18n import language, tr

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EFFECT_LABELS = (("points_multiplier", "Points multiplier ×"), ("bonus_points", "Bonus points +"),
                 ("percent_off", "Price discount %"))


class MemberDayCalendar(QWidget):
    """The month grid (one cell per day listing its promotions) and the day's hours beside it."""

    def __init__(self, draft, today: date, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.draft = draft
        self.month = date(today.year, today.month, 1)
        self.selected = today
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.back, self.forward = QPushButton("◀"), QPushButton("▶")
        self.back.clicked.connect(lambda: self.step(-1))
        self.forward.clicked.connect(lambda: self.step(+1))
        self.grid = QTableWidget(6, 7)
        self.grid.setObjectName("MonthGrid")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().hide()
        self.grid.setWordWrap(True)
        self.grid.cellClicked.connect(self._clicked)
        self.hours = QTableWidget(24, 1)
        self.hours.setObjectName("DayHours")
        self.hours.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hours.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hours.setVerticalHeaderLabels([f"{h:02d}" for h in range(24)])
        self.hours.setHorizontalHeaderLabels([tr("Member days at this hour")])
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.title, 1, Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.forward)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.grid, 1)
        left.addWidget(self.legend)
        right = QVBoxLayout()
        self.day_title = QLabel()
        right.addWidget(self.day_title)
        right.addWidget(self.hours, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 1)
        draft.changed.connect(self.refresh)
        self.refresh()

    def step(self, months: int) -> None:
        year, month = self.month.year, self.month.month + months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        self.month = date(year, month, 1)
        self.refresh()

    def day_at(self, row: int, column: int) -> Optional[date]:
        first = self.month.weekday()
        number = row * 7 + column - first + 1
        days = month_names.monthrange(self.month.year, self.month.month)[1]
        return date(self.month.year, self.month.month, number) if 1 <= number <= days else None

    def _clicked(self, row: int, column: int) -> None:
        day = self.day_at(row, column)
        if day is not None:
            self.selected = day
            self.show_hours()

    def refresh(self) -> None:
        self.title.setText(f"{self.month.year}-{self.month.month:02d}")
        self.grid.setHorizontalHeaderLabels([tr(d) for d in WEEKDAYS])
        program = self.draft.program
        for row in range(6):
            for column in range(7):
                day = self.day_at(row, column)
                item = QTableWidgetItem()
                if day is not None:
                    lines = [str(day.day)]
                    marks = marks_for(program, day, language()) if program is not None else []
                    dated = [m for m in marks if m.dated]
                    item.setText("\n".join(lines + [_mark_text(m) for m in dated]))
                    item.setToolTip("\n".join(lines + [_mark_text(m) for m in marks]))
                    if dated:
                        item.setBackground(QColor(_colour(dated[0].promotion)))
                        item.setForeground(QColor("#1d1d1f"))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                else:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.grid.setItem(row, column, item)
        every_day = []
        if program is not None:
            every_day = [_mark_text(m) for m in marks_for(program, self.selected, language()) if not m.dated]
        legend = tr("★ members only · [tier] for those tiers only · (hours) some hours only · * more conditions at the till")  # noqa: E501
        self.legend.setText(legend + "\n" + tr("Every day: {names}").format(names=", ".join(every_day) or "–"))
        if self.draft.program is None:
            self.legend.setText(tr("The draft has an error; fix it in the editor: {error}").format(error=self.draft.error))
        self.show_hours()

    def show_hours(self) -> None:
        self.day_title.setText(tr("Hours on {day}").format(day=self.selected.isoformat()))
        program = self.draft.program
        marks = marks_for(program, self.selected, language()) if program is not None else []
        for hour in range(24):
            names = [_mark_text(m) for m in marks if m.dated and applies_at_hour(m, hour)]
            self.hours.setItem(hour, 0, QTableWidgetItem(", ".join(names)))


_COLOURS = ("#ffe8a3", "#c8e6ff", "#d7f5d0", "#ffd6e0", "#e6dcff", "#ffe0c2")


def _colour(promotion_id: str) -> str:
    return _COLOURS[sum(map(ord, promotion_id)) % len(_COLOURS)]


def _mark_text(mark) -> str:  # noqa: ANN001
    text = ("★ " if mark.members_only else "") + mark.name
    if mark.tiers:
        text += " [" + ", ".join(mark.tiers) + "]"
    if mark.hours:
        text += f" ({mark.hours[0]}–{mark.hours[1]})"
    if mark.conditional:
        text += " *"
    return text


class MemberDayForm(QGroupBox):
    """A new member day: which days, what effect, for whom; Add puts it into the draft."""

    added = Signal(str)

    def __init__(self, draft, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(tr("New member day"), parent)
        self.draft = draft
        self.every = QRadioButton(tr("Every"))
        self.every.setChecked(True)
        self.weekday_boxes = [QCheckBox(tr(d)) for d in WEEKDAYS]
        self.monthly = QRadioButton(tr("Day of the month"))
        self.day_of_month = QSpinBox()
        self.day_of_month.setRange(1, 31)
        self.day_of_month.setValue(8)
        self.on_dates = QRadioButton(tr("Dates"))
        self.dates = QLineEdit()
        self.dates.setPlaceholderText("2026-12-24, 2026-12-31")
        group = QButtonGroup(self)
        for button in (self.every, self.monthly, self.on_dates):
            group.addButton(button)
        self.effect = QComboBox()
        for key, label in EFFECT_LABELS:
            self.effect.addItem(tr(label), key)
        self.value = QDoubleSpinBox()
        self.value.setDecimals(2)
        self.value.setRange(0.01, 100000)
        self.value.setValue(2)
        self.members_only = QCheckBox(tr("Members only"))
        self.members_only.setChecked(True)
        self.tiers = QListWidget()
        self.tiers.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.tiers.setMaximumHeight(90)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("Name (English)"))
        self.name_zh = QLineEdit()
        self.name_zh.setPlaceholderText(tr("Name (Chinese)"))
        self.message = QLabel()
        self.message.setObjectName("FormMessage")
        self.message.setWordWrap(True)
        self.add = QPushButton(tr("Add member day"))
        self.add.clicked.connect(self.add_member_day)
        days = QHBoxLayout()
        days.addWidget(self.every)
        for box in self.weekday_boxes:
            days.addWidget(box)
        monthly = QHBoxLayout()
        monthly.addWidget(self.monthly)
        monthly.addWidget(self.day_of_month)
        monthly.addWidget(self.on_dates)
        monthly.addWidget(self.dates, 1)
        form = QFormLayout()
        form.addRow(tr("Effect"), self.effect)
        form.addRow(tr("Value"), self.value)
        form.addRow(tr("Who"), self.members_only)
        form.addRow(tr("Tiers (none picked: every tier)"), self.tiers)
        form.addRow(tr("Promotion name"), self.name)
        form.addRow(tr("Name (zh_TW)"), self.name_zh)
        layout = QVBoxLayout(self)
        layout.addLayout(days)
        layout.addLayout(monthly)
        layout.addLayout(form)
        layout.addWidget(self.add)
        layout.addWidget(self.message)
        draft.changed.connect(self._tiers)
        self._tiers()

    def _tiers(self) -> None:
        levels = [level["name"] for level in (self.draft.data.get("tiers") or {}).get("levels", [])]
        if [self.tiers.item(i).text() for i in range(self.tiers.count())] != levels:
            self.tiers.clear()
            self.tiers.addItems(levels)

    def pick_tier(self, name: str) -> None:
        for i in range(self.tiers.count()):
            if self.tiers.item(i).text() == name:
                self.tiers.item(i).setSelected(True)

    def add_member_day(self) -> None:
        from datetime import date as day
        weekdays = [i + 1 for i, box in enumerate(self.weekday_boxes) if box.isChecked()] if self.every.isChecked() else []
        days = [self.day_of_month.value()] if self.monthly.isChecked() else []
        dates: list = []
        if self.on_dates.isChecked():
            try:
                dates = [day.fromisoformat(part.strip()) for part in self.dates.text().split(",") if part.strip()]
            except ValueError:
                self.message.setText(tr("Dates: write them as YYYY-MM-DD, separated by commas."))
                return
        effect = self.effect.currentData()
        value = self.value.value()
        value = int(value) if effect == "bonus_points" or value == int(value) else round(value, 2)
        name = self.name.text().strip() or self._default_name(weekdays, days, dates, effect, value)
        data = self.draft.edit()
        taken = {p["id"] for p in data.get("promotions", [])}
        base = "member-day-" + "-".join(str(x) for x in (weekdays or days or [len(dates)]))
        promotion_id, n = base, 2
        while promotion_id in taken:
            promotion_id, n = f"{base}-{n}", n + 1
        try:
            promo = new_member_day(promotion_id=promotion_id, name=name, name_zh=self.name_zh.text().strip(),
                                   weekdays=weekdays, days_of_month=days, dates=dates, effect=effect, value=value,
                                   tiers=[i.text() for i in self.tiers.selectedItems()],
                                   members_only=self.members_only.isChecked())
        except LoyaltyError as error:
            self.message.setText(str(error))
            return
        data.setdefault("promotions", []).append(promo)
        self.draft.set_data(data)
        if self.draft.error:
            self.message.setText(self.draft.error)
            data["promotions"].pop()
            self.draft.set_data(data)
            return
        self.message.setText(tr("Added “{name}” to the draft: publish it to put it on the till.").format(name=name))
        self.added.emit(promotion_id)

    def _default_name(self, weekdays: list[int], days: list[int], dates: list, effect: str, value: float) -> str:
        when = ("Every " + "/".join(WEEKDAYS[d - 1] for d in weekdays)) if weekdays else (
            f"Day {days[0]}" if days else "Member day")
        what = {"points_multiplier": f"{value:g}x points", "bonus_points": f"+{value:g} points",
                "percent_off": f"{value:g}% off"}[effect]
        tiers = [i.text() for i in self.tiers.selectedItems()]
        return f"{when}: {what}" + (f" ({', '.join(tiers)})" if tiers else "")


class MemberDaysPage(QWidget):
    def __init__(self, draft, today: date, parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.calendar = MemberDayCalendar(draft, today)
        self.form = MemberDayForm(draft)
        layout = QHBoxLayout(self)
        layout.addWidget(self.calendar, 3)
        layout.addWidget(self.form, 2)
