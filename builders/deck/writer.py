"""The deck writer: a slide plan → PowerPoint.

python-pptx provides the package, the slides made from layouts, the notes slides (see
`notes`) and the charts (see `charts`); the text boxes, rectangles and runs are written
as DrawingML directly (see `drawing`), which is many times faster than python-pptx's
shape API. Every text arrives measured and placed by the plan; the writer sets sizes,
colours and exact line spacing so that PowerPoint and LibreOffice lay the lines out as
the plan measured them.
"""

from __future__ import annotations

import uuid

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..theme import Theme
from . import drawing
from .measure import Run
from .notes import NotesSlides
from .package import counting_partnames, save
from .layout import LEADING
from .plan import Block, Box, DeckPlan, Item, SlidePlan, Text
from .sections import add_sections

FIELD_NAMESPACE = uuid.UUID("0b9d2c52-6a53-5c0c-8f7e-1f3a4c5d6e7f")
TEMPLATE_LAYOUTS = {"title": "Title Slide", "section": "Section Header"}
CONTENT_LAYOUT = "Title and Content"
DEFAULT_LAYOUT = "Title Only"


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class Writer:
    """Writes one deck plan with one theme."""

    def __init__(self, plan: DeckPlan, theme: Theme):
        self.plan = plan
        self.theme = theme
        self.palette = theme.palette
        self.notes = NotesSlides()
        self.layouts: dict = {}         # the presentation's slide layouts by name
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
        self.layouts = {layout.name: layout for layout in presentation.slide_layouts}
        for slide_plan in self.plan.slides:
            self._slide(presentation, slide_plan)
        add_sections(presentation, self.plan.sections)
        self._properties(presentation)
        return save(presentation.part.package, self.plan.properties.timestamp)

    def _presentation(self):
        presentation = Presentation(str(self.template) if self.template else None)
        if self.template:
            _remove_slides(presentation)
        presentation.slide_width = drawing.emu(self.plan.width)
        presentation.slide_height = drawing.emu(self.plan.height)
        return presentation

    def _properties(self, presentation) -> None:
        props, core = self.plan.properties, presentation.core_properties
        moment = props.timestamp.replace(tzinfo=None)
        core.title, core.author, core.subject = props.title, props.author, props.subject
        core.last_modified_by, core.language = props.author, props.language
        core.created = core.modified = core.last_printed = moment
        core.revision, core.keywords, core.comments, core.category = 1, "", "", ""

    def _layout(self, presentation, slide_plan: SlidePlan):
        layouts = self.layouts
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
        canvas = _Canvas(presentation.slides.add_slide(self._layout(presentation, slide_plan)))
        inverse = slide_plan.kind == "title"
        self._background(canvas, inverse)
        if self.plan.footer.draft:
            self._draft_mark(canvas, inverse)
        placeholders = dict(drawing.placeholders(canvas.tree))
        title_shape = placeholders.get(0)
        if title_shape is not None:
            self._text(canvas, _reuse(title_shape, slide_plan.title.box), slide_plan.title)
        else:
            self._place(canvas, slide_plan.title)
        for text in filter(None, (slide_plan.kicker, *slide_plan.details, slide_plan.caption)):
            self._place(canvas, text)
        body_shape = placeholders.get(1) if slide_plan.body is not None else None
        if slide_plan.body is not None:
            box = slide_plan.body.box
            body = _reuse(body_shape, box) if body_shape is not None else canvas.textbox(box)
            self._list(canvas, body, slide_plan.body)
        for shape in placeholders.values():
            if shape is not title_shape and shape is not body_shape:
                canvas.tree.remove(shape)
        if slide_plan.chart is not None:
            from .charts import add_chart  # xlsxwriter and pptx.chart: only when a deck has a chart

            add_chart(canvas.slide, slide_plan.chart, self.theme,
                      self.plan.properties.timestamp, self.plan.language)
            canvas.last_id = drawing.max_shape_id(canvas.tree)    # the chart's frame took one
        self._footer(canvas, slide_plan.number, inverse)
        if slide_plan.notes:
            self.notes.add(canvas.slide, slide_plan.notes, self.plan.properties.language)

    def _background(self, canvas: "_Canvas", inverse: bool) -> None:
        """Title slides are filled with the primary colour; the others get a band on top."""
        if inverse:
            fill = canvas.slide.background.fill
            fill.solid()
            fill.fore_color.rgb = rgb(self.palette.primary)
        else:
            canvas.rectangle(Box(0, 0, self.plan.width, self.plan.band), self.palette.primary)

    def _style(self, size: float, colour: str, bold: bool = False,
               italic: bool = False) -> drawing.RunStyle:
        return drawing.RunStyle(size, colour, self.plan.font, self.plan.properties.language,
                                bold, italic)

    def _place(self, canvas: "_Canvas", text: Text) -> None:
        self._text(canvas, canvas.textbox(text.box), text)

    def _text(self, canvas: "_Canvas", body, text: Text) -> None:
        """One measured paragraph at its exact line spacing, in its role's colour."""
        p, p_pr = drawing.paragraph(body, "l")
        drawing.spaced(p_pr, round(text.size * text.leading, 1), 0)
        drawing.no_bullet(p_pr)
        colour = self.roles[text.role]
        for run in text.runs:
            self._run(canvas, p, run, self._style(text.size, colour, text.bold or run.bold,
                                                  run.italic))

    def _run(self, canvas: "_Canvas", p, run: Run, style: drawing.RunStyle) -> None:
        drawing.run(p, run.text, style, canvas.link(run.url) if run.url else None)

    # ------------------------------------------------------------------ lists

    def _list(self, canvas: "_Canvas", body, block: Block) -> None:
        indent = drawing.emu(block.indent)
        for index, item in enumerate(block.items):
            p, p_pr = drawing.paragraph(body, "l")
            hanging = -indent if block.indent and not item.continues else 0
            drawing.spaced(p_pr, block.line_height, 0 if index == 0 else block.gap,
                           indent, hanging)
            self._item(canvas, p, p_pr, item, block)

    def _item(self, canvas: "_Canvas", p, p_pr, item: Item, block: Block) -> None:
        if item.bullet and not item.continues:
            drawing.bullet(p_pr, self.plan.font, self.palette.secondary)
        else:
            drawing.no_bullet(p_pr)
        lead_style = self._style(block.size, self.palette.secondary, bold=True)
        if item.lead and block.stacked:
            drawing.run(p, item.lead, lead_style)
            drawing.line_break(p)
        elif item.lead:
            drawing.tab_stop(p_pr, drawing.emu(block.indent))
            drawing.run(p, item.lead + "\t", lead_style)
        for run in item.runs:
            self._run(canvas, p, run, self._style(block.size, self.palette.text, run.bold,
                                                  run.italic))
        if item.detail:
            drawing.line_break(p)
            drawing.run(p, item.detail, self._style(block.detail_size, self.palette.muted))

    # ------------------------------------------------------------- furniture

    def _footer(self, canvas: "_Canvas", number: int, inverse: bool) -> None:
        """A rule, then marking (left), meeting and draft (centre), slide number (right)."""
        footer, box = self.plan.footer, self.plan.footer.box
        margin = self.theme.deck.slide.margin_in * 72
        if not inverse:
            canvas.rectangle(Box(margin, box.top, box.width - 2 * margin, 0.75),
                             self.palette.rule)
        (marking, marking_pr), (meeting, _), (number_cell, _) = [
            drawing.paragraph(canvas.textbox(cell, "ctr"), align)
            for cell, align in zip(footer.cells, ("l", "ctr", "r"))]
        muted = self._style(footer.size, self.palette.light if inverse else self.palette.muted)
        marking_style = self._style(
            footer.size, self.palette.white if inverse else self.palette.marking, True)
        if len(footer.marking_lines) > 1:       # wrapped as measured, inside the band
            drawing.spaced(marking_pr, round(footer.size * LEADING, 1), 0)
        for index, line in enumerate(footer.marking_lines):
            if index:
                drawing.line_break(marking)
            drawing.run(marking, line, marking_style)
        drawing.run(meeting, footer.meeting, muted)
        if footer.draft:
            drawing.run(meeting, "  ·  ", muted)
            drawing.run(meeting, footer.draft, self._style(
                footer.size, self.palette.white if inverse else self.palette.alert, True))
        self._slide_number(number_cell, number, muted)

    def _slide_number(self, p, number: int, style: drawing.RunStyle) -> None:
        """The number as a slide-number field (it follows when slides move), then the total."""
        field = drawing.run(p, str(number), style, tag=drawing.A_FLD)
        field.set("id", "{" + str(uuid.uuid5(FIELD_NAMESPACE, str(number))).upper() + "}")
        field.set("type", "slidenum")
        drawing.run(p, f" / {len(self.plan.slides)}", style)

    def _draft_mark(self, canvas: "_Canvas", inverse: bool) -> None:
        """CONCEPT / DRAFT: a large, light, diagonal word behind the slide's content."""
        width, height = self.plan.width * 0.6, 150.0
        box = Box((self.plan.width - width) / 2, (self.plan.height - height) / 2 - 10,
                  width, height)
        p, _ = drawing.paragraph(canvas.textbox(box, "ctr", rotation=-24), "ctr")
        colour = self.palette.white if inverse else self.palette.watermark
        added = drawing.run(p, self.plan.footer.draft, self._style(110, colour, True))
        colour_element = added.find(f"{drawing.A_RPR}/{drawing.A_SOLIDFILL}/{drawing.A_SRGBCLR}")
        etree.SubElement(colour_element, drawing.A_ALPHA,
                         val="12000" if inverse else "40000")


