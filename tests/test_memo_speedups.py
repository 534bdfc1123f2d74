"""The memo's speed-ups and memory savings: each leaves the memo byte for byte as it was
(the cache or saving is switched off and the bytes compared), and each does what it says."""

from __future__ import annotations

import gc
import io
import sys
import hashlib
import weakref

import pytest

import builders.memo.document as document
from builders.loader import load
import builders.memo as memo_package
from builders.memo import OwnLayout, render_memo, typeset_memo
from builders.memo.flowables import Para, WrapMemory
from builders.memo.patterns import SAME_CHARACTERS
from tests.conftest import ENGLISH, ROOT, SHIPPED

STRESS = ROOT / "tests" / "fixtures" / "stress" / "briefing.yaml"
BRIEFINGS = pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, STRESS],
                                    ids=["shipped", "english", "stress"])


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(autouse=True)
def nothing_carried():
    """Each test starts as a fresh process does: no earlier memo's lines carried."""
    memo_package._CARRIED.clear()
    yield
    memo_package._CARRIED.clear()


@pytest.fixture(scope="module")
def memos() -> dict:
    """The memo of each briefing, built as the product builds it."""
    return {briefing: render_memo(load(briefing, check=False)) for briefing in (SHIPPED, ENGLISH, STRESS)}


def test_a_drawn_paragraph_is_freed_before_the_pass_ends(monkeypatch):
    """The structure tree names elements by a token, not by the flowable: what a page
    showed is freed when the page is done (the 50× memo held every pass's flowables)."""
    drawn: list[tuple[int, weakref.ref]] = []
    alive_late: list[int] = []
    real_draw, real_end = Para.draw, document.MemoDocument._on_page_end

    def draw(self):
        drawn.append((self.canv.getPageNumber(), weakref.ref(self)))
        return real_draw(self)

    def page_end(self, canvas, doc):
        real_end(self, canvas, doc)
        gc.collect()
        alive_late.extend(page for page, ref in drawn if page < self.page - 1 and ref() is not None)

    monkeypatch.setattr(Para, "draw", draw)
    monkeypatch.setattr(document.MemoDocument, "_on_page_end", page_end)
    render_memo(load(SHIPPED, check=False))
    assert len(drawn) > 200
    assert alive_late == []


def test_a_pass_that_is_not_kept_is_freed_before_the_next(monkeypatch):
    documents: list[weakref.ref] = []
    alive: list[int] = []
    real_pass = document._one_pass

    def one_pass(*args):
        gc.collect()
        alive.append(sum(ref() is not None for ref in documents))
        result = real_pass(*args)
        documents.append(weakref.ref(result[2]))
        return result

    monkeypatch.setattr(document, "_one_pass", one_pass)
    render_memo(load(SHIPPED, check=False))
    assert len(alive) >= 2 and alive == [0] * len(alive)


def passes_of(briefing, monkeypatch) -> list[tuple]:
    """The passes of a build: the arguments of each, and its record."""
    calls = []
    real_pass = document._one_pass

    def one_pass(*args):
        result = real_pass(*args)
        calls.append((args, result[1]))
        return result

    monkeypatch.setattr(document, "_one_pass", one_pass)
    render_memo(load(briefing, check=False))
    monkeypatch.setattr(document, "_one_pass", real_pass)
    return calls


@BRIEFINGS
def test_a_measuring_pass_records_what_a_drawn_pass_records(briefing, monkeypatch):
    """The first pass only lays out (no page drawn; footnote citations told by the
    placed paragraphs); drawn from the same layout, a pass sees the very same pages,
    headings, citations per page and notes at the page feet. Also from a settled layout."""
    calls = passes_of(briefing, monkeypatch)
    assert calls[0][0][3] is True and all(len(args) == 3 or not args[3] for args, _ in calls[1:])
    for (make_story, make_document, layout, *_), record in (calls[0], calls[-1]):
        measured = document._one_pass(make_story, make_document, layout, True)[1]
        drawn = document._one_pass(make_story, make_document, layout, False)[1]
        assert measured == drawn
        assert sum(map(len, drawn.notes.values())) > 0 and drawn.headings


@BRIEFINGS
def test_measuring_the_first_pass_changes_no_byte(briefing, memos, monkeypatch):
    monkeypatch.setattr(document, "cannot_settle", lambda layout: False)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


@BRIEFINGS
def test_taking_over_the_measuring_passs_wraps_changes_no_byte(briefing, memos, monkeypatch):
    monkeypatch.setattr(WrapMemory, "recalls", lambda self, paragraph, width: False)
    monkeypatch.setattr(WrapMemory, "parsed", lambda self, key: None)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_a_small_memory_budget_changes_no_byte(memos, monkeypatch):
    """Past its budget (about half of what the shipped memo's wraps hold) the memory
    keeps no more wraps: those paragraphs are parsed and broken again, the bytes stay
    the same."""
    real_init, real_keep = WrapMemory.__init__, WrapMemory.keep
    kept, refused = [], []

    def small(self, budget=WrapMemory.BUDGET):
        real_init(self, budget=750_000)

    def keep(self, paragraph, width, before):
        real_keep(self, paragraph, width, before)
        if self.recording:
            (kept if "kept_wrap" in vars(paragraph) else refused).append(paragraph)

    monkeypatch.setattr(WrapMemory, "__init__", small)
    monkeypatch.setattr(WrapMemory, "keep", keep)
    assert sha(render_memo(load(SHIPPED, check=False))) == sha(memos[SHIPPED])
    assert len(kept) > 50 and len(refused) > 50
    assert WrapMemory().budget == 750_000


