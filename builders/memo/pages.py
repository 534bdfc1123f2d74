"""What every page carries outside the text: marking, running title, page number, watermark.

All of it is page furniture, an *artifact* in tagged-PDF terms: it is drawn straight on
the canvas, never as part of the story.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from .styles import Styles

PAGE_SIZES = {"A4": A4, "letter": letter}

ROLE = "artifact"
MARKING_TRACKING = 0.08
"""Letter spacing of the marking, as a share of its size."""
MARKING_MINIMUM = 6.0
"""Points: a marking too wide for the text width shrinks to this size, then takes two lines."""
MARKING_GAP = 1.1
"""Line height of a two-line marking, as a multiple of its size."""
WATERMARK_SHARE = 0.16
"""Size of the CONCEPT / DRAFT watermark as a share of the page width."""
WATERMARK_ALPHA = 0.55
"""Opacity of the watermark, drawn over the content (multiplied, so text stays legible)."""


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

    @property
    def text_height(self) -> float:
        """The body frame's height on a page without footnotes."""
        return self.height - self.top - self.bottom


@dataclass(frozen=True)
class Furniture:
    """The fixed texts of every page and where the margins are."""

    styles: Styles
    marking: str
    running_title: str
    page_label: str
    """e.g. "Pagina {page} van {total}"."""
    watermark: str | None
    geometry: Geometry

    def draw_background(self, canvas, page: int) -> None:
        """Before the text: the marking at the top."""
        canvas.saveState()
        self._marking(canvas, self.geometry.height - self.geometry.top * 0.5)
        canvas.restoreState()

    def draw_foot(self, canvas, page: int, total: int) -> None:
        """After the text: rule, running title, page x of y, marking at the bottom."""
        canvas.saveState()
        size = self.styles.sizes.small
        line_y = self.geometry.bottom * 0.62
        canvas.setStrokeColor(self.styles.palette.rule)
        canvas.setLineWidth(0.5)
        canvas.line(self.geometry.left, line_y + size * 1.3, self.geometry.width - self.geometry.right, line_y + size * 1.3)
        canvas.setFillColor(self.styles.palette.muted)
        canvas.setFont(self.styles.fonts.regular, size)
        canvas.drawString(self.geometry.left, line_y, self._fit(self.running_title, size))
        canvas.drawRightString(self.geometry.width - self.geometry.right, line_y,
                               self.page_label.format(page=page, total=total))
        self._marking(canvas, self.geometry.bottom * 0.3)
        canvas.restoreState()
        if self.watermark:
            self.draw_watermark(canvas)

    def _fit(self, text: str, size: float) -> str:
        """The running title, shortened with an ellipsis to leave room for the page number."""
        room = (self.geometry.width - self.geometry.left - self.geometry.right) * 0.7
        font = self.styles.fonts.regular
        while stringWidth(text, font, size) > room and len(text) > 1:
            text = text[:-2].rstrip() + "…"
        return text

    def _marking(self, canvas, y: float) -> None:
        """The marking centred on `y`, never beyond the margins (see `marking_lines`)."""
        size, lines = self.marking_lines()
        font = self.styles.fonts.semibold
        spacing = size * MARKING_TRACKING
        baseline = y + (len(lines) - 1) * size * MARKING_GAP / 2
        for line in lines:
            width = self._tracked_width(line, size)
            label = canvas.beginText((self.geometry.width - width) / 2, baseline)
            label.setFont(font, size)
            label.setCharSpace(spacing)
            label.setFillColor(self.styles.palette.marking)
            label.textOut(line)
            canvas.drawText(label)
            baseline -= size * MARKING_GAP

    def marking_lines(self) -> tuple[float, list[str]]:
        """The marking's size and lines: one line at the theme's size if it fits the text
        width; else one line shrunk down to `MARKING_MINIMUM`; else two lines at the
        largest size that fits, at least the minimum; a marking too long even then ends
        its second line in "…"."""
        text = self.marking.upper()
        room = self.geometry.width - self.geometry.left - self.geometry.right
        size = self.styles.sizes.marking
        one = room / self._tracked_width(text, 1.0)
        if one >= MARKING_MINIMUM or one >= size:
            return min(size, one), [text]
        for step in range(int(size * 4), int(MARKING_MINIMUM * 4) - 1, -1):
            lines = self._split(text, step / 4, room)
            if len(lines) <= 2:
                return step / 4, lines
        size = MARKING_MINIMUM
        first, *rest = self._split(text, size, room)
        second = " ".join(rest)
        while second and self._tracked_width(second + "…", size) > room:
            second = second[:-1]
        return size, [first, second.rstrip() + "…"]

    def _split(self, text: str, size: float, room: float) -> list[str]:
        """Lines of `text` that fit `room` at `size`, tracking included: broken at spaces
        (within a word only if it is wider than the room), two lines balanced."""
        fits = lambda line: self._tracked_width(line, size) <= room  # noqa: E731
        lines: list[str] = []
        for word in text.split():
            if lines and fits(f"{lines[-1]} {word}"):
                lines[-1] += f" {word}"
                continue
            while not fits(word) and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and not fits(word[:cut]):
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            lines.append(word)
        if len(lines) == 2:
            words = text.split()
            splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
            balanced = [pair for pair in splits if fits(pair[0]) and fits(pair[1])]
            if balanced:
                lines = list(min(balanced, key=lambda pair: max(
                    self._tracked_width(pair[0], size), self._tracked_width(pair[1], size))))
        return lines or [""]

    def _tracked_width(self, text: str, size: float) -> float:
        spacing = size * MARKING_TRACKING
        return stringWidth(text, self.styles.fonts.semibold, size) + spacing * (len(text) - 1)

    def draw_watermark(self, canvas) -> None:
        """The CONCEPT / DRAFT mark, last of all, over the content: a large diagonal word in
        the watermark colour, multiplied into what lies under it at `WATERMARK_ALPHA`, so it
        looks the same on white, on the tinted box and on a chart's bars, and the text
        under it stays black and legible."""
        size = self.geometry.width * WATERMARK_SHARE
        angle = math.degrees(math.atan2(self.geometry.height, self.geometry.width))
        canvas.saveState()
        canvas.setFillColor(self.styles.palette.watermark)
        canvas.setFillAlpha(WATERMARK_ALPHA)
        canvas.setBlendMode("Multiply")
        canvas.setFont(self.styles.fonts.bold, size)
        canvas.translate(self.geometry.width / 2, self.geometry.height / 2)
        canvas.rotate(angle)
        canvas.drawCentredString(0, -size * 0.35, self.watermark)
        canvas.restoreState()