class _Canvas:
    """One slide's shape tree: new shapes take the next shape id, links the slide's rels."""

    def __init__(self, slide):
        self.slide = slide
        self.tree = slide.shapes._spTree
        self.last_id = drawing.max_shape_id(self.tree)

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def textbox(self, box: Box, anchor: str = "t", rotation: float = 0.0):
        """A new text box; returns its text body."""
        return drawing.textbox(self.tree, self.next_id(), box, anchor, rotation)

    def rectangle(self, box: Box, colour: str) -> None:
        drawing.rectangle(self.tree, self.next_id(), box, colour)

    def link(self, url: str) -> str:
        """The relationship id of an external hyperlink from this slide (one per address)."""
        return self.slide.part.relate_to(url, RT.HYPERLINK, is_external=True)


def _reuse(placeholder, box: Box):
    """A layout's placeholder moved to `box`, its text body replaced; returns the body."""
    drawing.place(placeholder.find(drawing.P_SPPR), box)
    return drawing.text_body(placeholder, "t")


def _remove_slides(presentation) -> None:
    """A template's own slides are not part of our deck."""
    id_list = presentation.slides._sldIdLst
    for slide_id in list(id_list):
        presentation.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def render_plan(plan: DeckPlan, theme: Theme) -> bytes:
    """PowerPoint bytes for a plan."""
    return Writer(plan, theme).render()
