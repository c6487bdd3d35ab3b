"""The till's scanner knows a phone the moment it joins or moves, without a restart: its
verifier is rebuilt when the store's phones or revocations change."""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timezone
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.demo import create_store
from pos_loyalty.cards.devices import PhoneDevice
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.payload import parse_device_certificate
from pos_loyalty.central.phone.till_desk import TillPhoneDesk, new_join_link
from pos_loyalty.services.joining import JoinForm, MoveForm
from tests.integration.conftest import PROGRAM
from ui.till.backend import TillBackend
from ui.till.scan_router import MemberScanned, ScanRefused


def now() -> datetime:
    return datetime.now(timezone.utc)


def phone_of(card, key):  # noqa: ANN001, ANN201
    return PhoneDevice(parse_device_certificate(bytes.fromhex(card.to_dict()["certificate"])), key)


def test_a_phone_that_joined_after_the_till_started_is_served_and_a_moved_one_is_refused(tmp_path: Path):
    store = tmp_path / "till.sqlite"
    create_store(store, program_text=json.dumps(PROGRAM), now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    backend = TillBackend(store, clock=now)
    backend.open()
    assert isinstance(backend.router.resolve("LY1:0000"), ScanRefused)  # the verifier is built now
    desk = TillPhoneDesk(store, clock=now, rng=random.Random(2))
    old_key, new_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    old = desk.join(new_join_link(desk.engine, at=now(), rng=random.Random(3))[1],
                    JoinForm(name="陳", phone="0911222333", birthday=date(1990, 1, 2), consent=False,
                             device_public_key=public_bytes(old_key.public_key())))
    old_code = phone_of(old, old_key).code(at=now())
    assert backend.router.resolve(old_code) == MemberScanned(old.member_id, "phone code")

    desk.move(new_join_link(desk.engine, at=now(), rng=random.Random(4))[1],
              MoveForm(phone="0911222333", birthday=date(1990, 1, 2), device_public_key=public_bytes(new_key.public_key())))
    refused = backend.router.resolve(phone_of(old, old_key).code(at=now(), renewal=1))
    assert isinstance(refused, ScanRefused) and refused.reason == "phone_not_registered"
