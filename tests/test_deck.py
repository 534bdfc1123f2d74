"""The decks read back with python-pptx: slides, sections, notes, charts, marking, bytes."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from builders.deck import deck_paths, plan_deck, render_decks
from builders.deck.plan import clean, is_classified
from builders.deck.sections import SECTIONS_URI, read_sections
from builders.deck.writer import render_plan
from builders.loader import Loaded, load, load_theme
from builders.model import Briefing
from tests.conftest import ENGLISH, SHIPPED, minimal_data
from tests.deck_data import INJECTION, hard_data, stress_data

BRIEFINGS = {"hard": hard_data, "stress": stress_data, "shipped": SHIPPED, "english": ENGLISH}
"""The briefings every deck test builds: files, or functions that make the data."""


def load_named(name: str, directory):
    if callable(BRIEFINGS[name]):
        path = directory / "briefing.yaml"
        path.write_text(yaml.safe_dump(BRIEFINGS[name](), allow_unicode=True),
                        encoding="utf-8")
        return load(path)
    if not BRIEFINGS[name].exists():
        pytest.skip(f"{BRIEFINGS[name]} is not there yet")
    return load(BRIEFINGS[name])


@pytest.fixture(scope="module", params=list(BRIEFINGS))
def built(request, tmp_path_factory):
    loaded = load_named(request.param, tmp_path_factory.mktemp(request.param))
    return loaded, render_decks(loaded)


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def texts_of(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_one_combined_deck_and_one_per_session(built):
    loaded, decks = built
    names = [f"sessions/{n}-{s.id}.pptx" for n, s in enumerate(loaded.briefing.sessions, 1)]
    assert list(decks) == ["deck.pptx", *names]
    assert list(deck_paths(loaded.briefing)) == list(decks)


def test_slides_are_16_to_9_and_match_the_plan(built):
    loaded, decks = built
    for path, sessions in deck_paths(loaded.briefing).items():
        plan = plan_deck(loaded.briefing, loaded.theme, sessions)
        deck = open_deck(decks[path])
        assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000)) or \
            abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
        assert len(deck.slides) == len(plan.slides)
        for slide, planned in zip(deck.slides, plan.slides):
            assert slide.shapes.title.text_frame.text == planned.title.text


def test_every_slide_is_in_a_section_in_order(built):
    loaded, decks = built
    for path, data in decks.items():
        deck = open_deck(data)
        slide_ids = [slide.slide_id for slide in deck.slides]
        sections = read_sections(deck)
        assert [i for _, _, ids in sections for i in ids] == slide_ids
        if path == "deck.pptx":
            names = [name for name, _, _ in sections]
            for n, session in enumerate(loaded.briefing.sessions, 1):
                assert f"{n}. {clean(session.title)}" in names
        xml = zipfile.ZipFile(io.BytesIO(data)).read("ppt/presentation.xml").decode()
        assert SECTIONS_URI in xml
        assert xml.rstrip().endswith("</p:extLst></p:presentation>")


def shown_texts(slide) -> list[str]:
    """Every text a viewer sees on the slide: its own shapes, then the furniture its
    layout draws and, unless the layout hides them, the master's (not placeholders)."""
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    layout = slide.slide_layout
    sources = [layout]
    if layout._element.get("showMasterSp") != "0":
        sources.append(layout.slide_master)
    for source in sources:
        texts += [shape.text_frame.text for shape in source.shapes
                  if shape.has_text_frame and not shape.is_placeholder]
    return texts


def test_every_slide_carries_marking_meeting_and_number_once(built):
    loaded, decks = built
    marking = clean(loaded.briefing.classification).upper()
    draft = "CONCEPT" if loaded.briefing.language == "nl" else "DRAFT"
    for data in decks.values():
        deck = open_deck(data)
        for number, slide in enumerate(deck.slides, 1):
            texts = shown_texts(slide)
            placeholders = {shape.placeholder_format.type: shape.text_frame.text
                            for shape in slide.placeholders}
            meeting = clean(loaded.briefing.meeting.short)
            assert placeholders[PP_PLACEHOLDER.FOOTER] == meeting + (
                f"  ·  {draft}" if loaded.briefing.is_draft else "")
            assert placeholders[PP_PLACEHOLDER.SLIDE_NUMBER] == f"{number} / {len(deck.slides)}"
            once = 2 if is_classified(marking) else 1     # classified: top and bottom
            shown = " ".join(" ".join(texts).replace("\v", " ").split())
            assert shown.count(marking) == once, (number, texts)
            if loaded.briefing.is_draft:
                assert sum(text.count(draft) for text in texts) == 2   # mark and footer
            else:
                assert not any(draft in text for text in texts)


