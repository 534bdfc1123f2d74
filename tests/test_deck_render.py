"""The decks as LibreOffice renders them: no character off the slide or in the footer band."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import pytest

from builders.deck import deck_paths, plan_deck, render_decks
from tests.conftest import require
from tests.test_deck import BRIEFINGS, load_named

pdfplumber = pytest.importorskip("pdfplumber")
TOLERANCE = 0.75


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every deck of every test briefing, converted to PDF in one LibreOffice run."""
    soffice = require("soffice")
    root = tmp_path_factory.mktemp("render")
    decks, files = [], []
    for name in BRIEFINGS:
        try:
            loaded = load_named(name, tmp_path_factory.mktemp(name))
        except pytest.skip.Exception:
            continue
        for path, data in render_decks(loaded).items():
            sessions = deck_paths(loaded.briefing)[path]
            plan = plan_deck(loaded.briefing, loaded.theme, sessions)
            file = root / f"{name}-{path.replace('/', '-')}"
            file.write_bytes(data)
            files.append(file)
            decks.append((file.with_suffix(".pdf"), plan, loaded))
    decks.append(_template_deck(root, files, tmp_path_factory))
    decks.append(_long_marking_deck(root, files))
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(root), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    return decks


def _template_deck(root, files, tmp_path_factory):
    """The hard briefing through an organisation's template (its layouts carry capitals)."""
    from builders.deck.writer import render_plan
    from builders.model import Briefing
    from tests.deck_data import hard_data
    from tests.test_deck_template import template_theme

    theme = template_theme(tmp_path_factory.mktemp("template"))
    plan = plan_deck(Briefing.model_validate(hard_data()), theme)
    file = root / "template-deck.pptx"
    file.write_bytes(render_plan(plan, theme))
    files.append(file)

    class Loaded:          # what the checks below read of a loaded briefing
        pass
    loaded = Loaded()
    loaded.theme = theme
    return file.with_suffix(".pdf"), plan, loaded


def _long_marking_deck(root, files):
    """A 200-character classification marking next to titles long enough to crowd it."""
    from builders.deck.writer import render_plan
    from builders.loader import load_theme
    from builders.model import Briefing
    from tests.test_deck_plan import long_marking_data

    theme = load_theme("default")
    plan = plan_deck(Briefing.model_validate(long_marking_data()), theme)
    file = root / "long-marking-deck.pptx"
    file.write_bytes(render_plan(plan, theme))
    files.append(file)

    class Loaded:
        pass
    loaded = Loaded()
    loaded.theme = theme
    return file.with_suffix(".pdf"), plan, loaded


@dataclass(frozen=True)
class Page:
    """What the checks read of one rendered slide, parsed once."""

    name: str
    width: float
    height: float
    chars: tuple[dict, ...]
    footer_text: str
    text: str                 # without the CONCEPT / DRAFT mark


@pytest.fixture(scope="module")
def parsed(rendered):
    result = []
    for pdf_path, plan, loaded in rendered:
        with pdfplumber.open(pdf_path) as pdf:
            assert len(pdf.pages) == len(plan.slides), pdf_path.name
            for page, slide in zip(pdf.pages, plan.slides):
                band = page.crop((0, plan.footer.box.top, page.width, page.height))
                text_only = page.filter(lambda obj: obj.get("object_type") != "char"
                                        or obj["size"] < 60)
                chars = tuple({key: char[key] for key in
                               ("text", "x0", "x1", "top", "bottom", "size")}
                              for char in page.chars)
                record = Page(pdf_path.name, page.width, page.height, chars,
                              band.extract_text(), text_only.extract_text())
                result.append((record, slide, plan, loaded))
    return result


def pages(parsed):
    for record, slide, plan, loaded in parsed:
        yield record.name, record, slide, plan, loaded


def test_every_deck_renders_every_slide(rendered, parsed):
    assert rendered
    for name, page, slide, plan, _ in pages(parsed):
        assert abs(page.width - plan.width) < 1 and abs(page.height - plan.height) < 1


def test_no_character_lies_outside_the_slide(parsed):
    outside = [(name, slide.number, char["text"])
               for name, page, slide, _, _ in pages(parsed) for char in page.chars
               if char["x0"] < -TOLERANCE or char["x1"] > page.width + TOLERANCE
               or char["top"] < -TOLERANCE or char["bottom"] > page.height + TOLERANCE]
    assert outside == []


