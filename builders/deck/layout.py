"""Measured placement on a slide: the geometry, text fitting and cutting lists into slides.

Every text is measured here with reportlab's metrics (see `measure`) before the plan
puts it on a slide; sizes run from the theme's size down to its minimum, never below.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from ..theme import Theme
from .measure import WRAP_SLACK, Run, join_lines, plain, text_width, wrap

POINTS_PER_INCH = 72.0
LEADING = 1.2          # exact line spacing of body text, as a multiple of the size
TITLE_LEADING = 1.1
PARAGRAPH_GAP = 0.45   # space before each list item, as a multiple of the size
SIZE_STEP = 2.0
TITLE_MAX_LINES = 2
LEAD_GAP = 0.3 * POINTS_PER_INCH
LEAD_SHARE = 0.4       # a lead column wider than this share of the box stacks instead
DETAIL_MAX_LINES = 2   # an item's muted detail line (time and format) is cut after this
SPARSE_SHARE = 0.5     # a list filling less than this share of its box is spread out
SPARSE_FILL = 0.6      # ... to at most this share, set larger
SPARSE_GAP = 1.2       # items of a single-slide list spaced by at most this (× size)
SPREAD_FILL = 0.7      # ... so that together they fill about this share of the box


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Text:
    """A measured text block: one paragraph of runs, wrapped into `lines` at `size`."""

    runs: tuple[Run, ...]
    size: float
    box: Box
    lines: int
    role: str = "text"        # text | title | kicker | muted | inverse | inverse_muted
    bold: bool = False
    leading: float = LEADING

    @property
    def text(self) -> str:
        return plain(self.runs)


@dataclass(frozen=True)
class Item:
    """One entry of a list: a key message, an agenda line, a programme row, a term."""

    runs: tuple[Run, ...]
    lead: str | None = None       # left column: a number, a date, a term
    detail: str | None = None     # a second, muted line: time and format
    bullet: bool = False
    continues: bool = False       # the rest of an item begun on the previous slide
    lines: int = 1                # measured lines, lead and detail included

    @property
    def text(self) -> str:
        return plain(self.runs)

    def measured(self, lines: int) -> "Item":
        """The item with its measured lines (dataclasses.replace, without its cost:
        the planner measures every item at every size it tries)."""
        return Item(self.runs, self.lead, self.detail, self.bullet, self.continues, lines)


@dataclass(frozen=True)
class Block:
    """A measured list of items in one text box."""

    items: tuple[Item, ...]
    size: float
    detail_size: float
    indent: float                 # hanging indent: the bullet or the lead column
    stacked: bool                 # leads on a line of their own instead of a column
    box: Box
    spacing: float | None = None  # space before each item; None: PARAGRAPH_GAP × size
    inverse: bool = False         # white on the primary colour (a divider's topics)

    @property
    def line_height(self) -> float:
        return round(self.size * LEADING, 1)

    @property
    def gap(self) -> float:
        if self.spacing is not None:
            return self.spacing
        return round(self.size * PARAGRAPH_GAP, 1)

    def height(self) -> float:
        """The height the items take, gaps included."""
        return block_height(self.items, self.line_height, self.gap)


@dataclass(frozen=True)
class Frame:
    """The slide's fixed geometry, in points, from the theme."""

    width: float
    height: float
    margin: float
    band: float
    footer: float

    @classmethod
    def of(cls, theme: Theme) -> "Frame":
        slide = theme.deck.slide
        inch = POINTS_PER_INCH
        return cls(slide.width_in * inch, slide.height_in * inch, slide.margin_in * inch,
                   slide.band_in * inch, slide.footer_in * inch)

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def kicker_top(self) -> float:
        return self.band + 0.3 * POINTS_PER_INCH

    @property
    def body_bottom(self) -> float:
        return self.height - self.footer - 0.3 * POINTS_PER_INCH

    def footer_box(self) -> Box:
        return Box(0, self.height - self.footer, self.width, self.footer)

    def footer_cells(self) -> tuple[Box, Box, Box]:
        """The footer's three cells: marking (left), meeting (centre), slide number (right)."""
        box = self.footer_box()
        third = (box.width - 2 * self.margin) / 3
        return tuple(Box(self.margin + index * third, box.top, third, box.height)
                     for index in range(3))


