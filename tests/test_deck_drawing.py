"""The DrawingML the writer builds itself is what python-pptx's shape API would write."""

from __future__ import annotations

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