def test_most_paragraphs_of_the_second_pass_take_over_their_wrap(monkeypatch):
    recalled = []
    real = WrapMemory.recalls

    def recalls(self, paragraph, width):
        taken = real(self, paragraph, width)
        if not self.recording:
            recalled.append(taken)
        return taken

    monkeypatch.setattr(WrapMemory, "recalls", recalls)
    render_memo(load(SHIPPED, check=False))
    assert len(recalled) > 200 and sum(recalled) > 0.8 * len(recalled)


@pytest.fixture(scope="module")
def body_style():
    from builders.fonts import register_memo_fonts
    from builders.memo.styles import build_styles

    loaded = load(SHIPPED, check=False)
    return build_styles(loaded.theme, register_memo_fonts(loaded.theme), "nl").body


TEXT = ("De bondgenoten bespreken de voortgang van de Oekraïense strijdkrachten en de "
        "defensie-uitgaven van de lidstaten<onDraw name=\"footnote\" label=\"1\"/>"
        "<super>1</super>, de samenwerking met de Europese Unie en de "
        "veiligheidssituatie in de Westelijke Balkan. ") * 3


def lines(paragraph) -> list[str]:
    from builders.memo.flowables import line_texts

    return line_texts(paragraph.blPara)


def measured(memory: WrapMemory, style, width: float = 300, count: int = 1) -> list[Para]:
    memory.begin_pass(recording=True)
    paragraphs = [Para(TEXT, style, memory=memory) for _ in range(count)]
    for paragraph in paragraphs:
        paragraph.wrap(width, 1000)
    return paragraphs


def test_a_taken_wrap_is_the_wrap_the_paragraph_would_make(body_style):
    memory = WrapMemory()
    measured(memory, body_style, count=2)
    memory.begin_pass(recording=False)
    first, second, third = (Para(TEXT, body_style, memory=memory) for _ in range(3))
    fresh = Para(TEXT, body_style)
    assert fresh.wrap(300, 1000) == first.wrap(300, 1000) == second.wrap(300, 1000)
    assert lines(first) == lines(second) == lines(fresh) and len(lines(fresh)) > 3
    assert first.blPara is not second.blPara              # each kept wrap is taken once
    assert first.breaks.measure == fresh.breaks.measure
    assert first.breaks.blocked == fresh.breaks.blocked
    assert not memory.recalls(third, 300)
    assert wrapped_parts(first.split(300, 40)) == wrapped_parts(fresh.split(300, 40))


def wrapped_parts(parts: list) -> list[list[str]]:
    for part in parts:
        part.wrap(300, 1000)
    return [lines(part) for part in parts]


@pytest.mark.parametrize("then", [lambda p: p.split(300, 40), lambda p: p.wrap(250, 1000)],
                         ids=["split", "wrapped-again"])
def test_a_paragraph_split_or_wrapped_again_leaves_no_wrap(body_style, then):
    memory = WrapMemory()
    (paragraph,) = measured(memory, body_style)
    then(paragraph)
    memory.begin_pass(recording=False)
    assert not memory.recalls(Para(TEXT, body_style, memory=memory), 300)


def test_a_wrap_is_taken_at_its_own_width_only(body_style):
    memory = WrapMemory()
    measured(memory, body_style, width=300)
    memory.begin_pass(recording=False)
    assert not memory.recalls(Para(TEXT, body_style, memory=memory), 280)
    assert not memory.recalls(Para(TEXT + "x", body_style, memory=memory), 300)
    assert memory.recalls(Para(TEXT, body_style, memory=memory), 300)


def per_paragraph_style(self, style):
    """How paragraphs were styled before: a style copy each, asking its own LineBreaks."""
    from reportlab.lib.styles import ParagraphStyle

    options = {} if self.last_resort else {"embeddedHyphenation": 0}
    return ParagraphStyle(style.name, parent=style, hyphenationLang=self.points, **options)


@BRIEFINGS
def test_one_hyphenating_style_per_base_style_changes_no_byte(briefing, memos, monkeypatch):
    from builders.memo.flowables import LineBreaks

    monkeypatch.setattr(LineBreaks, "style", per_paragraph_style)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_paragraphs_of_a_style_share_a_variant_that_asks_the_one_being_wrapped(body_style):
    from builders.memo.flowables import HyphenationTurn

    text = TEXT.replace('<onDraw name="footnote" label="1"/><super>1</super>', "")
    kept, broken = Para(text, body_style), Para(text, body_style)
    assert kept.style is broken.style and isinstance(kept.style.hyphenationLang, HyphenationTurn)
    kept.breaks.blocked.add("veiligheidssituatie")
    kept.wrap(150, 1000), broken.wrap(150, 1000)
    assert not any(line.endswith(" veilig-") for line in lines(kept))
    assert any(line.endswith(" veilig-") for line in lines(broken))
    with pytest.raises(RuntimeError, match="outside Para.wrap"):
        list(kept.style.hyphenationLang("veiligheidssituatie"))


def test_a_paragraph_whose_wrap_waits_is_parsed_only_when_needed(body_style):
    memory = WrapMemory()
    measured(memory, body_style, count=3)
    memory.begin_pass(recording=False)
    taken, asked, other_width = (Para(TEXT, body_style, memory=memory) for _ in range(3))
    fresh = Para(TEXT, body_style)
    assert all("unparsed" in vars(p) for p in (taken, asked, other_width))
    assert [f.text for f in asked.frags] == [f.text for f in fresh.frags]   # parsed on use
    assert "unparsed" not in vars(asked) and asked.text == fresh.text
    taken.wrap(300, 1000)
    fresh.wrap(300, 1000)
    assert "unparsed" not in vars(taken) and lines(taken) == lines(fresh)
    other = Para(TEXT, body_style)
    assert other_width.wrap(260, 1000) == other.wrap(260, 1000)
    assert lines(other_width) == lines(other)


