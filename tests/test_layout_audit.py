"""The memo read as a proof-reader reads it: full pages, breaks that keep together what
belongs together, even word spaces, the watermark over the content, nothing off the page.

Each rule is a function that returns the faults it finds in a built memo (read back with
pdfplumber), so a failure names them. The rules run on the memos of the shipped briefing,
the English fixture and a stress briefing (tests/fixtures/stress), and each rule is also
shown to catch the fault it is for, on a deliberately faulty input.

(Chart value labels have rules of their own, in the charts' tests.)
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from builders.labels import MONTHS
from builders.loader import load
from builders.memo import render_memo
from builders.memo.pages import Geometry
from tests.conftest import ENGLISH, ROOT, SHIPPED

STRESS = ROOT / "tests" / "fixtures" / "stress" / "briefing.yaml"
BRIEFINGS = {"shipped": SHIPPED, "english": ENGLISH, "stress": STRESS}

MIN_FILL = 0.6
"""A page must be this full unless the next one opens a chapter (a session, the back matter)."""
LOOSE = 1.5
"""A justified line is loose when its word spaces are this many natural spaces or more."""
MAX_LOOSE_SHARE = 0.03
TOLERANCE = 0.5
CELL_GAP = 9.0
"""Points between two words on one baseline beyond which they stand in different columns."""


@dataclass(frozen=True)
class Memo:
    name: str
    pdf: bytes
    language: str
    geometry: Geometry
    body_size: float
    h1_size: float
    draft: str | None
    primary: str = "#154273"
    secondary: str = "#01689B"


def build(path: Path, name: str | None = None) -> Memo:
    loaded = load(path, check=False)
    theme = loaded.theme
    from builders.labels import label

    draft = label(loaded.briefing.language, "draft") if loaded.briefing.is_draft else None
    return Memo(name or path.parent.name, render_memo(loaded), loaded.briefing.language,
                Geometry.from_theme(theme), theme.memo.sizes.body, theme.memo.sizes.h1, draft,
                theme.palette.primary, theme.palette.secondary)


@pytest.fixture(scope="module", params=sorted(BRIEFINGS))
def memo(request) -> Memo:
    return build(BRIEFINGS[request.param], request.param)


# ------------------------------------------------------------------ reading the PDF


@dataclass
class Line:
    """One line of one column: its words, where it starts and ends, its size."""

    page: int
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def top(self) -> float:
        return min(word["top"] for word in self.words)

    @property
    def size(self) -> float:
        return self.words[0]["size"]


def upright(char) -> bool:
    return char.get("upright", True) and char["size"] < 40


def body_chars(page, memo: Memo) -> list[dict]:
    """The characters of the text area (no marking, running foot or watermark)."""
    g = memo.geometry
    return [c for c in page.chars if upright(c) and c["top"] >= g.top - TOLERANCE
            and c["bottom"] <= page.height - g.bottom + TOLERANCE]


def page_lines(page, memo: Memo) -> list[Line]:
    """The lines of a page's text area, split into columns where words stand far apart."""
    chars = body_chars(page, memo)
    words = pdfplumber.utils.extract_words(chars, x_tolerance=1.2, y_tolerance=2,
                                           extra_attrs=["size", "fontname"])
    rows: dict[float, list[dict]] = {}
    for word in words:
        key = next((top for top in rows if abs(top - word["top"]) < 4), word["top"])
        rows.setdefault(key, []).append(word)
    lines = []
    for top in sorted(rows):
        row = sorted(rows[top], key=lambda w: w["x0"])
        current = [row[0]]
        for word in row[1:]:
            if word["x0"] - current[-1]["x1"] > CELL_GAP:
                lines.append(Line(page.page_number, current))
                current = []
            current.append(word)
        lines.append(Line(page.page_number, current))
    return lines


def following(lines: list[Line], index: int) -> Line | None:
    """The line that continues `lines[index]` in its column (on this page)."""
    line = lines[index]
    for candidate in lines[index + 1:]:
        if candidate.top <= line.top + 1:
            continue
        if candidate.top - line.top > line.size * 2.2:
            return None
        if line.x0 - 2 <= candidate.x0 <= line.x0 + 30 and candidate.x0 < line.x1:
            return candidate
    return None


def breaks(memo: Memo) -> list[tuple[Line, Line]]:
    """Every pair (line, the line that continues it) of the memo."""
    pairs = []
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        for page in document.pages:
            lines = page_lines(page, memo)
            for index, line in enumerate(lines):
                after = following(lines, index)
                if after is not None:
                    pairs.append((line, after))
    return pairs


