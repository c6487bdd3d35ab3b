"""Reading JSON documents (program, scenario, basket) into models, with one-line errors."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from pos_loyalty.errors import InvalidInput

Model = TypeVar("Model", bound=BaseModel)

_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
}


def parse_json(text: str, *, what: str) -> Any:
    """JSON with exact decimals (never floats); duplicate keys refused."""
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InvalidInput(f"{what}: key {key!r} appears twice")
            out[key] = value
        return out

    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=no_duplicates,
                          parse_constant=lambda name: _refuse_constant(name, what))
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{what}: not valid JSON ({error.msg} at line {error.lineno} column {error.colno})") from None
    except RecursionError:
        raise InvalidInput(f"{what}: nested too deeply to be a loyalty document") from None


def _refuse_constant(name: str, what: str) -> Any:
    raise InvalidInput(f"{what}: {name} is not a number")


def refuse_nulls(value: Any, path: str, *, allowed: Iterable[str] = ()) -> None:
    """`null` is refused everywhere (leave the key out instead) except at the `allowed` paths."""
    allowed = set(allowed)
    if value is None and path not in allowed:
        raise InvalidInput(f"{path}: null is not allowed (leave the key out instead)")
    if isinstance(value, dict):
        for key, item in value.items():
            refuse_nulls(item, f"{path}.{key}" if path else str(key), allowed=allowed)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_nulls(item, f"{path}.{index}", allowed=allowed)


def validate(model: type[Model], data: Any, *, what: str, nullable: Iterable[str] = ()) -> Model:
    """Validate `data` into `model`; the first problem becomes one line naming the field."""
    try:
        refuse_nulls(data, "", allowed=nullable)
    except InvalidInput as error:
        raise InvalidInput(f"{what}: {error}") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(describe(error, what)) from None


def describe(error: ValidationError, what: str) -> str:
    first = error.errors(include_url=False)[0]
    path = ".".join(str(part) for part in first["loc"] if not _is_union_tag(part))
    message = _MESSAGES.get(first["type"], first["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    bounds = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most",
              "less_than": "less than"}
    if first["type"] in bounds:
        limit = next(iter(first.get("ctx", {}).values()), "")
        message = f"must be {bounds[first['type']]} {limit} (got {first.get('input')})"
    if first["type"] in ("too_short", "too_long"):
        message = message.replace("List", "list")
    if first["type"] == "extra_forbidden":
        path, _, key = path.rpartition(".")
        return f"{what}: {path + ': ' if path else ''}unknown key {key!r}"
    return f"{what}: {path or 'document'}: {message}"


def _is_union_tag(part: Any) -> bool:
    """Pydantic's names for union members (`function-after[...]`, `int`, ...) are not fields."""
    return isinstance(part, str) and (part.startswith(("function-", "constrained-", "literal[")) or part in {
        "int", "str", "decimal", "StampsState", "json-or-python[json=int,python=int]"})
