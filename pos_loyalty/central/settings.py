"""What one central server process is told when it starts. The process itself keeps no state."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable


@dataclass(frozen=True)
class CentralSettings:
    db_url: str                                   # postgresql://... or an SQLite file path
    clock: Callable[[], datetime]                 # aware UTC now; the composition root passes the wall clock
    max_body_bytes: int = 4 * 1024 * 1024         # a request larger than this is refused (413)
    max_batch: int = 5000                         # entries per push
    clock_skew_seconds: int = 300                 # a signed request older or newer than this is refused
    code_minutes: int = 10                        # a registration code's life
    migrate: bool = True                          # bring the schema to head on start
