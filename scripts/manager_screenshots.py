"""Every screen of the manager's console, in English and zh_TW, from the real windows on an X display.

Run by scripts/manager_screenshots.sh under Xvfb (DISPLAY set; the xcb platform, real fonts). It
signs in through the PIN dialog (typed with QTest), then walks every tab doing what a manager
does (adds "every Wednesday triple points for gold members", runs the backtest, opens each
report) and saves each window as it is drawn: docs/screenshots/manager-<lang>-<nn>-<screen>.png.
Usage: python scripts/manager_screenshots.py DB  (DB is copied, not changed)
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def main(db: str) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from ui.i18n import set_language
    from ui.manager.app import open_console
    from ui.manager.backend import ConsoleBackend
    from ui.theme import apply_font, apply_theme

    app = QApplication(sys.argv[:1])
    apply_font(app)
    apply_theme(app, "light")
    OUT.mkdir(parents=True, exist_ok=True)

    def wait(seconds: float = 0.6, until=None) -> None:  # noqa: ANN001
        end = time.time() + (60 if until else seconds)
        while time.time() < end:
            app.processEvents()
            if until is not None and until():
                break
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()

    for language in ("en", "zh_TW"):
        work = Path(tempfile.mkdtemp())
        shutil.copy(db, work / "store.sqlite")
        set_language(language)
        backend = ConsoleBackend(work / "store.sqlite")
        n = 0

        def shot(widget, name: str) -> None:  # noqa: ANN001
            nonlocal n
            n += 1
            wait(0.4)
            path = OUT / f"manager-{language}-{n:02d}-{name}.png"
            widget.grab().save(str(path))
            print(path.relative_to(ROOT))

        def type_pin(dialog, who: str, pin: str) -> None:  # noqa: ANN001
            dialog.who.setCurrentText(who)
            QTest.keyClicks(dialog.pin, pin)
            QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
            wait(until=lambda: not dialog.busy)

        opened: list = []
        dialog = open_console(backend, on_open=opened.append)
        wait(until=lambda: dialog.who.count() > 0)
        shot(dialog, "sign-in")
        type_pin(dialog, "Chen", "1357")
        shot(dialog, "cashier-refused")
        for _ in range(5):
            type_pin(dialog, "Chen", "0000")
        shot(dialog, "locked-out")
        type_pin(dialog, "Lin", "2468")
        wait(until=lambda: bool(opened))
        window = opened[0]
        window.publishing.confirm = False
        window.resize(1280, 820)
        wait(1.0)
        shot(window, "member-days")

        form = window.member_days.form
        form.weekday_boxes[2].setChecked(True)
        form.effect.setCurrentIndex(form.effect.findData("points_multiplier"))
        form.value.setValue(3)
        form.pick_tier("gold")
        form.name.setText("Gold Wednesday: triple points")
        form.name_zh.setText("金卡週三三倍點數")
        form.add.click()
        wait()
        shot(window, "member-day-added")

        window.tabs.setCurrentWidget(window.editor)
        version = window.editor.general.findChild(QLineEdit, "field:version")
        version.setText(str(window.draft.data["version"] + 1))
        version.textEdited.emit(version.text())
        shot(window, "editor-points")
        window.editor.sections.setCurrentWidget(window.editor.tiers)
        shot(window, "editor-tiers")
        window.editor.sections.setCurrentWidget(window.editor.cards)
        shot(window, "editor-stamp-cards")
        promotions = window.editor.promotions
        window.editor.sections.setCurrentWidget(promotions)
        promotions.items.setCurrentRow(promotions.items.count() - 1)
        shot(window, "editor-promotion")
        factor = promotions.findChild(QLineEdit, "field:effect.factor")
        factor.setText("three")
        factor.textEdited.emit("three")
        shot(window, "editor-invalid-field")
        factor.setText("3")
        factor.textEdited.emit("3")
        window.editor.sections.setCurrentWidget(window.editor.json)
        shot(window, "editor-program-file")

        window.tabs.setCurrentWidget(window.preview)
        window.preview.member.setText("M0000001")
        window.preview.member.editingFinished.emit()
        wait(1.5)
        shot(window, "preview")

        window.tabs.setCurrentWidget(window.backtest)
        window.backtest.run_button.click()
        wait(until=lambda: window.backtest.result is not None)
        shot(window, "backtest")

        window.tabs.setCurrentWidget(window.publishing)
        wait(0.8)
        shot(window, "publish-draft")
        window.publishing.publish_button.click()
        wait(1.5)
        shot(window, "published")

        window.tabs.setCurrentWidget(window.reports)
        for index in range(window.reports.pick.count()):
            key = window.reports.pick.itemData(index)
            window.reports.pick.setCurrentIndex(index)
            wait(until=lambda: window.reports.report is not None and window.reports.report.key == key)
            shot(window, f"report-{key.replace('_', '-')}")

        window.tabs.setCurrentWidget(window.members)
        window.members.search.setText("M0000001")
        window.members.find()
        wait(1.5)
        window.members.points.setValue(20)
        window.members.reason.setText("Goodwill: long queue")
        window.members.adjust()
        wait(1.5)
        shot(window, "members")

        window.tabs.setCurrentWidget(window.audit)
        wait(1.5)
        shot(window, "audit-log")
        window.close()
        dialog.close()
        backend.engine.dispose()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
