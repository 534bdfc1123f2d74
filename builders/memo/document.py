"""The page layout and the passes: contents page numbers, page totals and page-bottom footnotes.

A memo is typeset several times. Each pass records where headings landed, which
footnotes were cited on which page and how many pages there are (`PassRecord`); the next
pass uses that (`Layout`) to print the contents' page numbers and "page x of y", and to
shrink the body frame of every page that cites footnotes so that the notes fit at its
foot. The passes stop when nothing moves any more, so the result is deterministic.

Notes take at most half of a page's body (`NOTE_SHARE`). What does not fit continues at
the foot of the next page under a "(vervolg)" mark, a long note split between lines; notes
still pending when the text ends get pages of their own after it. Notes always stand at
page feet, in the order of their numbers.
"""

from __future__ import annotations

import gc
import io
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Callable, Mapping, NamedTuple

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from .flowables import Float, FloatBarrier, KeepWithNext
from .inline import FOOTNOTE_CALLBACK
from .pages import Furniture, Geometry
from .tagging import MeasuringCanvas, TaggedCanvas, remembered_widths

MAX_PASSES = 8
MONOTONE_AFTER = 3
"""From this pass on, footnote space only grows, so the passes cannot oscillate."""
NOTE_RULE_SHARE = 0.3
"""Length of the rule above the footnotes, as a share of the text width."""
NOTE_SHARE = 0.5
"""The most of a text page's body height that its footnotes may take."""
FIT = 0.01
"""Points of rounding allowed when a note is measured against its room."""


class LayoutError(RuntimeError):
    """The passes did not settle (should not happen; the passes are monotone)."""


@dataclass(frozen=True)
class Layout:
    """What the previous pass learned: the input of the next one."""

    total_pages: int = 0
    headings: Mapping[str, int] = field(default_factory=dict)
    reserve: Mapping[int, float] = field(default_factory=dict)
    """Page → points at the page foot kept free for its footnotes."""
    text_pages: int = 0
    """Pages the story's text takes; the pages after it hold only footnotes."""
    note_pages: int = 0
    """Pages to add after the text for footnotes still pending when the text ends."""


@dataclass
class PassRecord:
    """What one pass saw while it drew."""

    pages: int = 0
    headings: dict[str, int] = field(default_factory=dict)
    notes: dict[int, list[int]] = field(default_factory=dict)
    """Page → footnote numbers cited on it, in order."""
    placed: dict[int, tuple] = field(default_factory=dict)
    """Page → what its foot showed (`Placement.key`)."""
    text_pages: int = 0
    pending: bool = False
    """Whether notes were left undrawn when the pass ended."""


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


class Piece(NamedTuple):
    """A footnote, or what is left of one, waiting for a page foot."""

    number: int
    note: Flowable
    rest: bool
    """True for the remainder of a note whose first lines stand on an earlier page."""


@dataclass(frozen=True)
class Placement:
    """The notes at one page's foot: the pieces, in order, under a mark if they continue."""

    pieces: tuple[tuple[Piece, float], ...] = ()
    """Each piece with its height."""
    continued: bool = False
    height: float = 0.0
    """All of it: rule, mark and notes."""

    @property
    def key(self) -> tuple:
        """What a reader sees, to compare passes by."""
        return (self.continued,) + tuple((piece.number, piece.rest, round(height, 2))
                                         for piece, height in self.pieces)


