"""An organisation's own template: its layouts are used by name, our text still fits."""

from __future__ import annotations

import io

from pptx import Presentation

from builders.deck import plan_deck
from builders.deck.writer import render_plan
from builders.loader import load_theme
from builders.model import Briefing
from tests.deck_data import hard_data


def template_theme(tmp_path):
    template = Presentation()
    template.slides.add_slide(template.slide_layouts[0])   # a sample slide: not ours
    path = tmp_path / "organisation.pptx"
    template.save(path)
    theme = load_theme("default")
    deck = theme.deck.model_copy(update={"template": str(path)})
    return theme.model_copy(update={"deck": deck})


def test_layouts_are_used_by_name_and_template_slides_dropped(tmp_path):
    theme = template_theme(tmp_path)
    briefing = Briefing.model_validate(hard_data())
    plan = plan_deck(briefing, theme)
    deck = Presentation(io.BytesIO(render_plan(plan, theme)))
    assert len(deck.slides) == len(plan.slides)
    layouts = [slide.slide_layout.name for slide in deck.slides]
    expected = {"topic": "Title and Content", "chart": "Title and Content",
                "agenda": "Title and Content"}
    for name, planned in zip(layouts, plan.slides):
        if planned.kind == "title":
            assert name == ("Title Slide" if planned.section == "opening" else "Section Header")
        elif planned.kind in expected:
            assert name == expected[planned.kind]
    for slide, planned in zip(deck.slides, plan.slides):
        assert slide.shapes.title.text_frame.text == planned.title.text
        if planned.body is not None:
            body = [shape for shape in slide.placeholders if shape.placeholder_format.idx == 1]
            assert body and body[0].text_frame.paragraphs[0].runs
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
