"""TrueType fonts parsed and validated once per machine, not once per process.

reportlab parses a TrueType file in Python (its cmap, widths and glyph offsets): about
6 ms per file, 7 files for the shipped theme, in the checking process and again in the
memo's. Here what the parse yields (reportlab's font face: plain numbers, strings and
tables) is kept in a small cache file (marshal: plain data, no code), keyed by a hash of
the font file's bytes and reportlab's version. A file is cached only once it was parsed
and passed `fonts.py`'s checks, so a changed file (another hash) is parsed and checked
again, failing with the same message as ever. A cache that cannot be read or written is
no error: the file is parsed as before. Where the files live and the summary beside
each (what the checks read, without reportlab) are in `font_summary.py`.

reportlab's internals (`TTFont`'s and `TTFontFace`'s attributes) are used here only;
tests/test_font_cache.py pins them by comparing cached and parsed fonts and the memo.
"""

from __future__ import annotations

import io
import marshal
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from .font_summary import COVER, NAMES, read_summary, summary_file
from .font_summary import cache_file as _cache_file
from .pattern_cache import store_atomically

REQUIRED = ("name", "unitsPerEm", "numGlyphs", "table", "charToGlyph", "charWidths",
            "hmetrics", "glyphPos", "defaultWidth")
"""What any parsed face has: a cache file without them is not one of ours."""
NOT_KEPT = ("_ttf_data", "filename", "_pdfScale")
"""Face attributes not stored: the file's bytes and path (known when loading) and the
unit scale (a function, made again from unitsPerEm)."""


def parsed_font(name: str, path: Path, check: Callable[[Path, TTFont], None]) -> TTFont:
    """The reportlab font `name` for the TrueType file at `path`: from the cache when this
    file's bytes were parsed and checked before, else parsed (`TTFont`), checked with
    `check` (which raises for a file the memo cannot use) and then cached."""
    data = path.read_bytes()
    cache = _cache_file(path, data)
    summary = read_summary(cache)
    if summary is not None:
        font = _font_from(summary, name, path, data, LazyFace)
        if font is not None:
            font.face.__dict__[PENDING] = cache
            return font
    state = _read(cache)
    if state is not None:
        font = _font_from(state, name, path, data)
        if font is not None:
            _write_summary(cache, font)
            return font
    font = TTFont(name, str(path))
    check(path, font)
    _write(cache, font)
    _write_summary(cache, font)
    return font


def covered_codes(font: TTFont):
    """The code points the font maps to a glyph (its cmap's keys), without reading the
    rest of a face that is not read yet."""
    cover = font.face.__dict__.get(COVER)
    return cover if cover is not None else font.face.charToGlyph.keys()


PENDING = "_cache_pending"
"""A `LazyFace`'s own entries (removed when it is read): the cache file that holds the
rest of it, and (`COVER`) the code points it covers."""


class LazyFace(ttfonts.TTFontFace):
    """A face known by its name and the characters it covers, read whole from the cache
    on first use of anything else. The checking process only registers the memo's fonts
    and asks what they cover (the memo is typeset in another process): reading seven
    whole faces there was ~30 ms of every cold build. Read, it is the face `_font_from`
    makes, attribute for attribute; a cache file gone or damaged meanwhile is parsed
    again from the bytes that were checked when it was cached."""

    def __getattr__(self, attribute: str):
        pending = self.__dict__.get(PENDING)
        if pending is None or attribute.startswith("__"):
            raise AttributeError(attribute)
        self._read_whole(pending)
        return getattr(self, attribute)

    def _read_whole(self, cache: Path) -> None:
        own = self.__dict__
        data, filename = own["_ttf_data"], own["filename"]
        state = _read(cache)
        full = _font_from(state, "Probe", Path(filename), data) if state is not None else None
        if full is None:
            full = TTFont("Probe", io.BytesIO(data))
            full.face.filename = filename
            _forget(cache)        # damaged: the next process parses, checks, caches anew
        own.clear()
        own.update(vars(full.face))


def _forget(cache: Path) -> None:
    """Remove a cached face and its summary (best effort, like the cache)."""
    for path in (cache, summary_file(cache)):
        try:
            path.unlink()
        except OSError:
            pass


def _write_summary(cache: Path, font: TTFont) -> None:
    face = font.face
    summary = {NAMES: {"name": face.name.ustr}, COVER: frozenset(face.charToGlyph),
               "unitsPerEm": face.unitsPerEm}
    store_atomically(summary_file(cache), marshal.dumps(summary), prefix=".font-")


def face_state(font: TTFont) -> dict:
    """The face's attributes as plain data (marshal raises ValueError for anything else)."""
    state, names = {}, {}
    for key, value in vars(font.face).items():
        if key in NOT_KEPT:
            continue
        if isinstance(value, ttfonts.TTFNameBytes):
            names[key] = value.ustr
        else:
            state[key] = value
    state[NAMES] = names
    return state


def _font_from(state: dict, name: str, path: Path, data: bytes,
               kind: type = ttfonts.TTFontFace) -> TTFont | None:
    """A TTFont as `TTFont(name, path)` makes it, its face filled from `state`."""
    face = kind.__new__(kind)
    try:
        names = state.pop(NAMES)
        face.__dict__.update(state)
        for key, text in names.items():
            setattr(face, key, ttfonts.TTFNameBytes(text.encode("utf8")))
        face._ttf_data, face.filename = data, str(path)
        face._pdfScale = _scale(face.unitsPerEm)
    except (KeyError, AttributeError, TypeError, ValueError, ZeroDivisionError):
        return None
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in ttfonts.unShapedFontGlob)
    return font


def _scale(units_per_em: int):
    """reportlab's conversion of font units to its thousandths of an em (extractInfo)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _read(cache: Path) -> dict | None:
    try:
        state = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(state, dict) or not isinstance(state.get(NAMES), dict):
        return None
    if any(key not in state and key not in state[NAMES] for key in REQUIRED):
        return None
    return state


def _write(cache: Path, font: TTFont) -> None:
    """Write the cache atomically; a face holding anything but plain data is not cached."""
    try:
        payload = marshal.dumps(face_state(font))
    except ValueError:
        return
    store_atomically(cache, payload, prefix=".font-")
