"""zh_TW is complete: every string the till shows has a translation, and nothing bypasses tr()."""
from __future__ import annotations

import re
import socket
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from tests.ui.resources_i18n import ZH_TW, sources

UI = Path(__file__).resolve().parents[2] / "ui"
SAME_IN_BOTH = {"中文/EN"}
# A widget call whose first argument is a string literal (or f-string) with words in it: that text
# reaches the screen without tr().
SHOWN = re.compile(r"\b(setText|setPlaceholderText|setToolTip|setWindowTitle|setTitle|QLabel|QPushButton|QCheckBox|"
                   r"addRow|show_message|addTab|setStatusTip|QMessageBox\.\w+)\(\s*(f?)([\"'])(.*?)\3")


def _words(literal: str) -> bool:
    text = re.sub(r"\{[^}]*\}|<[^>]*>|&\w+;", " ", literal)
    return re.search(r"[A-Za-z]{2,}", text) is not None


def test_every_tr_string_in_the_till_has_a_chinese_translation():
    missing = sorted(sources() - set(ZH_TW))
    assert not missing, missing


def test_no_translation_is_left_in_english():
    english = [source for source, target in ZH_TW.items()
               if source == target and source not in SAME_IN_BOTH and _words(source)]
    assert not english, english


def test_no_user_visible_literal_bypasses_tr():
    found = []
    for path in sorted(UI.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in SHOWN.finditer(line):
                if _words(match.group(4)):
                    found.append(f"{path.relative_to(UI.parent)}:{number}: {match.group(0)}")
    assert not found, "\n".join(found)


def test_the_committed_translation_file_is_the_table(tmp_path):
    from tests.ui import resources_i18n

    written = tmp_path / "till_zh_TW.ts"
    resources_i18n._module.write_ts(written)
    committed = Path(resources_i18n._path).with_name("till_zh_TW.ts")
    assert written.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), \
        "run .venv/bin/python resources/i18n/make_ts.py"


def test_every_core_refusal_pattern_has_a_chinese_translation():
    from ui.error_texts import PATTERNS

    assert not [template for _, template in PATTERNS if template not in ZH_TW]


def _refusals(store) -> list[str]:
    """What the core really says for the refusals a cashier meets at the till."""
    from db.store import SqlUnitOfWork, open_engine
    from pos_loyalty.errors import LoyaltyError
    from pos_loyalty.printing.escpos_slip import print_slip
    from pos_loyalty.printing.slip import Slip
    from pos_loyalty.services.enrolment import Enrolment, enrol
    from pos_loyalty.services.refund import RefundCommand, refund

    engine = open_engine(store)
    now = lambda: datetime.now(timezone.utc)  # noqa: E731
    with SqlUnitOfWork(engine) as uow:
        taken = uow.member("M0000001").phone
    attempts = [
        lambda: enrol(Enrolment(name=""), uow=SqlUnitOfWork(engine), clock=now),
        lambda: enrol(Enrolment(name="Lin", phone="12ab"), uow=SqlUnitOfWork(engine), clock=now),
        lambda: enrol(Enrolment(name="Lin", birthday=date(1800, 1, 1)), uow=SqlUnitOfWork(engine), clock=now),
        lambda: enrol(Enrolment(name="Lin", phone=taken), uow=SqlUnitOfWork(engine), clock=now),
        lambda: refund(RefundCommand(receipt_id="R-none"), uow=SqlUnitOfWork(engine), clock=now),
    ]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    attempts.append(lambda: print_slip(Slip(title="x"), printer=f"tcp://127.0.0.1:{port}", timeout=2))
    out = []
    for attempt in attempts:
        with pytest.raises(LoyaltyError) as caught:
            attempt()
        out.append(str(caught.value))
    engine.dispose()
    return out


def test_the_refusals_a_cashier_meets_are_shown_in_chinese(qapp, store):
    from ui.error_texts import in_language
    from ui.i18n import set_language

    messages = _refusals(store)
    set_language("zh_TW")
    try:
        shown = [in_language(message) for message in messages]
    finally:
        set_language("en")
    untranslated = [m for m, s in zip(messages, shown) if s == m]
    assert not untranslated, untranslated
    assert all(re.search(r"[\u4e00-\u9fff]", text) for text in shown)


def test_stamps_are_章_and_points_are_點_in_chinese():
    """"+1 點咖啡" reads as "order one coffee": a stamp is 章, a point 點 (集點卡, a stamp card, keeps its 點)."""
    from pos_loyalty.engine.explain import MESSAGES

    texts = [(source, target) for source, target in ZH_TW.items()]
    texts += [(m["en"], m["zh_TW"]) for m in MESSAGES.values()]
    for source, target in texts:
        stamps = re.search(r"\bstamps?\b", source, re.I) is not None
        points = re.search(r"\bpoints?\b", source, re.I) is not None
        if stamps and not points:
            assert "章" in target and "點" not in target.replace("集點", ""), (source, target)
        if points and not stamps:
            assert "章" not in target, (source, target)