def test_the_memory_keeps_no_more_bytes_than_its_budget(body_style):
    memory = WrapMemory(budget=0)
    measured(memory, body_style)
    memory.begin_pass(recording=False)
    paragraph = Para(TEXT, body_style, memory=memory)
    assert "unparsed" not in vars(paragraph) and not memory.recalls(paragraph, 300)


def test_a_body_frame_copies_like_deepcopy_and_the_memo_is_the_same_without(memos, monkeypatch):
    import copy

    from builders.memo.document import BodyFrame

    frame = BodyFrame(10, 20, 300, 400, id="body")
    frame._frameBGs = [["background"]]
    quick = copy.deepcopy(frame)
    monkeypatch.delattr(BodyFrame, "__deepcopy__")
    plain = copy.deepcopy(frame)
    assert type(quick) is BodyFrame and vars(quick) == vars(plain) == vars(frame)
    assert quick._frameBGs is not frame._frameBGs and quick._frameBGs[0] is not frame._frameBGs[0]
    assert sha(render_memo(load(SHIPPED, check=False))) == sha(memos[SHIPPED])


@BRIEFINGS
def test_escaped_text_kept_across_passes_changes_no_byte(briefing, memos, monkeypatch):
    from builders.memo.inline import InlineRenderer

    monkeypatch.setattr(InlineRenderer, "_escaped", InlineRenderer._escape)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_kept_escaped_text_is_the_text_escaped_again():
    from builders.fonts import FontSet
    from builders.memo.inline import FootnoteNumbers, InlineRenderer

    fonts = FontSet("Helvetica", "Helvetica-Oblique", "Helvetica-Bold", "Helvetica-BoldOblique",
                    "Helvetica-Bold", coverage=frozenset(range(0x250)),
                    fallbacks=(("Math", frozenset({0x2212})),))
    kept: dict[str, str] = {}
    texts = ["28 november 2023 & <b>", "€ 40 mld − 2 %", "Kamerstuk 28 676, nr. 446", ""]
    for text in texts * 2:
        plain = InlineRenderer(fonts, "#000000", FootnoteNumbers({}), "nl").plain(text)
        assert InlineRenderer(fonts, "#000000", FootnoteNumbers({}), "nl", kept).plain(text) == plain
    assert set(kept) == set(texts) and "&amp;" in kept[texts[0]] and 'face="Math"' in kept[texts[1]]


# -- the structure tree written as bytes ------------------------------------------------


@BRIEFINGS
def test_structure_elements_written_as_bytes_change_no_byte(briefing, memos, monkeypatch):
    """The structure elements' dictionaries written directly, or as reportlab's objects."""
    from builders.memo import tagging

    def generic(self, document):
        return element_as_reportlab_objects(self.element, self.writer.references).format(document)

    monkeypatch.setattr(tagging._StructureElement, "format", generic)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def element_as_reportlab_objects(element, references):
    """A structure element as reportlab's PDF objects (how the memo wrote it before
    `StructureWriter`): the reference the writer's bytes are compared with."""
    from reportlab.pdfbase import pdfdoc

    from builders.memo.tagging import TREE_ROOT, Annotation, Content, Element, _name

    def page_reference(page: int):
        return pdfdoc.PDFObjectReference(f"Page{page + 1}")

    entries = {"Type": _name("StructElem"), "S": _name(element.role)}
    entries["P"] = (references[element.parent] if element.parent is not None
                    else pdfdoc.PDFObjectReference(TREE_ROOT))
    pages = {kid.page for kid in element.kids if isinstance(kid, (Content, Annotation))}
    single = pages.pop() if len(pages) == 1 else None
    if single is not None:
        entries["Pg"] = page_reference(single)
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(references[kid])
        elif isinstance(kid, Content):
            kids.append(kid.mcid if single is not None else pdfdoc.PDFDictionary({
                "Type": _name("MCR"), "Pg": page_reference(kid.page), "MCID": kid.mcid}))
        else:
            kids.append(pdfdoc.PDFDictionary({"Type": _name("OBJR"),
                                              "Pg": page_reference(kid.page),
                                              "Obj": kid.reference}))
    if kids:
        entries["K"] = kids[0] if len(kids) == 1 else pdfdoc.PDFArray(kids)
    for name, value in element.entries.items():
        entries[name] = pdfdoc.PDFString(value)
    if element.layout:
        owner = "Layout" if "BBox" in element.layout else "Table"
        attributes = {"O": _name(owner)}
        for name, value in element.layout.items():
            attributes[name] = (_name(value) if isinstance(value, str)
                                else pdfdoc.PDFArray(value) if isinstance(value, list) else value)
        entries["A"] = pdfdoc.PDFDictionary(attributes)
    return pdfdoc.PDFDictionary(entries)


def structure_document(names: list[str]):
    from reportlab.pdfbase import pdfdoc

    document = pdfdoc.PDFDocument()
    for name in names:
        document.Reference(pdfdoc.PDFDictionary({}), name)
    return document


