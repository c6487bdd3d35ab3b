"""Form fields that write into a program dict: a line of text becomes a number, a list or a name.

What cannot be read as the kind asked for is written as typed, so the programme's own validation
names the field with the CLI's message ("promotions[2].effect.percent: must be a number")."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from ui.i18n import tr


def read(kind: str, text: str) -> Any:
    """`None` for an empty field (the key is left out)."""
    text = text.strip()
    if not text:
        return None
    if kind == "text":
        return text
    if kind in ("int", "number"):
        return _number(text, kind)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if kind == "int_list":
        return [_number(p, "int") for p in parts]
    return parts  # text_list, date_list


def _number(text: str, kind: str) -> Any:
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text
    if value == value.to_integral_value():
        return int(value)
    return text if kind == "int" else float(value)


def show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class FieldSet:
    """Line edits bound to keys of a dict; `on_edit(key, value)` on every keystroke."""

    def __init__(self, form: QFormLayout, on_edit: Callable[[str, Any], None]) -> None:
        self.form = form
        self.on_edit = on_edit
        self.edits: dict[str, tuple[str, QLineEdit]] = {}
        self.labels: dict[str, QLabel] = {}
        self.loading = False

    def line(self, key: str, label: str, kind: str = "text", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field:{key}")
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda text, k=key, t=kind: self._edited(k, t, text))
        caption = QLabel(tr(label))
        self.form.addRow(caption, edit)
        self.edits[key] = (kind, edit)
        self.labels[key] = caption
        return edit

    def _edited(self, key: str, kind: str, text: str) -> None:
        if not self.loading:
            self.on_edit(key, read(kind, text))

    def load(self, values: dict[str, Any]) -> None:
        self.loading = True
        try:
            for key, (_, edit) in self.edits.items():
                if edit.hasFocus():
                    continue  # never rewrite what is being typed ("1.50" would become "1.5")
                text = show(values.get(key))
                if edit.text() != text:
                    edit.setText(text)
        finally:
            self.loading = False

    def set_visible(self, key: str, visible: bool) -> None:
        self.edits[key][1].setVisible(visible)
        self.labels[key].setVisible(visible)


def put(target: dict, key: str, value: Any) -> None:
    """Set `key` (dotted path) in `target`, or remove it when value is None; empty parents go too."""
    parts = key.split(".")
    node = target
    trail = []
    for part in parts[:-1]:
        trail.append((node, part))
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
        for parent, part in reversed(trail):
            if parent.get(part) == {}:
                parent.pop(part)
    else:
        node[parts[-1]] = value


def get(source: dict, key: str) -> Any:
    node: Any = source
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def flat(source: dict, keys: list[str]) -> dict[str, Any]:
    return {key: get(source, key) for key in keys}


__all__ = ["FieldSet", "read", "show", "put", "get", "flat"]
