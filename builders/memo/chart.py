"""Figures as flat vector charts: bars or a line, values written on them, the target dashed."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..labels import decimals_needed, format_number
from ..model import Figure
from .styles import Styles

HEIGHT_RATIO = 0.32
"""Chart height as a share of its width."""
BAR_SHARE = 0.56
"""Width of a bar as a share of its category's slot."""
HEADROOM = 0.14
"""Space above the highest value or target, as a share of the value range."""
LABEL_LINES = 4
"""A category label wraps to at most this many lines; the last ends in "…" if cut."""
LINE_GAP = 1.15
"""Line height of wrapped chart labels, as a multiple of their size."""
TARGET_SHARE = 0.3
"""Most of the width the target's label may take at the right of the plot."""
ASCENT, DESCENT = 0.8, 0.25
"""A label's extent above and below its baseline, as shares of its size."""


@dataclass(frozen=True)
class Plot:
    """Where values land: the plot rectangle and the value range it shows."""

    left: float
    bottom: float
    width: float
    height: float
    low: float
    high: float

    def y(self, value: float) -> float:
        return self.bottom + (value - self.low) / (self.high - self.low) * self.height

    def x(self, index: int, count: int) -> float:
        return self.left + (index + 0.5) * self.width / count


def value_range(figure: Figure) -> tuple[float, float]:
    values = list(figure.series.values()) + ([figure.target.value] if figure.target else [])
    low, high = min(values), max(values)
    if figure.kind == "bar" or (low >= 0 and low < 0.5 * high):
        low, high = min(low, 0.0), max(high, 0.0)
    span = (high - low) or abs(high) or 1.0
    low = low if low == 0 else low - span * HEADROOM  # room for labels below negative bars
    return low, high + span * HEADROOM