# ------------------------------------------------------------------ the rules


def underfilled_pages(memo: Memo) -> list[str]:
    """Pages less than `MIN_FILL` full whose next page does not open a chapter."""
    faults = []
    g = memo.geometry
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        pages = document.pages
        for number, page in enumerate(pages[:-1], 1):
            chars = body_chars(page, memo)
            if not chars:
                faults.append(f"p. {number}: empty")
                continue
            rule = notes_rule(page, g)
            text = [c for c in chars if rule is None or c["top"] < rule]
            foot = (rule if rule is not None else page.height - g.bottom) - g.top
            end = rule if rule is not None else page.height - g.bottom + TOLERANCE
            drawn = [r["bottom"] for r in page.rects + page.lines + page.curves
                     if r["top"] >= g.top - TOLERANCE and r["bottom"] < end]
            bottom = max([c["bottom"] for c in text] + drawn, default=g.top)
            fill = (bottom - g.top) / foot
            if fill < MIN_FILL and not opens_chapter(pages[number], memo):
                faults.append(f"p. {number}: {fill:.0%} full")
    return faults


def notes_rule(page, g: Geometry) -> float | None:
    from builders.memo.document import NOTE_RULE_SHARE

    rules = [line["top"] for line in page.lines if abs(line["x0"] - g.left) < 0.1
             and abs(line["x1"] - line["x0"] - g.text_width * NOTE_RULE_SHARE) < 0.1]
    return rules[0] if rules else None


def opens_chapter(page, memo: Memo) -> bool:
    """Whether the page begins with a session's kicker or a chapter heading."""
    chars = sorted(body_chars(page, memo), key=lambda c: (round(c["top"]), c["x0"]))
    if not chars:
        return True  # a page of footnotes only
    first = [c for c in chars if abs(c["top"] - chars[0]["top"]) < 2]
    text = "".join(c["text"] for c in first)
    return (first[0]["size"] >= memo.h1_size - 0.1
            or re.match(r"(SESSIE|SESSION) \d+", text) is not None)


def split_units(memo: Memo) -> list[str]:
    """Line breaks inside a date, a number, a reference, or hyphenation inside a date,
    a number or a name in capitals."""
    months = "|".join(MONTHS[memo.language])
    month = re.compile(rf"^({months})\b", re.I)
    faults = []
    for line, after in breaks(memo):
        end, start = line.words[-1]["text"], after.words[0]["text"]
        rest = after.text
        where = f"p. {line.page}: {line.text[-30:]!r} | {rest[:30]!r}"
        if re.fullmatch(r"\(?\d{1,2}", end) and (month.match(start) or re.match(
                rf"^(tot en met|t/m|en|tot|to|and|until)\s+\d{{1,2}}\s+({months})", rest, re.I)):
            faults.append("day | month: " + where)
        elif re.fullmatch(r"\(?(nr|no|p|pp|blz|art)\.", end, re.I) and start[:1].isdigit():
            faults.append("reference | number: " + where)
        elif re.fullmatch(r"\(?\d{1,3}", end) and re.match(r"^\d{3}\b", start):
            faults.append("inside a number: " + where)
        elif end in ("€", "$", "£") or (re.fullmatch(r"[\d.,]+", end) and re.match(
                r"^(%|procent|percent|miljoen|miljard|million|billion|euro)\b", start)):
            faults.append("number | unit: " + where)
        elif end.endswith(LINE_END_HYPHENS) and len(end) > 1 and end[-2].isalpha():
            word = (end[:-1] + start).strip(".,;:()")
            head = end[:-1].split("-")[-1]
            if month.match(word) and word.lower() in MONTHS[memo.language] or \
                    word.lower() in (m.lower() for m in MONTHS[memo.language]):
                faults.append("hyphen in a month: " + where)
            elif sum(ch.isupper() for ch in head + start[:2]) >= 2 and head[-1:].isupper():
                faults.append("hyphen in capitals: " + where)
    return faults


