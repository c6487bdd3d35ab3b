"""Enrolment: a new member from name, phone, birthday and consent."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Optional

from pos_loyalty.engine.member import MemberId
from pos_loyalty.errors import InvalidInput, Refused
from pos_loyalty.members import Member, normalise_phone
from pos_loyalty.services.entries import EntryBook
from pos_loyalty.services.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class Enrolment:
    name: str
    phone: Optional[str] = None
    birthday: Optional[date] = None
    consent: bool = False          # may we send offers (the terms themselves are accepted at the till)
    open_cards: bool = False       # shops that open stamp cards (with starter stamps) at enrolment


def enrol(cmd: Enrolment, *, uow: UnitOfWork, clock: Clock, ids: Optional[random.Random] = None) -> Member:
    """Create a member. A phone number belongs to one member only."""
    at = clock()
    name = cmd.name.strip()
    if not name:
        raise InvalidInput("name: required")
    if len(name) > 200:
        raise InvalidInput("name: at most 200 characters")
    phone = normalise_phone(cmd.phone) if cmd.phone else None
    today = at.date()
    if cmd.birthday is not None and not (date(1900, 1, 1) <= cmd.birthday <= today):
        raise InvalidInput(f"birthday: {cmd.birthday.isoformat()} is not a plausible birthday")
    with uow:
        program = uow.active_program()
        if program is not None:
            today = at.astimezone(program.zone).date()
        if phone and (owner := uow.member_by_phone(phone)) is not None:
            raise Refused(f"Phone {phone} already belongs to member {owner.id} ({owner.masked_name})")
        member = Member(id=MemberId(uow.next_member_id()), name=name, phone=phone, birthday=cmd.birthday,
                        joined=today, consent=cmd.consent)
        uow.add_member(member, at)
        if cmd.open_cards and program is not None:
            book = EntryBook(uow, at=at, rng=ids or random.SystemRandom(), program_version=program.version)
            for card in program.stamp_cards:
                book.add(member.id, "stamp", stamps=card.starter_stamps, card=card.id,
                         reason=f"opened with {card.starter_stamps} starter stamps")
            book.write()
        uow.audit("enrol", {"member": member.id, "consent": cmd.consent}, at)
        uow.commit()
    return member
