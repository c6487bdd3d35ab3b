"""Programs published to the whole chain: tills take the newest at their next pull."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, insert, select

from pos_loyalty.central import changes
from pos_loyalty.central.models import programs
from pos_loyalty.errors import Refused
from pos_loyalty.program import Program
from pos_loyalty.reading import parse_json, validate
from pos_loyalty.sync.protocol import utc_text


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