def stranded_headings(memo: Memo) -> list[str]:
    """Headings, kickers and box labels (semibold, in the primary or secondary colour)
    that end a page's text: a heading stays with what it introduces, a quote's heading
    with the quote, a box's label with its messages."""
    colours = [tuple(int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5))
               for hex_ in (memo.primary, memo.secondary)]
    faults = []
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        for page in document.pages:
            rule = notes_rule(page, memo.geometry)
            lines = [line for line in page_lines(page, memo) if rule is None or line.top < rule]
            if not lines:
                continue
            last = max(lines, key=lambda line: line.top)
            chars = [c for c in body_chars(page, memo) if abs(c["top"] - last.top) < 4]
            if chars and all(semibold(c["fontname"]) and any(all(
                    abs(a - b) < 0.01 for a, b in zip(c["non_stroking_color"], colour))
                    for colour in colours) for c in chars):
                faults.append(f"p. {page.page_number}: {last.text!r}")
    return faults


def semibold(fontname: str) -> bool:
    """Whether a PDF font name is a semibold cut (SourceSansPro-Semibold, NotoSans-SemiBold)."""
    return "semibold" in fontname.lower()


LINE_END_HYPHENS = ("-", "\u00ad")
"""A hyphen that line breaking added is drawn as a soft hyphen (U+00AD, builders/memo/
tagging.py): both end a hyphenated line."""


def kept_tremas(memo: Memo) -> list[str]:
    """Dutch: a word hyphenated before a trema keeps it on the next line ("Oekra-|ïense")."""
    if memo.language != "nl":
        return []
    return [f"p. {line.page}: {line.words[-1]['text']}|{after.words[0]['text']}"
            for line, after in breaks(memo)
            if line.words[-1]["text"].endswith(LINE_END_HYPHENS) and line.words[-1]["text"][-2:-1].isalpha()
            and after.words[0]["text"][:1] in "äëïöüÄËÏÖÜ"]


def hyphen_runs(memo: Memo) -> list[str]:
    """More than two lines in a row of running text (not a narrow cell, where a long word
    breaks as often as it must) that end in a hyphen."""
    faults = []
    wide = memo.geometry.text_width * 0.6
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        for page in document.pages:
            lines = page_lines(page, memo)
            for index, line in enumerate(lines):
                run, current = [line], line
                while (current is not None and current.words[-1]["text"].endswith(LINE_END_HYPHENS)
                       and current.x1 - current.x0 >= wide):
                    current = following(lines, lines.index(current))
                    if current is not None:
                        run.append(current)
                if len(run) > 3:
                    faults.append(f"p. {page.page_number}: {run[0].text[-20:]!r}…")
    return sorted(set(faults))


def loose_lines(memo: Memo) -> tuple[int, list[str]]:
    """(body lines, those whose word spaces are ≥ `LOOSE` natural spaces)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    g = memo.geometry
    right = g.left + g.text_width
    counted, loose = 0, []
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        for page in document.pages:
            for line in page_lines(page, memo):
                if (abs(line.size - memo.body_size) > 0.05 or line.x0 < g.left - 1
                        or line.x1 > right + 1 or len(line.words) < 4):
                    continue
                counted += 1
                font = line.words[0].get("fontname", "")
                gaps = sorted(b["x0"] - a["x1"] for a, b in zip(line.words, line.words[1:]))
                natural = natural_space(page, line, stringWidth)
                ratio = gaps[len(gaps) // 2] / natural
                if ratio >= LOOSE:
                    loose.append(f"p. {page.page_number}: {ratio:.2f}× {line.text[:40]!r}{font}")
    return counted, loose


def natural_space(page, line: Line, stringWidth) -> float:
    """The width of a space in the line's font and size."""
    from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames

    name = next((c["fontname"] for c in page.chars if c["top"] >= line.top - 1
                 and c["x0"] >= line.x0 - 0.1), "")
    base = name.split("+")[-1]
    for registered in getRegisteredFontNames():
        if registered.replace(" ", "") == base:
            return stringWidth(" ", registered, line.size)
    return line.size * 0.2


def watermark_faults(memo: Memo) -> list[str]:
    """Pages whose watermark is drawn before the body (hidden by boxes) or opaque."""
    if memo.draft is None:
        return []
    faults = []
    reader = PdfReader(io.BytesIO(memo.pdf))
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            chars = page.chars
            marks = [index for index, c in enumerate(chars) if not upright(c)]
            body = [index for index, c in enumerate(chars) if upright(c)]
            if not marks:
                faults.append(f"p. {number}: no watermark")
                continue
            if body and min(marks) < max(body):
                faults.append(f"p. {number}: watermark drawn before the body")
            if not translucent(reader.pages[number - 1]):
                faults.append(f"p. {number}: watermark is opaque")
    return faults


