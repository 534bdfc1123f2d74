"""The memo under stress: long programmes, boxes, notes, chart labels and markings; the logo.

Each test builds a small briefing (`minimal_data()` varied), renders its memo and reads
the PDF back with pdfplumber.
"""

from __future__ import annotations

import dataclasses
import io
import re

import pdfplumber
import pytest

from builders.loader import load
from builders.memo import render_memo
from builders.memo.document import Geometry
from tests.conftest import minimal_data

VOCABULARY = ("de begroting van het ministerie wordt in de komende jaren verder verhoogd "
              "omdat de bondgenoten afspraken maakten over gezamenlijke inzet en paraatheid").split()
TOLERANCE = 0.5
"""Points a glyph box may stray (rounding of reportlab's and pdfplumber's metrics)."""


def words(count: int, start: int = 0) -> str:
    return " ".join(VOCABULARY[(start + index) % len(VOCABULARY)] for index in range(count))


def render(write_briefing, data: dict, memo_theme: dict | None = None):
    """(pdf bytes, loaded) of the briefing `data`, its theme's memo part updated."""
    loaded = load(write_briefing(data), check=False)
    if memo_theme:
        theme = loaded.theme
        theme = theme.model_copy(update={"memo": theme.memo.model_copy(update=memo_theme)})
        loaded = dataclasses.replace(loaded, theme=theme)
    return render_memo(loaded), loaded


def topic(ident: str, title: str, **fields) -> dict:
    return {"id": ident, "title": title, "key_messages": ["Een boodschap."], **fields}


def session(number: int, topics: list[dict]) -> dict:
    return {"id": f"sessie-{number}", "title": f"Sessie over thema {number}",
            "date": "2023-11-28", "time": "09.00-10.30", "format": "Plenair", "topics": topics}


def in_body(char, page, geometry: Geometry) -> bool:
    """Whether a character stands in the text area (not the marking or the running foot)."""
    return (char["top"] >= geometry.top - TOLERANCE
            and char["bottom"] <= page.height - geometry.bottom + TOLERANCE)


def body_text(page, geometry: Geometry) -> str:
    """The text in the page's text area, which must not be empty."""
    text = page.crop((0, geometry.top - TOLERANCE, page.width,
                      page.height - geometry.bottom + TOLERANCE)).extract_text()
    assert text.strip(), f"page {page.page_number} holds nothing but furniture"
    return text


def flat(text: str) -> str:
    """Text with line-end hyphenation undone (a hard hyphen between letters, or the soft
    hyphen the memo draws) and all whitespace removed."""
    text = text.replace("\u00ad", "")
    return re.sub(r"\s+", "", re.sub(r"(?<=[a-z])-\n\s*(?=[a-z])", "", text))


def overlapping(chars) -> list[tuple[str, str]]:
    """Pairs of glyphs whose boxes overlap by more than a point each way."""
    boxes = [c for c in chars if c["text"].strip()]
    found = []
    for index, a in enumerate(boxes):
        for b in boxes[index + 1:]:
            wide = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if wide > 1 and high > 1:
                found.append((a["text"], b["text"]))
    return found


# 1 — a session with many topics


def test_a_session_with_forty_topics_builds_and_its_programme_spans_pages(write_briefing):
    data = minimal_data()
    titles = [f"Onderwerp {n:02d} {words(12, n)}"[:60] for n in range(40)]
    data["sessions"][0]["topics"] = [topic(f"onderwerp-{n}", title)
                                     for n, title in enumerate(titles)]
    pdf, _ = render(write_briefing, data)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        texts = [page.extract_text() for page in document.pages]
    # The programme's header row repeats on every page the programme runs over.
    header_pages = [n for n, text in enumerate(texts) if re.search(r"Datum\s+Tijd\s+Sessie", text)]
    assert len(header_pages) >= 2, header_pages
    assert header_pages == list(range(header_pages[0], header_pages[-1] + 1))
    # A page that continues the session names it again.
    for number in header_pages[1:]:
        assert "Eerste sessie (vervolg)" in texts[number], number


