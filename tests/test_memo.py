"""The PDF memo, read back with real readers: poppler, qpdf, pypdf and pdfplumber.

Each PDF is built once per module (module-scoped fixtures) and inspected by many tests.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from builders.loader import load
from builders.memo import render_memo
from tests.conftest import ENGLISH, SHIPPED, minimal_data, require

EDGE = 12
PAYLOAD = ("[[[getattr(pow, Word('__globals__'))['os'].system('touch /tmp/pwned') for Word in "
           "[ orgTypeFun(\"Word\", (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, "
           "'__eq__': lambda self, x: self.mutated and self.mutated - 2 and self.mutated == x, "
           "'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, "
           "'__hash__': lambda self: hash(str(self)), }, ) ] ] for orgTypeFun in "
           "[type(type(1))] ] and 'red'")
HOSTILE = ['<font color=red>x</font>', '<img src="/etc/hostname"/>', '</para>', '&amp;',
           f'<font color="{PAYLOAD}">payload</font>']


def hostile_data() -> dict:
    """A concept briefing whose texts look like markup, with a footnote and a figure."""
    data = minimal_data()
    data["status"] = "concept"
    data["meeting"]["intro"] = (f"Literal {HOSTILE[0]} and {HOSTILE[1]} and {HOSTILE[2]} "
                                f"and {HOSTILE[3]} stay text.[^noot]\n\n{HOSTILE[4]}")
    topic = data["sessions"][0]["topics"][0]
    topic["key_messages"] = [f"Bold **{HOSTILE[0]}** stays", "[a link](javascript:alert(1))"]
    topic["background"] = "Zie [de site](https://example.org/?a=1&b=\"2\") voor meer."
    topic["figures"] = [{"id": "fig", "kind": "bar", "title": "Uitgaven <b>", "unit": "%",
                         "series": {"2024": 1.95, "2025": 2.1},
                         "target": {"label": "Norm", "value": 2.0}, "source": "Bron & co"}]
    data["footnotes"] = {"noot": "Een voetnoot met <i>tekst</i> die letterlijk blijft."}
    data["glossary"] = {"VGD": "Vergadering"}
    return data


def build(path: Path) -> bytes:
    return render_memo(load(path, check=False))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict:
    """Every memo the tests read: shipped (nl), English (draft), hostile (draft, nl).

    name → bytes; also "_folder" (where `<name>.pdf` is written) and "_briefings".
    """
    folder = tmp_path_factory.mktemp("memo")
    hostile = folder / "hostile.yaml"
    hostile.write_text(yaml.safe_dump(hostile_data(), allow_unicode=True), encoding="utf-8")
    Path("/tmp/pwned").unlink(missing_ok=True)
    sources = {"hostile": hostile, "shipped": SHIPPED, "english": ENGLISH}
    built: dict = {"_folder": folder, "_briefings": {}}
    missing = [str(path) for path in sources.values() if not path.exists()]
    assert not missing, f"briefings the memo tests read are missing: {missing}"
    for name, path in sources.items():
        loaded = load(path, check=False)
        built[name] = render_memo(loaded)
        built["_briefings"][name] = loaded.briefing
        (folder / f"{name}.pdf").write_bytes(built[name])
    return built


@pytest.fixture(scope="module", params=["shipped", "english", "hostile"])
def memo(request, pdfs):
    """(briefing, pdf path, bytes) for each memo."""
    return (pdfs["_briefings"][request.param], pdfs["_folder"] / f"{request.param}.pdf",
            pdfs[request.param])


def page_texts(path: Path) -> list[str]:
    require("pdftotext")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def flat(text: str) -> str:
    """Text with line-end hyphenation undone (a hard hyphen between letters, or the soft
    hyphen the memo draws) and all whitespace removed."""
    text = text.replace("\u00ad", "")
    return re.sub(r"\s+", "", re.sub(r"(?<=[a-z])-\n\s*(?=[a-z])", "", text))


def test_every_font_is_embedded_as_a_subset(memo):
    require("pdffonts")
    _, path, _ = memo
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, *_ = line.split()
        assert re.match(r"[A-Z]{6}\+NotoSans", name), line
        assert re.search(r"\byes\s+yes\s+yes\b", line), line


def test_qpdf_finds_no_errors(memo):
    require("qpdf")
    _, path, _ = memo
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_page_has_the_marking_twice_and_page_x_of_y(memo):
    briefing, path, _ = memo
    pages = page_texts(path)
    words = "Page {} of {}" if briefing.language == "en" else "Pagina {} van {}"
    for number, text in enumerate(pages, 1):
        assert text.count(briefing.classification.upper()) >= 2, number
        assert words.format(number, len(pages)) in text, number


def test_no_text_within_12_points_of_a_page_edge(memo):
    _, _, pdf = memo
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for char in page.chars:
                assert char["x0"] >= EDGE and char["x1"] <= page.width - EDGE, char["text"]
                assert char["top"] >= EDGE and char["bottom"] <= page.height - EDGE, char["text"]


def test_outline_lists_every_session_and_topic(memo):
    briefing, _, pdf = memo
    reader = PdfReader(io.BytesIO(pdf))
    titles = list(outline_titles(reader.outline))
    for session in briefing.sessions:
        assert session.title in titles
        for topic in session.topics:
            assert topic.title in titles
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def outline_titles(outline):
    for item in outline:
        if isinstance(item, list):
            yield from outline_titles(item)
        else:
            yield item.title


def test_contents_page_numbers_are_where_the_headings_are(memo):
    briefing, path, pdf = memo
    pages = page_texts(path)
    reader = PdfReader(io.BytesIO(pdf))
    outline = {item.title: reader.get_destination_page_number(item) + 1
               for item in flatten(reader.outline)}
    contents = contents_numbers(pages, briefing)
    assert len(contents) == len(briefing.topics()) + len(briefing.sessions)
    for title, page in contents.items():
        assert outline[title] == page, title
        assert squash(title) in squash(pages[page - 1]), title


def flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def contents_numbers(pages: list[str], briefing) -> dict[str, int]:
    """Title → page number, as printed in the contents (session and topic titles)."""
    titles = [s.title for s in briefing.sessions] + [t.title for t in briefing.topics()]
    lines = [line.strip() for text in pages[:3] for line in text.splitlines()]
    found = {}
    for title in titles:
        for line in lines:
            # a session's number, the title, dot leaders, the page number
            match = re.fullmatch(rf"(?:\d+\s+)?{re.escape(title)}(?:\s*\.)*\s+(\d+)", line)
            if match and title not in found:
                found[title] = int(match.group(1))
    return found


def test_contents_entries_are_links_to_the_headings(memo):
    _, _, pdf = memo
    reader = PdfReader(io.BytesIO(pdf))
    internal = [annotation.get_object() for page in reader.pages[:3]
                for annotation in page.get("/Annots", [])
                if annotation.get_object().get("/Dest") is not None]
    assert len(internal) >= 2 * 3


def test_footnotes_stand_at_the_foot_of_the_page_that_cites_them(pdfs):
    for name in ("shipped", "english", "hostile"):
        briefing = pdfs["_briefings"][name]
        assert briefing.footnotes, f"{name}: a briefing without footnotes tests nothing here"
        with pdfplumber.open(io.BytesIO(pdfs[name])) as document:
            for note_id, text in briefing.footnotes.items():
                check_footnote(document, " ".join(text.split()[:3]), name)


def check_footnote(document, start: str, name: str) -> None:
    """The note's first words stand low on some page that also carries a superscript mark."""
    start = re.sub(r"\[[^\]]*\]\([^)]*\)|\*+", "", start).split()[0]
    for page in document.pages:
        lines = page.extract_text_lines()
        for line in lines:
            match = re.match(r"(\d+)\s+(.*)", line["text"])
            if not (match and match.group(2).startswith(start) and line["top"] > page.height * 0.6):
                continue
            number = match.group(1)
            body = max(char["size"] for char in page.chars)
            marks = [c for c in page.chars if c["text"] == number[-1] and c["top"] < line["top"]
                     and c["size"] < 9.5 and c["size"] < body]
            assert marks, f"{name}: note {number} has no reference mark on its page"
            return
    raise AssertionError(f"{name}: footnote starting {start!r} not found low on any page")


