"""At 1024x768, with the font the till runs with, every line of the member panel has its full height."""
from __future__ import annotations

import pytest

from tests.ui.conftest import scan


@pytest.fixture
def till_font(qapp):  # noqa: ANN001, ANN201 - before `till`: the window is built with the till's own font
    from PySide6.QtGui import QFontDatabase

    from ui.theme import CJK_FAMILIES, apply_font

    if not set(CJK_FAMILIES) & set(QFontDatabase.families()):
        pytest.skip("no CJK font installed (fonts-noto-cjk): the till would run with Qt's default font")
    before = qapp.font()
    apply_font(qapp)
    yield
    qapp.setFont(before)


def _squeezed(panel) -> list[tuple[str, int, int]]:  # noqa: ANN001
    """Visible labels given less height than their text needs at their width."""
    from PySide6.QtWidgets import QLabel

    out = []
    for label in panel.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        if label.height() < needed:
            out.append((label.text(), label.height(), needed))
    return out


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_the_identified_only_line_is_shown_whole_at_1024x768(qtbot, till_font, till, language):
    from ui.i18n import set_language

    set_language(language)
    panel = till.member_panel
    for number in ("M0000003", "M0000012"):
        scan(qtbot, till, number)
        qtbot.waitUntil(lambda: panel.check.isVisible() and panel.view.summary.member.id == number, timeout=5000)
        qtbot.waitUntil(lambda: not _squeezed(panel), timeout=2000)  # the splitter re-lays out on the next event
        assert panel.check.property("kind") == "identified"
        assert panel.check.height() >= panel.check.heightForWidth(panel.check.width()) > 0
    assert till.size().width() == 1024 and till.size().height() == 768
