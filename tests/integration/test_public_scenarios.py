"""Every scenario file, the shared public ones and the project's own, through `python main.py evaluate`."""
from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CHECKER = SHARED / "tools" / "check_scenarios.py"
FOLDERS = {"shared": SHARED / "scenarios", "project": REPO / "tests" / "scenarios"}


def scenario_count(folder: pathlib.Path) -> int:
    return sum(1 for path in folder.glob("*.json") if not path.name.endswith(".expected.json"))


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_every_scenario_file_gives_its_expected_receipt(name):
    folder = FOLDERS[name]
    if not CHECKER.exists() or not folder.exists():
        pytest.skip(f"{CHECKER if not CHECKER.exists() else folder} is not here")
    count = scenario_count(folder)
    assert count > 0
    python = REPO / ".venv" / "bin" / "python"
    run = subprocess.run([sys.executable, str(CHECKER), str(folder), "--python",
                          str(python if python.exists() else sys.executable)],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.stdout.strip().splitlines()[-1] == f"{count} passed, 0 failed", run.stdout + run.stderr
    assert run.returncode == 0


def test_every_project_scenario_has_its_expected_file():
    folder = FOLDERS["project"]
    for scenario in folder.glob("*.json"):
        if not scenario.name.endswith(".expected.json"):
            assert scenario.with_name(re.sub(r"\.json$", ".expected.json", scenario.name)).exists(), scenario.name
