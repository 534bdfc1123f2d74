"""What the memo is made from, as one digest recorded beside its settled layout.

A build tries the layout the last build recorded (the seed) first, and keeps the pass
when it lands exactly on that layout (`memo.document.is_fixed_point`): for a briefing
that was edited, that is what tells that the cold passes would settle there too. But a
memo whose notes needed the passes' monotone phase settles on a layout that keeps room
no note then takes: a pass from it is settled, not a fixed point, and the seed missed on
every build, even of an unchanged briefing (the shipped briefing with one long paragraph
more: four or five passes each time instead of one).

When the input is the recorded one — the briefing and theme, the files the theme names
for the memo, the hyphenation dictionaries, the builder's code and data, the libraries
that lay out, the build's timestamp setting — the recorded layout is the one the cold
passes settle on (they are deterministic), so a settled pass from it is their last pass,
to the byte. Files are known by path, size and time of change (`code_stamp`), as the
chart cache knows code. The code's stamps are taken when this module is imported, which
a build does before it forks the memo's process: in a `watch` they describe the code
that runs, not what was saved on disk since.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path

from .code_stamp import PACKAGE_STAMP, file_stamp

INPUT = "input"
"""The key of the digest in the recorded layout's data."""

LAYOUT_LIBRARIES = ("reportlab", "_rl_accel", "pyphen", "PIL")
"""The libraries whose code decides where lines and pages break (reportlab's C
accelerator is a distribution of its own; PIL: the size of a logo)."""

BUILDER_STAMP = PACKAGE_STAMP
"""The builder's modules and data files, taken at import (`code_stamp.PACKAGE_STAMP`)."""


def memo_input_digest(loaded) -> str:
    """The digest of everything the memo of `loaded` is typeset from."""
    return digest_of((*layout_code_and_files(loaded.theme),
                      os.environ.get("SOURCE_DATE_EPOCH", ""),
                      loaded.theme.model_dump_json(), loaded.briefing.model_dump_json()))


def layout_code_and_files(theme) -> tuple[str, ...]:
    """The stamps of what lays a memo out besides its briefing and theme: the builder's
    code, Python, the layout libraries, the theme's font and logo files and the
    hyphenation dictionaries (also what a file of kept lines is for, `memo.kept_lines`)."""
    return (BUILDER_STAMP, sys.version, *LIBRARY_STAMPS,
            *map(file_stamp, memo_files(theme)), *map(file_stamp, hyphenation_dictionaries()))


def digest_of(parts) -> str:
    """The SHA-256 of texts, each ended by a NUL."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def memo_files(theme) -> list[Path]:
    """The files the theme names for the memo: its fonts and its logo."""
    fonts = theme.memo.fonts
    names = [getattr(fonts, style) for style in type(fonts).model_fields]
    names += [*theme.memo.fallback_fonts, theme.memo.logo]
    return [theme.resolve(name) for name in names if name]


def hyphenation_dictionaries() -> list[Path]:
    """The dictionaries pyphen reads for the languages the memo hyphenates."""
    from .pattern_cache import dictionary_path
    from .typography import PYPHEN_LANGUAGES

    return [dictionary_path(code) for code in sorted(set(PYPHEN_LANGUAGES.values()))]


def _library_stamp(name: str) -> str:
    """The installed library's `__init__` (rewritten by every install), or that it is
    missing; found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return f"{name} missing"
    return file_stamp(Path(spec.origin))


LIBRARY_STAMPS = tuple(map(_library_stamp, LAYOUT_LIBRARIES))
"""Taken at import, like `BUILDER_STAMP`: the libraries the running code loaded."""
