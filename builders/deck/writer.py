"""The deck writer: a slide plan → PowerPoint, through python-pptx.

Only this module, `charts` and `sections` touch python-pptx. Every text arrives measured
and placed by the plan; the writer sets sizes, colours and exact line spacing so that
PowerPoint and LibreOffice lay the lines out as the plan measured them.
"""

from __future__ import annotations

import io
import uuid

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..theme import Theme
from .charts import add_chart
from .measure import Run
from .package import counting_partnames, deterministic_zip
from .plan import Block, Box, DeckPlan, Item, SlidePlan, Text
from .sections import add_sections

EMU_PER_POINT = 12700
FIELD_NAMESPACE = uuid.UUID("0b9d2c52-6a53-5c0c-8f7e-1f3a4c5d6e7f")
TEMPLATE_LAYOUTS = {"title": "Title Slide", "section": "Section Header"}
CONTENT_LAYOUT = "Title and Content"
DEFAULT_LAYOUT = "Title Only"


def emu(points: float) -> Emu:
    return Emu(int(round(points * EMU_PER_POINT)))


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class Writer:
    """Writes one deck plan with one theme."""

    def __init__(self, plan: DeckPlan, theme: Theme):
        self.plan = plan
        self.theme = theme
        self.palette = theme.palette
        self.template = theme.resolve(theme.deck.template) if theme.deck.template else None
        self.roles = {
            "title": self.palette.primary, "text": self.palette.text,
            "kicker": self.palette.secondary, "muted": self.palette.muted,
            "inverse": self.palette.white, "inverse_muted": self.palette.light,
        }

    # ------------------------------------------------------------------ deck

    def render(self) -> bytes:
        presentation = self._presentation()
        counting_partnames(presentation.part.package)
        for slide_plan in self.plan.slides:
            self._slide(presentation, slide_plan)
        add_sections(presentation, self.plan.sections)
        self._properties(presentation)
        out = io.BytesIO()
        presentation.save(out)
        return deterministic_zip(out.getvalue(), self.plan.properties.timestamp)

    def _presentation(self):
        presentation = Presentation(str(self.template) if self.template else None)
        if self.template:
            _remove_slides(presentation)
        presentation.slide_width = emu(self.plan.width)
        presentation.slide_height = emu(self.plan.height)
        return presentation

    def _properties(self, presentation) -> None:
        props, core = self.plan.properties, presentation.core_properties
        moment = props.timestamp.replace(tzinfo=None)
        core.title, core.author, core.subject = props.title, props.author, props.subject
        core.last_modified_by, core.language = props.author, props.language
        core.created = core.modified = core.last_printed = moment
        core.revision, core.keywords, core.comments, core.category = 1, "", "", ""

    def _layout(self, presentation, slide_plan: SlidePlan):
        layouts = {layout.name: layout for layout in presentation.slide_layouts}
        if self.template:
            name = TEMPLATE_LAYOUTS.get(slide_plan.kind, CONTENT_LAYOUT)
            if slide_plan.kind == "title" and slide_plan.section not in ("opening",) \
                    and "Section Header" in layouts and self._combined():
                name = "Section Header"
            if name in layouts:
                return layouts[name]
        return layouts.get(DEFAULT_LAYOUT, presentation.slide_layouts[-1])

    def _combined(self) -> bool:
        return any(section.key == "opening" for section in self.plan.sections)

    # ----------------------------------------------------------------- slides

    def _slide(self, presentation, slide_plan: SlidePlan) -> None:
        slide = presentation.slides.add_slide(self._layout(presentation, slide_plan))
        inverse = slide_plan.kind == "title"
        if inverse:
            fill = slide.background.fill
            fill.solid()
            fill.fore_color.rgb = rgb(self.palette.primary)
        else:
            self._rectangle(slide, Box(0, 0, self.plan.width, self.plan.band),
                            self.palette.primary)
        if self.plan.footer.draft:
            self._draft_mark(slide, inverse)
        title_shape = slide.shapes.title
        if title_shape is not None:
            self._place(title_shape, slide_plan.title)
        else:
            self._place(self._textbox(slide, slide_plan.title.box), slide_plan.title)
        for text in filter(None, (slide_plan.kicker, *slide_plan.details, slide_plan.caption)):
            self._place(self._textbox(slide, text.box), text)
        body_shape = None
        if slide_plan.body is not None:
            body_shape = self._body_placeholder(slide) or self._textbox(slide,
                                                                       slide_plan.body.box)
            self._list(body_shape, slide_plan.body)
        _remove_unused_placeholders(slide, keep=(title_shape, body_shape))
        if slide_plan.chart is not None:
            add_chart(slide, slide_plan.chart, self.theme, self.plan.properties.timestamp,
                      self.plan.language)
        self._footer(slide, slide_plan.number, inverse)
        if slide_plan.notes:
            self._notes(slide, slide_plan)

    def _rectangle(self, slide, box: Box, colour: str):
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(box.left), emu(box.top),
                                       emu(box.width), emu(box.height))
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(colour)
        shape.line.fill.background()
        style = shape._element.find(qn("p:style"))
        if style is not None:         # the theme's shape style would add a shadow
            shape._element.remove(style)
        return shape

    def _textbox(self, slide, box: Box):
        return slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width),
                                        emu(box.height))

    def _body_placeholder(self, slide):
        for shape in slide.placeholders:
            if shape.placeholder_format.idx == 1:
                return shape
        return None

    def _frame(self, shape, box: Box, anchor=MSO_ANCHOR.TOP):
        """Position the shape and make its text frame do no fitting of its own."""
        shape.left, shape.top = emu(box.left), emu(box.top)
        shape.width, shape.height = emu(box.width), emu(box.height)
        frame = shape.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        return frame

    def _place(self, shape, text: Text) -> None:
        frame = self._frame(shape, text.box)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.line_spacing = Pt(round(text.size * text.leading, 1))
        paragraph.space_before = paragraph.space_after = Pt(0)
        paragraph._p.get_or_add_pPr().set("marL", "0")
        paragraph._p.get_or_add_pPr().set("indent", "0")
        _no_bullet(paragraph)
        colour = self.roles[text.role]
        for run in text.runs:
            self._run(paragraph, run, text.size, colour, bold=text.bold or run.bold)

    def _run(self, paragraph, run: Run, size: float, colour: str, bold: bool | None = None):
        added = paragraph.add_run()
        added.text = run.text
        font = added.font
        font.name = self.plan.font
        font.size = Pt(size)
        font.bold = run.bold if bold is None else bold
        font.italic = run.italic
        font.color.rgb = rgb(colour)
        r_pr = added._r.get_or_add_rPr()
        r_pr.set("lang", self.plan.properties.language)
        r_pr.set("cap", "none")       # a layout's capitals or letter spacing would widen
        r_pr.set("spc", "0")          # the text beyond what the plan measured
        r_pr.set("baseline", "0")
        if run.url:
            added.hyperlink.address = run.url
        return added

    # ------------------------------------------------------------------ lists

    def _list(self, shape, block: Block) -> None:
        frame = self._frame(shape, block.box)
        for index, item in enumerate(block.items):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.LEFT
            paragraph.line_spacing = Pt(block.line_height)
            paragraph.space_before = Pt(0 if index == 0 else block.gap)
            paragraph.space_after = Pt(0)
            self._item(paragraph, item, block)

    def _item(self, paragraph, item: Item, block: Block) -> None:
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.set("marL", str(emu(block.indent)))
        p_pr.set("indent", str(-emu(block.indent)) if block.indent and not item.continues
                 else "0")
        if item.bullet and not item.continues:
            _bullet(p_pr, self.plan.font, self.palette.secondary)
        else:
            _no_bullet(paragraph)
        text_colour = self.palette.text
        if item.lead and block.stacked:
            self._run(paragraph, Run(item.lead, bold=True), block.size, self.palette.secondary)
            paragraph.add_line_break()
        elif item.lead:
            tabs = etree.SubElement(p_pr, qn("a:tabLst"))
            etree.SubElement(tabs, qn("a:tab"), pos=str(emu(block.indent)), algn="l")
            _order_ppr(p_pr)
            self._run(paragraph, Run(item.lead + "\t", bold=True), block.size,
                      self.palette.secondary)
        for run in item.runs:
            self._run(paragraph, run, block.size, text_colour)
        if item.detail:
            paragraph.add_line_break()
            self._run(paragraph, Run(item.detail), block.detail_size, self.palette.muted)

    # ------------------------------------------------------------- furniture

    def _footer(self, slide, number: int, inverse: bool) -> None:
        footer, box = self.plan.footer, self.plan.footer.box
        margin = self.theme.deck.slide.margin_in * 72
        muted = self.palette.light if inverse else self.palette.muted
        if not inverse:
            self._rectangle(slide, Box(margin, box.top, box.width - 2 * margin, 0.75),
                            self.palette.rule)
        third = (box.width - 2 * margin) / 3
        cells = [
            (Box(margin, box.top, third, box.height), PP_ALIGN.LEFT,
             [Run(footer.marking, bold=True)], self.palette.white if inverse else
             self.palette.marking),
            (Box(margin + third, box.top, third, box.height), PP_ALIGN.CENTER,
             [Run(footer.meeting)], muted),
            (Box(margin + 2 * third, box.top, third, box.height), PP_ALIGN.RIGHT,
             None, muted),
        ]
        for cell_box, align, runs, colour in cells:
            frame = self._frame(self._textbox(slide, cell_box), cell_box, MSO_ANCHOR.MIDDLE)
            paragraph = frame.paragraphs[0]
            paragraph.alignment = align
            if runs is None:
                self._slide_number(paragraph, number, colour)
                continue
            for run in runs:
                self._run(paragraph, run, footer.size, colour)
            if footer.draft and align == PP_ALIGN.CENTER:
                self._run(paragraph, Run("  ·  "), footer.size, colour)
                self._run(paragraph, Run(footer.draft, bold=True), footer.size,
                          self.palette.white if inverse else self.palette.alert)

    def _slide_number(self, paragraph, number: int, colour: str) -> None:
        """The number as a slide-number field (it follows when slides move), then the total."""
        placeholder = self._run(paragraph, Run(str(number)), self.plan.footer.size, colour)
        field = etree.SubElement(paragraph._p, qn("a:fld"))
        field.set("id", "{" + str(uuid.uuid5(FIELD_NAMESPACE, str(number))).upper() + "}")
        field.set("type", "slidenum")
        run_element = placeholder._r
        field.append(run_element.find(qn("a:rPr")))
        text = etree.SubElement(field, qn("a:t"))
        text.text = str(number)
        run_element.addprevious(field)
        paragraph._p.remove(run_element)
        self._run(paragraph, Run(f" / {len(self.plan.slides)}"), self.plan.footer.size,
                  colour)

    def _draft_mark(self, slide, inverse: bool) -> None:
        """CONCEPT / DRAFT: a large, light, diagonal word behind the slide's content."""
        width, height = self.plan.width * 0.6, 150.0
        box = Box((self.plan.width - width) / 2, (self.plan.height - height) / 2 - 10,
                  width, height)
        shape = self._textbox(slide, box)
        frame = self._frame(shape, box, MSO_ANCHOR.MIDDLE)
        shape.rotation = -24
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        colour = self.palette.white if inverse else self.palette.watermark
        added = self._run(paragraph, Run(self.plan.footer.draft, bold=True), 110, colour)
        fill = added._r.find(qn("a:rPr")).find(qn("a:solidFill"))
        alpha = etree.SubElement(fill[0], qn("a:alpha"))
        alpha.set("val", "12000" if inverse else "40000")

    def _notes(self, slide, slide_plan: SlidePlan) -> None:
        frame = slide.notes_slide.notes_text_frame
        for index, note in enumerate(slide_plan.notes):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            added = paragraph.add_run()
            added.text = note.text
            if note.heading:
                added.font.bold = True
            added._r.get_or_add_rPr().set("lang", self.plan.properties.language)


