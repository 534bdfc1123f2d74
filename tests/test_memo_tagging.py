"""The tagged memo (builders/memo/tagging.py): PDF/UA-1 and PDF/A-2a, judged by `page`,
its structure tree read back with pikepdf and its marked content with pdfplumber.

Also the guard of the reportlab internals tagging.py relies on: if a reportlab release
changes them, these tests fail before a memo silently loses its tags.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import page
import pdfplumber
import pikepdf
import pytest

from builders.figure_text import describe_figure
from builders.loader import load
from builders.memo import render_memo
from tests.conftest import ENGLISH, SHIPPED, minimal_data, require

PROFILES = ("ua1", "2a")


# -- helpers ---------------------------------------------------------------------------


def failures(pdf: bytes | Path, tmp_path: Path, profile: str) -> list[str]:
    """The rule ids `page` finds broken in the PDF for the profile."""
    path = pdf if isinstance(pdf, Path) else tmp_path / f"memo-{profile}.pdf"
    if not isinstance(pdf, Path):
        path.write_bytes(pdf)
    result = page.validate_pdf(str(path), profile=profile)
    assert result.is_compliant == (not result.failures)
    return sorted(failure.rule_id for failure in result.failures)


def render(path: Path, memo_theme: dict | None = None) -> tuple[bytes, object]:
    loaded = load(path, check=False)
    if memo_theme:
        theme = loaded.theme
        theme = theme.model_copy(update={"memo": theme.memo.model_copy(update=memo_theme)})
        loaded = dataclasses.replace(loaded, theme=theme)
    return render_memo(loaded), loaded


def kids(element) -> list:
    found = element.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def elements(element) -> list:
    """The structure elements under `element`, in reading order (itself first)."""
    found = [element]
    for kid in kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += elements(kid)
    return found


def role(element) -> str:
    return str(element.S)[1:]


class Marked:
    """The text of every marked-content sequence, by (page number, MCID)."""

    def __init__(self, pdf: bytes):
        self.text: dict[tuple[int, int], str] = {}
        self.chars = []
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            for number, sheet in enumerate(document.pages):
                for char in sheet.chars:
                    self.chars.append((number, char))
                    if char.get("mcid") is not None:
                        key = (number, char["mcid"])
                        self.text[key] = self.text.get(key, "") + char["text"]

    def of(self, element, pages: dict) -> str:
        """All text of an element and the elements in it."""
        parts = []
        page_of = pages.get(element.Pg.objgen) if "/Pg" in element else None
        for kid in kids(element):
            if isinstance(kid, int):
                parts.append(self.text.get((page_of, kid), ""))
            elif "/S" in kid:
                parts.append(self.of(kid, pages))
            elif kid.get("/Type") == "/MCR":
                parts.append(self.text.get((pages[kid.Pg.objgen], int(kid.MCID)), ""))
        return "".join(parts)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u00ad", "")


@pytest.fixture(scope="module")
def shipped():
    pdf, loaded = render(SHIPPED)
    return pdf, loaded


@pytest.fixture(scope="module")
def shipped_tree(shipped):
    document = pikepdf.open(io.BytesIO(shipped[0]))
    pages = {sheet.objgen: index for index, sheet in enumerate(document.pages)}
    return document, pages, Marked(shipped[0])


# -- the validator: shipped, English and stress briefings --------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_the_shipped_memo_is_compliant(shipped, tmp_path, profile):
    assert failures(shipped[0], tmp_path, profile) == []


@pytest.mark.parametrize("profile", PROFILES)
def test_the_english_memo_is_compliant(tmp_path, profile):
    assert failures(render(ENGLISH)[0], tmp_path, profile) == []


def words(count: int) -> str:
    vocabulary = ("de begroting van het ministerie wordt in de komende jaren verder "
                  "verhoogd omdat de bondgenoten afspraken maakten").split()
    return " ".join(vocabulary[index % len(vocabulary)] for index in range(count))


def long_table(data: dict) -> dict:
    data["key_dates"] = [{"date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                          "label": f"Afspraak {n}: {words(12)}"} for n in range(70)]
    return data


def note_across_pages(data: dict) -> dict:
    data["footnotes"] = {"lang": f"Een lange noot: {words(1500)}.", "kort": "Een korte noot."}
    data["sessions"][0]["topics"][0]["background"] = (
        "Zie de noot.[^lang] En deze.[^kort]\n\n" + words(300))
    return data


def many_links(data: dict) -> dict:
    topics = [{"id": f"onderwerp-{n}", "title": f"Onderwerp {n}",
               "key_messages": [f"Zie [de bron {n}](https://www.example.org/{n})."],
               "see_also": [f"onderwerp-{(n + 1) % 20}", f"onderwerp-{(n + 7) % 20}"]}
              for n in range(20)]
    data["sessions"][0]["topics"] = topics
    return data


def concept(data: dict) -> dict:
    data["status"] = "concept"
    return data


def two_line_marking(data: dict) -> dict:
    data["classification"] = ("Departementaal vertrouwelijk " + words(30))[:160]
    return data


STRESS = {"a table longer than a page": long_table, "a footnote across pages": note_across_pages,
          "many links": many_links, "concept status": concept,
          "a two-line marking": two_line_marking}


@pytest.mark.parametrize("case", sorted(STRESS))
def test_stress_briefings_are_compliant(write_briefing, tmp_path, case):
    pdf, _ = render(write_briefing(STRESS[case](minimal_data())))
    for profile in PROFILES:
        assert failures(pdf, tmp_path, profile) == [], (case, profile)


def logo_file(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (21, 66, 115, 200)).save(path)
    return path


def test_a_memo_with_a_theme_logo_is_compliant_and_the_logo_an_artifact(write_briefing, tmp_path):
    pdf, _ = render(write_briefing(minimal_data()), {"logo": str(logo_file(tmp_path))})
    for profile in PROFILES:
        assert failures(pdf, tmp_path, profile) == [], profile
    document = pikepdf.open(io.BytesIO(pdf))
    assert "/Figure" not in {str(e.S) for e in elements(document.Root.StructTreeRoot.K)}
    content = document.pages[0].Contents.read_bytes()
    image = content.index(b" Do")
    assert content.rfind(b"/Artifact BMC", 0, image) > content.rfind(b"EMC", 0, image)


def test_stress_memos_are_byte_identical_across_builds(write_briefing, tmp_path):
    data = concept(many_links(note_across_pages(minimal_data())))
    theme = {"logo": str(logo_file(tmp_path))}
    assert render(write_briefing(data), theme)[0] == render(write_briefing(data), theme)[0]


def test_outloud_reports_no_errors_on_the_shipped_memo(shipped, tmp_path):
    import outloud

    path = tmp_path / "memo.pdf"
    path.write_bytes(shipped[0])
    result = outloud.check(str(path))
    assert [(f.rule, f.message) for f in result.findings if f.severity == "error"] == []


# -- the structure tree, read against the page ---------------------------------------


def test_the_structure_is_one_document_element_in_the_memo_language(shipped_tree):
    document, _, _ = shipped_tree
    root = document.Root.StructTreeRoot
    assert role(root.K) == "Document"
    assert str(document.Root.Lang) == "nl-NL"
    assert bool(document.Root.MarkInfo.Marked) is True
    assert bool(document.Root.ViewerPreferences.DisplayDocTitle) is True


def outline_titles(document) -> list[tuple[int, str]]:
    found = []

    def walk(item, level):
        while item is not None:
            found.append((level, str(item.Title)))
            if "/First" in item:
                walk(item.First, level + 1)
            item = item.get("/Next")

    walk(document.Root.Outlines.First, 0)
    return found


def test_headings_follow_the_outline_in_order_and_level(shipped_tree):
    document, pages, marked = shipped_tree
    headings = [(int(role(e)[1]) - 1, marked.of(e, pages)) for e in elements(document.Root.StructTreeRoot.K)
                if role(e) in ("H1", "H2")]
    outline = outline_titles(document)
    assert [(level, flat(title)) for level, title in headings[2:]] == [
        (level, flat(title)) for level, title in outline]
    assert flat(headings[0][1]) == flat(str(document.docinfo.Title))


def test_every_footnote_is_a_note_with_a_unique_id_in_the_element_citing_it(shipped, shipped_tree):
    document, pages, marked = shipped_tree
    notes = [e for e in elements(document.Root.StructTreeRoot.K) if role(e) == "Note"]
    cited = re.findall(r"\[\^([^\]]+)\]", SHIPPED.read_text(encoding="utf-8"))
    assert len(notes) == len(set(cited) & set(shipped[1].briefing.footnotes))
    ids = [str(note.ID) for note in notes]
    assert len(set(ids)) == len(ids)
    names = document.Root.StructTreeRoot.IDTree.Names
    assert sorted(str(names[i]) for i in range(0, len(names), 2)) == sorted(ids)
    for number, note in enumerate(sorted(notes, key=lambda n: int(str(n.ID).split("-")[1])), 1):
        assert role(note.P) != "Document"
        text = flat(marked.of(note, pages))
        assert text.startswith(str(number)) and len(text) > 10


def test_every_annotation_has_a_struct_parent_contents_and_a_link_element(shipped_tree):
    document, _, _ = shipped_tree
    tree = document.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
    count = 0
    for sheet in document.pages:
        annotations = sheet.obj.get("/Annots", [])
        if annotations:
            assert sheet.obj.Tabs == "/S"
        for annotation in annotations:
            count += 1
            assert str(annotation.Contents).strip()
            assert int(annotation.F) == 4
            link = parents[int(annotation.StructParent)]
            assert role(link) == "Link"
            objects = [k.Obj.objgen for k in kids(link) if isinstance(k, pikepdf.Dictionary)
                       and k.get("/Type") == "/OBJR"]
            assert annotation.objgen in objects
    assert count >= 50


def programme_table(document, pages, marked):
    found = elements(document.Root.StructTreeRoot.K)
    start = next(i for i, e in enumerate(found) if role(e) == "H1"
                 and flat(marked.of(e, pages)) == "Programma")
    return next(e for e in found[start:] if role(e) == "Table")


def test_the_programme_has_a_row_per_topic_and_every_cell_of_the_grid(shipped, shipped_tree):
    document, pages, marked = shipped_tree
    table = programme_table(document, pages, marked)
    rows = [kid for kid in kids(table) if role(kid) == "TR"]
    sessions = shipped[1].briefing.sessions
    assert len(rows) == 1 + sum(len(session.topics) for session in sessions)
    header = kids(rows[0])
    assert [role(cell) for cell in header] == ["TH"] * 4
    assert {str(cell.A.Scope) for cell in header} == {"/Column"}
    covered = Counter()
    for index, row in enumerate(rows):
        column = 0
        for cell in kids(row):
            while covered[(index, column)]:
                column += 1
            span = int(cell.A.RowSpan) if "/A" in cell and "/RowSpan" in cell.A else 1
            for below in range(span):
                covered[(index + below, column)] += 1
            column += 1
    assert set(covered.values()) == {1}
    assert set(covered) == {(row, column) for row in range(len(rows)) for column in range(4)}
    topics = [flat(topic.title) for session in sessions for topic in session.topics]
    assert [flat(marked.of(kids(row)[-1], pages)) for row in rows[1:]] == topics


def test_figures_carry_their_description_and_box(shipped, shipped_tree):
    document, pages, _ = shipped_tree
    figures = [e for e in elements(document.Root.StructTreeRoot.K) if role(e) == "Figure"]
    briefing = shipped[1].briefing
    expected = [describe_figure(f, briefing.language) for t in briefing.topics() for f in t.figures]
    assert [str(figure.Alt) for figure in figures] == expected
    for figure in figures:
        x0, y0, x1, y1 = (float(v) for v in figure.A.BBox)
        width, height = (float(v) for v in document.pages[pages[figure.Pg.objgen]].mediabox[2:])
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height


def test_list_items_have_a_label_and_a_body(shipped, shipped_tree):
    document, pages, marked = shipped_tree
    items = [e for e in elements(document.Root.StructTreeRoot.K) if role(e) == "LI"]
    assert items
    for item in items:
        assert role(item.P) == "L"
        assert [role(kid) for kid in kids(item)] == ["Lbl", "LBody"]
        assert re.fullmatch(r"•|\d+\.", marked.of(kids(item)[0], pages).strip())


def test_quotes_are_block_quotes_with_their_source(shipped_tree):
    document, pages, marked = shipped_tree
    quotes = [e for e in elements(document.Root.StructTreeRoot.K) if role(e) == "BlockQuote"]
    assert quotes
    for quote in quotes:
        assert [role(kid) for kid in kids(quote)][-1] == "Caption"
        assert marked.of(kids(quote)[-1], pages).startswith("—")


def test_page_furniture_is_artifact_and_all_other_text_is_tagged(shipped, shipped_tree):
    _, _, marked = shipped_tree
    loaded = shipped[1]
    untagged = [(number, char["text"]) for number, char in marked.chars
                if char.get("mcid") is None and char.get("tag") != "Artifact"]
    assert untagged == []
    marking = loaded.briefing.classification.upper().replace(" ", "")
    for number in range(max(n for n, _ in marked.chars) + 1):
        artifact = "".join(c["text"] for n, c in marked.chars
                           if n == number and c.get("tag") == "Artifact")
        assert marking in artifact.replace(" ", "")
        assert re.search(rf"Pagina{number + 1}van\d+", artifact.replace(" ", ""))


def test_repeated_header_rows_are_artifacts_and_the_table_one_element(write_briefing):
    pdf, _ = render(write_briefing(long_table(minimal_data())))
    document = pikepdf.open(io.BytesIO(pdf))
    rows = [len([k for k in kids(e) if role(k) == "TR"])
            for e in elements(document.Root.StructTreeRoot.K) if role(e) == "Table"]
    assert 71 in rows
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        pages = [[(w["text"], w["tag"]) for w in sheet.extract_words(extra_attrs=["tag"])]
                 for sheet in reader.pages]
    spanned = [found for found in pages if any(text == "Afspraak" for text, _ in found)]
    assert len(spanned) >= 2
    assert ("Datum", "TH") in spanned[0]
    for found in spanned[1:]:
        first = next(tag for text, tag in found if text == "Datum")
        assert first == "Artifact"


def test_metadata_declares_pdfa_2a_and_pdfua_1_and_matches_the_info(shipped):
    document = pikepdf.open(io.BytesIO(shipped[0]))
    meta = document.open_metadata()
    assert meta["dc:title"] == str(document.docinfo.Title)
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    assert meta["pdfuaid:part"] == "1"
    assert document.Root.Metadata.get("/Filter") is None
    intent = document.Root.OutputIntents[0]
    assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3


# -- negative: remove one requirement, the validator notices -------------------------------


def without(shipped_pdf: bytes, tmp_path: Path, change) -> Path:
    document = pikepdf.open(io.BytesIO(shipped_pdf))
    change(document)
    path = tmp_path / "changed.pdf"
    document.save(path, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return path


def first_annotation(document):
    return next(a for sheet in document.pages for a in sheet.obj.get("/Annots", []))


def first_of(document, wanted: str):
    return next(e for e in elements(document.Root.StructTreeRoot.K) if role(e) == wanted)


NEGATIVE = {
    "MarkInfo": ("ua1", "TAGGED", lambda d: d.Root.__delitem__("/MarkInfo")),
    "StructTreeRoot": ("2a", "STRUCT-TREE", lambda d: d.Root.__delitem__("/StructTreeRoot")),
    "link Contents": ("ua1", "LINK-CONTENTS", lambda d: first_annotation(d).__delitem__("/Contents")),
    "annotation flags": ("2a", "ANNOTATION-FLAGS", lambda d: first_annotation(d).__delitem__("/F")),
    "page Tabs": ("ua1", "TABS", lambda d: next(p for p in d.pages if "/Annots" in p.obj).obj.__delitem__("/Tabs")),
    "output intent": ("2a", "DEVICE-RGB", lambda d: d.Root.__delitem__("/OutputIntents")),
    "figure Alt": ("ua1", "FIGURE", lambda d: first_of(d, "Figure").__delitem__("/Alt")),
    "XMP": ("ua1", "METADATA", lambda d: d.Root.__delitem__("/Metadata")),
}


def test_the_unchanged_rewrite_still_passes(shipped, tmp_path):
    path = without(shipped[0], tmp_path, lambda document: None)
    for profile in PROFILES:
        assert failures(path, tmp_path, profile) == []


@pytest.mark.parametrize("requirement", sorted(NEGATIVE))
def test_removing_one_requirement_fails_the_validator(shipped, tmp_path, requirement):
    profile, rule, change = NEGATIVE[requirement]
    broken = failures(without(shipped[0], tmp_path, change), tmp_path, profile)
    assert any(rule in failure for failure in broken), broken


def test_an_untagged_memo_fails_both_profiles(shipped, tmp_path, monkeypatch):
    from reportlab.pdfgen.canvas import Canvas

    from builders.memo.document import MemoDocument

    monkeypatch.setattr(MemoDocument, "canvas_class", Canvas)
    pdf = render(SHIPPED)[0]
    assert any("STRUCT-TREE" in rule for rule in failures(pdf, tmp_path, "ua1"))
    assert any("STREAM-EOL" in rule for rule in failures(pdf, tmp_path, "2a"))


# -- the reportlab internals tagging.py relies on ---------------------------------------


def test_the_reportlab_internals_tagging_relies_on_are_there():
    import inspect

    from reportlab.platypus import paragraph
    from reportlab.platypus.flowables import Flowable
    from reportlab.platypus.tables import Table, TableRenderCB

    draw_on = inspect.getsource(Flowable.drawOn)
    assert draw_on.index("saveState()") < draw_on.index("_drawOn(") < draw_on.index("restoreState()")
    assert "canvas.drawText(tx2)" in inspect.getsource(paragraph._drawBullet)
    assert "_linkRecord" in inspect.getsource(paragraph._putFragLine)
    assert "_SplitWordHY" in inspect.getsource(paragraph._hyphenateWord)
    assert "_SplitWordLL" in inspect.getsource(paragraph._split_blParaSimple)
    assert "_SplitFragLL" in inspect.getsource(paragraph.Paragraph._split_blParaProcessed)
    assert "self.blPara" in inspect.getsource(paragraph.Paragraph.drawPara)
    table_draw = inspect.getsource(Table.draw)
    for event in ("startRow", "startCell", "endCell", "endRow"):
        assert f"'{event}'" in table_draw
    assert callable(TableRenderCB.__call__)


# -- language and the text layer ------------------------------------------------------


def test_a_quote_in_another_language_is_tagged_with_its_language(write_briefing, tmp_path):
    data = minimal_data()
    data["sessions"][0]["topics"][0]["quotes"] = [
        {"text": "The Alliance remains steadfast in its support.", "language": "en"},
        {"text": "Het bondgenootschap blijft steun verlenen."}]
    pdf, _ = render(write_briefing(data))
    for profile in PROFILES:
        assert failures(pdf, tmp_path, profile) == [], profile
    document = pikepdf.open(io.BytesIO(pdf))
    pages = {sheet.objgen: index for index, sheet in enumerate(document.pages)}
    marked = Marked(pdf)
    quotes = [e for e in elements(document.Root.StructTreeRoot.K) if role(e) == "BlockQuote"]
    languages = [(str(kids(q)[0].get("/Lang", "")), marked.of(kids(q)[0], pages)) for q in quotes]
    assert languages[0][0] == "en-GB" and "Alliance" in languages[0][1]
    assert languages[1][0] == ""
    assert str(document.Root.Lang) == "nl-NL"


def line_ends(pdf: bytes, tmp_path: Path) -> list[tuple[str, str, str]]:
    """(last word, its end character, first word of the next line) of every line that
    ends in a hyphen of either kind, as poppler reads the text layer (it honours
    /ActualText, as Acrobat and screen readers do)."""
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([require("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    sheets = [[line for line in sheet.split("\n") if line.strip()] for sheet in text.split("\f")]
    sheets = [sheet for sheet in sheets if sheet]

    def furniture(line: str) -> bool:  # the marking and the running foot: on most pages
        shape = re.sub(r"\d+", "#", line)
        return sum(any(re.sub(r"\d+", "#", other) == shape for other in sheet)
                   for sheet in sheets) > len(sheets) / 2

    lines = [line for sheet in sheets for line in sheet if not furniture(line)]
    found = []
    for line, following in zip(lines, lines[1:]):  # a word broken at a page foot goes on
        if line.endswith(("-", "\u00ad")):        # at the top of the next page
            found.append((line[:-1].split(" ")[-1], line[-1], following.split(" ")[0]))
    return found


def test_hyphens_added_at_line_ends_are_soft_and_the_words_stay_whole(shipped, tmp_path):
    source = re.sub(r"\s+", " ", SHIPPED.read_text(encoding="utf-8"))
    ends = line_ends(shipped[0], tmp_path)
    soft = [(head, tail) for head, end, tail in ends if end == "\u00ad"]
    assert len(soft) >= 10
    words = re.findall(r"\w+", source)
    for head, tail in soft:
        whole = re.match(r"\w+", head + tail)
        assert whole and whole.group(0) in words, (head, tail)
    for head, end, tail in ends:
        if end == "-":
            assert f"{head}-{tail.split()[0]}"[:len(head) + 2] in source, (head, tail)


def test_watermark_and_a_two_line_marking_are_artifacts(write_briefing):
    pdf, loaded = render(write_briefing(two_line_marking(concept(minimal_data()))))
    from builders.memo import furniture
    from builders.memo.pages import Geometry
    from builders.memo.styles import build_styles
    from builders.fonts import register_memo_fonts

    styles = build_styles(loaded.theme, register_memo_fonts(loaded.theme), "nl")
    size, lines = furniture(loaded, styles, Geometry.from_theme(loaded.theme)).marking_lines()
    assert len(lines) == 2
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        for sheet in reader.pages:
            artifact = "".join(c["text"] for c in sheet.chars if c.get("tag") == "Artifact")
            tagged = "".join(c["text"] for c in sheet.chars if c.get("mcid") is not None)
            assert "CONCEPT" in artifact and "CONCEPT" not in tagged
            for line in lines:
                assert line.replace(" ", "") in artifact.replace(" ", "")


def test_no_font_but_the_embedded_theme_fonts(shipped, write_briefing, tmp_path):
    pdfs = [shipped[0], render(write_briefing(many_links(minimal_data())),
                               {"logo": str(logo_file(tmp_path))})[0]]
    for pdf in pdfs:
        assert b"Helvetica" not in pdf
        document = pikepdf.open(io.BytesIO(pdf))
        fonts = {font.objgen: font for sheet in document.pages
                 for font in sheet.obj.Resources.get("/Font", {}).values()}
        assert fonts
        for font in fonts.values():
            assert "/FontFile2" in font.FontDescriptor, str(font.BaseFont)


def test_a_word_respelt_at_a_break_reads_as_typed(write_briefing, tmp_path):
    """Dutch drops the trema at a break on the page ("Oekra-" / "iense"); the text layer
    keeps the word as typed (/ActualText on the respelt line start, in a Span)."""
    from tests.test_layout_audit import dated_briefing

    pdf, _ = render(write_briefing(dated_briefing(["de Oekraïense steun", "en de",
                                                   "financiële hulp"])))
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([require("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    joined = text.replace("\u00ad\n", "")
    assert re.search("(Oekra|financi)\u00ad\n[ïë]", text), "no word broke before its trema"
    assert "Oekraiense" not in joined and "financiele" not in joined
    for profile in PROFILES:
        assert failures(pdf, tmp_path, profile) == [], profile
