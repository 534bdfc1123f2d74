"""Hostile text: markup of the output formats is shown literally, never interpreted.

Text that looks like reportlab paragraph markup (the CVE-2023-33733 payload, `<img>`,
`</para>`) or like PowerPoint XML is placed in every kind of field. The memo and the
decks must show it as typed; no file may be read and no command may run; control
characters are refused with a located error.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builders.build import render_outputs
from builders.errors import BriefingError
from builders.loader import load
from tests.conftest import minimal_data, require

CVE_2023_33733 = (
    "[[[getattr(pow, Word('__globals__'))['os'].system('touch PWNED_PATH') for Word in "
    "[ orgTypeFun(\"Word\", (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, "
    "'__eq__': lambda self, x: self.mutated and self.mutated - 2 and self.mutated == x, "
    "'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, "
    "'__hash__': lambda self: hash(str(self)), }, ) ] ] for orgTypeFun in "
    "[type(type(1))] ] and 'red'"
)
PPTX_XML = "</a:t></a:r><a:r><a:t>x"

# ------------------------------------------------------------------ reading outputs back


def squeeze(text: str) -> str:
    """Text without whitespace, hyphens or soft hyphens: line breaks and hyphenation vanish."""
    return "".join(text.split()).replace("-", "").replace("\u00ad", "").replace("\u2010", "")


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The memo's text as poppler's pdftotext extracts it."""
    path = tmp_path / "memo-under-test.pdf"
    path.write_bytes(data)
    result = subprocess.run([require("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def deck_text(data: bytes) -> str:
    """Every text a person sees in a deck, read back with python-pptx: shapes, tables,
    charts and speaker notes."""
    from pptx import Presentation

    presentation = Presentation(io.BytesIO(data))
    texts: list[str] = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            texts += _shape_texts(shape)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


def _shape_texts(shape) -> list[str]:
    texts = []
    if getattr(shape, "shapes", None) is not None:  # a group
        for inner in shape.shapes:
            texts += _shape_texts(inner)
    if shape.has_text_frame:
        texts.append(shape.text_frame.text)
    if getattr(shape, "has_table", False) and shape.has_table:
        texts += [cell.text for row in shape.table.rows for cell in row.cells]
    if getattr(shape, "has_chart", False) and shape.has_chart:
        chart = shape.chart
        if chart.has_title:
            texts.append(chart.chart_title.text_frame.text)
        for plot in chart.plots:
            texts += [str(category) for category in plot.categories]
            texts += [series.name for series in plot.series]
    return texts


# ------------------------------------------------------------------ the hostile briefing

OPENED: list[str] = []
EVENTS: list[str] = []
WATCHING: list[bool] = []
WATCHED_EVENTS = ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn",
                  "os.fork", "pty.spawn")


def _audit(event: str, args) -> None:
    if not WATCHING:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        OPENED.append(str(args[0]))
    elif event in WATCHED_EVENTS:
        EVENTS.append(event)


sys.addaudithook(_audit)


def hostile_texts(directory: Path) -> dict[str, str]:
    secret = directory / "secret.png"
    pwned = directory / "PWNED"
    return {
        "font": f'<font color="{CVE_2023_33733.replace("PWNED_PATH", str(pwned))}">exploit</font>',
        "img": '<img src="/etc/hostname"/>',
        "img_secret": f'<img src="{secret}" width="100" height="100"/>',
        "para": "</para><para> & &amp; &lt;b&gt; <b>bold?</b> <br/> <seq/>",
        "pptx": PPTX_XML,
        "pptx_chart": "</c:v></c:pt><c:pt idx=\"9\"><c:v>9",
        "link": '<a href="file:///etc/passwd">link</a> <link href="https://x">y</link>',
        "cdata": "<![CDATA[ x ]]> <!-- comment --> <?xml version='1.0'?>",
    }


def hostile_briefing(directory: Path) -> dict:
    t = hostile_texts(directory)
    data = minimal_data()
    data["meeting"]["title"] = t["para"]
    data["meeting"]["intro"] = t["font"]
    data["memo"]["subject"] = t["img"]
    data["footnotes"] = {"n": f"{t['img_secret']} {t['link']}"}
    data["glossary"] = {"VGD": f"{t['pptx']} Vergadering {t['para']}"}
    session = data["sessions"][0]
    session["title"] = t["pptx"]
    session["summary"] = t["cdata"]
    session["topics"][0].update({
        "title": t["img"],
        "key_messages": [t["font"], t["pptx"] + "[^n]", t["img_secret"], t["para"]],
        "position": f"{t['font']}\n\n{t['pptx']}\n\n{t['link']}",
        "background": t["cdata"],
        "speaking_points": [t["pptx"], t["para"]],
        "figures": [{"id": "cijfers", "kind": "bar", "title": t["pptx_chart"],
                     "series": {t["pptx"]: 1.5, "<b>2025</b>": 2.0}, "source": t["para"]}],
    })
    session["topics"].append({"id": "tweede", "title": t["pptx"], "key_messages": [t["link"]]})
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile briefing, loaded and rendered once, with files and commands watched."""
    directory = tmp_path_factory.mktemp("hostile")
    (directory / "secret.png").write_bytes(_png())
    path = directory / "briefing.yaml"
    path.write_text(yaml.safe_dump(hostile_briefing(directory), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    loaded = load(path)
    OPENED.clear(), EVENTS.clear()
    WATCHING.append(True)
    try:
        outputs = render_outputs(loaded, parallel=False)  # one process: all is seen
    finally:
        WATCHING.clear()
    return directory, loaded, outputs, list(OPENED), list(EVENTS)


def _png() -> bytes:
    """A valid 1×1 PNG: if `<img>` were interpreted, reportlab could embed it."""
    import struct
    import zlib

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_the_hostile_briefing_is_valid_and_only_warns(hostile):
    _, loaded, outputs, _, _ = hostile
    assert all(problem.severity == "warning" for problem in loaded.warnings)
    assert sorted(outputs) == ["deck.pptx", "memo.pdf", "sessions/1-sessie-1.pptx"]


def test_no_command_runs_and_no_file_is_created(hostile):
    directory, _, _, _, events = hostile
    assert events == []
    assert not (directory / "PWNED").exists()
    assert sorted(path.name for path in directory.iterdir()) == ["briefing.yaml", "secret.png"]


def test_no_file_named_in_the_text_is_opened(hostile):
    _, _, _, opened, _ = hostile
    assert [path for path in opened if "hostname" in path or "secret.png" in path
            or "passwd" in path or "PWNED" in path] == []


def test_the_memo_embeds_no_image_and_nothing_of_etc_hostname(hostile):
    _, _, outputs, _, _ = hostile
    memo = outputs["memo.pdf"]
    assert b"/Subtype /Image" not in memo and b"/Subtype/Image" not in memo
    hostname = Path("/etc/hostname")
    if hostname.is_file() and len(hostname.read_text().strip()) >= 6:
        assert hostname.read_text().strip().encode() not in memo


@pytest.mark.parametrize("name", ["font", "img", "img_secret", "para", "pptx", "link", "cdata"])
def test_the_memo_shows_hostile_text_literally(hostile, tmp_path, name):
    directory, _, outputs, _, _ = hostile
    text = squeeze(pdf_text(outputs["memo.pdf"], tmp_path))
    assert squeeze(hostile_texts(directory)[name]) in text


def test_pypdf_reads_the_same_literal_markup(hostile):
    directory, _, outputs, _, _ = hostile
    text = squeeze(pypdf_text(outputs["memo.pdf"]))
    for name in ("img", "pptx", "para"):
        assert squeeze(hostile_texts(directory)[name]) in text, name


@pytest.mark.parametrize("deck", ["deck.pptx", "sessions/1-sessie-1.pptx"])
def test_the_decks_show_hostile_text_literally(hostile, deck):
    directory, _, outputs, _, _ = hostile
    text = deck_text(outputs[deck])
    t = hostile_texts(directory)
    for name in ("font", "img", "img_secret", "pptx", "link"):
        assert squeeze(t[name]) in squeeze(text), name
    assert PPTX_XML in text.splitlines() or any(PPTX_XML in line for line in text.splitlines())


def test_the_chart_keeps_hostile_categories_and_title_as_text(hostile):
    directory, _, outputs, _, _ = hostile
    text = deck_text(outputs["deck.pptx"])
    assert hostile_texts(directory)["pptx_chart"] in text
    assert "<b>2025</b>" in text


def test_the_decks_are_well_formed_xml_with_nothing_injected(hostile):
    import zipfile
    from xml.etree import ElementTree

    _, _, outputs, _, _ = hostile
    with zipfile.ZipFile(io.BytesIO(outputs["deck.pptx"])) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                ElementTree.fromstring(archive.read(name))  # raises when not well formed
            assert "PWNED" not in name and "hostname" not in name


@pytest.mark.parametrize("field, value, where, code", [
    ("title", "Bel\x07", "sessions[0].topics[0].title", "U+0007"),
    ("title", "\x1b[31mrood\x1b[0m", "sessions[0].topics[0].title", "U+001B"),
    ("key_messages", ["nul\x00byte"], "sessions[0].topics[0].key_messages[0]", "U+0000"),
    ("position", "regel\x0bvoeding", "sessions[0].topics[0].position", "U+000B"),
    ("speaking_points", ["a\x7fb"], "sessions[0].topics[0].speaking_points[0]", "U+007F"),
    ("background", "x\ufffey", "sessions[0].topics[0].background", "U+FFFE"),
])
def test_control_characters_are_refused_with_a_located_error(write_briefing, field, value,
                                                              where, code):
    data = minimal_data()
    data["sessions"][0]["topics"][0][field] = value
    path = write_briefing(data)  # safe_dump writes them as "\a", "\e", "\0" escapes
    with pytest.raises(BriefingError) as caught:
        load(path)
    (problem,) = caught.value.problems
    text = path.read_text(encoding="utf-8").splitlines()
    assert problem.line >= 1 and problem.column >= 1
    key = where.rsplit(".", 1)[-1].split("[")[0]
    assert key + ":" in text[problem.line - 1] or text[problem.line - 1].lstrip().startswith("-")
    assert problem.message == (f"{where}: control character {code} cannot be shown; "
                               "remove it (often pasted from another program)")