# 2 — no empty page before a long programme (or anywhere)


@pytest.mark.parametrize("sessions", [15, 16, 17, 18, 24, 25])
def test_no_page_is_empty_when_the_programme_is_longer_than_a_page(write_briefing, sessions):
    """Counts at which reportlab left the page before "Programma" empty, and 18."""
    data = minimal_data()
    data["sessions"] = [session(s, [topic(f"onderwerp-{s}-{t}", f"Onderwerp {t} van sessie {s}")
                                    for t in range(3)]) for s in range(1, sessions + 1)]
    pdf, loaded = render(write_briefing, data)
    geometry = Geometry.from_theme(loaded.theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            body_text(page, geometry)


# 3 — footnotes that do not fit on their page


def footnote_text(pdf: bytes, loaded) -> str:
    """The text below the footnote rule of every page, in order; nothing else stands there."""
    from builders.memo.document import NOTE_RULE_SHARE

    geometry = Geometry.from_theme(loaded.theme)
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            rules = [line for line in page.lines if abs(line["x0"] - geometry.left) < 0.1
                     and abs(line["x1"] - line["x0"] - geometry.text_width * NOTE_RULE_SHARE) < 0.1]
            if not rules:
                continue
            (rule,) = rules
            chars = [c for c in page.chars if in_body(c, page, geometry) and c["top"] > rule["top"]]
            assert all(c["size"] <= loaded.theme.memo.sizes.small + 0.01 for c in chars)
            lines = pdfplumber.utils.cluster_objects(chars, lambda c: round(c["top"], 1), 1)
            for line in lines:
                out.append("".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])))
    return "\n".join(out)


def expected_notes(notes: list[str]) -> str:
    return flat("".join(f"{number} {text}" for number, text in enumerate(notes, 1)))


def test_twelve_long_notes_cited_in_one_paragraph_all_print_at_page_feet(write_briefing):
    data = minimal_data()
    notes = [f"Noot nummer {n}: {words(100, n)}." for n in range(12)]
    data["footnotes"] = {f"noot-{n}": text for n, text in enumerate(notes)}
    data["meeting"]["intro"] = "Een inleiding" + "".join(f" met noot[^noot-{n}]"
                                                          for n in range(12)) + "."
    pdf, loaded = render(write_briefing, data)
    printed = flat(footnote_text(pdf, loaded).replace("(vervolg)", ""))
    assert printed == expected_notes(notes)
    assert render(write_briefing, data)[0] == pdf


def test_a_note_of_three_thousand_words_is_split_over_page_feet(write_briefing):
    data = minimal_data()
    note = f"Een lange noot: {words(3000)}."
    data["footnotes"] = {"lang": note}
    data["sessions"][0]["topics"][0]["background"] = "Zie de noot.[^lang]\n\n" + words(200)
    pdf, loaded = render(write_briefing, data)
    printed = footnote_text(pdf, loaded)
    assert printed.count("(vervolg)") >= 2
    assert flat(printed.replace("(vervolg)", "")) == expected_notes([note])


# 4 — a key message longer than a page


