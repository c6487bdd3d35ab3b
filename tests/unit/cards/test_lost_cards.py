"""A lost card is replaced: new serial, the old one refused as "card replaced"."""

from __future__ import annotations

from cards_testkit import NOON

from pos_loyalty.cards.card_store import InMemoryCardStore
from pos_loyalty.cards.ids import MemberId
from pos_loyalty.cards.issuing import issue_card, replace_lost_card
from pos_loyalty.cards.revocation import RevokedSerials
from pos_loyalty.cards.verdict import Reason
from pos_loyalty.cards.verifier import CardVerifier


def test_replacing_a_lost_card_gives_a_new_serial_and_revokes_the_old_one(issuer):
    store = InMemoryCardStore()
    old = issue_card(store, issuer, member_id=MemberId("1042"), at=NOON)
    new = replace_lost_card(store, issuer, member_id=MemberId("1042"), at=NOON)
    assert new.card_serial != old.card_serial
    assert store.revoked_serials() == {old.card_serial}


def test_the_till_refuses_the_old_card_and_accepts_the_new_one(issuer):
    store = InMemoryCardStore()
    old = issue_card(store, issuer, member_id=MemberId("1042"), at=NOON)
    new = replace_lost_card(store, issuer, member_id=MemberId("1042"), at=NOON)
    verifier = CardVerifier(issuer.keyring(), revoked=RevokedSerials(store.revoked_serials()))
    assert verifier.verify(old.to_text(), at=NOON).reason == Reason.CARD_REPLACED
    assert verifier.verify(new.to_text(), at=NOON).ok


def test_issuing_a_second_card_does_not_revoke_the_first(issuer):
    store = InMemoryCardStore()
    issue_card(store, issuer, member_id=MemberId("1042"), at=NOON)
    issue_card(store, issuer, member_id=MemberId("1042"), at=NOON)
    assert store.revoked_serials() == frozenset()
