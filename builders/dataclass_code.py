"""The functions `dataclasses` writes for each class, compiled once per machine.

For every dataclass, `dataclasses` writes the source of its `__init__`, `__repr__`,
`__eq__` (and more) and compiles it with `exec`: 22 classes and 122 functions while the
memo's modules are imported, about 11 of the 18 ms those classes take, in every memo
process; about as many while the decks' modules are imported, in the build's own.
While `compiled_dataclasses()` runs, the `exec` that `dataclasses` calls gets each
source compiled from a small cache file (marshal: the code objects `compile` made of the
very same text, for this Python's bytecode), and runs it as `exec` would have. The
classes are the same classes: same text, same code, same globals.

A source not in the cache is compiled as before, and the file is rewritten with the
sources this block used when it ends. Each user (`kind`: the memo's import, the decks')
has a file of its own, so that one import's sources do not push out another's. A cache
that cannot be read or written is no error. `dataclasses`' use of `exec` is relied on
here only; if it stops calling `exec` by name with source text, nothing is intercepted
(tests/test_dataclass_code.py notices).
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import sys
from contextlib import contextmanager
from importlib.util import MAGIC_NUMBER

from .pattern_cache import cache_dir, read_checked, store_checked

FORMAT = 3
"""Bump when the cached layout changes; old files are then ignored."""


def cache_file(kind: str = ""):
    """Named by its user (`kind`; the memo's is unnamed), this Python's bytecode and
    version, and its optimisation level."""
    key = MAGIC_NUMBER + f"{sys.version}|{sys.flags.optimize}".encode()
    tag = hashlib.sha256(key).hexdigest()[:16]
    named = f"{kind}-" if kind else ""
    return cache_dir() / f"dataclass-code-{named}{tag}.v{FORMAT}"


def read_cache(path) -> dict:
    code = read_checked(path)
    return code if type(code) is dict else {}


class CompiledSources:
    """The `exec` that `dataclasses` calls while the block runs: source text compiled once."""

    def __init__(self, known: dict):
        self.known, self.used, self.missed = known, {}, 0

    def __call__(self, source, globals=None, locals=None, /):
        if type(source) is not str or not _ours(globals):
            return builtins.exec(source, globals, locals)
        code = self.known.get(source)
        if code is None:
            # as `exec` compiles it in `dataclasses`, which has no `from __future__` import
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.missed += 1
        self.used[source] = code
        return builtins.exec(code, globals, locals)


PACKAGE = __name__.split(".")[0]


def _ours(namespace) -> bool:
    """Whether the class is one of this package's (`dataclasses` runs its functions' code
    in the class's module): other packages' classes, imported here in some processes and
    not in others, are compiled as ever and kept out of the file."""
    name = namespace.get("__name__", "") if type(namespace) is dict else ""
    return name == PACKAGE or name.startswith(PACKAGE + ".")


@contextmanager
def compiled_dataclasses(kind: str = ""):
    """While the block runs (an import), dataclasses get their functions' code from the
    cache (`kind`'s file); new code is written to it afterwards. Nested or concurrent use
    does nothing."""
    if "exec" in vars(dataclasses):
        yield
        return
    path = cache_file(kind)
    sources = CompiledSources(read_cache(path))
    dataclasses.exec = sources
    try:
        yield
    finally:
        del dataclasses.exec
    if sources.missed:  # the file keeps what this import used: read whole, it is all needed
        store_checked(path, sources.used, prefix=".dataclass-")