def test_a_structure_element_is_written_as_reportlab_formats_it():
    """Every kind of entry: more than six entries and ten kids (the line breaks), marked
    content on one page (MCIDs) and on several (MCR), an annotation (OBJR), strings in
    and out of PDFDocEncoding, a box, spans and scopes, names needing escapes."""
    from reportlab.pdfbase import pdfdoc

    from builders.memo.tagging import Annotation, Content, Element, StructureWriter

    root = Element("Document", None)
    table = root.add("Table")
    cell = table.add("TR").add("TH", layout={"Scope": "Column", "RowSpan": 2, "ColSpan": 3})
    cell.kids += [Content(0, 4)]
    many = root.add("P", entries={"Lang": "en-GB", "Alt": "Київ & Αθήνα (1)", "ID": "note-3"})
    many.kids += [Content(page, mcid) for page in (0, 1) for mcid in range(7)]
    many.kids.append(Annotation(1, pdfdoc.PDFObjectReference("Annot1")))
    one_page = root.add("Figure", entries={"Alt": "plain ( ) \\ text"},
                        layout={"BBox": [56.69, 100.0, 300.125, 412.5]})
    one_page.kids += [Content(2, mcid) for mcid in range(12)]
    for index in range(11):
        one_page.add("Span")
    odd = root.add("Odd#Name (x)")
    link = root.add("Link")
    link.kids.append(Annotation(2, pdfdoc.PDFObjectReference("Annot1")))
    elements = [root, table, table.kids[0], cell, many, one_page, *one_page.kids[12:], odd, link]
    references = {element: pdfdoc.PDFObjectReference(f"StructElem{index}")
                  for index, element in enumerate(elements)}
    document = structure_document([*(r.name for r in references.values()), "StructTreeRoot",
                                   "Page1", "Page2", "Page3", "Annot1"])
    writer = StructureWriter(references, document)
    for element in elements:
        expected = element_as_reportlab_objects(element, references).format(document)
        assert writer.element(element) == expected, element.role
    assert b" \n  /" in writer.element(many) and b" \n  " in writer.element(one_page)


# -- text looked up in a font's subset at once ----------------------------------------


@BRIEFINGS
def test_text_looked_up_at_once_changes_no_byte(briefing, memos, monkeypatch):
    from builders.memo.tagging import LinkedText

    monkeypatch.delattr(LinkedText, "_formatText")
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_text_split_at_once_is_what_the_font_splits_it_into(body_style):
    """Two documents fed the same texts, one split by `split_text`, the other by the
    font: the same chunks each time and the same codes assigned. More than 256 distinct
    characters (a second subset), no-break spaces, a character the font lacks, nothing."""
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfgen.canvas import Canvas

    from builders.memo.tagging import split_text

    font = getFont(body_style.fontName)
    quick, plain = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    greek = "".join(map(chr, range(0x391, 0x3CA)))
    cyrillic = "".join(map(chr, range(0x410, 0x450)))
    extended = "".join(map(chr, range(0x100, 0x17F)))
    texts = ["De bondgenoten", "De bondgenoten", "28\u00a0november", "\u00a0", "", "Oekraïense",
             greek, "Киев " + cyrillic, extended, "De bondgenoten " + greek, "\ue000 x",
             cyrillic + " 2023 & (x)", "Київ & Αθήνα", "De\u00a0bondgenoten"]
    known: dict = {}
    for text in texts * 2:
        assert split_text(font, text, quick._doc, known) == font.splitString(text, plain._doc), text
    assert font.state[quick._doc].assignments == font.state[plain._doc].assignments
    assert len(font.state[plain._doc].subsets) > 1 and known


# -- reportlab's URL pattern compiled cheaply -------------------------------------------


@pytest.mark.parametrize("wide", sorted(SAME_CHARACTERS))
def test_each_wide_class_matches_the_same_characters_as_its_equivalent(wide):
    import re
    import sys

    same = SAME_CHARACTERS[wide]
    original, quick = re.compile(wide, re.IGNORECASE), re.compile(same, re.IGNORECASE)
    differ = [code for code in range(sys.maxunicode + 1)
              if bool(original.fullmatch(chr(code))) != bool(quick.fullmatch(chr(code)))]
    assert differ == []


def test_the_quick_pattern_is_reportlabs_with_the_equivalent_classes():
    import re

    from builders.memo.patterns import quick_equivalent, reportlab_uri_pattern

    pattern = reportlab_uri_pattern()
    assert pattern is not None, "reportlab's uri_pat is not where patterns.py looks for it"
    quick = quick_equivalent(pattern)
    assert all(wide in pattern and wide not in quick for wide in SAME_CHARACTERS)
    original, cheap = re.compile(pattern, re.IGNORECASE), re.compile(quick, re.IGNORECASE)
    words = ["https://www.nato.int/cps/en/natohq/news_220314.htm", "HTTPS://WWW.NATO.INT/",
             "www.rijksoverheid.nl", "ftp://192.168.0.1:8080/pad", "http://[::1]/x",
             "https://xn--bcher-kva.example/ü", "http://localhost:8000", "https://київ.укр/шлях",
             "defensie-uitgaven", "bondgenoten.", "http://-bad-.nl", "mailto:a@b.nl",
             "https://a.b", "https://ex ample.com", "https://example.com/\u00a0x"]
    for word in words:
        first, second = original.match(word), cheap.match(word)
        assert (first and first.groups()) == (second and second.groups()), word


def test_the_cjk_class_matches_the_same_characters_as_its_equivalent():
    import re
    import sys

    from builders.memo.patterns import CJK, CJK_SAME

    original, quick = re.compile(CJK, re.UNICODE), re.compile(CJK_SAME, re.UNICODE)
    differ = [code for code in range(sys.maxunicode + 1)
              if bool(original.fullmatch(chr(code))) != bool(quick.fullmatch(chr(code)))]
    assert differ == []
    text = "NAVO 北约 en 日本語, \U0001F600 — ｆｕｌｌ width"
    assert original.sub(r" \1 ", text) == quick.sub(r" \1 ", text)
    assert original.split(text) == quick.split(text)


