"""Flowables that know their role (for a tagged PDF later) and headings that are link targets.

Roles follow the PDF structure types: H1–H3, P, L/LI, Table, Figure (with alternative
text), Note (footnote), Artifact (page furniture, see pages.py).
"""

from __future__ import annotations

from reportlab.platypus import Paragraph


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
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.role = self.role
        return parts


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
