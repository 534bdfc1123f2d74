"""The DrawingML the writer builds itself is what python-pptx's shape API would write."""

from __future__ import annotations

import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from builders.deck import drawing
from builders.deck.layout import Box


def test_a_text_box_with_a_styled_linked_run_matches_python_pptx():
    box, style = Box(10, 20, 300, 40.5), drawing.RunStyle(22, "#01689B", "Arial", "nl-NL",
                                                          bold=True)
    ours = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    body = drawing.textbox(ours.shapes._spTree, 2, box)
    p, p_pr = drawing.paragraph(body, "l")
    drawing.spaced(p_pr, 26.4, 0)
    drawing.no_bullet(p_pr)
    drawing.run(p, "Bel\x07 en tab\t", style, link="rId2")

    theirs = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    shape = theirs.shapes.add_textbox(*(Emu(drawing.emu(v)) for v in (10, 20, 300, 40.5)))
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size, frame.vertical_anchor = True, MSO_AUTO_SIZE.NONE, \
        MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.line_spacing = Pt(26.4)
    paragraph.space_before = paragraph.space_after = Pt(0)
    paragraph._p.get_or_add_pPr().set("marL", "0")
    paragraph._p.get_or_add_pPr().set("indent", "0")
    etree.SubElement(paragraph._p.get_or_add_pPr(), drawing.A_BUNONE)
    added = paragraph.add_run()
    added.text = "Bel\x07 en tab\t"
    font = added.font
    font.name, font.size, font.bold, font.italic = "Arial", Pt(22), True, False
    font.color.rgb = RGBColor(0x01, 0x68, 0x9B)
    for name, value in (("lang", "nl-NL"), ("cap", "none"), ("spc", "0"), ("baseline", "0")):
        added._r.get_or_add_rPr().set(name, value)
    added.hyperlink.address = "https://example.org"       # the slide's second relationship

    assert etree.tostring(ours.shapes._spTree[-1]) == etree.tostring(shape._element)


def _run_built_element_by_element(p, text, style, link=None, tag=None):
    """`drawing.run` as it was written before runs were copied from a template."""
    from lxml import etree

    r = etree.SubElement(p, tag or drawing.A_R)
    r_pr = etree.SubElement(r, drawing.A_RPR, sz=drawing.centipoints(style.size),
                            b="1" if style.bold else "0", i="1" if style.italic else "0",
                            lang=style.lang, cap="none", spc="0", baseline="0")
    fill = etree.SubElement(r_pr, drawing.A_SOLIDFILL)
    etree.SubElement(fill, drawing.A_SRGBCLR, val=drawing.hex_colour(style.colour))
    etree.SubElement(r_pr, drawing.A_LATIN, typeface=style.font)
    if link is not None:
        etree.SubElement(r_pr, drawing.A_HLINKCLICK).set(drawing.R_ID, link)
    etree.SubElement(r, drawing.A_T).text = drawing.escape_controls(text)
    return r


def test_runs_copied_from_a_template_are_the_elements_built_one_by_one():
    """A run is a copy of an empty run made once per style (and tag); the slide XML is the
    same as building each element, and changing a run (a field's id, an alpha) leaves the
    template alone."""
    from lxml import etree

    p_ns = "http://schemas.openxmlformats.org/presentationml/2006/main"
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cases = [("Eén & <twee>", drawing.RunStyle(18.0, "#154273", "Arial", "nl-NL")),
             ("bell\x07", drawing.RunStyle(12.5, "#ffffff", "Arial", "en-GB", True, True)),
             ("link", drawing.RunStyle(18.0, "#154273", "Arial", "nl-NL"), "rId4"),
             ("7", drawing.RunStyle(9.0, "#555555", "Arial", "nl-NL"), None, drawing.A_FLD)]
    trees = []
    for make in (drawing.run, _run_built_element_by_element):
        root = etree.Element(f"{{{p_ns}}}sld", nsmap={"a": drawing.A_NS, "p": p_ns, "r": r_ns})
        p = etree.SubElement(root, drawing.A_P)
        for case in cases * 2:
            made = make(p, *case)
            if len(case) > 3:
                made.set("id", "{X}")
        trees.append(etree.tostring(root))
    assert trees[0] == trees[1]
    assert b"xmlns:a" not in trees[0].split(b">", 1)[1]      # no declaration on the runs
    template = drawing._run_template(cases[3][1], drawing.A_FLD)
    assert template.get("id") is None and template[-1].text is None


HOSTILE = ["Tom & Jerry <b>bold</b> \"quoted\" 'single' a > b", "Bel\x07, vt\x0b, esc\x1b, nul\x00",
           "emoji 🇳🇱👩‍👩‍👧 ✓", "RTL: مرحبا بالعالم שלום \u202eevil\u202c", "cr\r\nlf\ttab", "",
           "  spaces  ", "&amp; &#13; ]]> <!-- -->", "\ue000 private \U0010fffd"]


