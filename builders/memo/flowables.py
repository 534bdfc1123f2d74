"""Flowables that know their role (tagging.py makes the PDF's structure of it) and headings
that are link targets.

Roles follow the PDF structure types: H1–H3, P, L/LI, Table (TH/TD), TOC/TOCI, BlockQuote,
Caption, Figure (with alternative text), Note (footnote), Artifact (decoration). A
flowable split across pages keeps its role and its one structure element (`carry_over`).
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Paragraph, Table
from reportlab.platypus.flowables import _listWrapOn

from .tagging import carry_over


def with_role(flowable, role: str, **info):
    """Mark a flowable with its structural role (and e.g. `alt` for a figure).

    Set in the instance's dict: reportlab's Drawing refuses unknown attributes otherwise.
    """
    vars(flowable).update(role=role, **info)
    return flowable


class Para(Paragraph):
    """A paragraph that keeps its role when reportlab splits it across pages."""

    role = "P"

    def __init__(self, text, style, role: str | None = None, **options):
        super().__init__(text, style, **options)
        if role:
            self.role = role

    def split(self, availWidth, availHeight):
        return carry_over(self, super().split(availWidth, availHeight))


class Heading(Paragraph):
    """A heading: a named destination for links, an outline entry, and a contents entry.

    `key` names the destination ("topic-<id>"); `outline_level` is None for headings
    that stay out of the outline and the contents. Headings never split.
    """

    def __init__(self, text: str, style, key: str, level: int, outline_title: str,
                 outline_level: int | None = None):
        super().__init__(text, style)
        self.heading_key = key
        self.role = f"H{level}"
        self.outline_title = outline_title
        self.outline_level = outline_level

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        if not self.heading_key:
            return super().draw()
        self.canv.bookmarkHorizontal(self.heading_key, 0, self.height + self.style.fontSize)
        if self.outline_level is not None:
            self.canv.addOutlineEntry(self.outline_title, self.heading_key,
                                      self.outline_level, closed=False)
        super().draw()


class KeepWithNext(KeepTogether):
    """What reportlab makes of flowables with keepWithNext (headings) and the one after them.

    A group that fits on a page moves to the next page whole, as reportlab does. A group
    taller than a whole page (a heading above a long table or box) cannot fit anywhere:
    reportlab would still start a new page for it, leaving the current one empty or
    nearly so. Here it stays, as long as the headings and the start of what follows fit.
    """

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        if frame is None or self._H <= frame._height or not self._starts_within(aW, aH):
            return super().split(aW, aH)
        return list(self._content)

    def _starts_within(self, aW: float, aH: float) -> bool:
        """Whether the headings and a first part of the last flowable fit in `aH`."""
        *heads, last = self._content
        if not heads or isinstance(last, KeepTogether):
            return False
        _, used = _listWrapOn(heads, aW, self.canv)
        room = aH - used - heads[-1].getSpaceAfter() - last.getSpaceBefore()
        if room <= 0:
            return False
        _, height = last.wrap(aW, room)
        if height <= room:
            return True
        parts = last.split(aW, room)
        if not parts or getattr(parts[0], "_ZEROSIZE", False):
            return False
        parts[0].canv = self.canv
        return parts[0].wrap(aW, room)[1] <= room


class SplitTable(Table):
    """A table whose rows may split across pages (`splitInRow`), so that no cell longer
    than a page makes it unbreakable.

    reportlab's row split can yield a first part whose split row is empty (too little
    room for two lines of any cell); placed, that part leaves the rest unchanged, and the
    layout loops for ever. Such a split is refused: the rest moves on as a whole.
    """

    def __init__(self, *args, **options):
        options.setdefault("splitInRow", 1)
        super().__init__(*args, **options)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and not any(_filled(cell) for cell in parts[0]._cellvalues[-1]):
            return []
        return carry_over(self, parts)


def _filled(cell) -> bool:
    if isinstance(cell, (list, tuple)):
        return any(_filled(item) for item in cell)
    return bool(cell) if isinstance(cell, str) else cell is not None
