"""What every page carries outside the text: marking, running title, page number, watermark.

All of it is page furniture, an *artifact* in tagged-PDF terms: it is drawn straight on
the canvas, never as part of the story.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from .styles import Styles

ROLE = "artifact"
MARKING_TRACKING = 0.08
"""Letter spacing of the marking, as a share of its size."""
WATERMARK_SHARE = 0.16
"""Size of the CONCEPT / DRAFT watermark as a share of the page width."""


@dataclass(frozen=True)
class Furniture:
    """The fixed texts of every page and where the margins are."""

    styles: Styles
    marking: str
    running_title: str
    page_label: str
    """e.g. "Pagina {page} van {total}"."""
    watermark: str | None
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    def draw_background(self, canvas, page: int) -> None:
        """Before the text: the watermark, then the marking at the top."""
        canvas.saveState()
        if self.watermark:
            self._watermark(canvas)
        self._marking(canvas, self.height - self.top * 0.5)
        canvas.restoreState()

    def draw_foot(self, canvas, page: int, total: int) -> None:
        """After the text: rule, running title, page x of y, marking at the bottom."""
        canvas.saveState()
        size = self.styles.sizes.small
        line_y = self.bottom * 0.62
        canvas.setStrokeColor(self.styles.palette.rule)
        canvas.setLineWidth(0.5)
        canvas.line(self.left, line_y + size * 1.3, self.width - self.right, line_y + size * 1.3)
        canvas.setFillColor(self.styles.palette.muted)
        canvas.setFont(self.styles.fonts.regular, size)
        canvas.drawString(self.left, line_y, self._fit(self.running_title, size))
        canvas.drawRightString(self.width - self.right, line_y,
                               self.page_label.format(page=page, total=total))
        self._marking(canvas, self.bottom * 0.3)
        canvas.restoreState()

    def _fit(self, text: str, size: float) -> str:
        """The running title, shortened with an ellipsis to leave room for the page number."""
        room = (self.width - self.left - self.right) * 0.7
        font = self.styles.fonts.regular
        while stringWidth(text, font, size) > room and len(text) > 1:
            text = text[:-2].rstrip() + "…"
        return text

    def _marking(self, canvas, y: float) -> None:
        size = self.styles.sizes.marking
        font = self.styles.fonts.semibold
        text = self.marking.upper()
        spacing = size * MARKING_TRACKING
        width = stringWidth(text, font, size) + spacing * (len(text) - 1)
        label = canvas.beginText((self.width - width) / 2, y)
        label.setFont(font, size)
        label.setCharSpace(spacing)
        label.setFillColor(self.styles.palette.marking)
        label.textOut(text)
        canvas.drawText(label)

    def _watermark(self, canvas) -> None:
        size = self.width * WATERMARK_SHARE
        canvas.setFillColor(self.styles.palette.watermark)
        canvas.setFont(self.styles.fonts.bold, size)
        canvas.translate(self.width / 2, self.height / 2)
        canvas.rotate(math.degrees(math.atan2(self.height, self.width)))
        canvas.drawCentredString(0, -size * 0.35, self.watermark)
        canvas.rotate(-math.degrees(math.atan2(self.height, self.width)))
        canvas.translate(-self.width / 2, -self.height / 2)