def _slide_tree():
    """A slide's shape tree, in a document declaring a, p and r as slides do."""
    root = etree.fromstring(
        '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:cSld><p:spTree><p:sp><p:txBody><a:p/></p:txBody><p:spPr/></p:sp>'
        '</p:spTree></p:cSld></p:sld>')
    return root, root.find(f"{drawing.P_CSLD}/{drawing.P_SPTREE}")


def _draw(tree, bodies, texts, lang="nl-NL", font="Arial"):
    """Every builder of drawing.py's, on every text: a text box per text, the blank's
    placeholder given a new body, with spacing, bullets, tabs, breaks and links."""
    placeholder = tree[0]
    drawing.place(placeholder.find(drawing.P_SPPR), Box(1, 2, 3, 4))
    first = drawing.text_body(placeholder, "b", bodies)
    p, p_pr = drawing.paragraph(first, "ctr")
    drawing.run(p, texts[0], drawing.RunStyle(30, "#154273", font, lang, bold=True))
    for index, text in enumerate(texts):
        body = drawing.textbox(tree, 10 + index, Box(index, 2.5, 300, 40.5),
                               ("t", "ctr", "b")[index % 3], rotation=-24 * (index % 2),
                               decorative=index % 2 == 1, bodies=bodies)
        style = drawing.RunStyle(18 + index / 3, "#01689b", font, lang, italic=index % 2 == 0)
        p, p_pr = drawing.paragraph(body, "l")
        if index % 3:
            drawing.spaced(p_pr, 26.4 + index, index * 0.7, 12700 * index, -12700 * index)
        if index % 2:
            drawing.bullet(p_pr, font, "#E17000")
            drawing.tab_stop(p_pr, 228600)
        else:
            drawing.no_bullet(p_pr)
        drawing.run(p, text + "\t", style)
        drawing.line_break(p)
        drawing.run(p, text, style, link=f"rId{index + 2}")
        drawing.paragraph(body, "r")                    # a paragraph with nothing in it
        drawing.rectangle(tree, 40 + index, Box(1, 1, 2, 2), "#cccccc", decorative=True)


def _serialised(texts, **options):
    from builders.deck.opc import serialize_xml

    root, tree = _slide_tree()
    _draw(tree, None, texts, **options)
    as_elements = serialize_xml(root)
    root, tree = _slide_tree()
    bodies: dict = {}
    _draw(tree, bodies, texts, **options)
    assert bodies and all(type(body) is drawing.TextBody for body in bodies.values())
    return as_elements, drawing.with_bodies(serialize_xml(root), root, bodies)


def test_text_bodies_written_as_text_are_the_bytes_lxml_serialises():
    """Ampersands, angle brackets, quotes, control characters, emoji, right-to-left text
    and marks, carriage returns: the lean slide's text is lxml's, byte for byte."""
    as_elements, as_text = _serialised(HOSTILE)
    assert as_text == as_elements
    assert "&lt;b&gt;".encode() in as_text and b"_x0007_" in as_text
    assert "👩‍👩‍👧".encode() in as_text and "مرحبا".encode() in as_text


def test_text_bodies_escape_attributes_as_lxml_does():
    as_elements, as_text = _serialised(["x"], lang='nl"&<>\n\t\rNL', font="A & <B> \"C\"")
    assert as_text == as_elements and b"A &amp; &lt;B&gt; &quot;C&quot;" in as_text


@pytest.mark.parametrize("text", ["a surrogate \ud800", "not a character \ufffe"])
def test_text_lxml_refuses_is_left_to_python_pptx_whose_lxml_refuses_it(text):
    from builders.deck.opc import NeedsPptx

    root, tree = _slide_tree()
    with pytest.raises(ValueError):                 # lxml refuses it
        _draw(tree, None, [text])
    root, tree = _slide_tree()
    with pytest.raises(NeedsPptx):
        _draw(tree, {}, [text])


def test_a_slide_with_an_empty_text_body_of_its_own_is_left_to_python_pptx():
    """An empty `p:txBody` that stands for no written body (one the blank had): the
    bodies cannot be placed, so the lean writer gives the slide up."""
    from builders.deck.opc import NeedsPptx, serialize_xml

    root, tree = _slide_tree()
    bodies: dict = {}
    _draw(tree, bodies, ["x"])
    etree.SubElement(etree.SubElement(tree, drawing.P_SP), drawing.P_TXBODY)
    with pytest.raises(NeedsPptx):
        drawing.with_bodies(serialize_xml(root), root, bodies)
