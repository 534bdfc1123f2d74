"""Which characters of a briefing the memo draws, in which font, and which of them that
font cannot show (they would print as empty boxes)."""

from __future__ import annotations

import unicodedata
from typing import Iterable

from .errors import Path_

LINE_CONTROLS = frozenset("\n\t")
PARAGRAPH_SPACES = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000")
"""The spaces reportlab's paragraphs break lines at and never draw (its `_wsc`);
every other character of a paragraph is drawn, the no-break space included."""

FURNITURE = {
    ("classification",): ("semibold",),              # the marking on every page
    ("meeting", "short"): ("regular",),              # the running title of every page
    ("meeting", "title"): ("regular",),
}
"""Text the memo draws outside paragraphs, straight onto the page in one style: every
character is drawn there (spaces too) and no fallback font stands in."""

CHART_FIELDS = {"series", "target", "unit"}
"""Chart labels (categories, target line, unit): drawn in the regular and semibold
styles, without fallback."""


def fonts_drawing(path: Path_) -> tuple[str, ...] | None:
    """The styles that draw the text at `path` with no fallback; None for paragraphs."""
    if tuple(path) in FURNITURE:
        return FURNITURE[tuple(path)]
    if "figures" in path and CHART_FIELDS.intersection(p for p in path if isinstance(p, str)):
        return ("regular", "semibold")
    return None


def drawn_characters(path: Path_, text: str) -> set[str]:
    """The characters of `text` that are drawn (as the marking, in capitals)."""
    if tuple(path) == ("classification",):
        text = text.upper()
    if fonts_drawing(path) is None:
        return set(text) - PARAGRAPH_SPACES
    return set(text) - LINE_CONTROLS


def missing_glyphs(path: Path_, text: str, fonts) -> list[str]:
    """The drawn characters of `text` that the font drawing them lacks, sorted."""
    styles = fonts_drawing(path)
    drawn = drawn_characters(path, text)
    if styles is None:
        covered = shown_in_paragraphs(fonts)
        return sorted(char for char in drawn if ord(char) not in covered)
    return sorted(char for char in drawn
                  if any(ord(char) not in fonts.style_coverage(style) for style in styles))


def shown_in_paragraphs(fonts) -> frozenset[int]:
    """Every character a paragraph can show: the memo's fonts' own or a fallback's. Made
    once per set of fonts, not once per string checked (a union of some 7,000 codes);
    the set of fonts is recognised by identity (comparing two is as slow as the union)."""
    if _PARAGRAPH_COVERAGE and _PARAGRAPH_COVERAGE[0] is fonts:
        return _PARAGRAPH_COVERAGE[1]
    covered = fonts.coverage.union(*(covered for _, covered in fonts.fallbacks))
    _PARAGRAPH_COVERAGE[:] = [fonts, covered]
    return covered


_PARAGRAPH_COVERAGE: list = []
"""The last set of fonts asked about, and what its paragraphs can show."""


def describe(chars: Iterable[str]) -> str:
    return ", ".join(f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, '?')})"
                     for char in chars)