def translucent(page) -> bool:
    states = page.get("/Resources", {}).get("/ExtGState", {})
    return any(float(state.get_object().get("/ca", 1)) < 1 for state in states.values())


def glyphs_off(memo: Memo) -> list[str]:
    """Glyphs beyond the page, or (in the text area) beyond the text column."""
    g = memo.geometry
    faults = []
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        for page in document.pages:
            for c in page.chars:
                if c["x0"] < -TOLERANCE or c["x1"] > page.width + TOLERANCE or \
                        c["top"] < -TOLERANCE or c["bottom"] > page.height + TOLERANCE:
                    faults.append(f"p. {page.page_number}: {c['text']!r} off the page")
            for c in body_chars(page, memo):
                if c["x0"] < g.left - 1 or c["x1"] > g.left + g.text_width + 1:
                    faults.append(f"p. {page.page_number}: {c['text']!r} at x={c['x0']:.0f} "
                                  "outside the text column")
    return faults[:20]


# ------------------------------------------------------------------ the memos pass


def test_no_page_is_underfilled(memo):
    assert underfilled_pages(memo) == []


def test_no_date_number_or_reference_is_split(memo):
    assert split_units(memo) == []


def test_no_heading_ends_a_page(memo):
    assert stranded_headings(memo) == []


def test_dutch_drops_the_trema_at_a_break(memo):
    assert kept_tremas(memo) == []


def test_no_more_than_two_hyphens_in_a_row(memo):
    assert hyphen_runs(memo) == []


def test_justified_lines_are_not_loose(memo):
    counted, loose = loose_lines(memo)
    assert counted > 0
    assert len(loose) <= MAX_LOOSE_SHARE * counted, loose


def test_the_watermark_is_drawn_over_the_content_and_translucent(memo):
    assert watermark_faults(memo) == []


def test_no_glyph_leaves_the_page_or_its_column(memo):
    assert glyphs_off(memo) == []


# ------------------------------------------------------------------ the smaller rules


@pytest.fixture(scope="module")
def built() -> dict[str, Memo]:
    return {name: build(path, name) for name, path in BRIEFINGS.items()}


def texts(memo: Memo) -> list[str]:
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        return [page.extract_text() for page in document.pages]


def test_every_session_opens_a_page(built):
    for memo in built.values():
        for text in texts(memo):
            lines = [line for line in text.splitlines() if line.strip()]
            kickers = [n for n, line in enumerate(lines) if re.match(r"(SESSIE|SESSION) \d+$", line)]
            assert kickers in ([], [1]), (memo.name, lines[:3])  # line 0 is the marking


def test_a_figure_follows_the_position_that_cites_it(built):
    text = "\n".join(texts(built["shipped"]))
    topic = text[text.index("Defensie-uitgaven en defensie-industrie\nKERNBOODSCHAPPEN"):]
    assert topic.index("Nederlandse inzet") < topic.index("Figuur 1") < topic.index("Spreekpunten")


def test_numbered_points_hang_on_one_indent_up_to_ten(built):
    memo = built["stress"]
    starts: dict[str, float] = {}
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        for page in document.pages:
            for line in page_lines(page, memo):
                first = line.words[0]["text"]
                if re.fullmatch(r"\d{1,2}\.", first) and len(line.words) > 1 \
                        and line.words[1]["text"] == "Spreekpunt":
                    starts[first] = line.words[1]["x0"]
    assert {"1.", "9.", "10.", "12."} <= set(starts)
    assert max(starts.values()) - min(starts.values()) < 0.2, starts


def test_the_glossary_term_is_semibold_in_the_text_colour(built):
    memo = built["shipped"]
    with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
        words = [word for page in document.pages[2:] for word in page.extract_words(
            extra_attrs=["fontname", "size", "non_stroking_color"])]
    terms = [w for w in words if w["text"] == "FMM" and w["x0"] < memo.geometry.left + 1
             and w["top"] > memo.geometry.top and semibold(w["fontname"])]
    assert terms and all(term["size"] > memo.body_size * 0.9 for term in terms)
    assert all(abs(channel - 0x1B / 255) < 0.01 for term in terms
               for channel in term["non_stroking_color"])


