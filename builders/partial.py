"""Every problem in one run: when some fields of a briefing are invalid, the checks on
meaning still run on the parts that did validate.

The invalid parts are set aside: an unknown key is dropped (or, when it is a misspelling
of a missing field, read as that field), an invalid optional field is dropped, and a list
item that stays invalid is left out. Problems found in what remains are located in the
original file: list positions are mapped back to the items as written.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from .errors import Path_, Problem
from .validation import fields_at
from .yamlsource import Locator

MAX_ROUNDS = 25


@dataclass
class Pruned:
    """The valid part of the data, and which original item each list position holds."""

    model: BaseModel
    kept: dict[Path_, list[int]] = field(default_factory=dict)
    renamed: dict[Path_, str] = field(default_factory=dict)

    def original(self, path: Path_) -> Path_:
        """The path in the file as written of a path in the pruned data."""
        result: tuple = ()
        for part in path:
            if isinstance(part, int) and result in self.kept:
                part = self.kept[result][part]
            result += (part,)
            if result in self.renamed:
                result = result[:-1] + (self.renamed[result],)
        return result


class MappedLocator(Locator):
    """Locates problems of the pruned data at their place in the original file."""

    def __init__(self, locator: Locator, pruned: Pruned):
        super().__init__(locator.file, locator.values, locator.keys)
        self._original = locator
        self._pruned = pruned

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        return self._original.at(self._pruned.original(tuple(path)), key=key)

    def problem(self, path: Path_, message: str, severity="error", key=False) -> Problem:
        return self._original.problem(self._pruned.original(tuple(path)), message, severity, key)


def valid_part(model: type[BaseModel], data: object) -> Pruned | None:
    """The model built from what validates of `data`, or None if too little does."""
    if not isinstance(data, dict):
        return None
    data = copy.deepcopy(data)
    pruned = Pruned(model=None)  # type: ignore[arg-type]
    dropped: set[Path_] = set()
    for _ in range(MAX_ROUNDS):
        try:
            pruned.model = model.model_validate(data)
            return pruned
        except ValidationError as exc:
            errors = [(tuple(p for p in error["loc"] if not _internal(p)), error["type"])
                      for error in exc.errors(include_url=False) if not _echo(error)]
        removals: set[tuple[Path_, int]] = set()
        supplied: set[Path_] = set()
        for path, kind in sorted(errors, key=lambda error: error[1] != "extra_forbidden"):
            if not path:
                return None
            if kind == "missing" and path in supplied:
                continue
            if not _drop_key(model, data, path, kind, dropped, supplied, pruned):
                item = _innermost_item(path)
                if item is None:
                    return None
                removals.add(item)
        _remove_items(data, removals, pruned)
    return None


def _internal(part) -> bool:
    return isinstance(part, str) and (part.startswith("function-") or part == "[key]")


def _echo(error: dict) -> bool:
    """pydantic repeats failed items as 'too short' for a list that is long enough."""
    value, context = error.get("input"), error.get("ctx") or {}
    return (error["type"] == "too_short" and isinstance(value, (list, tuple))
            and len(value) >= context.get("min_length", 0))


def _drop_key(model, data, path: Path_, kind: str, dropped: set[Path_],
              supplied: set[Path_], pruned: Pruned) -> bool:
    """Set a key aside; False when that cannot help (a required field, a list item)."""
    parent = _at(data, path[:-1])
    key = path[-1]
    if not isinstance(parent, dict) or key not in parent or isinstance(key, int):
        return False
    if kind == "extra_forbidden":
        known = fields_at(model, path[:-1])
        guess = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        value = parent.pop(key)
        if guess and guess[0] not in parent:
            parent[guess[0]] = value
            supplied.add(path[:-1] + (guess[0],))
            pruned.renamed[pruned.original(path[:-1]) + (guess[0],)] = key
        return True
    if kind == "missing" or path in dropped:
        return False
    dropped.add(path)
    del parent[key]
    return True


def _innermost_item(path: Path_) -> tuple[Path_, int] | None:
    for position in range(len(path) - 1, -1, -1):
        if isinstance(path[position], int):
            return path[:position], path[position]
    return None


def _remove_items(data, removals: set[tuple[Path_, int]], pruned: Pruned) -> None:
    """Remove list items, deepest and last first, recording the items that stay."""
    for list_path, index in sorted(removals, key=lambda item: (len(item[0]), item[1]),
                                   reverse=True):
        items = _at(data, list_path)
        if not isinstance(items, list) or index >= len(items):
            continue
        original = pruned.original(list_path)
        kept = pruned.kept.setdefault(original, list(range(len(items))))
        del items[index]
        del kept[index]


def _at(data, path: Path_):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


REFERENCE = re.compile(r"see_also '(?P<id>[^']+)' points nowhere|footnote \[\^(?P<note>[^\]]+)\] "
                       r"points nowhere|footnote '(?P<unused>[^']+)' is never used")


def not_caused_by_pruning(problems: list[Problem], data: object) -> list[Problem]:
    """Leave out reference problems that only the set-aside parts would have answered."""
    written = json.dumps(data, default=str, ensure_ascii=False)
    kept = []
    for problem in problems:
        found = REFERENCE.search(problem.message)
        if found and found["id"] and f'"id": "{found["id"]}"' in written:
            continue
        if found and found["note"] and f'"{found["note"]}":' in written:
            continue
        if found and found["unused"] and f"[^{found['unused']}]" in written:
            continue
        kept.append(problem)
    return kept
