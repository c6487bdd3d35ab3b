"""Membership cards on a real SQLite store: the `card` commands through main.py's CLI, the
SqlCardStore, enrolled phones and the verifier a till builds from the store."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cli import main as cli_main
from db.card_store import SqlCardStore, terminal_verifier
from db.demo import create_store
from db.store import open_engine
from pos_loyalty.cards.devices import enrol_device
from pos_loyalty.cards.ids import MemberId
from pos_loyalty.cards.issuing import issue_card, replace_lost_card
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.cards.symbols import qr_version
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.errors import NotFound

from tests.integration.conftest import PROGRAM, Till

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-03-01T12:00:00+08:00"
NOON = datetime.fromisoformat(AT)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "shop.sqlite"
    create_store(path, program_text=json.dumps(PROGRAM), now=NOON)
    return path


@pytest.fixture
def member(db) -> str:
    return str(Till(db).enrol().id)


def card(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli_main(["card", *argv])
    except SystemExit as exit_:
        code = int(exit_.code)
    out = capsys.readouterr()
    return code, out.out.strip(), out.err.strip()


def test_card_issue_then_verify_on_the_store_the_other_commands_use(db, member, capsys):
    code, text, _ = card(capsys, "issue", "--member", member, "--db", str(db))
    assert code == 0 and text.startswith("LY1:")
    assert (Path(f"{db}.keys") / "issuer.json").exists()
    code, out, _ = card(capsys, "verify", text, "--db", str(db))
    assert code == 0 and json.loads(out)["member"] == member
    engine = open_engine(db)
    assert SqlCardStore(engine).active_serial(MemberId(member)) == json.loads(out)["card_serial"]


def test_card_issue_for_a_member_not_in_the_store_is_one_line_and_exit_2(db, capsys):
    code, out, err = card(capsys, "issue", "--member", "M9999999", "--db", str(db))
    assert (code, out) == (2, "") and len(err.splitlines()) == 1 and "M9999999" in err


def test_card_commands_on_a_missing_store_say_to_run_init(tmp_path, capsys):
    code, _, err = card(capsys, "issue", "--member", "M0000001", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "init" in err and len(err.splitlines()) == 1


def test_card_issue_writes_the_pdf_and_png_with_the_members_name(db, member, capsys, tmp_path):
    code, _, _ = card(capsys, "issue", "--member", member, "--db", str(db),
                      "--pdf", str(tmp_path / "c.pdf"), "--png", str(tmp_path / "c.png"))
    assert code == 0
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_a_replaced_card_fails_verify_with_card_replaced(db, member, capsys):
    _, old, _ = card(capsys, "issue", "--member", member, "--db", str(db))
    assert card(capsys, "replace", "--member", member, "--db", str(db))[0] == 0
    code, out, _ = card(capsys, "verify", old, "--db", str(db))
    assert code == 1 and json.loads(out)["error"] == "card_replaced"


def test_a_forged_code_fails_verify_with_exit_1(db, member, capsys):
    _, text, _ = card(capsys, "issue", "--member", member, "--db", str(db))
    code, out, _ = card(capsys, "verify", text[:-1] + ("0" if text[-1] != "0" else "1"), "--db", str(db))
    assert code == 1 and json.loads(out)["error"] in {"bad_signature", "malformed"}


def test_an_enrolled_phone_shows_codes_that_verify_once(db, member, capsys, tmp_path):
    card(capsys, "issue", "--member", member, "--db", str(db))
    secret = tmp_path / "phone.secret"
    code, out, _ = card(capsys, "device-enrol", "--member", member, "--db", str(db), "--out", str(secret))
    assert code == 0 and json.loads(out)["device_key_id"] == 1
    assert secret.stat().st_mode & 0o777 == 0o600
    _, phone_code, _ = card(capsys, "rotating", "--device", str(secret), "--at", AT)
    assert qr_version(phone_code) <= 6
    code, out, _ = card(capsys, "verify", phone_code, "--at", AT, "--db", str(db))
    assert code == 0 and json.loads(out)["from_phone"] is True
    code, out, _ = card(capsys, "verify", phone_code, "--at", AT, "--db", str(db))
    assert code == 1 and json.loads(out)["error"] == "replayed"


def test_card_rotating_for_a_member_enrols_a_stand_in_phone(db, member, capsys):
    card(capsys, "issue", "--member", member, "--db", str(db))
    _, first, _ = card(capsys, "rotating", "--member", member, "--at", AT, "--db", str(db))
    later = (NOON + timedelta(seconds=30)).isoformat()
    _, second, _ = card(capsys, "rotating", "--member", member, "--at", later, "--db", str(db))
    assert len(SqlCardStore(open_engine(db)).device_certificates()) == 1  # the same phone, a new code
    assert card(capsys, "verify", second, "--at", later, "--db", str(db))[0] == 0


def test_device_enrol_before_any_card_is_refused_in_one_line(db, member, capsys):
    code, out, err = card(capsys, "device-enrol", "--member", member, "--db", str(db))
    assert code == 1 and out == "" and "card issue" in err and len(err.splitlines()) == 1


def test_a_phone_from_another_store_is_not_registered_here(db, member, capsys, tmp_path):
    other = tmp_path / "other.sqlite"
    create_store(other, program_text=json.dumps(PROGRAM), now=NOON)
    other_member = str(Till(other).enrol().id)
    card(capsys, "issue", "--member", other_member, "--db", str(other))
    _, phone_code, _ = card(capsys, "rotating", "--member", other_member, "--at", AT, "--db", str(other))
    code, out, _ = card(capsys, "verify", phone_code, "--at", AT, "--db", str(db))
    assert code == 1 and json.loads(out)["error"] == "phone_not_registered"


def test_the_terminal_verifier_holds_the_stores_revocations_and_phones(db, member):
    engine = open_engine(db)
    store = SqlCardStore(engine, clock=lambda: NOON)
    keys = KeyDirectory.next_to(db)
    first = issue_card(store, keys.issuer(), member_id=MemberId(member), at=NOON)
    replace_lost_card(store, keys.issuer(), member_id=MemberId(member), at=NOON)
    phone = enrol_device(store, store, keys.issuer(), member_id=MemberId(member), at=NOON)
    verifier = terminal_verifier(engine, keys.path, lambda: NOON)
    assert verifier.verify(first.to_text(), at=NOON).reason == Reason.CARD_REPLACED
    assert verifier.verify(phone.code(at=NOON), at=NOON).ok


def test_a_device_row_the_issuer_did_not_sign_is_ignored_by_the_terminal(db, member):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pos_loyalty.cards.issuer import CardIssuer

    engine = open_engine(db)
    store = SqlCardStore(engine, clock=lambda: NOON)
    keys = KeyDirectory.next_to(db)
    issue_card(store, keys.issuer(), member_id=MemberId(member), at=NOON)
    rogue = CardIssuer({1: Ed25519PrivateKey.generate()}, current_key_id=1)  # a till minting its own phone
    phone = enrol_device(store, store, rogue, member_id=MemberId(member), at=NOON)
    verifier = terminal_verifier(engine, keys.path, lambda: NOON)
    assert verifier.devices.refused == 1
    assert verifier.verify(phone.code(at=NOON), at=NOON).reason == Reason.PHONE_NOT_REGISTERED


def test_no_serial_is_spent_on_a_member_who_does_not_exist(db):
    store = SqlCardStore(open_engine(db))
    with pytest.raises(NotFound):
        store.next_serial(MemberId("M9999999"))


def test_the_demo_store_has_a_verifiable_card_per_member_and_keys_beside_it(tmp_path):
    path = tmp_path / "demo.sqlite"
    report = create_store(path, demo=True, members=5, now=NOON)
    assert report["cards"] == 5
    assert (tmp_path / "demo.sqlite.keys" / "keyring.json").exists()
    assert not (tmp_path / "demo.sqlite.building.keys").exists()
    result = subprocess.run([sys.executable, "main.py", "card", "issue", "--member", "M0000001", "--db", str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    verify = subprocess.run([sys.executable, "main.py", "card", "verify", result.stdout.strip(), "--db", str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0 and json.loads(verify.stdout)["member"] == "M0000001"
    store = SqlCardStore(open_engine(path))
    assert store.active_serial(MemberId("M0000003")) is not None
