"""Figures as flat vector charts: bars or a line, values written on them, the target dashed."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
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
    low = low if low == 0 or figure.kind == "bar" else low - span * HEADROOM
    return low, high + span * HEADROOM


class ChartPainter:
    """Draws one figure into a reportlab Drawing of the given width."""

    def __init__(self, figure: Figure, width: float, styles: Styles):
        self.figure, self.styles = figure, styles
        self.size = styles.sizes.small
        self.font = styles.fonts.regular
        self.drawing = Drawing(width, width * HEIGHT_RATIO, initialFontName=self.font,
                               initialFontSize=self.size)
        values = list(figure.series.values()) + ([figure.target.value] if figure.target else [])
        self.decimals = decimals_needed(values)

    def number(self, value: float) -> str:
        return format_number(value, self.styles.language, self.decimals)

    def text(self, x: float, y: float, text: str, colour: str = "text", anchor: str = "middle",
             font: str | None = None) -> None:
        self.drawing.add(String(x, y, text, fontName=font or self.font, fontSize=self.size,
                                fillColor=getattr(self.styles.palette, colour),
                                textAnchor=anchor))

    def plot(self) -> Plot:
        gutter = self.target_gutter()
        bottom = self.size * 2.2
        low, high = value_range(self.figure)
        return Plot(0, bottom, self.drawing.width - gutter,
                    self.drawing.height - bottom - self.size * 0.5, low, high)

    def target_gutter(self) -> float:
        target = self.figure.target
        if target is None:
            return 0.0
        widest = max(stringWidth(text, self.font, self.size)
                     for text in (target.label, self.number(target.value)))
        return min(widest + self.size, self.drawing.width * 0.3)

    def paint(self) -> Drawing:
        plot = self.plot()
        labels = list(self.figure.series)
        if self.figure.kind == "bar":
            self.bars(plot)
        else:
            self.line(plot)
        for index, category in enumerate(labels):
            self.text(plot.x(index, len(labels)), plot.bottom - self.size * 1.5, category, "muted")
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
            self.text(x, top + offset, self.number(value), "white", font=self.styles.fonts.semibold)
        else:
            self.text(x, top + (self.size * 0.45 if value >= 0 else -self.size * 1.2),
                      self.number(value))

    def line(self, plot: Plot) -> None:
        values = list(self.figure.series.values())
        points = [(plot.x(i, len(values)), plot.y(v)) for i, v in enumerate(values)]
        self.drawing.add(PolyLine([c for point in points for c in point],
                                  strokeColor=self.styles.palette.secondary, strokeWidth=2))
        for (x, y), value in zip(points, values):
            self.drawing.add(Circle(x, y, self.size * 0.3, fillColor=self.styles.palette.secondary,
                                    strokeColor=self.styles.palette.white, strokeWidth=0.8))
            self.text(x, y + self.size * 0.7, self.number(value))

    def target(self, plot: Plot) -> None:
        target = self.figure.target
        if target is None:
            return
        y = plot.y(target.value)
        right = self.drawing.width
        self.drawing.add(Line(plot.left, y, right, y, strokeColor=self.styles.palette.alert,
                              strokeWidth=1, strokeDashArray=[4, 3]))
        self.text(right, y + self.size * 0.45, target.label, "alert", "end",
                  self.styles.fonts.semibold)
        self.text(right, y - self.size * 1.2, self.number(target.value), "alert", "end")


def chart(figure: Figure, width: float, styles: Styles) -> Drawing:
    """The figure as a vector drawing `width` points wide."""
    return ChartPainter(figure, width, styles).paint()


def alt_text(figure: Figure, language: str) -> str:
    """What the chart shows, in words: for a future tagged PDF and for tests."""
    values = list(figure.series.values())
    decimals = decimals_needed(values + ([figure.target.value] if figure.target else []))
    unit = f" {figure.unit}" if figure.unit else ""
    points = "; ".join(f"{category}: {format_number(value, language, decimals)}{unit}"
                       for category, value in figure.series.items())
    text = f"{figure.title}. {points}."
    if figure.target:
        text += f" {figure.target.label}: {format_number(figure.target.value, language, decimals)}{unit}."
    return text
