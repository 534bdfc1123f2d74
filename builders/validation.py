"""Validate plain data against a model; turn every pydantic error into a located problem."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import BriefingError, Path_, Problem
from .yamlsource import Locator

M = TypeVar("M", bound=BaseModel)

TYPE_NAMES = {
    str: "text", int: "a whole number", float: "a number", bool: "true or false",
    dt.date: "a date", dict: "a mapping", list: "a list", tuple: "a list",
}


def validate(model: type[M], data: object, locator: Locator) -> M:
    """The model built from `data`, or BriefingError with one located line per problem."""
    if not isinstance(data, dict):
        raise BriefingError([locator.problem((), 
            f"the file must be a mapping of keys (format:, language:, …), not {describe(data)}")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = _problems(model, data, exc, locator)
        raise BriefingError(problems) from None


def _problems(model, data, exc: ValidationError, locator: Locator) -> list[Problem]:
    errors = [(tuple(part for part in error["loc"] if not _is_internal(part)), error)
              for error in exc.errors(include_url=False)]
    misspelt = {path[:-1] + (guess,) for path, error in errors
                if error["type"] == "extra_forbidden"
                for guess in _guesses(model, path)}
    seen: set[tuple] = set()
    problems = []
    for path, error in errors:
        key = (path, error["type"])
        if key in seen or _is_echo_of_item_errors(error):
            continue
        if error["type"] == "missing" and path in misspelt:
            continue  # reported once, as the misspelt key with its "did you mean"
        seen.add(key)
        problems.append(_problem(model, data, path, error, locator))
    return problems


def _guesses(model, path: Path_) -> list[str]:
    return difflib.get_close_matches(str(path[-1]), fields_at(model, path[:-1]), n=1, cutoff=0.6)


def _is_echo_of_item_errors(error: dict) -> bool:
    """pydantic repeats failed items as 'too short' for a list that is long enough."""
    value, context = error.get("input"), error.get("ctx") or {}
    return (error["type"] == "too_short" and isinstance(value, (list, tuple))
            and len(value) >= context.get("min_length", 0))


def _is_internal(part) -> bool:
    """pydantic adds `[key]` markers and union branch names to some locations."""
    return isinstance(part, str) and (part.startswith("function-") or part in {"[key]"})


def _problem(model, data, path: Path_, error: dict, locator: Locator) -> Problem:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        known = fields_at(model, path[:-1])
        guess = _guesses(model, path)
        hint = f"; did you mean {guess[0]}?" if guess else (
            f"; known fields here: {', '.join(known)}" if known else "")
        return locator.problem(path, f"unknown field{hint}", key=True)
    if kind == "missing":
        return locator.problem(path, "required field is missing; add it")
    return locator.problem(path, _message(kind, error, value))


DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
"""1,5 or 1.234,5: a number written with the Dutch decimal comma."""


def _message(kind: str, error: dict, value) -> str:
    context = error.get("ctx") or {}
    if kind == "literal_error":
        expected = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{describe(value)} is not allowed; use one of: {expected}"
    if kind.startswith("date"):
        return f"{describe(value)} is not a valid date; write YYYY-MM-DD, e.g. 2023-11-28"
    if kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern", ""))
        if pattern.startswith("^#"):
            return f"{describe(value)} is not a colour; write #RRGGBB, e.g. #154273"
        if pattern.startswith("^[a-z0-9]"):
            return (f"{describe(value)} is not a valid id; use lower-case letters, digits "
                    "and hyphens, e.g. china-indo-pacific")
        return f"{describe(value)} does not have the expected form ({pattern})"
    if kind in {"too_short", "string_too_short"}:
        if isinstance(value, str):
            return "must not be empty"
        return "must have at least one entry"
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(value, (int, float, bool, dt.date)) else ""
        return f"expected text, got {describe(value)}{hint}"
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing"}:
        if isinstance(value, str) and DECIMAL_COMMA.match(value.strip()):
            number = value.strip().replace(".", "").replace(",", ".")
            return (f"expected a number, got {describe(value)}; write {number}: a point, "
                    "not a comma, is the decimal sign")
        return f"expected a number, got {describe(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping (key: value lines), got {describe(value)}"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list (lines starting with '- '), got {describe(value)}"
    if kind == "greater_than":
        return f"must be greater than {context.get('gt')}"
    if kind == "greater_than_equal":
        return f"{describe(value)} is too small; the least allowed is {context.get('ge')}"
    if kind == "less_than_equal":
        return f"{describe(value)} is too large; the most allowed is {context.get('le')}"
    if kind == "finite_number":
        return f"{describe(value)} is not a finite number; write a number such as 1.95"
    if kind == "invalid_key":
        return (f"the key {describe(value)} must be a field name, not a number, date or "
                "null; correct or remove it")
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return error["msg"].lower()


def describe(value) -> str:
    """A short, friendly description of a value a user wrote."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def fields_at(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names (as written in YAML) of the model found at `path`."""
    current: object = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap_model(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()
                if not info.exclude]
    return []


def _step(annotation, part):
    annotation = _unwrap_model(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin = typing.get_origin(annotation)
    if origin in (tuple, list):
        return typing.get_args(annotation)[0]
    if origin is dict:
        return typing.get_args(annotation)[1]
    return None


def _unwrap_model(annotation):
    """Optional[X] → X; Annotated[X, …] → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation
