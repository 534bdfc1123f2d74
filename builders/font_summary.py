"""What the checks need of a font, without reportlab: whether the file is one the memo
can use, and which characters it covers.

`font_cache.py` keeps each TrueType file reportlab parsed and `fonts.py` checked in a
cache file, with a small summary beside it (the face's name and covered code points).
Both are named by a hash of the font file's bytes and reportlab's version, and only a
checked font's are written. So a summary found for a file's bytes says that this file
passed the checks, and what it covers: the checking process need not import reportlab's
font modules (and Pillow, which they import) to check the theme's fonts and the
briefing's characters. A file not summarised yet is parsed and checked as ever.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path

from .pattern_cache import cache_dir

FORMAT = 1
"""Bump when the cached layout changes; old files are then ignored."""

NAMES = "__names__"
"""The entry holding the face's name strings (reportlab's TTFNameBytes)."""
COVER = "_cache_cover"
"""The summary's entry of the code points the face covers."""


def cache_file(path: Path, data: bytes) -> Path:
    """Where the parsed face of the font file `path` (holding `data`) is cached."""
    from reportlab import Version   # the package's own module only, not its font code

    digest = hashlib.sha256(data)    # the same as of data + version, without
    digest.update(Version.encode())  # copying the font's bytes to join them
    key = digest.hexdigest()[:24]
    return cache_dir() / f"font-{path.stem[:40]}-{key}.v{FORMAT}"


def summary_file(cache: Path) -> Path:
    return cache.with_name(cache.name + ".cover")


def read_summary(cache: Path) -> dict | None:
    """The face's name strings and covered code points, when the whole face is cached
    beside them (only a checked font's face is)."""
    if not cache.is_file():
        return None
    try:
        summary = marshal.loads(summary_file(cache).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(summary, dict) and isinstance(summary.get(NAMES), dict)
            and isinstance(summary.get(COVER), frozenset) and "name" in summary[NAMES]
            and isinstance(summary.get("unitsPerEm"), int)):
        return None
    return summary


def checked_cover(path: Path) -> frozenset[int] | None:
    """The code points the font file at `path` maps to a glyph, when these very bytes
    were parsed and checked before (their summary is cached); else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    summary = read_summary(cache_file(path, data))
    return None if summary is None else summary[COVER]
