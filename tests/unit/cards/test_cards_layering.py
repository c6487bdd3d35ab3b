"""The cards core stays pure: no Qt, no SQL, no clock reads deep inside."""

from __future__ import annotations

import ast
from pathlib import Path

CARDS = Path(__file__).resolve().parents[3] / "pos_loyalty" / "cards"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    return names


def test_the_cards_core_imports_neither_qt_nor_sqlalchemy_nor_the_ui():
    offenders = {path.name: sorted(m for m in imported_modules(path) if m.split(".")[0] in {"PySide6", "sqlalchemy", "ui", "db"})
                 for path in CARDS.glob("*.py")}
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_cards_core_never_reads_the_clock_itself():
    readers = [path.name for path in CARDS.glob("*.py")
               if any(call in path.read_text(encoding="utf-8") for call in ("datetime.now(", "time.time(", "utcnow("))]
    assert readers == []
