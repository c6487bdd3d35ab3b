"""The `card` commands, as the top-level CLI will call them and as a shell would."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.card import register

ROOT = Path(__file__).resolve().parents[3]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="pos")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return args.func(args)


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "store.sqlite")


def issued(db, capsys, member="1042") -> str:
    assert run("card", "issue", "--member", member, "--db", db) == 0
    return capsys.readouterr().out.strip()


def test_card_issue_prints_a_code_and_creates_the_key_directory(db, capsys):
    code = issued(db, capsys)
    assert code.startswith("LY1:")
    assert (Path(db + ".keys") / "issuer.json").exists() and (Path(db + ".keys") / "keyring.json").exists()


def test_card_issue_writes_the_pdf_and_png_when_asked(db, capsys, tmp_path):
    assert run("card", "issue", "--member", "1042", "--name", "王小明", "--db", db,
               "--pdf", str(tmp_path / "c.pdf"), "--png", str(tmp_path / "c.png")) == 0
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_card_verify_prints_the_member_and_exits_0_for_a_valid_code(db, capsys):
    code = issued(db, capsys)
    assert run("card", "verify", code, "--db", db) == 0
    assert json.loads(capsys.readouterr().out)["member"] == "1042"


def test_card_verify_prints_the_reason_and_exits_1_for_an_invalid_code(db, capsys):
    code = issued(db, capsys)
    assert run("card", "verify", code[:-1] + ("0" if code[-1] != "0" else "1"), "--db", db) == 1
    assert json.loads(capsys.readouterr().out)["error"] in {"bad_signature", "malformed"}


def test_a_replaced_card_fails_verify_with_card_replaced(db, capsys):
    old = issued(db, capsys)
    assert run("card", "replace", "--member", "1042", "--db", db) == 0
    capsys.readouterr()
    assert run("card", "verify", old, "--db", db) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "card_replaced"


def test_card_rotating_gives_a_phone_code_that_verifies_once(db, capsys):
    issued(db, capsys)
    at = "2026-03-01T12:00:00+08:00"
    assert run("card", "rotating", "--member", "1042", "--at", at, "--db", db) == 0
    code = capsys.readouterr().out.strip()
    assert run("card", "verify", code, "--at", at, "--db", db) == 0
    assert json.loads(capsys.readouterr().out)["from_phone"] is True
    assert run("card", "verify", code, "--at", at, "--db", db) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "replayed"


def test_card_decode_prints_one_line_per_image(db, capsys, tmp_path):
    from pos_loyalty.cards.symbols import qr_png

    code = issued(db, capsys)
    (tmp_path / "code.png").write_bytes(qr_png(code))
    (tmp_path / "blank.png").write_bytes(qr_png("x")[:0] or _blank_png())
    assert run("card", "decode", str(tmp_path / "code.png"), str(tmp_path / "blank.png")) == 0
    assert capsys.readouterr().out == f"{code}\n\n"


def _blank_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (64, 64), 255).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("argv", [["card"], ["card", "issue"], ["card", "rotating", "--member", "1", "--at", "soon"],
                                  ["card", "decode", "/no/such/image.png"], ["card", "issue", "--member", ""],
                                  ["card", "frobnicate"]])
def test_malformed_arguments_give_one_line_on_stderr_and_exit_2(argv, tmp_path):
    result = subprocess.run([sys.executable, "-c", "import sys; from cli.card import main; sys.exit(main(sys.argv[1:]))",
                             *argv], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