def wrap(text: str, font: str, size: float, width: float, most: int | None = None) -> list[str]:
    """`text` in lines no wider than `width`: at spaces, else within a word; at most `most`
    lines, the last shortened with "…" if text was left over."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    if most is not None and len(lines) > most:
        last = lines[most - 1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines = lines[:most - 1] + [last.rstrip() + "…"]
    return lines


class ChartPainter:
    """Draws one figure into a reportlab Drawing of the given width.

    Every label stays inside the drawing: category labels wrap to their slot (the drawing
    grows by the extra lines), the target's label wraps in a gutter at the right, and a
    value label that would sit on the target line moves off it.
    """

    def __init__(self, figure: Figure, width: float, styles: Styles):
        self.figure, self.styles = figure, styles
        self.size = styles.sizes.small
        self.font = styles.fonts.regular
        self.lead = self.size * LINE_GAP
        values = list(figure.series.values()) + ([figure.target.value] if figure.target else [])
        self.decimals = decimals_needed(values)
        self.width = width
        self.gutter = self.target_gutter()
        slot = (width - self.gutter) / len(figure.series)
        self.categories = [wrap(name, self.font, self.size, slot * 0.94, LABEL_LINES)
                           for name in figure.series]
        extra = (max(len(lines) for lines in self.categories) - 1) * self.lead
        self.drawing = Drawing(width, width * HEIGHT_RATIO + extra, initialFontName=self.font,
                               initialFontSize=self.size)
        self.target_y: float | None = None

    def number(self, value: float) -> str:
        return format_number(value, self.styles.language, self.decimals)

    def text(self, x: float, y: float, text: str, colour: str = "text", anchor: str = "middle",
             font: str | None = None) -> None:
        self.drawing.add(String(x, y, text, fontName=font or self.font, fontSize=self.size,
                                fillColor=getattr(self.styles.palette, colour),
                                textAnchor=anchor))

    def plot(self) -> Plot:
        lines = max(len(lines) for lines in self.categories)
        bottom = self.size * 2.2 + (lines - 1) * self.lead
        low, high = value_range(self.figure)
        return Plot(0, bottom, self.drawing.width - self.gutter,
                    self.drawing.height - bottom - self.size * 0.5, low, high)

    def target_gutter(self) -> float:
        target = self.figure.target
        if target is None:
            return 0.0
        widest = max(stringWidth(text, self.styles.fonts.semibold, self.size)
                     for text in (target.label, self.number(target.value)))
        return min(widest + self.size, self.width * TARGET_SHARE)

    def paint(self) -> Drawing:
        plot = self.plot()
        if self.figure.target is not None:
            self.target_y = plot.y(self.figure.target.value)
        if self.figure.kind == "bar":
            self.bars(plot)
        else:
            self.line(plot)
        for index, lines in enumerate(self.categories):
            x = plot.x(index, len(self.categories))
            for number, line in enumerate(lines):
                self.text(x, plot.bottom - self.size * 1.5 - number * self.lead, line, "muted")
        self.baseline(plot)
        self.target(plot)
        return self.drawing

    def baseline(self, plot: Plot) -> None:
        y = plot.y(max(plot.low, 0.0)) if self.figure.kind == "bar" else plot.bottom
        self.drawing.add(Line(plot.left, y, plot.left + plot.width, y,
                              strokeColor=self.styles.palette.muted, strokeWidth=0.6))

    def bars(self, plot: Plot) -> None:
        values = list(self.figure.series.values())
        slot = plot.width / len(values)
        width = min(slot * BAR_SHARE, self.size * 6)
        zero = plot.y(0.0)
        for index, value in enumerate(values):
            x, top = plot.x(index, len(values)), plot.y(value)
            self.drawing.add(Rect(x - width / 2, min(zero, top), width, abs(top - zero),
                                  fillColor=self.styles.palette.secondary, strokeColor=None))
            self.bar_label(x, top, abs(top - zero), value)

    def bar_label(self, x: float, top: float, height: float, value: float) -> None:
        """The value inside the top of the bar, in white; above (or below) a short bar."""
        if height >= self.size * 2.4:
            offset = -self.size * 1.35 if value >= 0 else self.size * 0.5
            self.text(x, self.clear_of_target(top + offset, value < 0), self.number(value),
                      "white", font=self.styles.fonts.semibold)
        else:
            y = top + (self.size * 0.45 if value >= 0 else -self.size * 1.2)
            self.text(x, self.clear_of_target(y, value >= 0), self.number(value))

    def clear_of_target(self, y: float, upwards: bool) -> float:
        """A label's baseline `y`, moved past the target line if the line would cross it."""
        line = self.target_y
        if line is None or not (y - self.size * DESCENT - 1 < line < y + self.size * ASCENT + 1):
            return y
        if upwards:
            return line + 1.5 + self.size * DESCENT
        return line - 1.5 - self.size * ASCENT

    def line(self, plot: Plot) -> None:
        values = list(self.figure.series.values())
        points = [(plot.x(i, len(values)), plot.y(v)) for i, v in enumerate(values)]
        self.drawing.add(PolyLine([c for point in points for c in point],
                                  strokeColor=self.styles.palette.secondary, strokeWidth=2))
        for (x, y), value in zip(points, values):
            self.drawing.add(Circle(x, y, self.size * 0.3, fillColor=self.styles.palette.secondary,
                                    strokeColor=self.styles.palette.white, strokeWidth=0.8))
            label = y + self.size * 0.7
            if self.clear_of_target(label, True) != label:
                label = self.clear_of_target(y - self.size * 1.3, False)
            self.text(x, label, self.number(value))

    def target(self, plot: Plot) -> None:
        """The dashed line across the plot and gutter; its label (wrapped to the gutter)
        above it and its value below it, or the other way round where the top is near."""
        target = self.figure.target
        if target is None:
            return
        y = self.target_y
        right = self.drawing.width
        self.drawing.add(Line(plot.left, y, right, y, strokeColor=self.styles.palette.alert,
                              strokeWidth=1, strokeDashArray=[4, 3]))
        font = self.styles.fonts.semibold
        lines = wrap(target.label, font, self.size, self.gutter - self.size * 0.5)
        above = self.size * 0.45 + (len(lines) - 1) * self.lead + self.size * ASCENT
        value_below = y - self.size * 1.2
        if y + above > self.drawing.height:  # no room above: value above, label below
            first = y - self.size * 1.2
            value_below = y + self.size * 0.45
        else:
            first = y + self.size * 0.45 + (len(lines) - 1) * self.lead
        first = max(first, (len(lines) - 1) * self.lead + self.size * DESCENT)
        for number, line in enumerate(lines):
            self.text(right, first - number * self.lead, line, "alert", "end", font)
        value_below = min(max(value_below, self.size * DESCENT),
                          self.drawing.height - self.size * ASCENT)
        self.text(right, value_below, self.number(target.value), "alert", "end")


def chart(figure: Figure, width: float, styles: Styles) -> Drawing:
    """The figure as a vector drawing `width` points wide."""
    return ChartPainter(figure, width, styles).paint()
