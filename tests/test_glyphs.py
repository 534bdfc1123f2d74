"""Which characters the memo draws in which font (builders/glyphs.py)."""

from __future__ import annotations

from builders.fonts import FontSet
from builders.glyphs import missing_glyphs, shown_in_paragraphs


def font_set(coverage: set[int], fallback: set[int]) -> FontSet:
    return FontSet("r", "i", "b", "bi", "s", frozenset(coverage),
                   fallbacks=(("fallback", frozenset(fallback)),))


def test_what_paragraphs_can_show_is_each_font_sets_own():
    """Kept for the last set of fonts asked about, recognised by identity: another set
    (a theme changed in a watch session), even an equal one, gets its own answer."""
    first, second = font_set({65, 66}, {8805}), font_set({65}, {8734})
    assert shown_in_paragraphs(first) == {65, 66, 8805}
    assert shown_in_paragraphs(second) == {65, 8734}
    assert shown_in_paragraphs(first) == {65, 66, 8805}
    path = ("sessions", 0, "topics", 0, "key_messages", 0)
    assert missing_glyphs(path, "AB≥∞", first) == ["∞"]
    assert missing_glyphs(path, "AB≥∞", second) == ["B", "≥"]
