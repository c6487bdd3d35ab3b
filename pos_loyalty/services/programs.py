"""Publishing the loyalty program: a new version the till applies from its next sale.

Drafts live in the manager's console and never reach the till; only `publish()` makes a version
active. A version number, once published, always means the same rules: publishing it again with
other content is refused, publishing the same content again changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from pos_loyalty.errors import NotFound, Refused
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.services.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class Published:
    version: int
    previous: Optional[int]
    unchanged: bool = False

    def to_dict(self) -> dict:
        return {"published": self.version, "previous": self.previous, "unchanged": self.unchanged}


def read_program(text: str) -> Program:
    """The program file checked against the spec (one-line error naming the field)."""
    return validate(Program, parse_json(text, what="program"), what="program")


def same_rules(text_a: str, text_b: str) -> bool:
    """Two program files say the same thing (whitespace and key order do not matter)."""
    return parse_json(text_a, what="program") == parse_json(text_b, what="program")


def refuse_changed_version(uow: UnitOfWork, program: Program, text: str) -> bool:
    """True if this exact version is already stored with the same rules; Refused if with other rules."""
    stored = uow.program_body(program.version)
    if stored is None:
        return False
    if not same_rules(stored, text):
        raise Refused(f"program version {program.version} is already published with other rules; "
                      f"give the changed program a new version")
    return True


def publish(text: str, *, uow: UnitOfWork, clock: Clock, actor: str = "cli") -> Published:
    """Make `text` the active program. Its version must be new and above every published one
    (or the very same file as a published version, which changes nothing)."""
    program = read_program(text)
    at = clock()
    with uow:
        current = uow.active_program()
        previous = current.version if current is not None else None
        if refuse_changed_version(uow, program, text):
            if previous == program.version:
                return Published(version=program.version, previous=previous, unchanged=True)
            raise Refused(f"program version {program.version} is an older published version; "
                          f"to go back to it, publish it again under a new version")
        newest = max((v for v, _, _ in uow.program_versions()), default=0)
        if program.version <= newest:
            raise Refused(f"program version {program.version} is not above the newest published "
                          f"version {newest}")
        uow.publish_program(program, text, at)
        uow.audit("program_publish", {"before": {"version": previous}, "after": {"version": program.version}},
                  at, actor=actor)
        uow.commit()
    return Published(version=program.version, previous=previous)


def active_program_text(*, uow: UnitOfWork) -> str:
    """The active program file exactly as published."""
    with uow:
        program = uow.active_program()
        if program is None:
            raise NotFound("No loyalty program is published on this terminal yet")
        body = uow.program_body(program.version)
    assert body is not None
    return body


def program_history(*, uow: UnitOfWork) -> list[tuple[int, datetime, bool]]:
    with uow:
        return uow.program_versions()


__all__ = ["Published", "publish", "active_program_text", "program_history", "read_program", "same_rules",
           "refuse_changed_version"]
