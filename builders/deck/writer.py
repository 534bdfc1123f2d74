"""The deck writer: a slide plan → PowerPoint.

python-pptx provides the package, the slides made from layouts, the notes slides (see
`notes`) and the charts (see `charts`); the text boxes, rectangles and runs are written
as DrawingML directly (see `drawing`), which is many times faster than python-pptx's
shape API. Every text arrives measured and placed by the plan; the writer sets sizes,
colours and exact line spacing so that PowerPoint and LibreOffice lay the lines out as
the plan measured them.
"""

from __future__ import annotations

import copy
import uuid

from lxml import etree

from ..theme import Theme
from . import drawing
from .measure import Run
from . import master
from .layout import LEADING, Frame, Planner
from .master import MasterText, build_master, localise_notes_master
from .notes import NotesSlides
from . import chart_cache
from . import lean
from .opc import (RT_CHART, RT_HYPERLINK, DeflatedMembers, NeedsPptx, next_relationship_id,
                  parse_oxml)
from .plan import Block, Box, DeckPlan, Item, SlidePlan, Text
from .reuse import SlideStore, add_chart_parts, field_id, kept_chart, place
from .sections import add_sections

FIELD_NAMESPACE = uuid.UUID("0b9d2c52-6a53-5c0c-8f7e-1f3a4c5d6e7f")
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