def test_textsplit_still_compiles_the_cjk_pattern_where_patterns_py_looks_for_it():
    from builders.memo.patterns import reportlab_compiles_cjk

    assert reportlab_compiles_cjk(), "reportlab.lib.textsplit's rx line changed"


CJK_PATTERN = """
{first}
import builders.memo
import reportlab.lib.textsplit as textsplit
print(textsplit.rx.pattern == builders.memo.patterns.CJK_SAME)
"""


def test_textsplit_gets_the_quick_cjk_pattern_unless_imported_first():
    import subprocess
    import sys

    def quick(first: str) -> str:
        return subprocess.run([sys.executable, "-c", CJK_PATTERN.format(first=first)], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()

    assert (quick(""), quick("import reportlab.lib.textsplit")) == ("True", "False")


MEMO_DIGEST = """
import hashlib, sys
{first}
from builders.loader import load
from builders.memo import render_memo
import reportlab.platypus.paragraph as paragraph
print(hashlib.sha256(render_memo(load(sys.argv[1], check=False))).hexdigest(),
      "(?-i:" in paragraph.uri_pat.pattern)
"""


def memo_digest(briefing, first: str = "") -> list[str]:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", MEMO_DIGEST.format(first=first), str(briefing)],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_the_quick_url_pattern_is_what_reportlab_gets_and_changes_no_byte(memos):
    """In a process that imports the memo first (as the memo's process does) reportlab
    gets the quick pattern; imported first itself, its own: the same memo."""
    quick = memo_digest(SHIPPED)
    own = memo_digest(SHIPPED, first="import reportlab.platypus.paragraph")
    assert quick == [sha(memos[SHIPPED]), "True"]
    assert own == [sha(memos[SHIPPED]), "False"]


# -- text without tags made without the HTML tokenizer --------------------------------


@BRIEFINGS
def test_plain_text_made_without_the_tokenizer_changes_no_byte(briefing, memos, monkeypatch):
    from reportlab.platypus import Paragraph

    from builders.memo import flowables

    monkeypatch.setattr(flowables, "made", lambda paragraph, text, style, options:
                        Paragraph.__init__(paragraph, text, style, **options))
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


PLAIN_TEXTS = ["De bondgenoten bespreken de voortgang.", "", "   ", "  leading and trailing  ",
               "two\nlines\n\n and  more   spaces", "28\u00a0november\u00a02023", "Київ, Αθήνα",
               "a > b, 'quoted' \"double\"", "tab\there", "x" * 500]


@pytest.mark.parametrize("transform", [None, "uppercase"])
def test_plain_frags_are_the_parsers_frags(body_style, transform):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from builders.memo.flowables import made

    style = ParagraphStyle("t", parent=body_style, textTransform=transform)
    for text in PLAIN_TEXTS:
        for options in ({}, {"bulletText": "3"}):
            parsed, quick = Paragraph(text, style, **options), Paragraph.__new__(Paragraph)
            made(quick, text, style, options)
            assert "frags" in vars(quick) and quick.text == parsed.text
            assert [vars(f) for f in quick.frags] == [vars(f) for f in parsed.frags], text
            assert {k: v for k, v in vars(quick).items() if k != "frags"} == \
                {k: v for k, v in vars(parsed).items() if k != "frags"}


# -- word widths remembered while a memo is typeset -----------------------------------


@BRIEFINGS
def test_remembered_word_widths_change_no_byte(briefing, memos, monkeypatch):
    from contextlib import nullcontext

    monkeypatch.setattr(document, "remembered_widths", lambda: nullcontext({}))
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_word_widths_are_remembered_only_while_a_memo_is_typeset(body_style):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph as rl_paragraph

    from builders.memo.tagging import remembered_widths

    measure = rl_paragraph.stringWidth
    font, size = body_style.fontName, body_style.fontSize
    with pytest.raises(ZeroDivisionError), remembered_widths() as widths:
        assert rl_paragraph.stringWidth is not measure
        for word in ("bondgenoten", "bondgenoten", "Oekraïense", "a\u00adb"):
            assert rl_paragraph.stringWidth(word, font, size, "utf8") == stringWidth(word, font, size)
        assert len(widths) == 3
        1 / 0
    assert rl_paragraph.stringWidth is measure


def deep_size(value, seen: set) -> int:
    """Bytes of `value` and all it holds, each object once (styles and colours aside:
    every paragraph shares them)."""
    from reportlab.lib.colors import Color
    from reportlab.lib.styles import ParagraphStyle

    if id(value) in seen or value is None or isinstance(value, (ParagraphStyle, Color, type)):
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in value.items())
    elif isinstance(value, (list, tuple, set, frozenset)):
        size += sum(deep_size(item, seen) for item in value)
    elif hasattr(value, "__dict__"):
        size += deep_size(vars(value), seen)
    return size


