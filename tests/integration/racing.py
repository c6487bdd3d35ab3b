"""Real processes racing on one store file: each waits at a barrier, then runs one CLI command."""
from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import sqlite3
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from tests.integration.conftest import PROGRAM


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def data(self) -> dict:
        return json.loads(self.out)


def _run(argv: list[str], barrier, results, env: dict[str, str]) -> None:  # noqa: ANN001 - multiprocessing objects
    os.environ.update(env)
    from cli import main  # imported before the barrier: the race is the command, not the imports
    import db.store  # noqa: F401
    import pos_loyalty.services.checkout  # noqa: F401
    import pos_loyalty.services.refund  # noqa: F401
    out, err = io.StringIO(), io.StringIO()
    barrier.wait()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # noqa: BLE001 - a traceback is what the test must see
        code, err = 99, io.StringIO(traceback.format_exc())
    results.put((argv, code, out.getvalue(), err.getvalue()))


def race(commands: Sequence[Sequence[str]], env: dict[str, str] | None = None) -> list[Outcome]:
    """Start one process per command, release them together, return their outcomes (in no order)."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(commands))
    results = context.Queue()
    processes = [context.Process(target=_run, args=(list(argv), barrier, results, env or {}))
                 for argv in commands]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return [Outcome(code, out, err) for _, code, out, err in outcomes]


def cli(*argv: str) -> Outcome:
    """One command in a child process (the store is never opened by the test process itself)."""
    return race([argv])[0]


def new_shop(folder: Path, program: dict | None = None) -> Path:
    path = folder / "shop.sqlite"
    program_file = folder / "program.json"
    program_file.write_text(json.dumps(program or PROGRAM))
    made = cli("init", "--db", str(path), "--program", str(program_file))
    assert made.code == 0, made.err
    return path


def basket(folder: Path, name: str, lines: list[dict]) -> str:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(lines))
    return str(path)


def rows(path: Path, sql: str, *params) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def one(path: Path, sql: str, *params):  # noqa: ANN201
    return rows(path, sql, *params)[0][0]
