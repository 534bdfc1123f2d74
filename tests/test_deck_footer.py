"""Every footer cell of a slide is measured: a long meeting.short never pushes the
meeting cell, or the CONCEPT mark beside it, off the slide (issue 13)."""

from __future__ import annotations

import pytest

from builders.deck.measure import text_width
from builders.deck.plan import plan_deck
from builders.loader import load_theme
from builders.model import Briefing
from tests.conftest import minimal_data

LONG_SHORT = ("Informele bijeenkomst van de ministers van Buitenlandse Zaken van de "
              "Noord-Atlantische Verdragsorganisatie te Brussel")


@pytest.mark.parametrize("status, short", [("concept", LONG_SHORT), ("definitief", LONG_SHORT),
                                           ("concept", "X" * 120)])
def test_a_long_meeting_name_is_fitted_beside_the_draft_mark(status, short):
    data = minimal_data()
    data["status"], data["meeting"]["short"] = status, short
    theme = load_theme("default")
    footer = plan_deck(Briefing.model_validate(data), theme).footer
    cell, size, metrics = footer.cells[1], footer.size, theme.deck.metrics_font
    width = text_width(footer.meeting, size, metrics)
    if footer.draft:
        assert footer.draft == "CONCEPT"
        width += text_width("  ·  " + footer.draft, size, metrics, bold=True)
    assert width <= cell.width
    assert footer.meeting.endswith("…")
    assert short.startswith(footer.meeting.rstrip(" …"))
    assert cell.left + cell.width <= footer.cells[2].left


def test_a_short_meeting_name_is_shown_whole():
    data = minimal_data()
    data["status"] = "concept"
    footer = plan_deck(Briefing.model_validate(data), load_theme("default")).footer
    assert (footer.meeting, footer.draft) == ("VGD", "CONCEPT")