@pytest.mark.parametrize("briefing", [SHIPPED, STRESS], ids=["shipped", "stress"])
def test_the_estimated_bytes_of_kept_wraps_are_close_to_what_they_hold(briefing, monkeypatch):
    """`kept_bytes` against the deep size of the wraps a measuring pass keeps: the budget
    says what it means within a quarter."""
    from builders.memo.flowables import kept_bytes

    offered: list[dict] = []
    real_begin = WrapMemory.begin_pass

    def begin_pass(self, recording):
        if not recording and self._kept:
            offered.append({key: list(entries) for key, entries in self._kept.items()})
        real_begin(self, recording)

    monkeypatch.setattr(WrapMemory, "begin_pass", begin_pass)
    render_memo(load(briefing, check=False))
    entries = [entry for entries in offered[0].values() for entry in entries]
    seen: set = set()
    held = sum(deep_size(entry[1], seen) + deep_size(entry[2], seen) + deep_size(entry[3], seen)
               for entry in entries)
    estimated = sum(kept_bytes(entry[1]["blPara"]) for entry in entries)
    assert len(entries) > 100 and 0.75 < estimated / held < 1.25, (estimated, held)


# -- full collections deferred while a memo is typeset ---------------------------------


@BRIEFINGS
def test_deferring_full_collections_changes_no_byte(briefing, memos, monkeypatch):
    from contextlib import nullcontext

    monkeypatch.setattr(document, "full_collections_deferred", nullcontext)
    monkeypatch.setattr(document, "let_go", lambda: None)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_no_full_collection_runs_on_its_own_while_a_memo_is_typeset_and_after_it_does(monkeypatch):
    """Full collections while typesetting: only the one that lets a dropped pass go
    (the measuring pass, freed before the next is built); the thresholds are as before
    afterwards, also when typesetting fails."""
    full: list[str] = []
    thresholds: list[int] = []
    documents: list[weakref.ref] = []
    alive_at_next: list[bool] = []
    real_pass, real_let_go = document._one_pass, document.let_go

    def one_pass(*args):
        alive_at_next.extend(ref() is not None for ref in documents)
        thresholds.append(gc.get_threshold()[2])
        result = real_pass(*args)
        documents.append(weakref.ref(result[2]))
        return result

    def let_go():
        full.append("let go")
        real_let_go()

    def watch(phase, info):
        if phase == "start" and info["generation"] == 2 and documents:  # from pass 1 on
            full.append("collect")

    loaded = load(STRESS, check=False)
    usual = gc.get_threshold()
    monkeypatch.setattr(document, "_one_pass", one_pass)
    monkeypatch.setattr(document, "let_go", let_go)
    gc.set_threshold(50, 2, 2)  # eager
    gc.callbacks.append(watch)
    try:
        render_memo(loaded)
        before = gc.get_threshold()
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*usual)
    assert len(documents) >= 2 and alive_at_next == [False] * len(alive_at_next)
    assert full == ["let go", "collect"] * (len(documents) - 1)
    assert thresholds == [document.DEFERRED] * len(documents) and before == (50, 2, 2)
    before = gc.get_threshold()
    with pytest.raises(ZeroDivisionError), document.full_collections_deferred():
        assert gc.get_threshold()[2] == document.DEFERRED
        1 / 0
    assert gc.get_threshold() == before


# -- equal paragraphs share their lines within a pass --------------------------------

PLAIN = ("De bondgenoten bespreken de voortgang van de Oekraïense strijdkrachten en de "
         "defensie-uitgaven van de lidstaten, de samenwerking met de Europese Unie en de "
         "veiligheidssituatie in de Westelijke Balkan en de interoperabiliteit. ") * 3
"""Text in one style throughout (reportlab's lines of kind 0: the ones shared)."""


def not_shared(monkeypatch):
    monkeypatch.setattr(WrapMemory, "offer", lambda self, paragraph, width, before: None)
    monkeypatch.setattr(WrapMemory, "made", lambda self, paragraph: None)


@BRIEFINGS
def test_equal_paragraphs_sharing_their_lines_change_no_byte(briefing, memos, monkeypatch):
    not_shared(monkeypatch)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_sharing_lines_changes_no_byte_where_equal_paragraphs_are_split(monkeypatch, tmp_path):
    """A synthetic briefing says every text many times, and its paragraphs split at page
    ends: the memo is the same with and without shared lines."""
    from builders.synthetic import write_synthetic

    path = write_synthetic(SHIPPED, 3, tmp_path)
    loaded = load(path, check=False)
    shared = render_memo(loaded)
    not_shared(monkeypatch)
    assert sha(render_memo(loaded)) == sha(shared)


def test_an_equal_paragraph_takes_the_lines_and_parses_nothing(body_style):
    memory = WrapMemory()
    memory.begin_pass(recording=False)
    first, second, third = (Para(PLAIN, body_style, memory=memory) for _ in range(3))
    fresh = Para(PLAIN, body_style)
    assert "unparsed" in vars(second)                     # its markup waits
    assert first.wrap(300, 1000) == fresh.wrap(300, 1000)
    assert first.blPara.kind == 0
    assert second.wrap(300, 1000) == fresh.wrap(300, 1000)
    assert second.blPara is first.blPara and "unparsed" not in vars(second)
    assert second.frags is first.frags
    assert lines(second) == lines(fresh) and len(lines(fresh)) > 3
    assert second.breaks.blocked == fresh.breaks.blocked
    assert not memory.shares(Para(PLAIN, body_style, memory=memory), 280)  # another width
    assert third.wrap(300, 1000) and third.blPara is first.blPara
    assert not memory.shares(Para(PLAIN, body_style, memory=memory), 300)  # all taken


def test_a_paragraph_of_several_styles_breaks_its_own_lines(body_style):
    memory = WrapMemory()
    memory.begin_pass(recording=False)
    first, second = (Para(TEXT, body_style, memory=memory) for _ in range(2))
    first.wrap(300, 1000)
    second.wrap(300, 1000)
    assert first.blPara.kind == 1 and second.blPara is not first.blPara


