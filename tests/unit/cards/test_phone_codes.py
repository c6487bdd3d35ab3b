"""Rotating phone codes: a new code every 30 s, one step of skew, each accepted once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cards_testkit import NOON, fixed_key

from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.payload import parse_code
from pos_loyalty.cards.phone_code import rotating_code
from pos_loyalty.cards.revocation import RevokedSerials
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.cards.verifier import CardVerifier


@pytest.fixture
def phone(issuer):
    device_key = fixed_key(50)
    credential = issuer.certify_device(member_id=MemberId("1042"), card_serial=CardSerial(7),
                                       device_public_key=device_key.public_key())
    return credential, device_key


def code_at(phone, at):
    credential, device_key = phone
    return rotating_code(credential, device_key, at=at)


def test_a_fresh_phone_code_is_accepted_for_its_member(verifier, phone):
    verdict = verifier.verify(code_at(phone, NOON), at=NOON)
    assert (verdict.ok, verdict.member_id, verdict.card_serial, verdict.from_phone) == (True, "1042", 7, True)


def test_the_phone_code_changes_every_30_seconds(phone):
    assert code_at(phone, NOON) == code_at(phone, NOON + timedelta(seconds=29))
    assert code_at(phone, NOON) != code_at(phone, NOON + timedelta(seconds=30))


def test_a_phone_code_is_accepted_only_once(verifier, phone):
    code = code_at(phone, NOON)
    assert verifier.verify(code, at=NOON).ok
    assert verifier.verify(code, at=NOON + timedelta(seconds=5)).reason == Reason.REPLAYED


def test_the_next_step_code_is_a_new_code_not_a_replay(verifier, phone):
    assert verifier.verify(code_at(phone, NOON), at=NOON).ok
    later = NOON + timedelta(seconds=30)
    assert verifier.verify(code_at(phone, later), at=later).ok


@pytest.mark.parametrize("till_offset", [-30, 30, 59])
def test_one_step_of_clock_skew_is_allowed(verifier, phone, till_offset):
    assert verifier.verify(code_at(phone, NOON), at=NOON + timedelta(seconds=till_offset)).ok


def test_a_code_two_steps_old_is_refused_as_expired(verifier, phone):
    verdict = verifier.verify(code_at(phone, NOON), at=NOON + timedelta(seconds=60))
    assert (verdict.ok, verdict.reason) == (False, Reason.EXPIRED)


def test_a_code_from_yesterday_is_refused_as_expired(verifier, phone):
    assert verifier.verify(code_at(phone, NOON), at=NOON + timedelta(days=1)).reason == Reason.EXPIRED


def test_a_code_two_steps_ahead_of_the_till_is_refused_as_not_yet_valid(verifier, phone):
    assert verifier.verify(code_at(phone, NOON + timedelta(seconds=60)), at=NOON).reason == Reason.NOT_YET_VALID


def test_a_code_from_a_month_ago_whose_step_wraps_is_still_refused(verifier, phone):
    # 65536 steps later the low 16 bits repeat; the signature over the full step must still fail
    wrapped = NOON + timedelta(seconds=30 * 65536)
    assert not verifier.verify(code_at(phone, NOON), at=wrapped).ok


def test_a_phone_whose_card_was_replaced_is_refused_as_card_replaced(issuer, phone):
    verifier = CardVerifier(issuer.keyring(), revoked=RevokedSerials.of([7]))
    assert verifier.verify(code_at(phone, NOON), at=NOON).reason == Reason.CARD_REPLACED


def test_a_device_key_not_certified_by_the_issuer_is_refused_as_bad_signature(verifier):
    impostor = CardIssuer({KeyId(1): fixed_key(9)}, current_key_id=KeyId(1))
    device_key = fixed_key(51)
    credential = impostor.certify_device(member_id=MemberId("1042"), card_serial=CardSerial(7),
                                         device_public_key=device_key.public_key())
    assert verifier.verify(rotating_code(credential, device_key, at=NOON), at=NOON).reason == Reason.BAD_SIGNATURE


def test_a_stolen_credential_without_the_device_key_cannot_make_codes(phone):
    credential, _ = phone
    with pytest.raises(ValueError):
        rotating_code(credential, fixed_key(52), at=NOON)


def test_a_phone_code_signed_by_another_device_is_refused_as_bad_signature(verifier, phone):
    credential, _ = phone
    other = fixed_key(52)
    payload = parse_code(rotating_code(credential.__class__(
        credential.key_id, credential.member_id, credential.card_serial,
        other.public_key().public_bytes_raw(), credential.signature), other, at=NOON))
    assert verifier.verify(payload.to_text(), at=NOON).reason == Reason.BAD_SIGNATURE


def test_changing_any_single_character_of_a_phone_code_makes_it_fail(issuer, phone):
    code = code_at(phone, NOON)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a"
    accepted = []
    for position, original in enumerate(code):
        for replacement in alphabet:
            if replacement != original:
                fresh_verifier = CardVerifier(issuer.keyring())  # no replay memory: only the flip can fail it
                if fresh_verifier.verify(code[:position] + replacement + code[position + 1:], at=NOON).ok:
                    accepted.append((position, replacement))
    assert accepted == []