@dataclass(frozen=True)
class Planner:
    """Measures and places text with the theme's fonts and sizes."""

    theme: Theme
    frame: Frame
    language: str

    @property
    def sizes(self):
        return self.theme.deck.sizes

    @property
    def metrics(self) -> str:
        return self.theme.deck.metrics_font

    def sizes_from(self, largest: float) -> list[float]:
        """Candidate sizes, largest first, never below the theme's minimum."""
        minimum = self.sizes.minimum
        result, size = [], max(largest, minimum)
        while size > minimum:
            result.append(size)
            size -= SIZE_STEP
        return result + [minimum]

    def fit(self, runs: tuple[Run, ...], largest: float, box_width: float, top: float,
            max_lines: int, role: str, bold: bool = False, leading: float = TITLE_LEADING,
            left: float | None = None, cut_at: int | None = None) -> Text:
        """Shrink text towards the minimum until it fits `max_lines`; then wrap further."""
        styled = _styled(runs, bold)
        for size in self.sizes_from(largest):     # the minimum size when none fits
            lines = wrap(styled, box_width, size, self.metrics)
            if len(lines) <= max_lines:
                break
        cut_at = cut_at or max_lines * 2
        if len(lines) > cut_at:                # a title is no paragraph: cut it, say so
            runs = join_lines(lines[:cut_at]) + (Run(" …"),)
            lines = wrap(_styled(runs, bold), box_width, size, self.metrics)
            while len(lines) > cut_at:
                runs = join_lines(lines[: cut_at - 1]) + (Run(" …"),)
                lines = wrap(_styled(runs, bold), box_width, size, self.metrics)
        height = len(lines) * size * leading
        box = Box(self.frame.margin if left is None else left, top, box_width, height)
        return Text(runs, size, box, len(lines), role, bold, leading)

    def title(self, text: str, top: float | None = None, suffix: str = "") -> Text:
        """A content slide's title in the fixed title zone: as large as fits its height.

        Every content slide reserves the same zone, so bodies start at the same height;
        a title too long even at the minimum size is cut with "…" before its `suffix`
        (a continuation's "(2/3)"), which is always shown.
        """
        zone = self.title_zone()
        width = zone.width
        for size in self.sizes_from(self.sizes.title):
            most = max(1, int((zone.height + 0.01) // (size * TITLE_LEADING)))
            runs = (Run(text + suffix, bold=True),)
            lines = wrap(runs, width, size, self.metrics)
            if len(lines) <= most:
                break
        else:
            head = fit_lines(text, width, size, self.metrics, most, bold=True,
                             reserve=text_width(suffix, size, self.metrics, bold=True))
            runs = (Run(" ".join(head) + suffix, bold=True),)
            lines = wrap(runs, width, size, self.metrics)
        return Text((Run(plain(runs)),), size, zone, len(lines), "title", True, TITLE_LEADING)

    def title_zone(self) -> Box:
        """Where every content slide's title stands: two lines at the title size."""
        height = TITLE_MAX_LINES * self.sizes.title * TITLE_LEADING
        return Box(self.frame.margin, self.content_top(), self.frame.content_width, height)

    def body_zone(self) -> Box:
        """Where every content slide's body starts and ends."""
        top = self.title_zone().bottom + 0.3 * POINTS_PER_INCH
        return Box(self.frame.margin, top, self.frame.content_width,
                   self.frame.body_bottom - top)

    def kicker(self, text: str) -> Text:
        """A single muted line above the title; cut with an ellipsis when too long."""
        size = self.sizes.minimum
        width = self.frame.content_width
        lines = wrap((Run(text),), width, size, self.metrics)
        if len(lines) > 1:
            text = _cut_to_width(plain(lines[0]), width * WRAP_SLACK, size, self.metrics)
        box = Box(self.frame.margin, self.frame.kicker_top, width, size * LEADING)
        return Text((Run(text),), size, box, 1, "kicker", False, LEADING)

    def marking(self, text: str, size: float) -> tuple[str, ...]:
        """The classification marking in its footer cell, bold at the footer size.

        It never leaves the band: wrapped to as many lines as the band holds (two at the
        default sizes), the last one cut with an ellipsis when even those are too few.
        """
        cell = self.frame.footer_cells()[0]
        most = max(1, int(cell.height // (size * LEADING)))
        return fit_lines(text, cell.width, size, self.metrics, most, bold=True)

    def content_top(self) -> float:
        return self.frame.kicker_top + self.sizes.minimum * LEADING + 4

    def body_box(self, title: Text | None = None) -> Box:
        """The body below a content slide's title: the same box on every content slide."""
        return self.body_zone()

    # ---------------------------------------------------------------- lists

    def spread(self, block: Block, limit: int | None = None) -> Block:
        """A list on one slide, balanced instead of crammed at the top: set larger (up to
        the theme's `sparse` size) when it fills less than half its box, and its items
        spaced out towards SPREAD_FILL of the box."""
        box, items = block.box, list(block.items)
        if any(item.continues for item in items):
            return block
        best = block
        candidate = self.sizes.sparse if block.height() < box.height * SPARSE_SHARE else 0
        while candidate > block.size:
            detail = max(min(candidate - 4, self.sizes.sparse - 4), self.sizes.minimum)
            indent, stacked = self.indent_for(items, candidate)
            layout = (candidate, detail, indent, stacked, box.width)
            measured = [self.measure_item(self._short_detail(item, detail, box.width - indent),
                                          *layout) for item in items]
            trial = Block(tuple(measured), candidate, detail, indent, stacked, box,
                          inverse=block.inverse)
            if trial.height() <= box.height * SPARSE_FILL:
                best = trial
                break
            candidate -= SIZE_STEP
        count = len(best.items)
        if count > 1:
            lines = sum(item.lines for item in best.items) * best.line_height
            wanted = (box.height * SPREAD_FILL - lines) / (count - 1)
            spacing = round(min(best.size * SPARSE_GAP, max(best.gap, wanted)), 1)
            best = replace(best, spacing=spacing)
        return best

    def indent_for(self, items: Iterable[Item], size: float) -> tuple[float, bool]:
        """The hanging indent at `size`, and whether leads must stack above their text."""
        items = list(items)
        leads = [item.lead for item in items if item.lead]
        if not leads:
            bullets = any(item.bullet for item in items)
            return (round(size * 1.1, 1) if bullets else 0.0), False
        widest = max(text_width(lead, size, self.metrics, bold=True) for lead in leads)
        indent = widest + LEAD_GAP
        if indent > self.frame.content_width * LEAD_SHARE:
            return 0.0, True
        return round(indent, 1), False

    def measure_item(self, item: Item, size: float, detail_size: float, indent: float,
                     stacked: bool, width: float) -> Item:
        inner = width - indent
        count = len(wrap(item.runs, inner, size, self.metrics))
        if item.detail:
            count += len(wrap((Run(item.detail),), inner, detail_size, self.metrics))
        if item.lead and stacked:
            count += len(wrap((Run(item.lead, bold=True),), width, size, self.metrics))
        return item.measured(count)

    def paginate(self, items: list[Item], box: Box, limit: int | None = None,
                 ) -> tuple[float, float, float, bool, list[list[Item]]]:
        """Choose one size for the list and cut it into slides: fewest slides, then largest size."""
        best = None
        limit = limit or self.theme.deck.max_bullets
        fewest = -(-len(items) // limit)         # no size needs fewer slides than this
        for size in self.sizes_from(self.sizes.body):
            detail_size = max(min(size - 4, self.sizes.body - 4), self.sizes.minimum)
            indent, stacked = self.indent_for(items, size)
            layout = (size, detail_size, indent, stacked, box.width)
            measured = [self.measure_item(self._short_detail(item, detail_size,
                                                             box.width - indent), *layout)
                        for item in items]
            pages = self._balanced(measured, layout, box.height, limit)
            if best is None or len(pages) < len(best[4]):
                best = (size, detail_size, indent, stacked, pages)
            if len(best[4]) <= fewest:
                break
        return best

    def _balanced(self, items: list[Item], layout: tuple, height: float,
                  limit: int) -> list[list[Item]]:
        """Pages as even as the greedy count allows: 12 items on 3 slides go 4, 4, 4."""
        pages = self._pages(items, layout, height, limit)
        even = -(-len(items) // len(pages))
        for tighter in range(even, limit):
            candidate = self._pages(items, layout, height, tighter)
            if len(candidate) == len(pages):
                return candidate
        return pages

    def _pages(self, items: list[Item], layout: tuple, height: float,
               limit: int) -> list[list[Item]]:
        """Greedy pages of at most `limit` items; an item too tall for a slide is split."""
        size = layout[0]
        line_height = round(size * LEADING, 1)
        gap = round(size * PARAGRAPH_GAP, 1)
        capacity = max(2, int((height + 0.01) // line_height))
        pages: list[list[Item]] = [[]]
        queue = list(items)
        while queue:
            item = queue.pop(0)
            page = pages[-1]
            used = block_height(page, line_height, gap) + (gap if page else 0)
            free_lines = int((height - used + 0.01) // line_height)
            if len(page) < limit and item.lines <= free_lines:
                page.append(item)
            elif item.lines > capacity and len(page) < limit and free_lines >= 3 \
                    and self._splittable(item, layout):
                head, rest = self._split(item, layout, free_lines)
                page.append(head)
                queue.insert(0, rest)
            elif page:
                pages.append([])
                queue.insert(0, item)
            elif self._splittable(item, layout):
                head, rest = self._split(item, layout, capacity)
                page.append(head)
                queue.insert(0, rest)
            else:               # one line and its detail: nothing left to cut, so no loop
                page.append(item)
        return [page for page in pages if page]

    def _splittable(self, item: Item, layout: tuple) -> bool:
        size, _, indent, _, width = layout
        return len(wrap(item.runs, width - indent, size, self.metrics)) > 1

    def _short_detail(self, item: Item, size: float, width: float) -> Item:
        """An item whose detail line takes at most DETAIL_MAX_LINES lines, cut with "…"."""
        if not item.detail:
            return item
        lines = fit_lines(item.detail, width, size, self.metrics, DETAIL_MAX_LINES)
        return item if len(lines) == 1 else replace(item, detail=" ".join(lines))

    def _split(self, item: Item, layout: tuple, lines_free: int) -> tuple[Item, Item]:
        """Cut a long item at a word boundary so that its head takes `lines_free` lines."""
        size, detail_size, indent, stacked, width = layout
        lines = wrap(item.runs, width - indent, size, self.metrics)
        keep = lines_free
        if item.lead and stacked:
            keep -= len(wrap((Run(item.lead, bold=True),), width, size, self.metrics))
        keep = max(1, min(keep, len(lines) - 1))
        head = self.measure_item(replace(item, runs=join_lines(lines[:keep]), detail=None),
                                 *layout)
        rest = self.measure_item(replace(item, runs=join_lines(lines[keep:]), lead=None,
                                         continues=True), *layout)
        return head, rest


def block_height(items: Iterable[Item], line_height: float, gap: float) -> float:
    items = list(items)
    if not items:
        return 0.0
    return sum(item.lines for item in items) * line_height + gap * (len(items) - 1)


def fit_lines(text: str, width: float, size: float, metrics: str, most: int,
              bold: bool = False, reserve: float = 0.0) -> tuple[str, ...]:
    """`text` wrapped into at most `most` lines; the last one cut with "…" if more follow
    (leaving `reserve` points free at its end)."""
    lines = [plain(line) for line in wrap((Run(text, bold=bold),), width, size, metrics)]
    if len(lines) > most:
        last = _cut_to_width(lines[most - 1] + " " + lines[most],
                             width * WRAP_SLACK - reserve, size, metrics, bold=bold,
                             always=True)
        lines = lines[: most - 1] + [last]
    return tuple(lines)


def _cut_to_width(text: str, width: float, size: float, metrics: str,
                  bold: bool = False, always: bool = False) -> str:
    """`text` shortened to fit `width` with an ellipsis: at a space, else inside the word.

    `always` cuts at least the last word (the text is known to go on). Every pass makes
    the text shorter, so the loop ends even for one long word (a URL).
    """
    shown, mid_word = text.rstrip(" ,;:–-"), False
    if always and " " in shown:
        shown = shown.rsplit(" ", 1)[0].rstrip(" ,;:–-")
    elif always:
        shown, mid_word = shown[:-1], True
    while shown:
        ending = "…" if mid_word else " …"
        if text_width(shown + ending, size, metrics, bold) <= width:
            return shown + ending
        if " " in shown:
            shown, mid_word = shown.rsplit(" ", 1)[0].rstrip(" ,;:–-"), False
        else:
            shown, mid_word = shown[:-1], True
    return "…"


def _styled(runs: tuple[Run, ...], bold: bool) -> tuple[Run, ...]:
    return tuple(replace(run, bold=run.bold or bold) for run in runs)
