"""Rotating phone codes: a new code every 30 s, one step of skew, each accepted once, only from
phones whose certified device key the terminal holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cards_testkit import NOON, fixed_key

from pos_loyalty.cards.clock import time_step
from pos_loyalty.cards.devices import PhoneDevice, RegisteredDevices
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.payload import PhonePayload, parse_code
from pos_loyalty.cards.phone_code import rotating_code
from pos_loyalty.cards.revocation import RevokedSerials
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.cards.verifier import CardVerifier


@pytest.fixture
def phone(issuer):
    device_key = fixed_key(50)
    certificate = issuer.certify_device(member_id=MemberId("1042"), card_serial=CardSerial(7), device_key_id=5,
                                        device_public_key=device_key.public_key())
    return certificate, device_key


@pytest.fixture
def verifier(issuer, phone):
    return terminal_for(issuer, phone)


def terminal_for(issuer, *phones, revoked=None):
    return CardVerifier(issuer.keyring(), revoked=revoked,
                        devices=RegisteredDevices([c for c, _ in phones], keyring=issuer.keyring()))


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


def test_a_renewed_code_in_the_same_step_is_accepted_after_the_first(verifier, phone):
    credential, device_key = phone
    assert verifier.verify(rotating_code(credential, device_key, at=NOON), at=NOON).ok
    renewed = rotating_code(credential, device_key, at=NOON, renewal=1)
    assert verifier.verify(renewed, at=NOON + timedelta(seconds=3)).ok


def test_a_renewed_code_is_itself_accepted_only_once(verifier, phone):
    credential, device_key = phone
    renewed = rotating_code(credential, device_key, at=NOON, renewal=1)
    assert verifier.verify(renewed, at=NOON).ok
    assert verifier.verify(renewed, at=NOON).reason == Reason.REPLAYED


def test_a_renewal_past_255_is_refused_when_making_the_code(phone):
    credential, device_key = phone
    with pytest.raises(ValueError):
        rotating_code(credential, device_key, at=NOON, renewal=256)


def test_the_renewal_is_signed_so_changing_it_makes_the_code_fail(verifier, phone):
    credential, device_key = phone
    code = parse_code(rotating_code(credential, device_key, at=NOON))
    assert isinstance(code, PhonePayload)
    bumped = PhonePayload(code.device_key_id, code.member_id, code.card_serial, code.step_low, code.signature, 1)
    assert verifier.verify(bumped.to_text(), at=NOON).reason == Reason.BAD_SIGNATURE


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
    verifier = terminal_for(issuer, phone, revoked=RevokedSerials.of([7]))
    assert verifier.verify(code_at(phone, NOON), at=NOON).reason == Reason.CARD_REPLACED


def test_a_phone_the_till_does_not_hold_is_refused_as_not_registered(issuer, phone):
    verdict = CardVerifier(issuer.keyring()).verify(code_at(phone, NOON), at=NOON)
    assert (verdict.ok, verdict.reason) == (False, Reason.PHONE_NOT_REGISTERED)
    assert verdict.message == "Phone not registered on this till: show the printed card."


def test_a_certificate_not_signed_by_the_issuer_is_dropped_when_the_till_loads_it(issuer):
    impostor = CardIssuer({KeyId(1): fixed_key(9)}, current_key_id=KeyId(1))  # e.g. a till inventing a phone
    device_key = fixed_key(51)
    forged = impostor.certify_device(member_id=MemberId("1042"), card_serial=CardSerial(7), device_key_id=6,
                                     device_public_key=device_key.public_key())
    devices = RegisteredDevices([forged], keyring=issuer.keyring())
    assert (len(devices), devices.refused) == (0, 1)
    verifier = CardVerifier(issuer.keyring(), devices=devices)
    assert verifier.verify(rotating_code(forged, device_key, at=NOON), at=NOON).reason == Reason.PHONE_NOT_REGISTERED


def test_a_certificate_from_an_issuer_key_the_till_does_not_know_is_dropped(issuer, phone):
    certificate, _ = phone
    assert RegisteredDevices([certificate], keyring=issuer.keyring().without_key(KeyId(1))).refused == 1


def test_a_stolen_certificate_without_the_device_key_cannot_make_codes(phone):
    certificate, _ = phone
    with pytest.raises(ValueError):
        rotating_code(certificate, fixed_key(52), at=NOON)


def test_a_phone_code_signed_by_another_device_is_refused_as_bad_signature(verifier, phone):
    certificate, _ = phone
    other = fixed_key(52)
    code = parse_code(code_at(phone, NOON))
    assert isinstance(code, PhonePayload)
    forged = PhonePayload(code.device_key_id, code.member_id, code.card_serial, code.step_low,
                          other.sign(code.signed_message(time_step(NOON))))
    assert verifier.verify(forged.to_text(), at=NOON).reason == Reason.BAD_SIGNATURE


def test_a_code_naming_a_registered_device_for_another_card_is_refused(issuer, phone):
    certificate, device_key = phone
    other_card = issuer.certify_device(member_id=MemberId("2000"), card_serial=CardSerial(8), device_key_id=5,
                                       device_public_key=device_key.public_key())
    assert terminal_for(issuer, phone).verify(rotating_code(other_card, device_key, at=NOON),
                                              at=NOON).reason == Reason.BAD_SIGNATURE


def test_changing_any_single_character_of_a_phone_code_makes_it_fail(issuer, phone):
    code = code_at(phone, NOON)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a"
    accepted = []
    for position, original in enumerate(code):
        for replacement in alphabet:
            if replacement != original:
                fresh_verifier = terminal_for(issuer, phone)  # no replay memory: only the flip can fail it
                if fresh_verifier.verify(code[:position] + replacement + code[position + 1:], at=NOON).ok:
                    accepted.append((position, replacement))
    assert accepted == []


def test_a_device_secret_round_trips_and_makes_the_same_codes(phone):
    certificate, device_key = phone
    device = PhoneDevice.from_text(PhoneDevice(certificate, device_key).to_text())
    assert device.certificate == certificate and device.code(at=NOON) == code_at(phone, NOON)


@pytest.mark.parametrize("text", ["", "LYD1:", "LYD1:00", "LY1:ABC", "LYD1:" + "A" * 500])
def test_a_damaged_device_secret_is_refused_with_a_value_error(text):
    with pytest.raises(ValueError):
        PhoneDevice.from_text(text)
