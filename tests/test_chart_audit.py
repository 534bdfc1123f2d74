"""The chart part of the layout audit: every chart as a reader sees it.

The memos of the shipped briefing, the English fixture and a stress briefing (big and
negative amounts, tiny values, 40 long names, years on a line, targets; in Dutch and in
English) are read back with pdfplumber; their combined decks are rendered by LibreOffice
and read the same way. Each rule runs over every chart of every document:

- a value label lies fully inside its bar or clear of it, and white text only inside a bar;
- no two characters of a chart overlap, and nothing leaves the page (or the memo's margins);
- every value is printed as the shared rules write it (scale, decimals, sign);
- every category name is printed whole;
- the target line spans the plot and its value stands at its end;
- years on a line chart sit in proportion;
- no legend (the title names the one series; the target is labelled on its line).
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass, field

import pdfplumber
import pytest
import yaml
from pptx import Presentation

from builders.chart_labels import number_style, year_positions
from builders.deck import deck_paths, plan_deck, render_decks
from builders.loader import load
from builders.memo import render_memo
from builders.memo.document import Geometry
from tests.chart_data import stress_data
from tests.conftest import ENGLISH, SHIPPED, require

TOLERANCE = 0.6
"""Points a glyph box may stray from where it was meant (metrics and rounding)."""
WATERMARK_SIZE = 30
"""Characters this large are the CONCEPT/DRAFT mark, not chart text."""


# ------------------------------------------------------------------ reading PDFs


def rgb(colour) -> tuple[float, ...] | None:
    """A pdfplumber colour as (r, g, b) in 0..1, or None."""
    if colour is None or isinstance(colour, str):
        return None
    colour = tuple(float(part) for part in colour)
    if len(colour) == 1:
        return colour * 3
    if len(colour) == 4:                                  # CMYK
        c, m, y, k = colour
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return colour[:3]


def is_hex(colour, hex_colour: str, tolerance: float = 0.03) -> bool:
    value = rgb(colour)
    if value is None:
        return False
    target = tuple(int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return all(abs(a - b) <= tolerance for a, b in zip(value, target))


@dataclass
class Chart:
    """One chart as drawn: its figure (or the slide's share of it) and what lies in it."""

    document: str
    where: str                     # "memo p. 3" / "deck slide 7"
    figure: object
    values: tuple[float, ...]
    categories: tuple[str, ...]
    language: str
    page: object
    chars: list = field(default_factory=list)
    bars: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    bounds: tuple[float, float, float, float] = (0, 0, 0, 0)   # x0, top, x1, bottom allowed
    palette: object = None

    @property
    def text(self) -> str:
        return "".join(char["text"] for char in self.chars if not char["text"].isspace())

    def words(self) -> set[str]:
        words = self.page.crop(self.region, strict=False).extract_words(keep_blank_chars=False)
        return {word["text"] for word in words}

    region: tuple[float, float, float, float] = (0, 0, 0, 0)


def glyphs(page, region) -> list:
    x0, top, x1, bottom = region
    return [char for char in page.chars
            if not char["text"].isspace() and char["size"] < WATERMARK_SIZE
            and top - 1 <= (char["top"] + char["bottom"]) / 2 <= bottom + 1
            and x0 - 1 <= (char["x0"] + char["x1"]) / 2 <= x1 + 1]


def bars_in(page, region, palette) -> list:
    x0, top, x1, bottom = region
    return [rect for rect in page.rects
            if is_hex(rect.get("non_stroking_color"), palette.secondary)
            and rect["width"] > 3.5 and rect["height"] > 0.3
            and rect["top"] >= top - 1 and rect["bottom"] <= bottom + 1]


def target_lines(page, region, palette) -> list:
    x0, top, x1, bottom = region
    found = []
    for line in page.lines:
        if is_hex(line.get("stroking_color"), palette.alert) and \
                line["top"] >= top - 1 and line["bottom"] <= bottom + 1:
            found.append(line)
    return found


# ----------------------------------------------------------------- the documents


def stress_file(directory, language: str):
    path = directory / f"stress-{language}.yaml"
    path.write_text(yaml.safe_dump(stress_data(language), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def briefings(tmp_path_factory):
    directory = tmp_path_factory.mktemp("chart-audit")
    named = {"shipped": SHIPPED, "english": ENGLISH,
             "stress-nl": stress_file(directory, "nl"), "stress-en": stress_file(directory, "en")}
    return {name: load(path, check=False) for name, path in named.items() if path.exists()}


def figures_of(briefing) -> list:
    return [figure for topic in briefing.topics() for figure in topic.figures]


@pytest.fixture(scope="module")
def memo_charts(briefings) -> list[Chart]:
    """Every chart of every memo: the stretch of page from its caption to its last mark."""
    charts = []
    for name, loaded in briefings.items():
        document = pdfplumber.open(io.BytesIO(render_memo(loaded)))
        geometry = Geometry.from_theme(loaded.theme)
        palette = loaded.theme.palette
        figures = figures_of(loaded.briefing)
        word = {"nl": "Figuur", "en": "Figure"}[loaded.briefing.language]
        number = 0
        for page in document.pages:
            lines = page.extract_text_lines()
            captions = [line for line in lines if line["text"].startswith(f"{word} ")
                        and line["text"].split()[1].isdigit()]
            for index, caption in enumerate(captions):
                number += 1
                figure = figures[number - 1]
                assert figure.title in caption["text"], (name, caption["text"])
                end = captions[index + 1]["top"] if index + 1 < len(captions) else page.height
                wide = (0, caption["bottom"] + 0.5, page.width, end)
                marks = bars_in(page, wide, palette) + [
                    mark for mark in page.curves + page.lines if mark["top"] >= wide[1]
                    and mark["bottom"] <= wide[3]]
                bottom = max(mark["bottom"] for mark in marks) + 30
                region = (0, caption["bottom"] + 0.5, page.width, min(bottom, end))
                charts.append(Chart(
                    name, f"memo p. {page.page_number}", figure,
                    tuple(figure.series.values()), tuple(figure.series),
                    loaded.briefing.language, page, glyphs(page, region),
                    bars_in(page, region, palette), target_lines(page, region, palette),
                    (geometry.left, 0, page.width - geometry.right, page.height), palette,
                    region=region))
        assert number == len(figures), name
    return charts


@pytest.fixture(scope="module")
def deck_charts(briefings, tmp_path_factory) -> list[Chart]:
    """Every chart slide of every combined deck, as LibreOffice renders it."""
    soffice = require("soffice")
    root = tmp_path_factory.mktemp("chart-decks")
    files, plans = [], {}
    for name, loaded in briefings.items():
        file = root / f"{name}.pptx"
        file.write_bytes(render_decks(loaded)["deck.pptx"])
        files.append(file)
        plans[name] = (plan_deck(loaded.briefing, loaded.theme,
                                 deck_paths(loaded.briefing)["deck.pptx"]), loaded)
    profile = tmp_path_factory.mktemp("lo-chart-audit")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(root), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    charts = []
    for name, (plan, loaded) in plans.items():
        document = pdfplumber.open(root / f"{name}.pdf")
        palette = loaded.theme.palette
        figures = {figure.id: figure for figure in figures_of(loaded.briefing)}
        by_title = {figure.title: figure for figure in figures.values()}
        for number, slide in enumerate(plan.slides, start=1):
            if slide.kind != "chart":
                continue
            page = document.pages[number - 1]
            figure = next(figure for title, figure in by_title.items()
                          if slide.title.text.startswith(title))
            region = (0, 0, page.width, page.height)
            charts.append(Chart(
                name, f"deck slide {number}", figure, slide.chart.values,
                slide.chart.categories, loaded.briefing.language, page,
                glyphs(page, region), bars_in(page, region, palette),
                target_lines(page, region, palette), region, palette, region=region))
    return charts


@pytest.fixture(scope="module")
def charts(memo_charts, deck_charts) -> list[Chart]:
    return memo_charts + deck_charts


# --------------------------------------------------------------------- the rules


def inside(char, rect) -> bool:
    return (char["x0"] >= rect["x0"] - TOLERANCE and char["x1"] <= rect["x1"] + TOLERANCE
            and char["top"] >= rect["top"] - TOLERANCE
            and char["bottom"] <= rect["bottom"] + TOLERANCE)


def overlap(a, b, margin: float = TOLERANCE) -> bool:
    return (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > margin
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > margin)


def glyph_box(char) -> dict:
    """The char's inked height: pdfplumber's box runs from descender to ascender, so
    text set tight inside a bar would seem to poke out; use the cap height band."""
    size = char["size"]
    bottom = char["bottom"] - 0.2 * size
    return {"x0": char["x0"], "x1": char["x1"], "top": bottom - 0.72 * size,
            "bottom": bottom}


def test_value_labels_lie_inside_their_bar_or_clear_of_it(charts):
    problems = []
    for chart in charts:
        for char in chart.chars:
            box = glyph_box(char)
            white = is_hex(char.get("non_stroking_color"), "#FFFFFF")
            touching = [bar for bar in chart.bars if overlap(box, bar, 0.2)]
            within = [bar for bar in touching if inside(box, bar)]
            if white and not within:
                problems.append((chart.document, chart.where, char["text"], "white outside a bar"))
            elif touching and not (white and within):
                problems.append((chart.document, chart.where, char["text"], "across a bar"))
    assert not problems, problems[:12]


def test_no_two_characters_of_a_chart_overlap(charts):
    problems = []
    for chart in charts:
        boxes = sorted(((glyph_box(char), char["text"]) for char in chart.chars),
                       key=lambda item: item[0]["x0"])
        for index, (a, text_a) in enumerate(boxes):
            for b, text_b in boxes[index + 1:]:
                if b["x0"] >= a["x1"]:
                    break
                narrower = min(a["x1"] - a["x0"], b["x1"] - b["x0"])
                if overlap(a, b, 1.0) and min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > \
                        0.4 * narrower:           # more than a kerned pair such as "Vo"
                    problems.append((chart.document, chart.where, text_a, text_b,
                                     round(a["x0"]), round(a["top"])))
    assert not problems, problems[:12]


def test_nothing_of_a_chart_leaves_the_page_or_its_margins(charts):
    problems = []
    for chart in charts:
        x0, top, x1, bottom = chart.bounds
        for char in chart.chars:
            if not (x0 - TOLERANCE <= char["x0"] and char["x1"] <= x1 + TOLERANCE
                    and top - TOLERANCE <= char["top"] and char["bottom"] <= bottom + TOLERANCE):
                problems.append((chart.document, chart.where, char["text"], round(char["x0"])))
        for bar in chart.bars:
            if bar["x0"] < x0 - TOLERANCE or bar["x1"] > x1 + TOLERANCE:
                problems.append((chart.document, chart.where, "bar", round(bar["x0"])))
    assert not problems, problems[:12]


def printed(text: str) -> str:
    return "".join(text.split())


def test_every_value_is_printed_as_the_shared_rules_write_it(charts):
    problems = []
    for chart in charts:
        figure = chart.figure
        numbers = number_style(list(figure.series.values())
                               + ([figure.target.value] if figure.target else []),
                               chart.language)
        shown = chart.text
        values = chart.values
        if figure.kind == "line":                  # crowded lines: the first and last at least
            values = (values[0], values[-1])
        for value in values:
            if printed(numbers.text(value)) not in shown:
                problems.append((chart.document, chart.where, numbers.text(value)))
        if figure.target and printed(numbers.text(figure.target.value)) not in shown:
            problems.append((chart.document, chart.where, "target", numbers.text(figure.target.value)))
    assert not problems, problems[:12]


def test_every_category_name_is_printed_whole(charts):
    problems = []
    for chart in charts:
        words = chart.words()
        names = chart.categories
        if chart.figure.kind == "line":
            names = (names[0], names[-1])
        for name in names:
            missing = [word for word in name.split() if word not in words]
            if missing:
                problems.append((chart.document, chart.where, name, missing))
        if "…" in chart.text:
            problems.append((chart.document, chart.where, "a name cut with …"))
    assert not problems, problems[:12]


def test_the_target_spans_the_plot_and_its_value_stands_at_its_end(charts):
    problems = []
    for chart in charts:
        target = chart.figure.target
        if target is None:
            continue
        if not chart.lines:
            problems.append((chart.document, chart.where, "no target line"))
            continue
        line = max(chart.lines, key=lambda l: max(l["x1"] - l["x0"], l["bottom"] - l["top"]))
        vertical = line["bottom"] - line["top"] > line["x1"] - line["x0"]
        bars = chart.bars
        if len(bars) > 1:
            if vertical:            # horizontal bars: from above the first to below the last
                centres = sorted((b["top"] + b["bottom"]) / 2 for b in bars)
                start, stop = line["top"], line["bottom"]
            else:
                centres = sorted((b["x0"] + b["x1"]) / 2 for b in bars)
                start, stop = line["x0"], line["x1"]
            pitch = (centres[-1] - centres[0]) / (len(centres) - 1)
            reach = (centres[0] - start, stop - centres[-1])
            if min(reach) < 0.4 * pitch:
                problems.append((chart.document, chart.where, "line short of the plot",
                                 [round(r) for r in reach], round(pitch)))
        end = (line["x0"], line["top"]) if vertical else (line["x1"], line["top"])
        numbers = number_style(list(chart.figure.series.values()) + [target.value],
                               chart.language)
        value = printed(numbers.text(target.value))
        size = max(char["size"] for char in chart.chars)
        near = [char for char in chart.chars if is_hex(char.get("non_stroking_color"),
                                                       chart.palette.alert)
                and abs((char["x0"] + char["x1"]) / 2 - end[0]) < 14 * size
                and abs((char["top"] + char["bottom"]) / 2 - end[1]) < 4 * size]
        if value not in printed("".join(char["text"] for char in near)):
            problems.append((chart.document, chart.where, "no value at the line's end", value))
    assert not problems, problems[:12]


def test_the_target_line_crosses_no_label(charts):
    problems = []
    for chart in charts:
        if chart.figure.target is None or not chart.lines:
            continue
        line = max(chart.lines, key=lambda l: max(l["x1"] - l["x0"], l["bottom"] - l["top"]))
        vertical = line["bottom"] - line["top"] > line["x1"] - line["x0"]
        for char in chart.chars:
            if is_hex(char.get("non_stroking_color"), chart.palette.alert):
                continue                               # the target's own label
            box = glyph_box(char)
            if vertical:
                crossed = (box["x0"] + 0.5 < line["x0"] < box["x1"] - 0.5
                           and box["bottom"] > line["top"] and box["top"] < line["bottom"])
            else:
                crossed = (box["top"] + 0.5 < line["top"] < box["bottom"] - 0.5
                           and box["x1"] > line["x0"] and box["x0"] < line["x1"])
            if crossed:
                problems.append((chart.document, chart.where, char["text"]))
    assert not problems, problems[:12]


def test_years_on_a_line_chart_sit_in_proportion(charts):
    checked = 0
    problems = []
    for chart in charts:
        years = year_positions(chart.categories)
        if chart.figure.kind != "line" or years is None:
            continue
        gaps = {b - a for a, b in zip(years, years[1:])}
        if len(gaps) == 1:
            continue
        numbers = number_style(list(chart.figure.series.values())
                               + ([chart.figure.target.value] if chart.figure.target else []),
                               chart.language)
        xs = []
        for value in chart.values:
            text = printed(numbers.text(value))
            at = locate(chart.chars, text)
            xs.append(at)
        if None in xs:
            problems.append((chart.document, chart.where, "value labels not found"))
            continue
        for (a, b), (ya, yb) in zip(zip(xs, xs[1:]), zip(years, years[1:])):
            expected = (yb - ya) / (years[-1] - years[0])
            actual = (b - a) / (xs[-1] - xs[0])
            if abs(actual - expected) > 0.04:
                problems.append((chart.document, chart.where, ya, yb, round(actual, 3),
                                 round(expected, 3)))
        checked += 1
    assert checked >= 2 and not problems, (checked, problems)


def locate(chars, text: str) -> float | None:
    """The x centre of the first run of characters that spells `text`."""
    run = [char for char in chars if not char["text"].isspace()]
    run.sort(key=lambda char: (round(char["top"]), char["x0"]))
    for start in range(len(run)):
        if "".join(char["text"] for char in run[start:start + len(text)]) == text:
            pieces = run[start:start + len(text)]
            return (pieces[0]["x0"] + pieces[-1]["x1"]) / 2
    return None


def test_no_chart_has_a_legend_and_each_says_what_it_shows(briefings):
    """The title names the one series and the target is labelled on its line; the chart's
    alternative text is the sentence the memo's figure carries."""
    from builders.figure_text import describe_figure

    charts = 0
    for loaded in briefings.values():
        deck = Presentation(io.BytesIO(render_decks(loaded)["deck.pptx"]))
        descriptions = {describe_figure(figure, loaded.briefing.language)
                        for figure in figures_of(loaded.briefing)}
        for slide in deck.slides:
            for shape in slide.shapes:
                if shape.has_chart:
                    charts += 1
                    assert not shape.chart.has_legend, shape.chart.plots[0].series[0].name
                    assert shape._element.nvGraphicFramePr.cNvPr.get("descr") in descriptions
    assert charts >= 8
