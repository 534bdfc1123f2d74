"""A checked font's summary, read without reportlab (builders/font_summary.py)."""

from __future__ import annotations

from builders import font_summary
from tests.test_font_cache import NOTO, cache, checks  # noqa: F401 - the fixture


def test_a_font_has_a_cover_only_once_parsed_checked_and_cached(cache, tmp_path):  # noqa: F811
    from builders import font_cache

    assert font_summary.checked_cover(NOTO) is None                # never checked here
    parsed = font_cache.parsed_font("Probe", NOTO, checks([]))
    assert font_summary.checked_cover(NOTO) == frozenset(parsed.face.charToGlyph)
    other = tmp_path / "NotoSans-Italic.ttf"                        # the same name,
    other.write_bytes(NOTO.read_bytes() + b"\1")                      # other bytes
    assert font_summary.checked_cover(other) is None
    assert font_summary.checked_cover(tmp_path / "gone.ttf") is None