class Footnotes:
    """Places the footnotes at page feet, measures them and draws them."""

    def __init__(self, make_note: Callable[[int], Flowable], geometry: Geometry, rule_colour,
                 gap: float, make_mark: Callable[[], Flowable]):
        self.make_note, self.geometry = make_note, geometry
        self.rule_colour, self.gap, self.make_mark = rule_colour, gap, make_mark

    def limit(self, page: int, text_pages: int) -> float:
        """The most room the notes may take on a page: half a text page, all of a notes page."""
        full = self.geometry.text_height
        return full * NOTE_SHARE if page <= text_pages else full - self.gap * 2

    def place(self, pending: list[Piece], cited: list[int], room: float) -> tuple[Placement, list[Piece]]:
        """The notes that fit in `room`, first those pending from earlier pages, then the
        ones cited here; and what is left for the next page."""
        waiting = {piece.number for piece in pending}
        queue = pending + [Piece(number, self.make_note(number), False) for number in cited
                           if number not in waiting]
        if not queue:
            return Placement(), []
        width = self.geometry.text_width
        mark = self.make_mark() if pending else None
        used = self.gap * 2 + (self._height(mark, width) + mark.getSpaceAfter() if mark else 0)
        placed: list[tuple[Piece, float]] = []
        left: list[Piece] = []
        for index, piece in enumerate(queue):
            height = self._height(piece.note, width)
            if used + height <= room + FIT:
                placed.append((piece, height))
                used += height + piece.note.getSpaceAfter()
                continue
            parts = piece.note.split(width, room - used + FIT) if room > used else []
            if len(parts) == 2:
                first = piece._replace(note=parts[0])
                placed.append((first, self._height(first.note, width)))
                used += placed[-1][1] + first.note.getSpaceAfter()
                left = [Piece(piece.number, parts[1], True)] + queue[index + 1:]
            else:
                left = queue[index:]
            break
        if not placed:
            return Placement(), queue
        return Placement(tuple(placed), mark is not None, used), left

    @staticmethod
    def _height(flowable: Flowable, width: float) -> float:
        return flowable.wrap(width, 1e6)[1]

    def draw(self, canvas, placement: Placement) -> None:
        left, y = self.geometry.left, self.geometry.bottom + placement.height
        width = self.geometry.text_width
        canvas.saveState()
        canvas.setStrokeColor(self.rule_colour)
        canvas.setLineWidth(0.5)
        canvas.line(left, y - self.gap, left + width * NOTE_RULE_SHARE, y - self.gap)
        y -= self.gap * 2
        flowables = [piece.note for piece, _ in placement.pieces]
        if placement.continued:
            flowables.insert(0, self.make_mark())
        for flowable in flowables:
            y -= self._height(flowable, width)
            flowable.drawOn(canvas, left, y)
            y -= flowable.getSpaceAfter()
        canvas.restoreState()


@dataclass(frozen=True)
class NotesPlan:
    """Where the notes cited in a pass belong: per page, the placement and its height."""

    placements: dict[int, Placement]
    text_pages: int
    note_pages: int

    @property
    def keys(self) -> dict[int, tuple]:
        return {page: placement.key for page, placement in self.placements.items()}

    @property
    def reserve(self) -> dict[int, float]:
        return {page: placement.height for page, placement in self.placements.items()}


def plan_notes(record: PassRecord, footnotes: Footnotes) -> NotesPlan:
    """The notes of a pass, each page's foot filled up to its limit, the rest carried on."""
    placements, pending, page = {}, [], 1
    text_pages = record.text_pages or record.pages
    while page <= text_pages or pending:
        placement, pending = footnotes.place(pending, record.notes.get(page, []),
                                             footnotes.limit(page, text_pages))
        if placement.pieces:
            placements[page] = placement
        page += 1
        if page > text_pages + 1000:
            raise LayoutError("the footnotes do not fit on any number of pages")
    return NotesPlan(placements, text_pages, max(page - 1 - text_pages, 0))


ATOMS = (int, float, str, bool, type(None))


class BodyFrame(Frame):
    """The body frame. reportlab deep-copies the current frame each time it measures a
    kept-together group; nearly all of a frame's attributes are numbers and names, which
    deepcopy would return as they are, one dispatch each: they are taken over at once."""

    def __deepcopy__(self, memo):
        copied = type(self).__new__(type(self))
        memo[id(self)] = copied
        vars(copied).update({name: value if type(value) in ATOMS else deepcopy(value, memo)
                             for name, value in vars(self).items()})
        return copied


class EndOfText(Flowable):
    """Marks where the story's text ends: the pages after it hold footnotes only."""

    _ZEROSIZE = True

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