def _bullet(p_pr, font: str, colour: str) -> None:
    for tag in ("a:buNone", "a:buChar", "a:buFont", "a:buClr"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    colour_element = etree.SubElement(p_pr, qn("a:buClr"))
    etree.SubElement(colour_element, qn("a:srgbClr"), val=colour.lstrip("#").upper())
    etree.SubElement(p_pr, qn("a:buFont"), typeface=font)
    etree.SubElement(p_pr, qn("a:buChar"), char="•")
    _order_ppr(p_pr)


def _no_bullet(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    if p_pr.find(qn("a:buNone")) is None:
        etree.SubElement(p_pr, qn("a:buNone"))
    _order_ppr(p_pr)


_PPR_ORDER = ["lnSpc", "spcBef", "spcAft", "buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts",
              "buFontTx", "buFont", "buNone", "buAutoNum", "buChar", "buBlip", "tabLst",
              "defRPr", "extLst"]


def _order_ppr(p_pr) -> None:
    """Put a:pPr's children in schema order (python-pptx inserts its own in order)."""
    rank = {qn("a:" + name): index for index, name in enumerate(_PPR_ORDER)}
    children = sorted(p_pr, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        p_pr.append(child)


def _remove_unused_placeholders(slide, keep) -> None:
    for shape in list(slide.placeholders):
        if shape not in keep:
            shape._element.getparent().remove(shape._element)


def _remove_slides(presentation) -> None:
    """A template's own slides are not part of our deck."""
    id_list = presentation.slides._sldIdLst
    for slide_id in list(id_list):
        presentation.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def render_plan(plan: DeckPlan, theme: Theme) -> bytes:
    """PowerPoint bytes for a plan."""
    return Writer(plan, theme).render()