def test_the_contents_numbers_sessions_and_leads_to_page_numbers(built):
    text = texts(built["shipped"])[1]
    assert re.search(r"^1 Voorbespreking NAVO-top Washington juli 2024 (\. )+\.? ?3$", text, re.M), text
    assert re.search(r"^3 NATO-Ukraine Council (\. )+\.? ?\d+$", text, re.M)


def test_quotes_inside_a_quote_take_the_other_marks(built):
    text = " ".join(" ".join(texts(built["english"])).split())
    assert "‘the litmus test of the rule of law in the region’" in text


def test_the_session_facts_line_is_never_hyphenated(built):
    for memo in built.values():
        with pdfplumber.open(io.BytesIO(memo.pdf)) as document:
            facts = [line for page in document.pages for line in page_lines(page, memo)
                     if abs(line.size - memo.body_size * 0.95) < 0.05
                     and not semibold(line.words[0].get("fontname", "Semibold"))]
        assert facts, memo.name
        hyphenated = [line.text for line in facts
                      if line.words[-1]["text"].endswith(LINE_END_HYPHENS) and not line.words[-1]["text"][:-1].endswith(
                          tuple("0123456789"))]
        assert hyphenated == [], (memo.name, hyphenated)


# ------------------------------------------------------------------ the rules catch their faults
# Each rule run on a memo built with the fault put back (what main did), or on text made
# to provoke it: the audit is not blind.


def faulty(monkeypatch, path: Path, **patches) -> Memo:
    for target, value in patches.items():
        monkeypatch.setattr(target, value)
    return build(path, "faulty")


def test_the_underfill_rule_catches_a_nested_keep_together(monkeypatch):
    from reportlab.platypus import KeepTogether

    def nested(flow, tail):  # what main did: the last group inside another one
        return flow[:-1] + [KeepTogether([flow[-1], *tail])] if tail else flow

    memo = faulty(monkeypatch, ENGLISH, **{"builders.memo.topics.keep_with_last": nested})
    assert underfilled_pages(memo)


def test_the_heading_rule_catches_a_heading_left_at_a_page_foot(monkeypatch):
    from reportlab.platypus import KeepTogether

    real = KeepTogether.__init__

    def apart(content, aW, aH):
        """The content set one by one where its first part fits (else the next frame)."""
        content = list(content)
        return content if content and content[0].wrap(aW, aH)[1] <= aH else []

    def loose(self, flowables, maxHeight=None):  # quotes no longer kept with their heading
        real(self, flowables, maxHeight)
        self.split = lambda aW, aH: apart(self._content, aW, aH)

    memo = faulty(monkeypatch, SHIPPED, **{
        "builders.memo.flowables.KeepWithNext.split":
            lambda self, aW, aH: apart(self._content, aW, aH),
        "reportlab.platypus.KeepTogether.__init__": loose})
    assert stranded_headings(memo)


