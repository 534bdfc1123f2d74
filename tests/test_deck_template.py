"""An organisation's own template: its layouts are used by name, our text still fits."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from builders.deck import plan_deck
from builders.deck.writer import render_plan
from builders.errors import BriefingError
from builders.loader import load_theme
from builders.model import Briefing
from tests.deck_data import hard_data

OFFICE_LAYOUTS = {"title": "Title Slide", "section": "Section Header",
                  "content": "Title and Content", "chart": "Title Only",
                  "closing": "Title Only"}


def template_theme(tmp_path, layouts=OFFICE_LAYOUTS):
    template = Presentation()
    template.slides.add_slide(template.slide_layouts[0])   # a sample slide: not ours
    path = tmp_path / "organisation.pptx"
    template.save(path)
    theme = load_theme("default")
    deck = theme.deck.model_copy(update={
        "template": str(path),
        "layouts": theme.deck.layouts.model_copy(update=layouts)})
    return theme.model_copy(update={"deck": deck})


def test_layouts_are_used_by_name_and_template_slides_dropped(tmp_path):
    theme = template_theme(tmp_path)
    briefing = Briefing.model_validate(hard_data())
    plan = plan_deck(briefing, theme)
    deck = Presentation(io.BytesIO(render_plan(plan, theme)))
    assert len(deck.slides) == len(plan.slides)
    for slide, planned in zip(deck.slides, plan.slides):
        assert slide.slide_layout.name == OFFICE_LAYOUTS[planned.layout]
        assert slide.shapes.title.text_frame.text == planned.title.text
        if planned.body is not None:
            body = [shape for shape in slide.placeholders if shape.placeholder_format.idx == 1]
            assert body and body[0].text_frame.paragraphs[0].runs
    assert {planned.layout for planned in plan.slides} == {"title", "section", "content",
                                                          "chart"}
    primary = theme.palette.primary.lstrip("#").upper()
    for slide, planned in zip(deck.slides, plan.slides):    # white text on the primary
        filled = slide.background._cSld.bg is not None and \
            str(slide.background.fill.fore_color.rgb) == primary
        assert filled == planned.dark
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01


def test_a_slide_added_to_a_deck_on_a_template_gets_its_layout(tmp_path):
    """python-pptx (a client like PowerPoint) opens the deck and adds a slide by name."""
    theme = template_theme(tmp_path)
    plan = plan_deck(Briefing.model_validate(hard_data()), theme)
    deck = Presentation(io.BytesIO(render_plan(plan, theme)))
    layout = deck.slide_layouts.get_by_name("Title and Content")
    added = deck.slides.add_slide(layout)
    added.shapes.title.text = "Nieuw"
    again = io.BytesIO()
    deck.save(again)
    reopened = Presentation(again)
    assert reopened.slides[-1].slide_layout.name == "Title and Content"
    assert len(reopened.slides) == len(plan.slides) + 1


def write_theme(tmp_path, template_lines: str) -> str:
    import shutil
    from builders.theme import STYLES_DIR

    styles = tmp_path / "styles"
    styles.mkdir()
    text = (STYLES_DIR / "default.yaml").read_text(encoding="utf-8")
    text = text.replace("  template: null ", f"  template: organisation.pptx ")
    text = text.replace("    chart: Chart\n", template_lines)
    (styles / "default.yaml").write_text(text, encoding="utf-8")
    Presentation().save(styles / "organisation.pptx")
    return str(styles)


def test_a_template_without_a_named_layout_is_a_located_error(tmp_path):
    from pathlib import Path

    styles = Path(write_theme(tmp_path, "    chart: Grafiek\n"))
    with pytest.raises(BriefingError) as caught:
        load_theme("default", styles)
    text = str(caught.value)
    line = next(number for number, content in enumerate(
        (styles / "default.yaml").read_text().splitlines(), 1) if "chart: Grafiek" in content)
    assert f"default.yaml:{line}:" in text
    assert ("deck.layouts.chart: the template 'organisation.pptx' has no layout named "
            "'Grafiek' (its layouts: 'Title Slide', 'Title and Content',") in text
    assert "name one of them under deck.layouts.chart" in text
    for role in ("title", "section", "closing"):                # every missing one at once
        assert f"deck.layouts.{role}:" in text
    assert "deck.layouts.content:" not in text                  # 'Title and Content' exists
