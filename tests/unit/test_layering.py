"""The core stays pure: nothing in pos_loyalty/ imports Qt, SQLAlchemy, ui or db (design.md)."""
from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "pos_loyalty"
FORBIDDEN = ("PySide6", "sqlalchemy", "ui", "db", "cli")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_imports_neither_qt_nor_sql_nor_the_outer_layers():
    offenders = {str(path.relative_to(CORE)): sorted(imports_of(path) & set(FORBIDDEN))
                 for path in CORE.rglob("*.py") if "central" not in path.parts}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_guard_would_notice_a_forbidden_import(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from sqlalchemy.orm import Session\nimport PySide6.QtCore\n")
    assert imports_of(sneaky) >= {"sqlalchemy", "PySide6"}


def test_no_datetime_now_deep_inside_the_core():
    calls = [str(path.relative_to(CORE)) for path in CORE.rglob("*.py")
             if "datetime.now(" in path.read_text(encoding="utf-8") or "date.today(" in path.read_text(encoding="utf-8")]
    assert calls == []
