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