def test_only_the_footer_stands_in_the_footer_band(parsed):
    intruders = []
    for name, page, slide, plan, _ in pages(parsed):
        band_top = plan.footer.box.top
        for char in page.chars:
            in_band = char["bottom"] > band_top + TOLERANCE
            footer_text = abs(char["size"] - plan.footer.size) < 0.6 and char["top"] >= band_top
            if in_band and not footer_text and char["text"].strip():
                intruders.append((name, slide.number, char["text"], round(char["bottom"])))
    assert intruders == []


def test_the_footer_carries_marking_meeting_and_number(parsed):
    for name, page, slide, plan, loaded in pages(parsed):
        text = page.footer_text
        assert plan.footer.meeting in text, (name, slide.number)
        assert all(line in text for line in plan.footer.marking_lines), (name, slide.number)
        assert f"{slide.number} / {len(plan.slides)}" in text


def test_no_text_is_set_below_the_minimum(parsed):
    small = []
    for name, page, slide, plan, loaded in pages(parsed):
        minimum = loaded.theme.deck.sizes.minimum
        marking_zone = plan.band + 0.3 * 72        # a classified deck's marking on top
        for char in page.chars:
            top_marking = plan.footer.top_marking and char["bottom"] <= marking_zone \
                and abs(char["size"] - plan.footer.size) < 0.6
            if char["top"] < plan.footer.box.top and char["text"].strip() \
                    and char["size"] < minimum - 0.5 and not top_marking:
                small.append((name, slide.number, char["text"], char["size"]))
    assert small == []


def test_a_classified_deck_is_marked_at_the_top_and_the_bottom_once_each(parsed):
    checked = 0
    for name, page, slide, plan, _ in pages(parsed):
        if not plan.footer.top_marking:
            continue
        top = "".join(char["text"] for char in page.chars
                      if char["bottom"] <= plan.band + 0.3 * 72)
        assert top.replace(" ", "") == plan.footer.top_marking.replace(" ", "")
        checked += 1
    assert checked


def test_every_key_message_word_is_on_its_slides(parsed):
    for name, page, slide, plan, _ in pages(parsed):
        if slide.kind != "topic":
            continue
        shown = "".join(page.text.split())
        for item in slide.body.items:
            assert "".join(item.text.split()) in shown, (name, slide.number, item.text[:40])


def test_a_long_marking_stays_in_its_footer_cell(parsed):
    checked = 0
    for name, page, slide, plan, _ in pages(parsed):
        if not name.startswith("long-marking"):
            continue
        cell = plan.footer.cells[0]
        marking = [char for char in page.chars if char["top"] >= plan.footer.box.top - 1
                   and char["x0"] < cell.left + cell.width and char["text"].strip()]
        assert marking, (name, slide.number)
        assert all(char["x1"] <= cell.left + cell.width + TOLERANCE
                   and char["bottom"] <= page.height - TOLERANCE for char in marking)
        assert len({round(char["top"]) for char in marking}) == 2     # wrapped, as planned
        checked += 1
    assert checked


def test_chart_labels_write_numbers_as_the_legend_does(parsed):
    """Data labels in the briefing's language (1,95 in Dutch), like the target's label."""
    from builders.chart_labels import number_style

    checked = 0
    for name, page, slide, plan, _ in pages(parsed):
        if slide.kind != "chart":
            continue
        chart = slide.chart
        target = () if chart.target_value is None else (chart.target_value,)
        numbers = number_style(chart.values + target, plan.language)
        shown = "".join(page.text.split())
        for value in chart.values:
            expected = "".join(numbers.text(value).split())
            assert expected in shown, (name, slide.number, expected)
        if numbers.decimals and chart.target_label:
            assert "".join(chart.target_label.split()) in shown
            assert chart.target_text in shown
            other = number_style(chart.values, "en" if plan.language == "nl" else "nl")
            assert other.text(chart.values[0]) not in shown, (name, slide.number)
        checked += 1
    assert checked


def test_the_footnote_explaining_the_mark_stands_alone_in_its_box(parsed):
    """Every character in the footnote's box is the footnote's, and all of it is there: it
    neither runs over its two lines nor shares its place with other text."""
    from builders.labels import OUTSIDE_MARK

    seen = 0
    for name, record, slide, plan, _ in pages(parsed):
        caption = slide.caption
        if caption is None or not caption.text.startswith(OUTSIDE_MARK + " "):
            continue
        seen += 1
        inside = [char["text"] for char in record.chars
                  if char["bottom"] > caption.box.top - TOLERANCE
                  and char["top"] < caption.box.bottom + TOLERANCE]
        assert "".join(inside).replace(" ", "") == caption.text.replace(" ", ""), (
            name, slide.number)
        assert caption.box.bottom <= plan.footer.box.top
    assert seen >= 3          # the shipped deck: its title slide and two timeline slides