class Writer:
    """Writes one deck plan with one theme."""

    def __init__(self, plan: DeckPlan, theme: Theme, deflated: DeflatedMembers | None = None,
                 store: SlideStore | None = None, prepared=None):
        self.plan = plan
        self.deflated = deflated
        self.store = store
        self.prepared = prepared
        self.number_runs: tuple = ()    # the last slide's number field and total run
        self.footers: dict = {}         # dark or not → the footer's shapes, as first built
        self.theme = theme
        self._theme_json = None
        self.chart_cache = True         # charts from and into the machine's chart cache
        self.lean_written = False       # written in our package (no cycles left to collect)
        self.palette = theme.palette
        self.notes = NotesSlides(prepared)
        self.layouts: dict = {}         # slide layouts by name (a template's) or role (ours)
        self.template = theme.resolve(theme.deck.template) if theme.deck.template else None
        self.roles = {
            "title": self.palette.primary, "text": self.palette.text,
            "kicker": self.palette.secondary, "muted": self.palette.muted,
            "inverse": self.palette.white, "inverse_muted": self.palette.light,
        }

    # ------------------------------------------------------------------ deck

    def render(self) -> bytes:
        """The deck: in our package when the parts every deck starts from are known (made
        before, by this process or an earlier one: see `lean`), else with python-pptx."""
        skeleton = (lean.skeleton(self._furniture(), self.prepared)
                    if lean.ENABLED and self.prepared is not None and self.lean_possible()
                    else None)
        if skeleton is not None:
            kept = None if self.store is None else self.store.checkpoint()
            try:
                written = self._render_lean(skeleton)
                self.lean_written = self.prepared.last_lean = True
                return written
            except Exception as error:  # noqa: BLE001 - begun again: the store, the deck's
                if not isinstance(error, NeedsPptx):    # state (and a skeleton that is not
                    lean.forget(self._furniture(), self.prepared)   # what was made: gone)
                if self.store is not None:
                    self.store.restore(kept)
                self.number_runs, self.footers, self.layouts = (), {}, {}
                self.notes = NotesSlides(self.prepared)
        return self._render_pptx()

    def lean_possible(self) -> bool:
        return lean.possible(self.theme)

    def _render_lean(self, skeleton) -> bytes:
        presentation = lean.Deck(skeleton)
        self.layouts = dict(zip(master.LAYOUT_ROLES, presentation.slide_layouts))
        for slide_plan in self.plan.slides:
            self._written_once(presentation, slide_plan)
        add_sections(presentation, self.plan.sections)
        if any(slide.notes for slide in self.plan.slides):
            presentation.localise_notes(localise_notes_master, self.theme,
                                        self.plan.properties.language)
        presentation.set_core_properties(self.plan.properties)
        return presentation.save(self.plan.properties.timestamp, self.deflated)

    def _render_pptx(self) -> bytes:
        from .package import counting_partnames, save

        if self.prepared is None:
            presentation = self._presentation()
        else:
            presentation = self.prepared.presentation(self._furniture(), self._presentation)
        counting_partnames(presentation.part.package)
        if self.template:
            self.layouts = {layout.name: layout for layout in presentation.slide_layouts}
        else:                           # ours, in role order (two roles may share a name)
            self.layouts = dict(zip(master.LAYOUT_ROLES, presentation.slide_layouts))
        for slide_plan in self.plan.slides:
            self._written_once(presentation, slide_plan)
        add_sections(presentation, self.plan.sections)
        if any(slide.notes for slide in self.plan.slides):
            localise_notes_master(presentation, self.theme, self.plan.properties.language)
        self._properties(presentation)
        return save(presentation.part.package, self.plan.properties.timestamp,
                    self.deflated)

    def _written_once(self, presentation, slide_plan: SlidePlan) -> None:
        """The slide, from the parts an earlier deck kept of it if there are any; kept
        in turn when a later deck shows it too (see `reuse`)."""
        if self.store is None:
            self._slide(presentation, slide_plan)
            return
        key = self.store.key(self.plan, slide_plan)
        kept = self.store.take(key)
        if kept is not None:
            number = slide_plan.number
            place(presentation, kept, self._layout(slide_plan).part, number,
                  len(self.plan.slides), field_id(number, FIELD_NAMESPACE))
            return
        slide = self._slide(presentation, slide_plan)
        if self.store.wanted(key):
            self.store.keep(key, slide.part, *self.number_runs)

    def _furniture(self) -> tuple:
        """What `_presentation` makes the deck's master from."""
        plan = self.plan
        return (self.theme, self.template, plan.footer, plan.properties.language,
                plan.language, plan.width, plan.height)

    def _new_slide(self, presentation, layout):
        if getattr(presentation, "lean", False):
            return presentation.add_slide(layout.part)
        if self.prepared is None:
            return presentation.slides.add_slide(layout)
        return self.prepared.add_slide(presentation, layout.part)

    def _presentation(self):
        from pptx import Presentation

        presentation = Presentation(str(self.template) if self.template else None)
        if self.template:
            _remove_slides(presentation)
        else:
            footer = self.plan.footer
            build_master(presentation, self.theme, Planner(self.theme, Frame.of(self.theme),
                                                           self.plan.language),
                         MasterText(footer.marking, footer.marking_lines, footer.meeting,
                                    footer.draft, footer.top_marking,
                                    self.plan.properties.language, self.plan.language),
                         deck_logo(self.theme))
        presentation.slide_width = drawing.emu(self.plan.width)
        presentation.slide_height = drawing.emu(self.plan.height)
        return presentation

    def _properties(self, presentation) -> None:
        set_core_properties(presentation.core_properties, self.plan.properties)

    def _layout(self, slide_plan: SlidePlan):
        """The layout of the slide's role, by the theme's name for it (never a fallback)."""
        if not self.template:
            return self.layouts[slide_plan.layout]
        name = getattr(self.theme.deck.layouts, slide_plan.layout)
        if name not in self.layouts:
            raise ValueError(f"the deck's template has no layout named {name!r} "
                             f"(deck.layouts.{slide_plan.layout}); its layouts: "
                             + ", ".join(repr(known) for known in self.layouts))
        return self.layouts[name]

    # ----------------------------------------------------------------- slides

    def _slide(self, presentation, slide_plan: SlidePlan):
        """The slide's shapes in reading order: title, kicker, details, body, chart, source."""
        canvas = _Canvas(self._new_slide(presentation, self._layout(slide_plan)))
        inverse = slide_plan.dark
        if inverse and self.template:       # our master's dark layouts have it themselves
            fill = canvas.slide.background.fill
            fill.solid()
            fill.fore_color.rgb = rgb(self.palette.primary)
        placeholders = dict(drawing.placeholders(canvas.tree))
        title_shape = placeholders.get(0)
        anchor = "t" if inverse else "b"
        if title_shape is not None:
            title_body = _reuse(title_shape, slide_plan.title.box, anchor, canvas.bodies)
            canvas.tree.append(title_shape)         # first in reading order among texts
        else:
            title_body = canvas.textbox(slide_plan.title.box, anchor)
        self._text(canvas, title_body, slide_plan.title)
        for text in filter(None, (slide_plan.kicker, *slide_plan.details)):
            self._place(canvas, text)
        body_shape = placeholders.get(1) if slide_plan.body is not None else None
        if slide_plan.body is not None:
            box = slide_plan.body.box
            if body_shape is not None:
                body = _reuse(body_shape, box, bodies=canvas.bodies)
                canvas.tree.append(body_shape)
            else:
                body = canvas.textbox(box)
            self._list(canvas, body, slide_plan.body)
        for shape in placeholders.values():
            if shape is not title_shape and shape is not body_shape:
                canvas.tree.remove(shape)
        if slide_plan.timeline:
            self._timeline(canvas, slide_plan.timeline)
        if slide_plan.chart is not None:
            self._chart(canvas, slide_plan)
        if slide_plan.caption is not None:
            self._place(canvas, slide_plan.caption)
        self._footer(canvas, slide_plan.number, inverse)
        if self.template:                   # after the content: read last, drawn over it
            self._template_furniture(canvas, inverse)
        if slide_plan.notes:
            self.notes.add(canvas.slide, slide_plan.notes, self.plan.properties.language)
        return canvas.slide

    def _chart(self, canvas: "_Canvas", slide_plan: SlidePlan) -> None:
        """The chart from the machine's chart cache when it was made before from the same
        inputs (see `chart_cache`), else made and kept there."""
        slide_part = canvas.slide.part
        rId = next_relationship_id(slide_part)
        key = chart_cache.chart_key(
            slide_plan.chart, slide_plan.alt_text, self._theme_key(), self.plan.font, self.plan.language,
            self.plan.properties.language, self.plan.properties.timestamp, canvas.last_id,
            drawing.max_shape_id(canvas.tree), rId)   # the chart's name, and the id it takes
        kept = chart_cache.read(key) if self.chart_cache else None
        if kept is not None:
            add_chart_parts(slide_part, kept.rId, kept.part)
            canvas.tree.extend(chart_cache.shapes_from(
                kept, parse_oxml if canvas.lean else _pptx_parse))
            canvas.last_id = drawing.max_shape_id(canvas.tree)
            return
        if canvas.lean:
            raise NeedsPptx("a chart that is not in the chart cache")
        first = len(canvas.tree)
        self._make_chart(canvas, slide_plan)
        if not self.chart_cache:
            return
        rel = slide_part.rels.get(rId)
        part = kept_chart(rel.target_part) if rel is not None and rel.reltype == RT_CHART else None
        if part is not None and first < len(canvas.tree):
            chart_cache.write(key, chart_cache.KeptChart(
                chart_cache.shapes_xml(canvas.tree[first:]), rId, part))

    def _theme_key(self) -> str:
        if self._theme_json is None:
            self._theme_json = self.theme.model_dump_json()
        return self._theme_json

    def _make_chart(self, canvas: "_Canvas", slide_plan: SlidePlan) -> None:
        from .charts import add_chart  # xlsxwriter and pptx.chart: only when a deck has a chart

        frame = add_chart(canvas.slide, slide_plan.chart, self.theme,
                          self.plan.properties.timestamp, self.plan.language)
        properties = frame._element.nvGraphicFramePr.cNvPr
        properties.set("name", f"{drawing.CHART_NAME} {canvas.last_id}")
        if slide_plan.alt_text:
            properties.set("descr", drawing.escape_controls(slide_plan.alt_text))
        _chart_language(frame.chart, self.plan.properties.language)
        canvas.last_id = drawing.max_shape_id(canvas.tree)    # the chart's frame took one

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
        palette = self.palette
        lead_colour = palette.light if block.inverse else palette.secondary
        text_colour = palette.white if block.inverse else palette.text
        if item.bullet and not item.continues:
            drawing.bullet(p_pr, self.plan.font, lead_colour)
        else:
            drawing.no_bullet(p_pr)
        lead_style = self._style(block.size, lead_colour, bold=True)
        if item.lead and block.stacked:
            drawing.run(p, item.lead, lead_style)
            drawing.line_break(p)
        elif item.lead:
            drawing.tab_stop(p_pr, drawing.emu(block.indent))
            drawing.run(p, item.lead + "\t", lead_style)
        for run in item.runs:
            self._run(canvas, p, run, self._style(block.size, text_colour, run.bold,
                                                  run.italic))
        if item.detail:
            drawing.line_break(p)
            drawing.run(p, item.detail, self._style(
                block.detail_size, palette.light if block.inverse else palette.muted))

    # --------------------------------------------------------------- timeline

    def _timeline(self, canvas: "_Canvas", milestones) -> None:
        """The line and its dots (decorative), then the phase words beside the dates."""
        first, last = milestones[0].dot, milestones[-1].dot
        middle = first.left + first.width / 2
        top = first.top + first.height / 2
        height = max(last.top + last.height / 2 - top, 1.0)
        canvas.rectangle(Box(middle - 1, top, 2, height), self.palette.rule, decorative=True)
        colours = {"before": self.palette.muted, "now": self.palette.primary,
                   "next": self.palette.secondary}
        for milestone in milestones:
            canvas.rectangle(milestone.dot, colours[milestone.phase], decorative=True,
                             shape="ellipse")
        for milestone in milestones:
            if milestone.phase_label is not None:
                self._place(canvas, milestone.phase_label)

    # ------------------------------------------------------------- furniture

    def _footer(self, canvas: "_Canvas", number: int, inverse: bool) -> None:
        """The footer's shapes: built for the deck's first slide of each look (dark or
        not), copied for the others with their shape ids, names and number set as
        building them again would."""
        shapes = self.footers.get(inverse)
        if shapes is None:
            first = len(canvas.tree)
            self._build_footer(canvas, number, inverse)
            self.footers[inverse] = tuple(copy.deepcopy(shape) for shape in canvas.tree[first:])
            return
        for shape in shapes:
            shape = copy.deepcopy(shape)
            shape_id = canvas.next_id()
            properties = shape.find(f"{drawing.P_NVSPPR}/{drawing.P_CNVPR}")
            properties.set("id", str(shape_id))
            properties.set("name", f"{properties.get('name').rsplit(' ', 1)[0]} {shape_id - 1}")
            canvas.tree.append(shape)
        field = shape.find(f"{drawing.P_TXBODY}/{drawing.A_P}/{drawing.A_FLD}")
        field.set("id", field_id(number, FIELD_NAMESPACE))
        field.find(drawing.A_T).text = str(number)
        self.number_runs = (field, field.getnext())

    def _build_footer(self, canvas: "_Canvas", number: int, inverse: bool) -> None:
        """Meeting (and draft) and slide number in the layout's footer placeholders; the
        marking is the master's, or on a template a text box of its own."""
        footer = self.plan.footer
        marking_cell, meeting_cell, number_cell = footer.cells
        muted = self._style(footer.size, self.palette.light if inverse else self.palette.muted)
        if self.template:                       # our master carries the marking itself
            marking, marking_pr = drawing.paragraph(canvas.textbox(marking_cell, "ctr"), "l")
            if len(footer.marking_lines) > 1:   # wrapped as measured, inside the band
                drawing.spaced(marking_pr, round(footer.size * LEADING, 1), 0)
            marking_style = self._style(
                footer.size, self.palette.white if inverse else self.palette.marking, True)
            for index, line in enumerate(footer.marking_lines):
                if index:
                    drawing.line_break(marking)
                drawing.run(marking, line, marking_style)
        meeting, _ = drawing.paragraph(
            canvas.placeholder("ftr", master.FOOTER_IDX, meeting_cell, "ctr"), "ctr")
        drawing.run(meeting, footer.meeting, muted)
        if footer.draft:
            drawing.run(meeting, "  ·  ", muted)
            drawing.run(meeting, footer.draft, self._style(
                footer.size, self.palette.white if inverse else self.palette.alert, True))
        number_p, _ = drawing.paragraph(
            canvas.placeholder("sldNum", master.NUMBER_IDX, number_cell, "ctr"), "r")
        self._slide_number(number_p, number, muted)

    def _slide_number(self, p, number: int, style: drawing.RunStyle) -> None:
        """The number as a slide-number field (it follows when slides move), then the total."""
        field = drawing.run(p, str(number), style, tag=drawing.A_FLD)
        field.set("id", field_id(number, FIELD_NAMESPACE))
        field.set("type", "slidenum")
        self.number_runs = (field, drawing.run(p, f" / {len(self.plan.slides)}", style))

    def _template_furniture(self, canvas: "_Canvas", inverse: bool) -> None:
        """On an organisation's template, what our master would carry: the CONCEPT mark
        (decorative) and, when classified, the marking at the top."""
        footer, frame = self.plan.footer, Frame.of(self.theme)
        if footer.draft:
            width, height = self.plan.width * 0.6, 150.0
            box = Box((self.plan.width - width) / 2, (self.plan.height - height) / 2 - 10,
                      width, height)
            p, _ = drawing.paragraph(canvas.textbox(box, "ctr", rotation=-24,
                                                    decorative=True), "ctr")
            colour = self.palette.white if inverse else self.palette.watermark
            added = drawing.run(p, footer.draft, self._style(110, colour, True))
            colour_element = added.find(
                f"{drawing.A_RPR}/{drawing.A_SOLIDFILL}/{drawing.A_SRGBCLR}")
            etree.SubElement(colour_element, drawing.A_ALPHA,
                             val="12000" if inverse else "40000")
        if footer.top_marking:
            box = Box(frame.margin, frame.band + 2, frame.content_width,
                      frame.kicker_top - frame.band - 4)
            p, _ = drawing.paragraph(canvas.textbox(box, "ctr"), "ctr")
            drawing.run(p, footer.top_marking, self._style(
                footer.size, self.palette.white if inverse else self.palette.marking, True))


