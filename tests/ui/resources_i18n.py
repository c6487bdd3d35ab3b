"""The translation table, importable by the tests (resources/ is not a package)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_path = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "make_ts.py"
_spec = importlib.util.spec_from_file_location("till_make_ts", _path)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)  # type: ignore[union-attr]
ZH_TW = _module.ZH_TW
sources = _module.sources
