"""The `card` commands that need no store (the rest: tests/integration/test_cards_store.py)."""

from __future__ import annotations

import argparse
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


def test_card_decode_prints_one_line_per_image(issuer, card_text, capsys, tmp_path):
    from pos_loyalty.cards.symbols import qr_png

    code = card_text
    (tmp_path / "code.png").write_bytes(qr_png(code))
    (tmp_path / "blank.png").write_bytes(qr_png("x")[:0] or _blank_png())
    assert run("card", "decode", str(tmp_path / "code.png"), str(tmp_path / "blank.png")) == 0
    assert capsys.readouterr().out == f"{code}\n\n"


def test_card_decode_keeps_a_code_with_newlines_on_its_own_line(capsys, tmp_path):
    from pos_loyalty.cards.symbols import qr_png

    (tmp_path / "vcard.png").write_bytes(qr_png("BEGIN:VCARD\r\nN:Chen\tHua\\x\nEND:VCARD"))
    (tmp_path / "blank.png").write_bytes(_blank_png())
    assert run("card", "decode", str(tmp_path / "vcard.png"), str(tmp_path / "blank.png")) == 0
    assert capsys.readouterr().out.split("\n") == ["BEGIN:VCARD\\r\\nN:Chen\\tHua\\\\x\\nEND:VCARD", "", ""]


def test_card_decode_json_prints_one_object_per_image(card_text, capsys, tmp_path):
    import json

    from pos_loyalty.cards.symbols import qr_png

    (tmp_path / "code.png").write_bytes(qr_png(card_text))
    (tmp_path / "two lines.png").write_bytes(qr_png("第一行\n第二行"))
    (tmp_path / "blank.png").write_bytes(_blank_png())
    (tmp_path / "notes.png").write_text("not a picture", encoding="utf-8")
    images = [tmp_path / name for name in ("code.png", "two lines.png", "blank.png", "notes.png")]
    assert run("card", "decode", "--json", *map(str, images)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"image": str(images[0]), "code": card_text},
        {"image": str(images[1]), "code": "第一行\n第二行"},
        {"image": str(images[2]), "code": None},
        {"image": str(images[3]), "code": None, "error": "not an image"},
    ]


def test_one_line_escapes_control_characters_reversibly():
    from cli.card import one_line

    text = "a\\b\nc\rd\te\x1bf\u2028g 中"
    line = one_line(text)
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u2028" not in line
    assert line == "a\\\\b\\nc\\rd\\te\\x1bf\\u2028g 中"


def _blank_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (64, 64), 255).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("argv", [["card"], ["card", "issue"], ["card", "rotating", "--member", "1", "--at", "soon"],
                                  ["card", "decode", "/no/such/image.png"], ["card", "issue", "--member", ""],
                                  ["card", "frobnicate"], ["card", "rotating"],
                                  ["card", "issue", "--member", "1", "--db", "/no/such/store.sqlite"]])
def test_malformed_arguments_give_one_line_on_stderr_and_exit_2(argv, tmp_path):
    result = subprocess.run([sys.executable, "-c", "import sys; from cli.card import main; sys.exit(main(sys.argv[1:]))",
                             *argv], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