def set_core_properties(core, props) -> None:
    """The document properties (python-pptx's `CoreProperties`), in this order: the lean
    writer fills in the XML this order gives (see `lean.core_pieces`)."""
    moment = props.timestamp.replace(tzinfo=None)
    core.title, core.author, core.subject = props.title, props.author, props.subject
    core.last_modified_by, core.language = props.author, props.language
    core.created = core.modified = core.last_printed = moment
    core.revision, core.keywords, core.comments, core.category = 1, "", "", ""


def _pptx_parse(xml):
    from pptx.oxml import parse_xml

    return parse_xml(xml)


def _chart_language(chart, language: str) -> None:
    """The chart's text in the deck's language: `c:lang` and every run's `lang`."""
    space = chart._chartSpace
    lang = space.find(f"{{{C_NS}}}lang")
    if lang is None:
        lang = etree.Element(f"{{{C_NS}}}lang")
        date1904 = space.find(f"{{{C_NS}}}date1904")
        if date1904 is not None:
            date1904.addnext(lang)
        else:
            space.insert(0, lang)
    lang.set("val", language)
    for tag in ("defRPr", "rPr", "endParaRPr"):
        for element in space.iter(f"{{http://schemas.openxmlformats.org/drawingml/2006/main}}{tag}"):
            element.set("lang", language)