def test_a_key_message_of_1200_words_builds_and_prints_whole(write_briefing):
    data = minimal_data()
    message = f"Begin {words(1200)} einde."
    data["sessions"][0]["topics"][0]["key_messages"] = ["Kort.", message, "Nog een."]
    pdf, loaded = render(write_briefing, data)
    geometry = Geometry.from_theme(loaded.theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(body_text(page, geometry) for page in document.pages)
    assert flat(message) in flat(text)


def test_long_header_values_and_programme_cells_split(write_briefing):
    data = minimal_data()
    data["meeting"]["participants"] = words(1500)
    data["sessions"][0]["format"] = words(900)
    pdf, _ = render(write_briefing, data)
    assert pdf.startswith(b"%PDF")


# 5 — chart labels


def chart_page(pdf: bytes):
    document = pdfplumber.open(io.BytesIO(pdf))
    pages = [page for page in document.pages if page.rects]
    return document, pages


def test_long_chart_labels_stay_on_the_page_and_apart(write_briefing):
    data = minimal_data()
    categories = [f"Categorie {n} {words(8, n)}"[:40] for n in range(5)]
    values = [-0.2, 5.0, -3.0, 2.5, 0.3]
    data["sessions"][0]["topics"][0]["figures"] = [
        {"id": "fig", "kind": kind, "title": "Uitgaven", "unit": "%",
         "series": dict(zip(categories, values)),
         "target": {"label": "Doelstelling volgens de afspraken van de top in Wales en Vilnius",
                    "value": -0.5}} for kind in ("bar",)] + [
        {"id": "lijn", "kind": "line", "title": "Verloop", "series": dict(zip(categories, values)),
         "target": {"label": "Een norm met een heel erg lange omschrijving erbij", "value": 4}}]
    pdf, loaded = render(write_briefing, data)
    geometry = Geometry.from_theme(loaded.theme)
    document, pages = chart_page(pdf)
    with document:
        assert pages
        for page in pages:
            for char in page.chars:
                assert geometry.left - TOLERANCE <= char["x0"], char["text"]
                assert char["x1"] <= page.width - geometry.right + TOLERANCE, char["text"]
            assert not overlapping(page.chars)
            dashed = [line for line in page.lines if line.get("dash") or True]
            targets = [line for line in dashed if abs(line["top"] - line["bottom"]) < 0.1
                       and line["stroking_color"] and len(line["stroking_color"]) == 3
                       and line["stroking_color"][0] > 0.7]
            assert targets
            for line in targets:
                for char in page.chars:
                    across = char["x1"] > line["x0"] and char["x0"] < line["x1"]
                    assert not (across and char["top"] + 1 < line["top"] < char["bottom"] - 1), \
                        char["text"]
        text = "\n".join(page.extract_text() for page in pages)
    printed = set(text.split())
    for category in categories:  # wrapped in columns: each word is there
        assert set(category.split()) <= printed, category


# 6 — a long classification marking


def test_a_long_classification_stays_within_the_margins(write_briefing):
    data = minimal_data()
    data["classification"] = ("Departementaal vertrouwelijk " + words(40))[:200]
    pdf, loaded = render(write_briefing, data)
    geometry = Geometry.from_theme(loaded.theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            assert not overlapping(page.chars)
            for char in page.chars:
                assert geometry.left - TOLERANCE <= char["x0"], char["text"]
                assert char["x1"] <= page.width - geometry.right + TOLERANCE, char["text"]
                assert 12 <= char["top"] and char["bottom"] <= page.height - 12, char["text"]
            marking = [c for c in page.chars if "semibold" in c["fontname"].lower()
                       and not in_body(c, page, geometry)]
            assert min(c["size"] for c in marking) >= 6 - 0.01


# 9 — the logo


def logo_file(tmp_path, size=(300, 100)):
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", size, (21, 66, 115)).save(path)
    return path


def test_the_logo_stands_on_the_first_page_above_the_header_block(write_briefing, tmp_path):
    pdf, loaded = render(write_briefing, minimal_data(), {"logo": str(logo_file(tmp_path))})
    geometry = Geometry.from_theme(loaded.theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first, *rest = document.pages
        assert not any(page.images for page in rest)
        (image,) = first.images
        assert image["height"] == pytest.approx(15 * 72 / 25.4, abs=0.1)
        assert image["width"] == pytest.approx(image["height"] * 3, abs=0.1)
        assert image["x0"] == pytest.approx(geometry.left, abs=0.1)
        assert image["top"] >= geometry.top - TOLERANCE
        header = [c for c in first.chars if in_body(c, first, geometry)]
        assert image["bottom"] < min(c["top"] for c in header)


def test_a_missing_logo_is_a_clear_error(write_briefing, tmp_path):
    from builders.fonts import LogoError

    with pytest.raises(LogoError, match="not found"):
        render(write_briefing, minimal_data(), {"logo": str(tmp_path / "nope.png")})
    bad = tmp_path / "bad.png"
    bad.write_text("not an image")
    with pytest.raises(LogoError, match="PNG or JPEG"):
        render(write_briefing, minimal_data(), {"logo": str(bad)})


# 8 — inline markup only where the format allows it


PLAIN_FIELDS = {
    ("memo", "to"), ("memo", "from"), ("memo", "subject"), ("memo", "reference"),
    ("meeting", "title"), ("meeting", "organisation"), ("meeting", "place"),
    ("meeting", "participants"), ("source", "title"), ("source", "citation"), ("version",),
    ("sessions", 0, "title"), ("sessions", 0, "time"), ("sessions", 0, "format"),
    ("sessions", 0, "topics", 0, "title"), ("glossary", "VGD"),
    ("sessions", 0, "topics", 0, "figures", 0, "title"),
    ("sessions", 0, "topics", 0, "figures", 0, "unit"),
    ("sessions", 0, "topics", 0, "figures", 0, "source"),
}
MARKUP_FIELDS = {
    ("meeting", "intro"), ("sessions", 0, "summary"),
    ("sessions", 0, "topics", 0, "position"), ("sessions", 0, "topics", 0, "background"),
    ("sessions", 0, "topics", 0, "key_messages", 0),
    ("sessions", 0, "topics", 0, "speaking_points", 0), ("footnotes", "noot"),
    ("sessions", 0, "topics", 0, "quotes", 0, "text"),
    ("sessions", 0, "topics", 0, "quotes", 0, "note"), ("key_dates", 0, "label"),
    ("sessions", 0, "topics", 0, "figures", 0, "caption"),
}


def test_markup_is_read_only_in_the_markup_fields(write_briefing):
    data = minimal_data()
    data["meeting"].update(organisation="x", place="x", participants="x", intro="x[^noot]")
    data["memo"]["reference"] = "x"
    data["version"] = "x"
    data["footnotes"] = {"noot": "x"}
    data["key_dates"] = [{"date": "2024-01-01", "label": "x"}]
    data["sessions"][0].update(time="x", format="x", summary="x")
    data["sessions"][0]["topics"][0].update(
        position="x", background="x", speaking_points=["x"], quotes=[{"text": "x", "note": "x"}],
        figures=[{"id": "f", "kind": "bar", "title": "x", "unit": "x", "source": "x",
                  "caption": "x", "series": {"a": 1}}])
    tags = {}
    for number, path in enumerate(sorted(PLAIN_FIELDS | MARKUP_FIELDS, key=str)):
        tag = f"Qz{number}Qz"
        tags[path] = tag
        *parents, last = path
        holder = data
        for part in parents:
            holder = holder[part]
        suffix = "[^noot]" if path == ("meeting", "intro") else ""
        holder[last] = f"**{tag}**{suffix}"
    pdf, _ = render(write_briefing, data)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for page in document.pages for c in page.chars]
        text = "\n".join(page.extract_text() for page in document.pages)
    for path, tag in tags.items():
        fonts = {c["fontname"] for c in chars if c["text"] in "Qq"
                 and text_at(chars, c).upper() == tag.upper()}
        assert fonts, path
        if path in PLAIN_FIELDS:
            assert f"**{tag.upper()}**" in text.upper(), path
        else:
            assert f"**{tag.upper()}**" not in text.upper(), path
            assert all("Bold" in name for name in fonts), path


def text_at(chars: list, char) -> str:
    """The characters from `char` on that make up a tag such as "Qz12Qz"."""
    index = next(i for i, c in enumerate(chars) if c is char)
    match = re.match(r"Qz\d+Qz", "".join(c["text"] for c in chars[index:index + 12]), re.I)
    return match.group(0) if match else ""

