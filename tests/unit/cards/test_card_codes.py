"""Printed membership cards: signed at central, checked offline at the till."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cards_testkit import NOON, fixed_key

from pos_loyalty.cards.base45 import ALPHABET, b45decode, b45encode
from pos_loyalty.cards.clock import unix_seconds
from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.payload import PREFIX, parse_code
from pos_loyalty.cards.revocation import RevokedSerials
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.cards.verifier import CardVerifier


def test_an_issued_card_verifies_with_its_member_and_serial(verifier, card_text):
    verdict = verifier.verify(card_text, at=NOON + timedelta(days=400))
    assert (verdict.ok, verdict.reason, verdict.member_id, verdict.card_serial) == (True, Reason.OK, "1042", 7)


def test_a_card_carries_its_issue_time_and_key_id(card_text):
    payload = parse_code(card_text)
    assert (payload.issued_at, payload.key_id) == (unix_seconds(NOON), 1)


def test_a_card_code_is_prefixed_alphanumeric_text(card_text):
    assert card_text.startswith(PREFIX)
    assert set(card_text) <= set(ALPHABET)


def test_non_numeric_member_ids_round_trip(issuer, verifier):
    text = issuer.issue_card(member_id=MemberId("會員-0001"), card_serial=CardSerial(3), at=NOON).to_text()
    assert verifier.verify(text, at=NOON).member_id == "會員-0001"


def test_a_card_signed_by_a_key_the_till_does_not_know_is_refused_as_unknown_key(card_text):
    other_issuer = CardIssuer({KeyId(2): fixed_key(2)}, current_key_id=KeyId(2))
    verdict = CardVerifier(other_issuer.keyring()).verify(card_text, at=NOON)
    assert (verdict.ok, verdict.reason) == (False, Reason.UNKNOWN_KEY)


def test_a_card_signed_by_an_impostor_with_a_known_key_id_is_refused_as_bad_signature(verifier):
    impostor = CardIssuer({KeyId(1): fixed_key(9)}, current_key_id=KeyId(1))
    forged = impostor.issue_card(member_id=MemberId("1042"), card_serial=CardSerial(7), at=NOON).to_text()
    assert verifier.verify(forged, at=NOON).reason == Reason.BAD_SIGNATURE


def test_a_replaced_card_is_refused_as_card_replaced(issuer, card_text):
    verifier = CardVerifier(issuer.keyring(), revoked=RevokedSerials.of([7]))
    verdict = verifier.verify(card_text, at=NOON)
    assert (verdict.ok, verdict.reason, verdict.member_id) == (False, Reason.CARD_REPLACED, "1042")
    assert verdict.message.startswith("Card replaced")


@pytest.mark.parametrize("text", ["", "hello", "LY1:", "LY1:A", "LY1:abc", "LY1:" + "0" * 5, "ly1:ABC", b"LY1:", None, 42])
def test_malformed_input_is_refused_as_malformed(verifier, text):
    assert verifier.verify(text, at=NOON).reason == Reason.MALFORMED


def test_text_longer_than_any_code_is_refused_as_oversized_before_decoding(verifier):
    assert verifier.verify(PREFIX + "0" * 10_000_000, at=NOON).reason == Reason.OVERSIZED


def test_a_code_from_a_newer_format_is_refused_as_unsupported_version(verifier, card_text):
    assert verifier.verify("LY2:" + card_text[4:], at=NOON).reason == Reason.UNSUPPORTED_VERSION


def test_a_code_with_trailing_bytes_is_refused_as_malformed(verifier, card_text):
    raw = b45decode(card_text[4:], max_bytes=400)
    assert verifier.verify(PREFIX + b45encode(raw + b"\x00"), at=NOON).reason == Reason.MALFORMED


def test_every_refusal_has_an_english_and_a_zh_tw_line(verifier):
    verdict = verifier.verify("nonsense", at=NOON)
    assert verdict.message and "\n" not in verdict.message
    assert verdict.message_zh_tw and verdict.message_zh_tw != verdict.message


def test_changing_any_single_character_of_a_card_code_makes_it_fail(verifier, card_text):
    alphabet = ALPHABET + "abcz:\x00é"
    still_accepted = []
    for position, original in enumerate(card_text):
        for replacement in alphabet:
            if replacement == original:
                continue
            changed = card_text[:position] + replacement + card_text[position + 1:]
            if verifier.verify(changed, at=NOON).ok:
                still_accepted.append((position, replacement))
    assert still_accepted == []


def test_dropping_or_adding_a_character_makes_a_card_code_fail(verifier, card_text):
    variants = [card_text[:i] + card_text[i + 1:] for i in range(len(card_text))]
    variants += [card_text + "0", "0" + card_text, card_text + " "]
    assert not any(verifier.verify(v, at=NOON).ok for v in variants)


def test_the_old_key_still_verifies_after_rotation_while_it_is_in_the_keyring(card_text):
    rotated = CardIssuer({KeyId(1): fixed_key(1), KeyId(2): fixed_key(2)}, current_key_id=KeyId(2))
    new_card = rotated.issue_card(member_id=MemberId("1042"), card_serial=CardSerial(8), at=NOON).to_text()
    verifier = CardVerifier(rotated.keyring())
    assert parse_code(new_card).key_id == 2
    assert verifier.verify(card_text, at=NOON).ok and verifier.verify(new_card, at=NOON).ok


def test_a_retired_key_id_is_refused_as_unknown_key(card_text):
    rotated = CardIssuer({KeyId(1): fixed_key(1), KeyId(2): fixed_key(2)}, current_key_id=KeyId(2))
    verifier = CardVerifier(rotated.keyring().without_key(KeyId(1)))
    assert verifier.verify(card_text, at=NOON).reason == Reason.UNKNOWN_KEY


def test_the_issuer_refuses_member_ids_too_long_for_a_small_code(issuer):
    with pytest.raises(ValueError):
        issuer.issue_card(member_id=MemberId("x" * 21), card_serial=CardSerial(1), at=NOON)