def test_topic_slides_have_speaker_notes(built):
    loaded, decks = built
    plan = plan_deck(loaded.briefing, loaded.theme)
    deck = open_deck(decks["deck.pptx"])
    for slide, planned in zip(deck.slides, plan.slides):
        if planned.notes:
            notes = slide.notes_slide.notes_text_frame.text
            assert notes.strip() and notes == planned.notes_text
            assert "**" not in notes and "[^" not in notes
        else:
            assert not slide.has_notes_slide
        if planned.kind == "chart" or (planned.kind == "topic" and not planned.continued):
            assert planned.notes


def test_every_figure_is_a_native_chart_with_its_workbook(built):
    loaded, decks = built
    figures = [f for t in loaded.briefing.topics() for f in t.figures]
    deck = open_deck(decks["deck.pptx"])
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == len(figures)
    for chart, figure in zip(charts, figures):
        series = [s for plot in chart.plots for s in plot.series]
        assert tuple(series[0].values) == tuple(figure.series.values())
        assert list(chart.plots[0].categories) == list(figure.series)
        if figure.target:
            assert set(series[1].values) == {figure.target.value}
        assert chart.part.chart_workbook.xlsx_part is not None
    names = zipfile.ZipFile(io.BytesIO(decks["deck.pptx"])).namelist()
    assert sum(name.startswith("ppt/charts/chart") for name in names) == len(figures)


def test_two_builds_give_identical_bytes(built):
    loaded, decks = built
    assert render_decks(loaded) == decks


def test_nothing_says_now(built):
    loaded, decks = built
    year = str(loaded.briefing.date.year)
    for data in decks.values():
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert {info.date_time[0] for info in archive.infolist()} == {loaded.briefing.date.year}
        core = archive.read("docProps/core.xml").decode()
        assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{year}" in core
        for name in archive.namelist():
            if name.endswith(".xlsx"):
                inner = zipfile.ZipFile(io.BytesIO(archive.read(name)))
                assert f">{year}-" in inner.read("docProps/core.xml").decode()


def test_core_properties_come_from_the_briefing(built):
    loaded, decks = built
    core = open_deck(decks["deck.pptx"]).core_properties
    assert core.author == clean(loaded.briefing.memo.from_)
    assert core.subject == clean(loaded.briefing.memo.subject)
    assert core.title == clean(loaded.briefing.meeting.title)
    assert core.created.date() == loaded.briefing.date


# ---------------------------------------------------------------- text is data


@pytest.fixture(scope="module")
def hard(tmp_path_factory):
    return load_named("hard", tmp_path_factory.mktemp("hard"))


def test_markup_of_the_output_format_stays_literal_text(hard):
    deck = open_deck(render_decks(hard)["deck.pptx"])
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert INJECTION in titles
    bodies = "\n".join(texts_of(slide) for slide in deck.slides)
    assert INJECTION in bodies


def test_characters_xml_cannot_hold_never_reach_the_file():
    data = minimal_data()
    data["sessions"][0]["topics"][0]["key_messages"] = ["Bel\x07 en\x00 nul\x1b[0m."]
    data["sessions"][0]["topics"][0]["title"] = "Titel\x0b met tab\x0c"
    briefing = Briefing.model_validate(data)
    theme = load_theme("default")
    deck = open_deck(render_plan(plan_deck(briefing, theme), theme))
    text = "\n".join(texts_of(slide) for slide in deck.slides)
    assert "Bel en nul[0m." in text and "Titel met tab" in text