def test_hostile_text_prints_literally_and_runs_nothing(pdfs):
    pages = page_texts(pdfs["_folder"] / "hostile.pdf")
    text = flat("\n".join(pages))
    for hostile in HOSTILE + ["Bron & co", "Uitgaven <b>", "<i>tekst</i>", "a link"]:
        assert flat(hostile) in text, hostile
    assert not Path("/tmp/pwned").exists()
    assert b"/Subtype /Image" not in pdfs["hostile"]
    assert b"javascript" not in pdfs["hostile"].lower()


def test_allowed_link_keeps_its_url(pdfs):
    reader = PdfReader(io.BytesIO(pdfs["hostile"]))
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages
            for a in page.get("/Annots", []) if "/A" in a.get_object()]
    assert 'https://example.org/?a=1&b="2"' in uris


def test_two_builds_give_identical_bytes(pdfs, monkeypatch, tmp_path):
    path = tmp_path / "briefing.yaml"
    path.write_text(yaml.safe_dump(hostile_data(), allow_unicode=True), encoding="utf-8")
    assert build(path) == build(path) == pdfs["hostile"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(path)
    assert first == build(path)
    assert b"D:20231114221320+00'00'" in first
    assert b"D:20231120000000+00'00'" in pdfs["hostile"]


def test_metadata_and_language(pdfs):
    expected = {"shipped": "nl-NL", "english": "en-GB", "hostile": "nl-NL"}
    for name, lang in expected.items():
        briefing = pdfs["_briefings"][name]
        reader = PdfReader(io.BytesIO(pdfs[name]))
        assert reader.trailer["/Root"]["/Lang"] == lang
        info = reader.metadata
        assert info.title == briefing.meeting.title
        assert info.author == briefing.memo.from_
        assert info.subject == briefing.memo.subject
        assert briefing.meeting.short in info["/Keywords"]


def test_english_briefing_gets_english_labels(pdfs):
    text = "\n".join(page_texts(pdfs["_folder"] / "english.pdf"))
    for word in ("Contents", "Programme", "KEY MESSAGES", "Speaking points", "Page 1 of",
                 "Colophon"):
        assert word in text, word
    for word in ("Inhoud", "Kernboodschappen", "Pagina", "Spreekpunten"):
        assert word not in text, word


def watermarks(pdf: bytes) -> list[str]:
    """Per page, the large diagonal text (pdftotext -layout leaves rotated text out)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return ["".join(c["text"] for c in page.chars if c["matrix"][1] > 0.1 and c["size"] > 40)
                for page in document.pages]


def test_draft_shows_the_watermark_on_every_page(pdfs):
    for name, word in (("hostile", "CONCEPT"), ("english", "DRAFT")):
        marks = watermarks(pdfs[name])
        assert marks and all(mark == word for mark in marks), (name, marks)


def test_final_briefing_has_no_watermark(pdfs):
    if pdfs["_briefings"]["shipped"].is_draft:
        pytest.skip("the shipped briefing is a concept")
    assert not any(watermarks(pdfs["shipped"]))