def deck_logo(theme: Theme):
    """The theme's `deck.logo` as a file, checked as the memo's logo is (PNG or JPEG)."""
    if not theme.deck.logo:
        return None
    from ..fonts import memo_logo

    as_memo = theme.model_copy(update={"memo": theme.memo.model_copy(
        update={"logo": theme.deck.logo})})
    return memo_logo(as_memo)[0]


class _Canvas:
    """One slide's shape tree: new shapes take the next shape id, links the slide's rels."""

    def __init__(self, slide):
        self.slide = slide
        self.lean = getattr(slide, "lean", False)
        self.tree = slide.tree if self.lean else slide.shapes._spTree
        self.last_id = slide.max_id if self.lean else drawing.max_shape_id(self.tree)
        self.bodies = slide.part.bodies if self.lean else None   # text bodies as text

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def textbox(self, box: Box, anchor: str = "t", rotation: float = 0.0,
                decorative: bool = False):
        """A new text box; returns its text body."""
        return drawing.textbox(self.tree, self.next_id(), box, anchor, rotation, decorative,
                               self.bodies)

    def rectangle(self, box: Box, colour: str, decorative: bool = False,
                  shape: str = "rect") -> None:
        drawing.rectangle(self.tree, self.next_id(), box, colour, decorative, shape)

    def placeholder(self, kind: str, idx: int, box: Box, anchor: str):
        """A footer or slide-number placeholder of the layout, at `box`; returns its body."""
        return drawing.placeholder(self.tree, self.next_id(), kind, idx, box, anchor)

    def link(self, url: str) -> str:
        """The relationship id of an external hyperlink from this slide (one per address)."""
        return self.slide.part.relate_to(url, RT_HYPERLINK, is_external=True)


def _reuse(placeholder, box: Box, anchor: str = "t", bodies: dict | None = None):
    """A layout's placeholder moved to `box`, its text body replaced; returns the body."""
    sp_pr = placeholder.find(drawing.P_SPPR)
    for old in sp_pr.findall(drawing.A_XFRM):
        sp_pr.remove(old)
    drawing.place(sp_pr, box)
    return drawing.text_body(placeholder, anchor, bodies)


def _remove_slides(presentation) -> None:
    """A template's own slides are not part of our deck."""
    id_list = presentation.slides._sldIdLst
    for slide_id in list(id_list):
        presentation.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def render_plan(plan: DeckPlan, theme: Theme, deflated: DeflatedMembers | None = None,
                store: SlideStore | None = None, prepared=None) -> bytes:
    """PowerPoint bytes for a plan; `deflated`, `store` and `prepared`, shared by the decks
    of a build, deflate each distinct member once, write each shared slide once and build
    the master and each layout's blank slide once."""
    return Writer(plan, theme, deflated, store, prepared).render()
