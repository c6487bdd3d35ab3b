"""A phone or card certified at one till verifies at every till of the chain: device keys travel
in the push and come down in pulls, issuer keys are shared through the server, device key ids
and card serials carry the terminal's number, and a move revokes the old phone everywhere."""
from __future__ import annotations

import random
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from db.card_store import SqlCardStore, terminal_verifier
from pos_loyalty.cards.chain_numbers import terminal_number_of
from pos_loyalty.cards.devices import PhoneDevice
from pos_loyalty.cards.ids import MemberId
from pos_loyalty.cards.issuing import issue_card
from pos_loyalty.cards.key_directory import KeyDirectory
from pos_loyalty.cards.keyring import public_bytes
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.central.phone.till_desk import TillPhoneDesk, new_join_link
from pos_loyalty.services.joining import JoinForm, MoveForm
from tests.central.chain import ChainTill, registered_tills, wall


@pytest.fixture
def chain(central_server, tmp_path):
    yield from registered_tills(central_server, tmp_path)


def verifier(till: ChainTill):  # noqa: ANN201 - what the till's scanner builds
    return terminal_verifier(till.engine, KeyDirectory.next_to(till.path).path, clock=wall)


def join_on_the_tills_page(till: ChainTill, key: Ed25519PrivateKey, phone: str = "0912345678") -> PhoneDevice:
    desk = TillPhoneDesk(till.path, clock=wall, rng=random.Random(5))
    card = desk.join(new_join_link(desk.engine, at=wall(), rng=random.Random(6))[1],
                     JoinForm(name="林小美", phone=phone, birthday=date(1992, 6, 3), consent=True,
                              device_public_key=public_bytes(key.public_key())))
    return PhoneDevice(card.certificate, key)


def move_on_the_tills_page(till: ChainTill, key: Ed25519PrivateKey, phone: str = "0912345678") -> PhoneDevice:
    desk = TillPhoneDesk(till.path, clock=wall, rng=random.Random(7))
    card = desk.move(new_join_link(desk.engine, at=wall(), rng=random.Random(8))[1],
                     MoveForm(phone=phone, birthday=date(1992, 6, 3), device_public_key=public_bytes(key.public_key())))
    return PhoneDevice(card.certificate, key)


def test_a_phone_that_joined_at_one_till_is_accepted_at_another_after_they_sync(chain):
    first, second = chain("first", 1), chain("second", 2)
    phone = join_on_the_tills_page(first, Ed25519PrivateKey.generate())
    first.sync()
    second.sync()
    verdict = verifier(second).verify(phone.code(at=wall()), at=wall())
    assert (verdict.ok, verdict.from_phone, verdict.member_id) == (True, True, phone.certificate.member_id)


def test_a_card_issued_at_one_till_verifies_at_another(chain):
    first, second = chain("first", 1), chain("second", 2)
    member = first.enrol("陳小華", "0922333444")
    card = issue_card(SqlCardStore(first.engine, wall), KeyDirectory.next_to(first.path).issuer(),
                      member_id=MemberId(member.id), at=wall())
    first.sync()
    second.sync()
    verdict = verifier(second).verify(card.to_text(), at=wall())
    assert (verdict.ok, verdict.member_id) == (True, member.id)


def test_after_a_move_at_one_till_the_old_phone_is_refused_at_every_till(chain):
    first, second = chain("first", 1), chain("second", 2)
    old = join_on_the_tills_page(first, Ed25519PrivateKey.generate())
    first.sync()
    second.sync()
    assert verifier(second).verify(old.code(at=wall()), at=wall()).ok
    new = move_on_the_tills_page(first, Ed25519PrivateKey.generate())
    first.sync()
    second.sync()
    at_second = verifier(second)
    assert at_second.verify(old.code(at=wall(), renewal=1), at=wall()).reason == Reason.PHONE_NOT_REGISTERED
    assert at_second.verify(new.code(at=wall()), at=wall()).ok


def test_two_tills_certifying_phones_offline_never_pick_the_same_device_key_id_or_card_serial(chain):
    first, second = chain("first", 1), chain("second", 2)
    one = join_on_the_tills_page(first, Ed25519PrivateKey.generate(), phone="0911000001")
    two = join_on_the_tills_page(second, Ed25519PrivateKey.generate(), phone="0911000002")
    assert one.certificate.device_key_id != two.certificate.device_key_id
    assert one.certificate.card_serial != two.certificate.card_serial
    numbers = {terminal_number_of(one.certificate.device_key_id), terminal_number_of(two.certificate.device_key_id)}
    assert numbers == {int(first.sync_store.settings()["member_prefix"]),
                       int(second.sync_store.settings()["member_prefix"])}


def test_each_till_signs_under_its_own_chain_wide_issuer_key_id(chain):
    first, second = chain("first", 1), chain("second", 2)
    ids = {KeyDirectory.next_to(till.path).issuer().current_key_id for till in (first, second)}
    assert len(ids) == 2 and min(ids) >= 64
