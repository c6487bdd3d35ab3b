"""The manager's console window: one tab per task, all on one draft of the programme."""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from ui.i18n import language, set_language, tr
from ui.manager.audit_page import AuditPage
from ui.manager.backtest_page import BacktestPage
from ui.manager.calendar_page import MemberDaysPage
from ui.manager.draft import Draft
from ui.manager.editor_page import ProgrammeEditor
from ui.manager.members_page import MembersPage
from ui.manager.preview_page import PreviewPage
from ui.manager.publish_page import PublishPage
from ui.manager.reports_page import ReportsPage

TABS = ("Member days", "Programme", "Preview", "Publish", "Backtest", "Reports", "Members", "Audit log")


class ConsoleWindow(QMainWindow):
    """Opened only after a manager's PIN (see sign_in.py); `backend.manager` is who signed in."""

    def __init__(self, backend, draft_text: str, *, today: Optional[date] = None, confirm: bool = True,
                 parent: Optional[QWidget] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("ConsoleWindow")
        self.backend = backend
        self.draft = Draft(draft_text, self)
        today = today or backend.clock().astimezone().date()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ConsoleTabs")
        self.member_days = MemberDaysPage(self.draft, today)
        self.editor = ProgrammeEditor(self.draft)
        self.preview = PreviewPage(backend, self.draft)
        self.publishing = PublishPage(backend, self.draft, confirm=confirm)
        self.backtest = BacktestPage(backend, self.draft)
        self.reports = ReportsPage(backend)
        self.members = MembersPage(backend)
        self.audit = AuditPage(backend)
        self.pages = (self.member_days, self.editor, self.preview, self.publishing, self.backtest, self.reports,
                      self.members, self.audit)
        for page, title in zip(self.pages, TABS):
            self.tabs.addTab(page, tr(title))
        self.tabs.currentChanged.connect(self._entered)
        self.who = QLabel()
        self.who.setObjectName("ConsoleWho")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.who)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.member_days.form.added.connect(self.editor.show_promotion)
        shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        shortcut.activated.connect(self.toggle_language)
        self.retitle()
        self.resize(1200, 800)

    def retitle(self) -> None:
        self.setWindowTitle(tr("Manager's console"))
        manager = self.backend.manager
        self.who.setText(tr("Signed in: {who} · Ctrl+L 中文/English").format(who=manager.label if manager else "–"))

    def _entered(self, index: int) -> None:
        page = self.pages[index]
        if page is self.reports and self.reports.report is None:
            self.reports.load()
        elif page is self.audit:
            self.audit.load()
        elif page is self.publishing:
            self.publishing.refresh()

    def toggle_language(self) -> None:
        set_language("en" if language() == "zh_TW" else "zh_TW")
        # Pages build their texts once: rebuild the window in the other language on the same draft.
        text = self.draft.text()
        index = self.tabs.currentIndex()
        replacement = ConsoleWindow(self.backend, text, today=self.member_days.calendar.selected,
                                    confirm=self.publishing.confirm)
        replacement.resize(self.size())
        replacement.move(self.pos())
        replacement.tabs.setCurrentIndex(index)
        replacement.show()
        self.replacement = replacement
        self.close()
