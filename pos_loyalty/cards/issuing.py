"""Issuing a member's card, and replacing a lost one (new serial, old one revoked)."""

from __future__ import annotations

from datetime import datetime

from pos_loyalty.cards.card_store import CardStore, IssuedCard
from pos_loyalty.cards.ids import MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.payload import CardPayload


def issue_card(store: CardStore, issuer: CardIssuer, *, member_id: MemberId, at: datetime) -> CardPayload:
    """A new card with a fresh serial. Earlier cards stay valid (use replace_lost_card to retire them)."""
    card = issuer.issue_card(member_id=member_id, card_serial=store.next_serial(member_id), at=at)
    store.record_issue(IssuedCard(card.member_id, card.card_serial, card.key_id, card.issued_at))
    return card


def replace_lost_card(store: CardStore, issuer: CardIssuer, *, member_id: MemberId, at: datetime) -> CardPayload:
    """A new card for a member whose card was lost; every earlier card of theirs goes on the
    revocation list (a member may hold several: a spare key fob, a card replaced once already)."""
    earlier = store.active_serials(member_id)
    card = issue_card(store, issuer, member_id=member_id, at=at)
    for serial in earlier:
        store.revoke(serial)
    return card