def boxed_briefing(sentences: int) -> dict:
    """Two topics: the first's position of `sentences` sentences, then the second's box
    of key messages, which so starts at many heights on the page."""
    from tests.conftest import minimal_data

    data = minimal_data()
    sentence = "Dit is een zin van gemiddelde lengte over de steun aan het bondgenootschap."
    paragraphs = [" ".join([sentence] * 3)] * (sentences // 3) + [sentence] * (sentences % 3)
    data["sessions"][0]["topics"][0]["position"] = "\n\n".join(paragraphs)
    data["sessions"][0]["topics"].append({"id": "tweede", "title": "Tweede onderwerp",
        "key_messages": ["Een kernboodschap van twee regels die iets langer is dan één regel "
                         "van de memo, zodat het kader hoger wordt."] * 4})
    return data


def test_the_heading_rule_catches_a_box_label_left_at_a_page_foot(monkeypatch, write_briefing):
    """Without MIN_ROWS a box's label stays at a page foot when its first row moves on;
    where that happens depends on the font's measures, so the box starts at many heights."""
    memo = faulty(monkeypatch, SHIPPED, **{"builders.memo.flowables.MIN_ROWS": 0})
    caught = any("KERNBOODSCHAPPEN" in fault for fault in stranded_headings(memo))
    for sentences in range(8, 60):
        if caught:
            break
        memo = build(write_briefing(boxed_briefing(sentences)), "boxed")
        caught = any("KERNBOODSCHAPPEN" in fault for fault in stranded_headings(memo))
    assert caught


def test_boxes_of_key_messages_keep_their_label_at_every_height(write_briefing):
    for sentences in range(8, 60, 3):
        memo = build(write_briefing(boxed_briefing(sentences)), "boxed")
        assert stranded_headings(memo) == [], sentences


def test_the_split_rule_catches_dates_and_references_without_no_break_spaces(
        monkeypatch, write_briefing):
    data = dated_briefing(
        ["op 28 november,", "zie Kamerstuk 28 676,", "nr. 175,", "p. 3", "en € 40",
         "op 7 oktober", "en 20 augustus", "van 9 tot en met 11 juli"])
    path = write_briefing(data)
    assert split_units(build(path)) == []
    memo = faulty(monkeypatch, path, **{"builders.memo.inline.bind": lambda text, lang: text})
    found = split_units(memo)
    assert any("day | month" in fault for fault in found), found
    assert any("inside a number" in fault or "reference" in fault for fault in found), found


def test_the_trema_rule_catches_a_kept_trema(monkeypatch, write_briefing):
    path = write_briefing(dated_briefing(["de Oekraïense steun", "en de", "financiële hulp"]))
    assert kept_tremas(build(path)) == []
    memo = faulty(monkeypatch, path,
                  **{"builders.memo.flowables.after_break": lambda tail, language: tail})
    assert kept_tremas(memo)


def test_the_hyphen_rule_catches_three_in_a_row(monkeypatch, write_briefing):
    path = write_briefing(dated_briefing(
        ["veiligheidsarrangementen", "bondgenootschappelijke", "interoperabiliteit"]))
    assert hyphen_runs(build(path)) == []
    memo = faulty(monkeypatch, path, **{"builders.memo.flowables.MAX_HYPHENS_IN_A_ROW": 99})
    assert hyphen_runs(memo)


def test_the_loose_line_rule_catches_justified_prose(monkeypatch):
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from builders.memo import styles

    def justified(name, *args, **values):
        if name == "body":
            values["alignment"] = TA_JUSTIFY
        return ParagraphStyle(name, *args, **values)

    memo = faulty(monkeypatch, SHIPPED, **{"builders.memo.styles.ParagraphStyle": justified})
    assert styles.ParagraphStyle is justified
    counted, loose = loose_lines(memo)
    assert len(loose) > MAX_LOOSE_SHARE * counted


def test_the_watermark_rule_catches_a_mark_drawn_first_and_opaque(monkeypatch):
    from builders.memo.pages import Furniture

    def first(self, canvas, page):  # what main did
        canvas.saveState()
        canvas.setFillColor(self.styles.palette.watermark)
        canvas.setFont(self.styles.fonts.bold, 90)
        canvas.translate(200, 400)
        canvas.rotate(50)
        canvas.drawCentredString(0, 0, self.watermark)
        canvas.restoreState()

    memo = faulty(monkeypatch, ENGLISH, **{
        "builders.memo.pages.Furniture.draw_background": first,
        "builders.memo.pages.Furniture.draw_watermark": lambda self, canvas: None})
    found = watermark_faults(memo)
    assert any("before the body" in fault for fault in found)
    assert any("opaque" in fault for fault in found)
    assert Furniture.draw_watermark is not None


def test_the_off_page_rule_catches_a_url_without_break_points(monkeypatch):
    from builders.memo.flowables import LineBreaks

    memo = faulty(monkeypatch, STRESS, **{
        "builders.memo.flowables.LineBreaks.breakable": lambda self, markup: markup})
    assert LineBreaks.breakable is not None
    assert glyphs_off(memo)


def dated_briefing(phrases: list[str]) -> dict:
    """A briefing whose topic's position repeats `phrases` in changing order and with
    changing filler, in paragraphs of a few lines, so that they meet line ends at many
    places."""
    from tests.conftest import minimal_data

    data = minimal_data()
    sentences = [" ".join(phrases[index % len(phrases):] + ["tekst"] * (index % 7)
                          + phrases[:index % len(phrases)]) for index in range(60)]
    text = "\n\n".join(" ".join(sentences[start:start + 4]) for start in range(0, 60, 4))
    data["sessions"][0]["topics"][0]["position"] = text
    return data


def test_the_contents_stands_on_one_page(built):
    from builders.labels import label

    for memo in built.values():
        pages = texts(memo)
        first = next(n for n, text in enumerate(pages) if label(memo.language, "contents") in text)
        colophon = label(memo.language, "colophon")
        assert re.search(rf"^{colophon} (\. )+\.? ?\d+$", pages[first], re.M), memo.name
