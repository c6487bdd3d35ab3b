"""Joining from the phone on a till's own store: one-time expiring links, rate limit, already a
member, moving the card to a new phone (the old phone's key stops verifying)."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.demo import create_store
from db.card_store import terminal_verifier
from db.store import SqlUnitOfWork
from pos_loyalty.cards.devices import PhoneDevice
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.payload import parse_device_certificate
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.central.phone.till_desk import TillPhoneDesk, new_join_link
from pos_loyalty.errors import InvalidInput
from pos_loyalty.services import joining
from pos_loyalty.services.join_links import JoinLinkRefused
from pos_loyalty.services.joining import AlreadyMember, JoinForm, MoveForm, TooManyJoins
from pos_loyalty.services.members import member_summary
from tests.integration.conftest import PROGRAM, at


class Shop:
    def __init__(self, path: Path) -> None:
        self.now = at("2026-06-02 10:00")
        self.rng = random.Random(7)
        self.desk = TillPhoneDesk(path, clock=lambda: self.now, rng=self.rng)
        self.path = path

    def link(self) -> str:
        return new_join_link(self.desk.engine, at=self.now, rng=self.rng)[1]

    def verifier(self):
        return terminal_verifier(self.desk.engine, Path(f"{self.path}.keys"), clock=lambda: self.now)


@pytest.fixture
def shop(tmp_path: Path) -> Shop:
    path = tmp_path / "till.sqlite"
    create_store(path, program_text=json.dumps(PROGRAM), now=at("2026-01-01 09:00"))
    return Shop(path)


def form(key: Ed25519PrivateKey, phone: str = "0912 345 678") -> JoinForm:
    return JoinForm(name="林小美", phone=phone, birthday=date(1992, 6, 3), consent=True,
                    device_public_key=public_bytes(key.public_key()))


def phone_of(card, key: Ed25519PrivateKey) -> PhoneDevice:
    return PhoneDevice(parse_device_certificate(bytes.fromhex(card.to_dict()["certificate"])), key)


def test_a_member_who_joins_from_the_phone_is_in_the_tills_store_with_starter_stamps(shop):
    card = shop.desk.join(shop.link(), form(Ed25519PrivateKey.generate()))
    with SqlUnitOfWork(shop.desk.engine) as uow:
        assert uow.member(card.member_id).phone == "0912345678"
    summary = member_summary(card.member_id, uow=SqlUnitOfWork(shop.desk.engine), clock=lambda: shop.now)
    assert [(c.card, c.count) for c in summary.cards] == [("coffee", 1)]


def test_the_phones_own_key_makes_codes_the_till_accepts(shop):
    key = Ed25519PrivateKey.generate()
    card = shop.desk.join(shop.link(), form(key))
    verdict = shop.verifier().verify(phone_of(card, key).code(at=shop.now), at=shop.now)
    assert (verdict.ok, verdict.member_id, verdict.from_phone) == (True, card.member_id, True)


def test_a_join_link_works_once(shop):
    token = shop.link()
    shop.desk.join(token, form(Ed25519PrivateKey.generate()))
    with pytest.raises(JoinLinkRefused, match="already used"):
        shop.desk.join(token, form(Ed25519PrivateKey.generate(), phone="0922333444"))


def test_a_join_link_expires_after_ten_minutes(shop):
    token = shop.link()
    shop.now += timedelta(minutes=10)
    with pytest.raises(JoinLinkRefused, match="expired"):
        shop.desk.join(token, form(Ed25519PrivateKey.generate()))


def test_a_changed_join_link_is_refused(shop):
    token = shop.link()
    damaged = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(JoinLinkRefused, match="not valid"):
        shop.desk.join(damaged, form(Ed25519PrivateKey.generate()))


def test_a_form_with_a_bad_phone_number_leaves_the_link_unspent(shop):
    token = shop.link()
    with pytest.raises(InvalidInput, match="phone"):
        shop.desk.join(token, form(Ed25519PrivateKey.generate(), phone="12"))
    shop.desk.join(token, form(Ed25519PrivateKey.generate()))


def test_joins_at_one_till_are_rate_limited(shop, monkeypatch):
    monkeypatch.setattr(joining, "JOINS_PER_TILL", 2)
    for number in ("0911000001", "0911000002"):
        shop.desk.join(shop.link(), form(Ed25519PrivateKey.generate(), phone=number))
    with pytest.raises(TooManyJoins):
        shop.desk.join(shop.link(), form(Ed25519PrivateKey.generate(), phone="0911000003"))
    shop.now += joining.JOIN_RATE_WINDOW
    shop.desk.join(shop.link(), form(Ed25519PrivateKey.generate(), phone="0911000003"))


def test_a_phone_number_already_enrolled_is_told_it_is_already_a_member(shop):
    shop.desk.join(shop.link(), form(Ed25519PrivateKey.generate()))
    token = shop.link()
    with pytest.raises(AlreadyMember, match="already a member"):
        shop.desk.join(token, form(Ed25519PrivateKey.generate()))
    assert shop.desk.check_link(token)["till"] == "T-01"  # not spent: the member can move with it


def test_moving_the_card_to_a_new_phone_revokes_the_old_phones_key(shop):
    old_key, new_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    old = shop.desk.join(shop.link(), form(old_key))
    new = shop.desk.move(shop.link(), MoveForm(phone="0912345678", birthday=date(1992, 6, 3),
                                               device_public_key=public_bytes(new_key.public_key())))
    verifier = shop.verifier()
    assert verifier.verify(phone_of(old, old_key).code(at=shop.now), at=shop.now).reason == Reason.PHONE_NOT_REGISTERED
    assert verifier.verify(phone_of(new, new_key).code(at=shop.now), at=shop.now).ok
    assert shop.desk.device(old.certificate.device_key_id).revoked


def test_moving_with_the_wrong_birthday_is_refused_and_spends_the_link(shop):
    old = shop.desk.join(shop.link(), form(Ed25519PrivateKey.generate()))
    token = shop.link()
    wrong = MoveForm(phone="0912345678", birthday=date(1992, 6, 4),
                     device_public_key=public_bytes(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(joining.Refused, match="do not match"):
        shop.desk.move(token, wrong)
    with pytest.raises(JoinLinkRefused, match="already used"):
        shop.desk.move(token, wrong)
    assert not shop.desk.device(old.certificate.device_key_id).revoked


def test_a_device_key_that_is_not_an_ed25519_key_is_refused(shop):
    bad = JoinForm(name="x", phone="0912345678", birthday=None, consent=False, device_public_key=b"\x01" * 31)
    with pytest.raises(InvalidInput, match="device_public_key"):
        shop.desk.join(shop.link(), bad)
