"""What the checks read from each text, kept per machine between processes.

The checks read every text of a briefing and every sentence of its sources: its
sentences, the numbers and dates it mentions, its word stems, hedges and agreement
verbs, its actors and misspelt official names; and each source's tokens and sentences
(known by its running lines). Each is a pure function of the text (and the language),
kept already for the life of a process (`lru_cache`, or with the source's document). Here they are
also kept in one small cache file (marshal: plain data, no code), so that a new process
(every `check` and `build`) reads only the texts it has not read before: for the
shipped briefing, about 25 ms of every cold check.

The file is stamped with this package's code (every module's path, size and time of
change) and Python's version, and is ignored under any other stamp. It holds what the
last process that read something new used (at most `KEPT` entries per function). A file
that cannot be read or written, or an entry that is not what its function returns, is
no error: the text is read as before.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
from pathlib import Path
from typing import Callable

from .code_stamp import PACKAGE_STAMP, files_stamp
from .pattern_cache import cache_dir, store_atomically

FORMAT = 1
"""Bump when the file's layout changes; old files are then ignored."""
KEPT = 5_000
"""Entries kept per function (the last ones read): a long watch session reads ever more
texts; a large briefing reads a few thousand."""

_stored: dict | None = None
"""Function name → {arguments: data}, as read from the file (None: not read yet)."""
_used: dict[str, dict] = {}
"""Function name → {arguments: data} this process read or made: what the file keeps."""
_made_new = False
"""Whether this process made an entry the file lacks (then `save` writes it)."""


def remembered(name: str, to_data: Callable = lambda value: value,
               from_data: Callable = lambda data: data, key: Callable | None = None):
    """Keep the results of a pure function of plain arguments in the file, under `name`:
    `to_data` turns a result into plain data (marshal's types), `from_data` back, and
    raises (any error) for data that is not such a result. With `key`, the function's
    arguments are known by `key(*arguments)` (plain data the result depends on alone)."""
    def wrap(function):
        @functools.wraps(function)
        def lookup(*given):
            global _made_new
            arguments = given if key is None else key(*given)
            entries = _stored_entries().get(name)
            if entries is not None and arguments in entries:
                data = entries[arguments]
                try:
                    value = from_data(data)
                except Exception:  # noqa: BLE001 - not one of ours: read the text again
                    pass
                else:
                    _used.setdefault(name, {})[arguments] = data
                    return value
            value = function(*given)
            try:
                data = to_data(value)
                marshal.dumps(data)
            except (ValueError, TypeError):
                return value              # not plain data: not kept
            _used.setdefault(name, {})[arguments] = data
            _made_new = True
            return value
        return lookup
    return wrap


def save() -> None:
    """Write what this process used to the file, when it read a text the file lacks."""
    global _made_new
    if not _made_new:
        return
    memory = {name: dict(list(entries.items())[-KEPT:]) for name, entries in _used.items()}
    try:
        payload = marshal.dumps({"stamp": STAMP, "memory": memory})
    except ValueError:
        return
    store_atomically(_file(), payload, prefix=".texts-")
    _made_new = False


def _file() -> Path:
    return cache_dir() / f"texts.v{FORMAT}"


def _stored_entries() -> dict:
    global _stored
    if _stored is None:
        _stored = _read(_file())
    return _stored


def _read(path: Path) -> dict:
    try:
        content = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not (isinstance(content, dict) and content.get("stamp") == STAMP
            and isinstance(content.get("memory"), dict)):
        return {}
    return {name: entries for name, entries in content["memory"].items()
            if isinstance(entries, dict)}


def code_stamp(package: Path | None = None) -> str:
    """A digest of this package's files as they are on disk (its modules and data such
    as `official_names.yaml`: path, size, time of change, a stat each, not a read;
    `package` walked now, by default the stamp taken when the builder was imported), and
    of Python's version (`unicodedata`, `re`)."""
    files = files_stamp(package) if package else PACKAGE_STAMP
    return hashlib.sha256(f"{FORMAT} {sys.version}\n{files}".encode()).hexdigest()


def strings(data) -> tuple[str, ...]:
    """`data` if it is a tuple of strings (the form of several functions' results)."""
    if not (isinstance(data, tuple) and all(isinstance(item, str) for item in data)):
        raise TypeError("not a tuple of strings")
    return data


STAMP = code_stamp()
"""The stamp of the code this process runs, taken when it imports this module (code
changed on disk later, while a `watch` runs, cannot lend its stamp to what the old code
reads)."""