class NotesPage(EndOfText):
    """Holds open a page after the text for footnotes that did not fit before."""


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
            initialFontSize=furniture.styles.sizes.body, keepTogetherClass=KeepWithNext)
        self.geometry, self.furniture, self.footnotes = geometry, furniture, footnotes
        self.layout, self.metadata, self.record = layout, metadata, PassRecord()
        self.addPageTemplates([PageTemplate("page", [self._frame(1)], onPage=self._on_page,
                                            onPageEnd=self._on_page_end)])

    canvas_class = TaggedCanvas
    """Every pass draws on the tagging canvas: the memo is PDF/UA-1 and PDF/A-2a."""

    _doSave = 0
    """reportlab's build leaves the canvas unsaved: a pass's PDF is serialised (`write`)
    only when it is the one kept; the passes before it only measure."""

    def build(self, flowables, **options):
        options.setdefault("canvasmaker", self.canvas_class)
        super().build(flowables, **options)

    def write(self) -> None:
        """Serialise the built pass into the document's file (structure tree, fonts, XMP)."""
        self.canv.save()

    def _frame(self, page: int) -> Frame:
        """The body frame, shortened by the page's footnotes; never below half a page.

        A page after the text may hold more notes than that: only in a pass that has not
        settled can text still run onto it, and then an overlap does no harm.
        """
        g = self.geometry
        reserve = min(self.layout.reserve.get(page, 0.0), self.footnotes.limit(page, page))
        return BodyFrame(g.left, g.bottom + reserve, g.text_width,
                     g.text_height - reserve, 0, 0, 0, 0, id="body")

    def handle_pageBegin(self):
        self.pageTemplate.frames = [self._frame(self.page + 1)]
        super().handle_pageBegin()

    def beforeDocument(self):
        self.canv.setNamedCB(FOOTNOTE_CALLBACK, self._footnote_cited)
        self.canv.showOutline()
        timestamp = self.metadata.timestamp
        self.canv.setDateFormatter(lambda *_: timestamp)
        self._pending: list[Piece] = []
        self._floats: list[Float] = []

    def handle_flowable(self, flowables):
        """Floats: one that does not fit waits, the text flows on, and it is placed at the
        top of the next page, or before a barrier (a new session, the end of the text)."""
        first, frame = (flowables[0] if flowables else None), getattr(self, "frame", None)
        if frame is None:
            return super().handle_flowable(flowables)
        if isinstance(first, FloatBarrier):
            flowables.pop(0)  # a mark only: never placed, so it cannot start a page
            flowables[0:0] = [waiting.settled() for waiting in self._floats]
            self._floats = []
            return
        if self._floats and (frame._atTop or isinstance(first, EndOfText)):
            flowables[0:0] = [waiting.settled() for waiting in self._floats]
            self._floats = []
        elif isinstance(first, Float) and not first.placed:
            first.canv = self.canv
            if self._floats or not (frame._atTop or first.fits(frame._aW, frame._y - frame._y1p)):
                self._floats.append(flowables.pop(0))
                return
        super().handle_flowable(flowables)

    def afterDocument(self):
        self.record.pending = bool(self._pending)

    def _footnote_cited(self, canvas, kind, label) -> None:
        cited = self.record.notes.setdefault(self.page, [])
        if int(label) not in cited:
            cited.append(int(label))

    def afterFlowable(self, flowable):
        key = getattr(flowable, "heading_key", None)
        if key:
            self.record.headings.setdefault(key, self.page)
        if isinstance(flowable, EndOfText) and not isinstance(flowable, NotesPage):
            self.record.text_pages = self.page

    def _on_page(self, canvas, doc) -> None:
        self.furniture.draw_background(canvas, self.page)

    def _on_page_end(self, canvas, doc) -> None:
        self.record.pages = self.page
        page, layout = self.page, self.layout
        room = min(layout.reserve.get(page, 0.0),
                   self.footnotes.limit(page, layout.text_pages or layout.total_pages))
        placement, self._pending = self.footnotes.place(
            self._pending, self.record.notes.get(page, []), room)
        if placement.pieces:
            self.record.placed[page] = placement.key
            self.footnotes.draw(canvas, placement)
        self.furniture.draw_foot(canvas, page, layout.total_pages or page)


def story_end(layout: Layout) -> list:
    """What follows the story: the end-of-text mark, then pages for pending footnotes."""
    flow: list = [EndOfText()]
    for _ in range(layout.note_pages):
        flow += [PageBreak(), NotesPage()]
    return flow


def next_layout(layout: Layout, record: PassRecord, footnotes: Footnotes, monotone: bool) -> Layout:
    """The layout the next pass uses, learned from this pass."""
    plan = plan_notes(record, footnotes)
    needed = plan.reserve
    if monotone:
        for page, height in layout.reserve.items():
            needed[page] = max(height, needed.get(page, 0.0))
    return Layout(plan.text_pages + plan.note_pages, dict(record.headings), needed,
                  plan.text_pages, plan.note_pages)


def settled(layout: Layout, record: PassRecord, footnotes: Footnotes) -> bool:
    """True when the pass used the page numbers it produced and every page's foot showed
    the notes the plan gives it."""
    plan = plan_notes(record, footnotes)
    notes = (not record.pending and record.placed == plan.keys
             and plan.note_pages == layout.note_pages and plan.text_pages == layout.text_pages)
    return notes and record.pages == layout.total_pages and record.headings == dict(layout.headings)


@dataclass(frozen=True)
class OwnLayout:
    """A seed that is the layout the passes settled on for this very input (the digest
    recorded with it says so, see `builders.memo_input`)."""

    layout: Layout