def hyphenated_split_height(paragraph, style) -> float:
    """A height that splits `paragraph` after a line ending in an added hyphen."""
    from reportlab.platypus.paragraph import _SplitWordHY

    for index, (_, words) in enumerate(paragraph.blPara.lines[:-2]):
        if index and isinstance(words[-1], _SplitWordHY):
            return style.leading * (index + 1) + 0.1
    pytest.fail("no line of the text ends in an added hyphen")


def test_a_split_leaves_the_lines_its_equals_share_as_they_were(body_style):
    """reportlab's split may change the class of a hyphenated last word of the lines in
    place (a word with a soft hyphen): a paragraph that shares its lines breaks its own
    before it is split, and its parts are those of a paragraph that never shared."""
    from reportlab.platypus.paragraph import _SplitWordHY

    text = ("Kernboodschap over de bondgenootschappelijke interoperabiliteitsdoelstellingen "
            "en verdragsorganisatieverplichtingen van de lidstaten. ") * 4
    memory = WrapMemory()
    memory.begin_pass(recording=False)
    first, second = (Para(text, body_style, memory=memory) for _ in range(2))
    fresh, alone = Para(text, body_style), Para(text, body_style)
    for paragraph in (first, second, fresh, alone):
        paragraph.wrap(200, 1000)
    assert second.blPara is first.blPara
    height = hyphenated_split_height(fresh, body_style)
    before = [[type(word) for word in words] for _, words in first.blPara.lines]

    shared = first.blPara
    assert wrapped_parts_at(first.split(200, height), 200) == wrapped_parts_at(
        fresh.split(200, height), 200)
    assert first.blPara is not shared and second.blPara is shared  # its own lines, split
    assert [[type(word) for word in words] for _, words in second.blPara.lines] == before
    assert _SplitWordHY in {cls for line in before for cls in line}
    assert wrapped_parts_at(second.split(200, height), 200) == wrapped_parts_at(
        alone.split(200, height), 200)


def wrapped_parts_at(parts: list, width: float) -> list[list[str]]:
    for part in parts:
        part.wrap(width, 1000)
    return [[type(word).__name__ + word for word in line_words(part)] for part in parts]


def line_words(part) -> list:
    lines = part.blPara.lines
    if part.blPara.kind == 0:
        return [word for _, words in lines for word in words]
    return [getattr(frag, "text", "") for line in lines for frag in line.words]


# -- link annotations written as bytes ---------------------------------------------------


@BRIEFINGS
def test_links_written_as_bytes_are_what_reportlab_formats_and_change_no_byte(
        briefing, memos, monkeypatch):
    from reportlab.pdfbase import pdfdoc

    from builders.memo.tagging import QuickLink

    quick, compared = QuickLink.format, []

    def both(self, document):
        written = quick(self, document)
        assert written == pdfdoc.LinkAnnotation.format(self, document)
        compared.append(written)
        return written

    monkeypatch.setattr(QuickLink, "format", both)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])
    assert len(compared) > 10
    monkeypatch.setattr(QuickLink, "format", pdfdoc.LinkAnnotation.format)
    assert sha(render_memo(load(briefing, check=False))) == sha(memos[briefing])


def test_a_link_of_another_shape_is_formatted_by_reportlab():
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen.canvas import Canvas

    from builders.memo.tagging import QuickLink

    canvas = Canvas(io.BytesIO())
    document = canvas._doc
    destination = pdfdoc.Destination("here")
    destination.setPage(document.thisPageRef())
    destination.xyz(0, 100, 0)
    canvas.showPage()   # the page the destination names exists

    def link(**options):
        annotation = pdfdoc.LinkAnnotation((1.5, 2, 30, 40.25), "Naar (hier) \\ € — Đukanović",
                                           destination,
                                           Border=pdfdoc.PDFArray([0, 0, 0]), **options)
        annotation.__class__ = QuickLink
        annotation.known = {}
        annotation.permitted = tuple(annotation.permitted) + ("StructParent",)
        return annotation

    for options in ({"F": 4, "StructParent": 7}, {}, {"F": 4, "C": pdfdoc.PDFArray([1, 0, 0])},
                    {"F": True}):
        annotation = link(**options)
        assert annotation.format(document) == pdfdoc.LinkAnnotation.format(annotation, document)
    unpermitted = link(F=4, StructParent=7)
    unpermitted.permitted = pdfdoc.LinkAnnotation.permitted
    with pytest.raises(ValueError, match="StructParent"):
        unpermitted.format(document)


# -- lines carried from one memo to the next in a warm process -------------------------


def broken_paragraphs(monkeypatch) -> list:
    """The paragraphs whose lines are broken (not taken over) from now on."""
    broken: list = []
    real = Para._wrap

    def wrap(self, availWidth, availHeight):
        broken.append(self)
        return real(self, availWidth, availHeight)

    monkeypatch.setattr(Para, "_wrap", wrap)
    return broken


@pytest.mark.parametrize("first, then", [(SHIPPED, SHIPPED), (ENGLISH, ENGLISH), (STRESS, STRESS),
                                         (STRESS, SHIPPED), (SHIPPED, STRESS),
                                         (ENGLISH, SHIPPED)],
                         ids=["shipped", "english", "stress", "stress-then-shipped",
                              "shipped-then-stress", "english-then-shipped"])
