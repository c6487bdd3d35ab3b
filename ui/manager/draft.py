"""The draft programme the console edits: a dict, checked against the spec on every change."""
from __future__ import annotations

import copy
import json
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal

from pos_loyalty.errors import LoyaltyError
from pos_loyalty.program import Program


class Draft(QObject):
    """Every page edits the same draft; `changed` tells the others. `error` is the CLI's own
    one-line message for the draft as it stands (empty when it is valid)."""

    changed = Signal()

    def __init__(self, text: str, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.data: dict[str, Any] = {}
        self.error = ""
        self.program: Optional[Program] = None
        self.set_text(text)

    def set_text(self, text: str) -> None:
        from pos_loyalty.reading import parse_json
        try:
            data = parse_json(text, what="program")
        except LoyaltyError as error:
            self.error, self.program = str(error), None
            self.changed.emit()
            return
        self.set_data(_plain(data))

    def set_data(self, data: dict[str, Any]) -> None:
        from pos_loyalty.services.programs import read_program
        self.data = data
        try:
            self.program = read_program(self.text())
            self.error = ""
        except LoyaltyError as error:
            self.program, self.error = None, str(error)
        self.changed.emit()

    def edit(self) -> dict[str, Any]:
        """A copy to change and hand back with set_data()."""
        return copy.deepcopy(self.data)

    def text(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2)

    @property
    def valid(self) -> bool:
        return self.program is not None


def _plain(value: Any) -> Any:
    """The file's exact decimals as ints where whole, else floats: a float's repr is the shortest
    text that reads back the same, so 1.15 is written and read back as exactly 1.15."""
    from decimal import Decimal
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