def test_new_parts_are_named_without_walking_the_package(monkeypatch):
    """python-pptx's next_partname walks every part for every new notes slide or chart."""
    from pptx.opc.package import OpcPackage

    data = hard_data()
    data["sessions"] = [dict(data["sessions"][0], id=f"s{i}", topics=[
        dict(t, id=f"t{i}", figures=[dict(f, id=f"f{i}") for f in t.get("figures", [])])
        for t in data["sessions"][0]["topics"]]) for i in range(12)]
    briefing = Briefing.model_validate(data)
    theme = load_theme("default")
    plan = plan_deck(briefing, theme)
    walks = []
    real = OpcPackage.iter_parts

    def counting(self):
        walks.append(1)
        return real(self)

    monkeypatch.setattr(OpcPackage, "iter_parts", counting)
    render_plan(plan, theme)
    assert len(plan.slides) > 50
    assert len(walks) < 10


# ------------------------------------------------------ the chart's embedded workbook

HOSTILE_CATEGORIES = ("=1+1", '=HYPERLINK("https://example.org/x","klik")',
                      "https://example.org/a", "2024")


def _workbook_parts(data: bytes) -> dict[str, str]:
    """Every XML part of the chart workbooks embedded in a deck, by name."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = {}
    for name in archive.namelist():
        if name.startswith("ppt/embeddings/") and name.endswith(".xlsx"):
            inner = zipfile.ZipFile(io.BytesIO(archive.read(name)))
            for part in inner.namelist():
                parts[f"{name}/{part}"] = inner.read(part).decode("utf-8")
    return parts


def test_briefing_text_in_a_chart_workbook_stays_text():
    """xlsxwriter's write() makes "=…" a formula and an address a hyperlink: not here."""
    from xml.etree import ElementTree

    data = minimal_data()
    data["sessions"][0]["topics"][0]["figures"] = [{
        "id": "f", "kind": "bar", "title": "Cijfers", "unit": "=2+2",
        "series": {category: float(index) for index, category in
                   enumerate(HOSTILE_CATEGORIES, 1)},
        "target": {"label": "=SUM(A1:A9)", "value": 2.0}}]
    briefing = Briefing.model_validate(data)
    theme = load_theme("default")
    parts = _workbook_parts(render_plan(plan_deck(briefing, theme), theme))
    sheets = [text for name, text in parts.items() if name.endswith("worksheets/sheet1.xml")]
    assert len(sheets) == 1
    assert "<f>" not in sheets[0] and "<f " not in sheets[0]
    assert "<hyperlink" not in sheets[0]
    assert not any("hyperlink" in text for name, text in parts.items() if name.endswith(".rels"))
    shared = next(text for name, text in parts.items() if name.endswith("sharedStrings.xml"))
    namespace = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    strings = [node.text for node in ElementTree.fromstring(shared).iter(f"{namespace}t")]
    for text in (*HOSTILE_CATEGORIES, "=2+2"):
        assert text in strings


def _value_axis_minimum(data: bytes):
    """The c:min of each chart's value axis (None: the renderer chooses)."""
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    result = []
    for name in sorted(archive.namelist()):
        if name.startswith("ppt/charts/chart") and name.endswith(".xml"):
            tree = etree.fromstring(archive.read(name))
            found = tree.xpath("//c:valAx/c:scaling/c:min/@val", namespaces=ns)
            result.append(float(found[0]) if found else None)
    return result


def test_negative_bars_are_not_cut_off_at_zero():
    data = minimal_data()
    data["sessions"][0]["topics"][0]["figures"] = [
        {"id": "saldo", "kind": "bar", "title": "Saldo",
         "series": {"2021": -3.5, "2022": -1.2, "2023": -0.4, "2024": 2.4},
         "target": {"label": "Grens", "value": -1.0}},
        {"id": "doel", "kind": "bar", "title": "Onder het doel",
         "series": {"2023": 1.5, "2024": 2.4}, "target": {"label": "Doel", "value": -0.5}},
        {"id": "groei", "kind": "bar", "title": "Groei",
         "series": {"2023": 1.5, "2024": 2.4}, "target": {"label": "Doel", "value": 2.0}}]
    briefing = Briefing.model_validate(data)
    theme = load_theme("default")
    minimums = _value_axis_minimum(render_plan(plan_deck(briefing, theme), theme))
    assert len(minimums) == 3
    assert minimums[0] is None or minimums[0] <= -3.5
    assert minimums[1] is None or minimums[1] <= -0.5
    assert minimums[2] == 0          # all values at or above zero: columns stand on zero