def test_a_memo_typeset_after_another_takes_its_lines_and_changes_no_byte(first, then, memos,
                                                                         monkeypatch):
    """As in `watch`: the process typesets a memo (`render_memo(carry=True)` keeps its lines), then
    a memo seeded with its own layout, of the same briefing or another one (paragraphs of
    equal text and style take the lines kept, the others are broken): the bytes of a
    fresh process. Without the carried lines, every paragraph is broken again."""
    settled = typeset_memo(load(then, check=False))[1]
    memo_package._CARRIED.clear()
    broken = broken_paragraphs(monkeypatch)
    alone = typeset_memo(load(then, check=False), OwnLayout(settled))[0]
    broken_alone = len(broken)
    render_memo(load(first, check=False), carry=True)
    del broken[:]
    after = typeset_memo(load(then, check=False), OwnLayout(settled))[0]
    assert sha(alone) == sha(after) == sha(memos[then])
    assert broken_alone > 100
    if first == then:
        assert len(broken) < 0.2 * broken_alone, (len(broken), broken_alone)
    elif first != ENGLISH:
        assert 0 < len(broken) < broken_alone, (len(broken), broken_alone)
    else:  # another language: other styles, nothing taken
        assert len(broken) == broken_alone


def test_a_memo_typeset_without_carrying_takes_the_carried_lines_once(memos, monkeypatch):
    """A build's memo process (forked from a warm one) takes the lines and keeps none:
    the memo after it breaks every paragraph again, with the same bytes."""
    settled = typeset_memo(load(SHIPPED, check=False))[1]
    render_memo(load(SHIPPED, check=False), carry=True)
    broken = broken_paragraphs(monkeypatch)
    taking = typeset_memo(load(SHIPPED, check=False), OwnLayout(settled))[0]
    took = len(broken)
    again = typeset_memo(load(SHIPPED, check=False), OwnLayout(settled))[0]
    assert sha(taking) == sha(again) == sha(memos[SHIPPED])
    assert len(broken) - took > 5 * took > 0


def test_the_styles_are_carried_only_for_the_same_theme_fonts_and_language():
    from builders.fonts import register_memo_fonts

    loaded = load(SHIPPED, check=False)
    theme, fonts = loaded.theme, register_memo_fonts(loaded.theme)
    styles, memory, escaped = memo_package.carried(theme, fonts, "nl")
    again = memo_package.carried(theme, fonts, "nl")
    assert again[0] is styles and again[1] is memory and again[2] is escaped
    other_language = memo_package.carried(theme, fonts, "en")
    assert all(a is not b for a, b in zip(other_language, (styles, memory, escaped)))
    assert memo_package.carried(theme, fonts, "nl")[0] is not styles  # the last one is kept
    styles = memo_package.carried(theme, fonts, "nl")[0]
    palette = theme.palette.model_copy(update={"text": "#000001"})
    other_theme = theme.model_copy(update={"palette": palette})
    assert memo_package.carried(other_theme, fonts, "nl")[0] is not styles


def test_the_styles_are_not_carried_over_a_font_read_again(monkeypatch):
    """A font file changed in a watch session is read again: another font object, whose
    widths may differ; the lines kept for the old one are not taken."""
    from reportlab.pdfbase import pdfmetrics

    from builders.fonts import register_memo_fonts

    loaded = load(SHIPPED, check=False)
    theme, fonts = loaded.theme, register_memo_fonts(loaded.theme)
    styles = memo_package.carried(theme, fonts, "nl")[0]
    real = pdfmetrics.getFont
    read_again = object()
    monkeypatch.setattr(pdfmetrics, "getFont",
                        lambda name: read_again if name == fonts.italic else real(name))
    assert memo_package.carried(theme, fonts, "nl")[0] is not styles


def test_the_escaped_texts_are_carried_and_change_no_byte(memos, monkeypatch):
    from builders.memo.inline import InlineRenderer

    settled = typeset_memo(load(SHIPPED, check=False))[1]
    render_memo(load(SHIPPED, check=False), carry=True)
    escaped: list[str] = []
    real = InlineRenderer._escape

    def escape(self, text):
        escaped.append(text)
        return real(self, text)

    monkeypatch.setattr(InlineRenderer, "_escape", escape)
    carried = typeset_memo(load(SHIPPED, check=False), OwnLayout(settled))[0]
    assert escaped == []
    memo_package._CARRIED.clear()
    alone = typeset_memo(load(SHIPPED, check=False), OwnLayout(settled))[0]
    assert len(escaped) > 100
    assert sha(carried) == sha(alone) == sha(memos[SHIPPED])


@pytest.mark.parametrize("briefing", [SHIPPED, STRESS], ids=["shipped", "stress"])
def test_a_memo_without_a_seed_takes_the_carried_lines_in_its_measuring_pass(briefing, memos,
                                                                            monkeypatch):
    """A rebuild whose layout changed starts from an empty layout: its measuring pass
    takes the carried lines too, and keeps them for the passes after it."""
    broken = broken_paragraphs(monkeypatch)
    alone = typeset_memo(load(briefing, check=False))[0]
    broken_alone = len(broken)
    render_memo(load(briefing, check=False), carry=True)
    del broken[:]
    after = typeset_memo(load(briefing, check=False))[0]
    assert sha(alone) == sha(after) == sha(memos[briefing])
    assert broken_alone > 100 and len(broken) < broken_alone - 100, (len(broken), broken_alone)


def test_a_memo_rendered_without_carry_carries_nothing(monkeypatch):
    """Only a process that asks carries lines: a patched memo made after an ordinary one
    (as the layout audit's tests make them) is made by the patched code."""
    render_memo(load(SHIPPED, check=False))
    broken = broken_paragraphs(monkeypatch)
    render_memo(load(SHIPPED, check=False))
    assert len(broken) > 300
