"""Programs published to the whole chain: tills take the newest at their next pull."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Connection, Engine, insert, select

from pos_loyalty.central import changes
from pos_loyalty.central.models import programs
from pos_loyalty.errors import LoyaltyError, Refused
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.sync.protocol import utc_text


def adopt_first_program(connection: Connection, text: str, at: datetime) -> Optional[int]:
    """A registering till's program becomes the chain's when the chain has none yet (a shop that
    grows into a chain keeps its rules); returns its version, or None when the chain already has
    one or the text is not a valid program (the till registers all the same)."""
    if connection.execute(select(programs.c.version).limit(1)).first() is not None:
        return None
    try:
        program = validate(Program, parse_json(text, what="program"), what="program")
    except LoyaltyError:
        return None
    connection.execute(insert(programs).values(version=program.version, body=text, published_at=utc_text(at),
                                               change=changes.take(connection, 1)))
    return program.version


def publish_program(engine: Engine, text: str, at: datetime) -> int:
    program = validate(Program, parse_json(text, what="program"), what="program")
    with engine.begin() as connection:
        held = connection.execute(select(programs.c.body).where(programs.c.version == program.version)).scalar()
        if held is not None:
            if held == text:
                return program.version
            raise Refused(f"program version {program.version} is already published with other rules: "
                          "give the new rules a new version")
        connection.execute(insert(programs).values(version=program.version, body=text, published_at=utc_text(at),
                                                   change=changes.take(connection, 1)))
    return program.version
