"""Joining from the phone: the join link from the till's screen, the form, and the phone's own
device key certified for the member's card; moving a card to a new phone.

The phone makes its Ed25519 key itself and sends only the public half; the issuer certifies it
for the member's current card serial, so the till's verifier accepts the phone's rotating codes.
A link works once and expires (join_links.py); joins per till are rate-limited.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Optional, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pos_loyalty.cards.card_store import CardStore
from pos_loyalty.cards.devices import DeviceStore
from pos_loyalty.cards.ids import MemberId
from pos_loyalty.cards.issuer import CardIssuer
from pos_loyalty.cards.issuing import issue_card
from pos_loyalty.cards.payload import DeviceCertificate
from pos_loyalty.errors import InvalidInput, Refused
from pos_loyalty.members import Member, normalise_phone
from pos_loyalty.services.enrolment import Enrolment, enrol
from pos_loyalty.services.join_links import JoinKeys, JoinLink, JoinLinkRefused, read_join_link
from pos_loyalty.services.ports import Clock, UnitOfWork

JOINS_PER_TILL = 20  # sign-ups (and card moves) one till's links may make ...
JOIN_RATE_WINDOW = timedelta(minutes=10)  # ... within this long


class JoinBook(Protocol):
    """Where spent join links are kept (db/join_book.py)."""

    def spend_join_link(self, link: JoinLink, *, at: datetime, outcome: str) -> bool:
        """Mark the link used; False if it already was (the check and the mark are one step)."""
        ...

    def joins_since(self, till: str, since: datetime) -> int: ...
    def link_used(self, link: JoinLink) -> bool: ...


class PhoneDeviceStore(DeviceStore, Protocol):
    def revoke_member_devices(self, member_id: str, *, at: datetime) -> int:
        """Revoke every device key of the member; returns how many were live."""
        ...


@dataclass(frozen=True)
class MemberPhones:
    """Everything a join from a phone touches, wired by whoever serves the page (central or a till)."""

    uow: Callable[[], UnitOfWork]
    cards: CardStore
    devices: PhoneDeviceStore
    issuer: CardIssuer
    joins: JoinBook
    join_keys: JoinKeys
    clock: Clock
    rng: random.Random


@dataclass(frozen=True)
class JoinForm:
    name: str
    phone: str
    birthday: Optional[date]
    consent: bool
    device_public_key: bytes  # raw Ed25519 public key made on the phone


@dataclass(frozen=True)
class MoveForm:
    phone: str
    birthday: Optional[date]
    device_public_key: bytes


@dataclass(frozen=True)
class PhoneCard:
    """What the phone keeps after joining: which device key it is and whose card it speaks for."""

    member_id: str
    certificate: DeviceCertificate

    def to_dict(self) -> dict:
        c = self.certificate
        return {"member": self.member_id, "device_key_id": c.device_key_id, "card_serial": c.card_serial,
                "certificate": c.to_bytes().hex()}


class AlreadyMember(Refused):
    """The phone number belongs to a member already: offer to move their card to this phone."""

    def __init__(self, member: Member) -> None:
        super().__init__(f"You are already a member ({member.masked_name}): move your card to this phone instead.")
        self.member_id = member.id
        self.masked_name = member.masked_name


class TooManyJoins(Refused):
    """Rate limit per till."""


def check_join_link(token: str, *, phones: MemberPhones) -> JoinLink:
    """The link, if a phone may still join with it (the join page asks before showing the form)."""
    link = read_join_link(token, keys=phones.join_keys, at=phones.clock())
    if phones.joins.link_used(link):
        raise JoinLinkRefused("This join link was already used: scan the new code on the till's screen.")
    return link


def join_from_phone(token: str, form: JoinForm, *, phones: MemberPhones) -> PhoneCard:
    """A new member from the phone's form: starter stamps, a card, and the phone's key certified."""
    at = phones.clock()
    link = read_join_link(token, keys=phones.join_keys, at=at)
    device_key = _device_key(form.device_public_key)
    phone = normalise_phone(form.phone)
    if not form.name.strip():
        raise InvalidInput("name: required")
    with phones.uow().reading() as uow:
        owner = uow.member_by_phone(phone)
    if owner is not None:
        raise AlreadyMember(owner)
    _spend(link, phones, at, outcome="join")
    member = enrol(Enrolment(name=form.name, phone=phone, birthday=form.birthday, consent=form.consent,
                             open_cards=True), uow=phones.uow(), clock=lambda: at, ids=phones.rng)
    issue_card(phones.cards, phones.issuer, member_id=MemberId(member.id), at=at)
    return _certify(member.id, device_key, phones, at)


def move_card_to_phone(token: str, form: MoveForm, *, phones: MemberPhones) -> PhoneCard:
    """Certify this phone for a member who joined before, and revoke their earlier phones' keys.

    The member proves it is them with the phone number and birthday they joined with, through a
    link from the till's screen (so they stand at the till); each attempt spends the link."""
    at = phones.clock()
    link = read_join_link(token, keys=phones.join_keys, at=at)
    device_key = _device_key(form.device_public_key)
    phone = normalise_phone(form.phone)
    with phones.uow().reading() as uow:
        member = uow.member_by_phone(phone)
    matches = member is not None and member.birthday is not None and member.birthday == form.birthday
    _spend(link, phones, at, outcome="move" if matches else "move refused")
    if not matches or member is None:
        raise Refused("These details do not match a member's: ask the cashier to move your card.")
    if phones.cards.active_serial(MemberId(member.id)) is None:
        issue_card(phones.cards, phones.issuer, member_id=MemberId(member.id), at=at)
    phones.devices.revoke_member_devices(member.id, at=at)
    card = _certify(member.id, device_key, phones, at)
    with phones.uow() as uow:
        uow.audit("phone moved", {"member": member.id, "device_key": card.certificate.device_key_id,
                                  "till": link.till}, at, actor="phone")
        uow.commit()
    return card


def _spend(link: JoinLink, phones: MemberPhones, at: datetime, *, outcome: str) -> None:
    if phones.joins.joins_since(link.till, at - JOIN_RATE_WINDOW) >= JOINS_PER_TILL:
        raise TooManyJoins("Many people joined at this till just now: please try again in a few minutes.")
    if not phones.joins.spend_join_link(link, at=at, outcome=outcome):
        raise JoinLinkRefused("This join link was already used: scan the new code on the till's screen.")


def _certify(member_id: str, device_key: Ed25519PublicKey, phones: MemberPhones, at: datetime) -> PhoneCard:
    serial = phones.cards.active_serial(MemberId(member_id))
    assert serial is not None  # issued just before
    certificate = phones.issuer.certify_device(member_id=MemberId(member_id), card_serial=serial,
                                               device_key_id=phones.devices.next_device_key_id(),
                                               device_public_key=device_key)
    phones.devices.record_device(certificate, at=at)
    return PhoneCard(member_id, certificate)


def _device_key(raw: bytes) -> Ed25519PublicKey:
    if len(raw) != 32:
        raise InvalidInput("device_public_key: must be a 32-byte Ed25519 public key")
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise InvalidInput("device_public_key: not an Ed25519 public key") from None