def typeset(make_story: Callable[[Layout], list], make_document: Callable[..., MemoDocument],
            seed: Layout | OwnLayout | None = None) -> tuple[bytes, Layout]:
    """Typeset until the layout settles; the bytes of the final pass and its layout.

    A `seed` (the settled layout of an earlier build of the same briefing) is tried first:
    when one pass with it lands exactly on it, that pass is the result. Otherwise the passes
    start afresh from an empty layout, as if there had been no seed, so a seed changes the
    time a build takes and never its bytes. An `OwnLayout` is the layout the passes settled
    on for this very input: a pass from it that is settled is their last pass, even where
    it keeps room that no note takes (what the monotone passes leave).
    """
    own = isinstance(seed, OwnLayout)
    with remembered_widths(), full_collections_deferred():
        return _typeset(make_story, make_document, seed.layout if own else seed, own)


@contextmanager
def full_collections_deferred():
    """While the block runs, the cycle collector makes no full collection of its own:
    the story, the kept wraps and the structure tree live as long as a pass, and each
    full collection walked all of them again (a 50× memo made seven, 0.7–0.8 s CPU, and
    more the longer the memo). The young generations are still collected; what a pass
    leaves behind is collected when the pass is let go (`let_go`)."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, DEFERRED)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


DEFERRED = 10**6
"""The oldest generation's threshold while a memo is typeset: never reached."""


def let_go() -> None:
    """Free the pass just dropped (its document and canvas are held in cycles) before
    the next one is built: one full collection."""
    gc.collect()


def _typeset(make_story, make_document, seed: Layout | None,
             own_seed: bool = False) -> tuple[bytes, Layout]:
    if seed is not None:
        pdf, record, document = _one_pass(make_story, make_document, seed)
        if (settled(seed, record, document.footnotes) if own_seed
                else is_fixed_point(seed, record, document.footnotes)):
            return pdf(), seed
        del pdf, record, document  # a pass that is not kept is freed before the next
        let_go()
    layout = Layout()
    for attempt in range(MAX_PASSES):
        measure = cannot_settle(layout)
        pdf, record, document = _one_pass(make_story, make_document, layout, measure)
        if settled(layout, record, document.footnotes):
            if measure:  # not expected (no pass makes zero pages): draw it after all
                pdf, record, document = _one_pass(make_story, make_document, layout)
            return pdf(), layout
        layout = next_layout(layout, record, document.footnotes, attempt + 1 >= MONOTONE_AFTER)
        del pdf, record, document
        let_go()
    raise LayoutError(f"the memo's layout did not settle in {MAX_PASSES} passes")


def cannot_settle(layout: Layout) -> bool:
    """Whether a pass from `layout` is sure not to be kept: one that expects no pages
    (the empty layout the loop starts from) settles only on a pass that makes none."""
    return layout.total_pages == 0


def _one_pass(make_story, make_document, layout: Layout,
              measure: bool = False) -> tuple[Callable[[], bytes], PassRecord, MemoDocument]:
    """One pass: what writes its PDF (called for the pass that is kept only), its record
    and its document. A `measure` pass only lays out (`MeasuringCanvas`): the same record,
    nothing drawn, no PDF."""
    buffer = io.BytesIO()
    document = make_document(buffer, layout)
    flow = make_story(layout) + story_end(layout)
    if measure:
        document.build(flow, canvasmaker=MeasuringCanvas)
    else:
        document.build(flow)

    def pdf() -> bytes:
        document.write()
        return buffer.getvalue()

    return pdf, document.record, document


def is_fixed_point(layout: Layout, record: PassRecord, footnotes: Footnotes) -> bool:
    """Settled, and the pass would learn exactly this layout again (the same room kept for
    notes on every page): what a pass from an empty layout ends on for this story."""
    return settled(layout, record, footnotes) and next_layout(
        layout, record, footnotes, monotone=False) == layout


def layout_to_data(layout: Layout) -> dict:
    """The layout as JSON-ready data (page numbers as text keys; floats round-trip exactly)."""
    return {"total_pages": layout.total_pages, "headings": dict(layout.headings),
            "reserve": {str(page): height for page, height in layout.reserve.items()},
            "text_pages": layout.text_pages, "note_pages": layout.note_pages}


def layout_from_data(data: object) -> Layout | None:
    """The layout `layout_to_data` wrote, or None for anything else (a seed is only a hint)."""
    try:
        layout = Layout(int(data["total_pages"]), {str(k): int(v) for k, v in data["headings"].items()},
                        {int(k): float(v) for k, v in data["reserve"].items()},
                        int(data["text_pages"]), int(data["note_pages"]))
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    return layout
