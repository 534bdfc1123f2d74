"""Parts of the memo builder tested as data: styles, charts, abbreviations, roles."""

from __future__ import annotations

import pytest

from builders.figure_text import describe_figure
from builders.memo import chart, styles, tables
from builders.memo.document import Layout
from builders.model import Briefing, Figure
from tests.conftest import minimal_data


def test_hyphenation_fails_loudly_without_a_dictionary(monkeypatch):
    import pyphen
    assert styles.hyphenation_language("nl") == "nl_NL"
    assert styles.hyphenation_language("en") == "en_US"
    monkeypatch.setattr(pyphen, "language_fallback", lambda code: None)
    with pytest.raises(styles.HyphenationError, match="nl_NL"):
        styles.hyphenation_language("nl")


def test_chart_scale_and_alt_text():
    figure = Figure(id="f", kind="bar", title="Uitgaven", unit="% bbp",
                    series={"2024": 1.95, "2025": 1.93}, target={"label": "Norm", "value": 2})
    low, high = chart.value_range(figure)
    assert low == 0 and high > 2
    assert describe_figure(figure, "nl") == "Uitgaven. 2024: 1,95 % bbp; 2025: 1,93 % bbp. Norm: 2,00 % bbp."


def test_the_abbreviations_are_the_ones_builders_text_finds(monkeypatch):
    """The memo has no search of its own: it lists what `used_glossary` returns."""
    from builders import text
    from builders.fonts import register_memo_fonts
    from builders.loader import load_theme
    from builders.memo.context import Context
    from builders.memo.inline import FootnoteNumbers, InlineRenderer
    from builders.memo.story import back_matter_keys, build_story

    assert not hasattr(tables, "used_abbreviations")
    theme = load_theme("default")
    fonts = register_memo_fonts(theme)
    briefing = Briefing.model_validate(minimal_data())
    ctx = Context(briefing, styles.build_styles(theme, fonts, "nl"),
                  InlineRenderer(fonts, "#000000", FootnoteNumbers({})), Layout(), 400)
    asked = []
    monkeypatch.setattr(text, "used_glossary",
                        lambda b: asked.append(b) or [("ZZQ", "Zeer zeldzame term")])
    story = build_story(ctx)
    assert asked and all(b is briefing for b in asked)
    assert "abbreviations" in back_matter_keys(ctx)
    cells = [cell for flowable in story if getattr(flowable, "_cellvalues", None)
             for row in flowable._cellvalues for cell in row]
    assert any("Zeer zeldzame term" in getattr(cell, "text", "") for cell in cells)
    monkeypatch.setattr(text, "used_glossary", lambda b: [])
    assert "abbreviations" not in back_matter_keys(ctx)


def test_every_story_element_knows_its_role(tmp_path):
    from builders.fonts import register_memo_fonts
    from builders.loader import load_theme
    from builders.memo.context import Context
    from builders.memo.inline import FootnoteNumbers, InlineRenderer
    from builders.memo.story import build_story

    theme = load_theme("default")
    fonts = register_memo_fonts(theme)
    briefing = Briefing.model_validate(minimal_data())
    inline = InlineRenderer(fonts, "#000000", FootnoteNumbers({}))
    story = build_story(Context(briefing, styles.build_styles(theme, fonts, "nl"), inline,
                                Layout(), 400))
    roles = {getattr(flowable, "role", None) for flowable in story}
    assert {"H1", "H2", "Table", "L"} <= roles
