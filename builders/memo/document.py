"""The page layout and the passes: contents page numbers, page totals and page-bottom footnotes.

A memo is typeset several times. Each pass records where headings landed, which
footnotes were cited on which page and how many pages there are (`PassRecord`); the next
pass uses that (`Layout`) to print the contents' page numbers and "page x of y", and to
shrink the body frame of every page that cites footnotes so that the notes fit at its
foot. The passes stop when nothing moves any more, so the result is deterministic.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable, Mapping

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .inline import FOOTNOTE_CALLBACK
from .pages import Furniture

PAGE_SIZES = {"A4": A4, "letter": letter}
MAX_PASSES = 8
MONOTONE_AFTER = 3
"""From this pass on, footnote space only grows, so the passes cannot oscillate."""
NOTE_RULE_SHARE = 0.3
"""Length of the rule above the footnotes, as a share of the text width."""


class LayoutError(RuntimeError):
    """The passes did not settle (should not happen; the passes are monotone)."""


@dataclass(frozen=True)
class Layout:
    """What the previous pass learned: the input of the next one."""

    total_pages: int = 0
    headings: Mapping[str, int] = field(default_factory=dict)
    reserve: Mapping[int, float] = field(default_factory=dict)
    """Page → points at the page foot kept free for its footnotes."""


@dataclass
class PassRecord:
    """What one pass saw while it drew."""

    pages: int = 0
    headings: dict[str, int] = field(default_factory=dict)
    notes: dict[int, list[int]] = field(default_factory=dict)
    """Page → footnote numbers cited on it, in order."""


@dataclass(frozen=True)
class Geometry:
    """The page and its margins, in points."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def from_theme(cls, theme) -> "Geometry":
        page = theme.memo.page
        width, height = PAGE_SIZES[page.size]
        return cls(width, height, page.margin_left_mm * mm, page.margin_right_mm * mm,
                   page.margin_top_mm * mm, page.margin_bottom_mm * mm)

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


@dataclass(frozen=True)
class Metadata:
    """The PDF's document properties."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str
    timestamp: str
    """A PDF date, e.g. "D:20231120000000+00'00'"."""


class Footnotes:
    """Draws the footnotes cited on a page at its foot, and measures the space they need."""

    def __init__(self, make_note: Callable[[int], object], geometry: Geometry, rule_colour,
                 gap: float):
        self.make_note, self.geometry = make_note, geometry
        self.rule_colour, self.gap = rule_colour, gap

    def _laid_out(self, numbers: list[int]):
        notes = [self.make_note(number) for number in numbers]
        return [(note, note.wrap(self.geometry.text_width, self.geometry.height)[1])
                for note in notes]

    def height(self, numbers: list[int]) -> float:
        return self.gap * 2 + sum(h + note.getSpaceAfter() for note, h in self._laid_out(numbers))

    def draw(self, canvas, numbers: list[int]) -> None:
        left, y = self.geometry.left, self.geometry.bottom + self.height(numbers)
        canvas.saveState()
        canvas.setStrokeColor(self.rule_colour)
        canvas.setLineWidth(0.5)
        canvas.line(left, y - self.gap, left + self.geometry.text_width * NOTE_RULE_SHARE,
                    y - self.gap)
        y -= self.gap * 2
        for note, height in self._laid_out(numbers):
            y -= height
            note.drawOn(canvas, left, y)
            y -= note.getSpaceAfter()
        canvas.restoreState()


class MemoDocument(BaseDocTemplate):
    """One pass of the memo: an A4 template whose body frame leaves room for footnotes."""

    def __init__(self, buffer, geometry: Geometry, furniture: Furniture, footnotes: Footnotes,
                 layout: Layout, metadata: Metadata):
        super().__init__(
            buffer, pagesize=(geometry.width, geometry.height), leftMargin=geometry.left,
            rightMargin=geometry.right, topMargin=geometry.top, bottomMargin=geometry.bottom,
            title=metadata.title, author=metadata.author, subject=metadata.subject,
            keywords=list(metadata.keywords), creator="briefing-builder", lang=metadata.lang,
            invariant=1, displayDocTitle=1, initialFontName=furniture.styles.fonts.regular,
            initialFontSize=furniture.styles.sizes.body)
        self.geometry, self.furniture, self.footnotes = geometry, furniture, footnotes
        self.layout, self.metadata, self.record = layout, metadata, PassRecord()
        self.addPageTemplates([PageTemplate("page", [self._frame(1)], onPage=self._on_page,
                                            onPageEnd=self._on_page_end)])

    def _frame(self, page: int) -> Frame:
        reserve = self.layout.reserve.get(page, 0.0)
        g = self.geometry
        return Frame(g.left, g.bottom + reserve, g.text_width,
                     g.height - g.top - g.bottom - reserve, 0, 0, 0, 0, id="body")

    def handle_pageBegin(self):
        self.pageTemplate.frames = [self._frame(self.page + 1)]
        super().handle_pageBegin()

    def beforeDocument(self):
        self.canv.setNamedCB(FOOTNOTE_CALLBACK, self._footnote_cited)
        self.canv.showOutline()
        timestamp = self.metadata.timestamp
        self.canv.setDateFormatter(lambda *_: timestamp)

    def _footnote_cited(self, canvas, kind, label) -> None:
        cited = self.record.notes.setdefault(self.page, [])
        if int(label) not in cited:
            cited.append(int(label))

    def afterFlowable(self, flowable):
        key = getattr(flowable, "heading_key", None)
        if key:
            self.record.headings.setdefault(key, self.page)

    def _on_page(self, canvas, doc) -> None:
        self.furniture.draw_background(canvas, self.page)

    def _on_page_end(self, canvas, doc) -> None:
        self.record.pages = self.page
        if self.record.notes.get(self.page):
            self.footnotes.draw(canvas, self.record.notes[self.page])
        self.furniture.draw_foot(canvas, self.page, self.layout.total_pages or self.page)


def next_layout(layout: Layout, record: PassRecord, footnotes: Footnotes, monotone: bool) -> Layout:
    """The layout the next pass uses, learned from this pass."""
    needed = {page: footnotes.height(numbers) for page, numbers in record.notes.items()}
    if monotone:
        for page, height in layout.reserve.items():
            needed[page] = max(height, needed.get(page, 0.0))
    return Layout(record.pages, dict(record.headings), needed)


def settled(layout: Layout, record: PassRecord, footnotes: Footnotes) -> bool:
    """True when the pass used the page numbers it produced and every page's notes fitted."""
    fits = all(footnotes.height(numbers) <= layout.reserve.get(page, 0.0) + 0.01
               for page, numbers in record.notes.items())
    return fits and record.pages == layout.total_pages and record.headings == dict(layout.headings)


def typeset(make_story: Callable[[Layout], list], make_document: Callable[..., MemoDocument]) -> bytes:
    """Typeset until the layout settles; the bytes of the final pass."""
    layout = Layout()
    for attempt in range(MAX_PASSES):
        buffer = io.BytesIO()
        document = make_document(buffer, layout)
        if layout.total_pages is None:
            document._doSave = 0  # a first pass only measures: it can never be the last
        document.build(make_story(layout))
        record = document.record
        if settled(layout, record, document.footnotes):
            return buffer.getvalue()
        layout = next_layout(layout, record, document.footnotes, attempt + 1 >= MONOTONE_AFTER)
    raise LayoutError(f"the memo's layout did not settle in {MAX_PASSES} passes")
