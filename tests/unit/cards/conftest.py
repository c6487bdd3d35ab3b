from __future__ import annotations

import pytest
from cards_testkit import NOON, fixed_key

from pos_loyalty.cards.ids import CardSerial, KeyId, MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.verifier import CardVerifier

@pytest.fixture
def issuer() -> CardIssuer:
    return CardIssuer({KeyId(1): fixed_key(1)}, current_key_id=KeyId(1))


@pytest.fixture
def verifier(issuer: CardIssuer) -> CardVerifier:
    return CardVerifier(issuer.keyring())


@pytest.fixture
def card_text(issuer: CardIssuer) -> str:
    return issuer.issue_card(member_id=MemberId("1042"), card_serial=CardSerial(7), at=NOON).to_text()
