"""A finished demo store kept as a template, so the next `init --demo` is a file copy.

Building the demo shop through the services (8,000 checkouts) takes ~14 s; `make run` on a fresh
clone should show the till in seconds. The first build of a day on this machine is saved under
the user's cache folder; a later `init --demo` with the same inputs copies it (the store and its
`<db>.keys/` folder) instead of building again. The copy is the very store the services wrote,
so `ledger verify` is as clean and the history the same as a fresh build.

The template's name is a hash of everything that decides the store's contents: the source of
`db/` and `pos_loyalty/` (services, engine, migrations, demo data), the demo resources, the
program text, member count, seed, terminal id and the UTC date the history ends on. Change any
of them and the next demo is built afresh. A build with an explicit `now` never uses templates.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_ENV = "POS_DEMO_TEMPLATES"  # a folder, or "off" to always build
_SOURCES = ("db", "pos_loyalty", "resources/demo")
_KEEP = 4  # templates kept per folder (older days and versions are removed)


DEMO_PROGRAM = ROOT / "resources" / "demo" / "program.json"


def copy_demo(path: Path, *, program_text: Optional[str], members: int, seed: int, terminal: str) -> Optional[dict]:
    """`init --demo` from today's template, if there is one: the report, else None (then build).

    Light on purpose (no SQLAlchemy, no services): the CLI calls it before importing the builder."""
    import time

    started = time.perf_counter()
    path = Path(path)
    folder = template_folder()
    if folder is None or path.exists() or path.with_name(path.name + ".keys").exists():
        return None
    text = program_text if program_text is not None else DEMO_PROGRAM.read_text(encoding="utf-8")
    key = template_key(program_text=text, members=members, seed=seed, terminal=terminal,
                       now=datetime.now(timezone.utc))
    path.parent.mkdir(parents=True, exist_ok=True)
    report = copy_from_template(folder, key, path)
    if report is not None:
        report.update(database=str(path), seconds=round(time.perf_counter() - started, 1), from_template=True)
    return report


def template_folder() -> Optional[Path]:
    chosen = os.environ.get(TEMPLATES_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "pos-loyalty" / "demo-templates"


def template_key(*, program_text: str, members: int, seed: int, terminal: str, now: datetime) -> str:
    digest = hashlib.sha256()
    for folder in _SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".csv", ".txt", ".ini", ".mako") \
                    and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(json.dumps([program_text, members, seed, terminal, now.date().isoformat()]).encode())
    return digest.hexdigest()[:24]


def copy_from_template(folder: Path, key: str, path: Path) -> Optional[dict]:
    """Copy template `key` to `path` (and its keys folder); the build's report, or None if there is none."""
    store, keys, report = _files(folder, key)
    if not (store.is_file() and keys.is_dir() and report.is_file()):
        return None
    building = path.with_name(path.name + ".copying")
    shutil.copyfile(store, building)
    target_keys = path.with_name(path.name + ".keys")
    if target_keys.exists():
        shutil.rmtree(target_keys)
    shutil.copytree(keys, target_keys)
    building.replace(path)
    return json.loads(report.read_text(encoding="utf-8"))


def save_template(folder: Path, key: str, path: Path, report: dict) -> None:
    """Keep the finished store at `path` as template `key` (best effort: a full disk only costs speed)."""
    store, keys, saved_report = _files(folder, key)
    partial = folder / f"{key}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if partial.exists():
            shutil.rmtree(partial)
        partial.mkdir()
        shutil.copyfile(path, partial / "store.sqlite")
        shutil.copytree(path.with_name(path.name + ".keys"), partial / "keys")
        (partial / "report.json").write_text(json.dumps(report), encoding="utf-8")
        if store.parent.exists():
            shutil.rmtree(store.parent)
        partial.replace(store.parent)
        _prune(folder)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)


def _files(folder: Path, key: str) -> tuple[Path, Path, Path]:
    base = folder / key
    return base / "store.sqlite", base / "keys", base / "report.json"


def _prune(folder: Path) -> None:
    done = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in done[_KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
