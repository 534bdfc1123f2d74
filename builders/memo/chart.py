"""Figures as flat vector charts: columns, horizontal bars or a line, the target dashed.

Every label decision comes from `builders.chart_labels`, the rules the slides follow too:
numbers in one scale with the decimals that keep them apart, a value inside its bar only
when it fits (else beside it in the text colour), names wrapped under columns or, when
they do not fit, set beside horizontal bars, years in proportion on a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from .. import chart_labels as rules
from ..model import Figure
from .styles import Styles

HEIGHT_RATIO = 0.32
"""Height of a column or line chart's plot area and names, as a share of its width."""
BAR_SHARE = 0.56
"""Width of a column as a share of its category's slot."""
ROW_SHARE = 0.62
"""Thickness of a horizontal bar as a share of its row."""
LINE_GAP = 1.15
"""Line height of wrapped chart labels, as a multiple of their size."""
TARGET_SHARE = 0.3
"""Most of the width the target's label may take at the right of the plot."""
ASCENT, DESCENT = 0.8, 0.25
"""A label's extent above and below its baseline, as shares of its size."""
MOST_HEIGHT = 1.4
"""Tallest a chart may be, as a multiple of its width, and at most PAGE_SHARE of the
page's text height (it must fit a page with its caption and source): horizontal bars
set their names on one line to stay within it, and a chart with more rows than that
allows is drawn smaller."""
PAGE_SHARE = 0.85
SHRINK = 0.8
"""Smallest share of its size a chart is drawn at to keep its names whole."""
PADDING = 0.3
"""Space between a value label and its bar's edges, as a share of the label size."""


@dataclass(frozen=True)
class Scale:
    """Maps values onto a stretch of the drawing, from `start` to `end` points."""

    low: float
    high: float
    start: float
    end: float

    def at(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


def value_bounds(figure: Figure) -> tuple[float, float]:
    """The values the axis must show: bars always include zero, a line only when its
    values start near it."""
    values = list(figure.series.values()) + ([figure.target.value] if figure.target else [])
    low, high = min(values), max(values)
    if figure.kind == "bar" or (low >= 0 and low < 0.5 * high):
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        low, high = (low - 1, high + 1) if low else (0.0, 1.0)
    return low, high


def room_for(low: float, high: float, start: float, end: float, before: float,
             after: float) -> Scale:
    """A scale from `start` to `end` leaving `before` points below `low` and `after` above
    `high` (room for labels outside the outermost bars)."""
    usable = max(end - start - before - after, (end - start) * 0.3)
    per_point = (high - low) / usable
    return Scale(low - before * per_point, high + after * per_point, start, end)


class ChartPainter:
    """Draws one figure into a reportlab Drawing of the given width; every label stays
    inside the drawing and clear of every other label."""

    def __init__(self, figure: Figure, width: float, styles: Styles, height: float = 0.0):
        self.figure, self.styles, self.width = figure, styles, width
        self.most = min(width * MOST_HEIGHT, height * PAGE_SHARE) if height else width * MOST_HEIGHT
        self.size = styles.sizes.small
        self.font, self.bold = styles.fonts.regular, styles.fonts.semibold
        self.lead = self.size * LINE_GAP
        self.values = list(figure.series.values())
        self.names = list(figure.series)
        target = [figure.target.value] if figure.target else []
        self.numbers = rules.number_style(self.values + target, styles.language)
        self.labels = [self.numbers.text(value) for value in self.values]
        self.items: list = []
        self.height = 0.0

    # -- measuring and drawing primitives

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """`text` as (piece, font) runs: a character the memo's fonts lack (the minus
        sign of a negative value in Noto Sans) is set in the fallback font that has it."""
        runs: list[tuple[str, str]] = []
        for char in text:
            chosen = self.styles.fonts.fallback_for(char) or font
            if runs and runs[-1][1] == chosen:
                runs[-1] = (runs[-1][0] + char, chosen)
            else:
                runs.append((char, chosen))
        return runs

    def width_in(self, text: str, font: str) -> float:
        return sum(stringWidth(piece, face, self.size) for piece, face in self.runs(text, font))

    def measure(self, text: str) -> float:
        return self.width_in(text, self.font)

    def measure_bold(self, text: str) -> float:
        return self.width_in(text, self.bold)

    def text(self, x: float, y: float, text: str, colour: str = "text", anchor: str = "middle",
             font: str | None = None) -> None:
        font = font or self.font
        fill = getattr(self.styles.palette, colour)
        runs = self.runs(text, font)
        if len(runs) == 1:
            self.items.append(String(x, y, text, fontName=font, fontSize=self.size,
                                     fillColor=fill, textAnchor=anchor))
            return
        width = self.width_in(text, font)
        x -= {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        for piece, face in runs:
            self.items.append(String(x, y, piece, fontName=face, fontSize=self.size,
                                     fillColor=fill, textAnchor="start"))
            x += stringWidth(piece, face, self.size)

    def value_label(self, x: float, y: float, text: str, inside: bool, anchor: str) -> None:
        """A value: white semibold inside its bar, else in the text colour beside it."""
        self.text(x, y, text, "white" if inside else "text", anchor, self.bold)

    # -- the target

    def target_lines(self, width: float) -> list[str]:
        target = self.figure.target
        label, value = rules.target_text(target.label, target.value, self.numbers)
        return rules.fit_lines(label, width, 3, self.measure_bold) + [value]

    def target_gutter(self) -> float:
        target = self.figure.target
        if target is None:
            return 0.0
        label, value = rules.target_text(target.label, target.value, self.numbers)
        widest = max(self.measure_bold(label), self.measure_bold(value))
        return min(widest + self.size, self.width * TARGET_SHARE)

    def dashed(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.items.append(Line(x0, y0, x1, y1, strokeColor=self.styles.palette.alert,
                               strokeWidth=1, strokeDashArray=[4, 3]))

    # -- columns and lines

    def paint(self) -> Drawing:
        if self.figure.kind == "line":
            self.line()
        else:
            gutter = self.target_gutter()
            widest = max(self.measure_bold(label) for label in self.labels)
            layout = rules.bar_categories(self.names, self.width - gutter, self.measure,
                                          self.size * 0.6, widest)
            if layout.horizontal:           # the target stands on top: names get the width
                self.rows(self.short_rows(rules.bar_categories(
                    self.names, self.width, self.measure, self.size * 0.6, widest)))
            else:
                self.columns(layout, gutter)
        return self.drawing()

    def frame(self, layout: rules.CategoryLayout, gutter: float) -> tuple[float, float, float]:
        """(plot bottom, plot top, plot right) of a column or line chart."""
        extra = (layout.line_count - 1) * self.lead
        self.height = self.width * HEIGHT_RATIO + extra
        bottom = self.size * 2.2 + extra
        return bottom, self.height - self.size * 0.5, self.width - gutter

    def names_below(self, layout: rules.CategoryLayout, xs, bottom: float) -> None:
        for x, lines, shown in zip(xs, layout.lines, layout.shown):
            if shown:
                for number, line in enumerate(lines):
                    self.text(x, bottom - self.size * 1.5 - number * self.lead, line, "muted")

    def columns(self, layout: rules.CategoryLayout, gutter: float) -> None:
        bottom, top, right = self.frame(layout, gutter)
        room = self.size * (ASCENT + DESCENT + 2 * PADDING) + 1
        low, high = value_bounds(self.figure)
        scale = room_for(low, high, bottom, top, room if low < 0 else 0, room)
        slot = right / len(self.values)
        width = min(slot * BAR_SHARE, self.size * 6)
        zero = scale.at(0.0)
        target_y = scale.at(self.figure.target.value) if self.figure.target else None
        xs = [(index + 0.5) * slot for index in range(len(self.values))]
        for x, value, text in zip(xs, self.values, self.labels):
            end = scale.at(value)
            self.items.append(Rect(x - width / 2, min(zero, end), width, abs(end - zero),
                                   fillColor=self.styles.palette.secondary, strokeColor=None))
            self.column_label(x, zero, end, width, value, text, target_y)
        self.names_below(layout, xs, bottom)
        self.items.append(Line(0, zero, right, zero, strokeColor=self.styles.palette.muted,
                               strokeWidth=0.6))
        if target_y is not None:
            self.target_at_right(target_y, right)

    def column_label(self, x: float, zero: float, end: float, width: float, value: float,
                     text: str, target_y: float | None) -> None:
        """Inside the bar's end when it fits (and the target line leaves it room), else
        beyond the end in the text colour."""
        pad = self.size * PADDING
        extent = self.size * (ASCENT + DESCENT)
        label = rules.Extent(self.measure_bold(text), extent)
        inside = rules.label_fits_inside(rules.Extent(width, abs(end - zero)), label, pad)
        inside, shift = rules.clear_of_target(end, zero, target_y, extent, inside, pad, pad)
        out = 1.0 if end >= zero else -1.0
        near = (end - out * pad if inside else end + out * pad) + shift
        downwards = (-out if inside else out) < 0       # the label hangs below its near edge
        baseline = near - self.size * ASCENT if downwards else near + self.size * DESCENT
        self.value_label(x, baseline, text, inside, "middle")

    def clear_of(self, y: float, line: float | None, upwards: bool) -> float:
        """A label's baseline `y`, moved past the target line if the line would cross it."""
        if line is None or not (y - self.size * DESCENT - 1 < line < y + self.size * ASCENT + 1):
            return y
        if upwards:
            return line + 1.5 + self.size * DESCENT
        return line - 1.5 - self.size * ASCENT

    def target_at_right(self, y: float, right: float) -> None:
        """The dashed line across the whole plot into the gutter, its name and value at its
        end: above the line, or below it where the top is near."""
        self.dashed(0, y, self.width, y)
        lines = self.target_lines(self.width - right - self.size * 0.5)
        block = len(lines) * self.lead
        if y + self.size * 0.45 + block <= self.height:
            first = y + self.size * 0.45 + (len(lines) - 1) * self.lead + self.size * DESCENT
        else:
            first = y - self.size * 0.45 - self.size * ASCENT
        first = max(first, (len(lines) - 1) * self.lead + self.size * DESCENT)
        for number, line in enumerate(lines):
            colour_font = self.bold if number < len(lines) - 1 else self.font
            self.text(self.width, first - number * self.lead, line, "alert", "end", colour_font)

    def line(self) -> None:
        gutter = self.target_gutter()
        right = self.width - gutter
        xs = rules.point_positions(self.names, right)
        layout = rules.line_categories(self.names, xs, right, self.measure, self.size * 0.8)
        bottom, top, right = self.frame(layout, gutter)
        low, high = value_bounds(self.figure)
        room = self.size * (ASCENT + DESCENT) + self.size
        scale = room_for(low, high, bottom, top, room if low < 0 else self.size * 0.5, room)
        ys = [scale.at(value) for value in self.values]
        target_y = scale.at(self.figure.target.value) if self.figure.target else None
        self.items.append(Line(0, bottom, right, bottom, strokeColor=self.styles.palette.muted,
                               strokeWidth=0.6))
        if scale.low < 0 < scale.high:          # values either side of zero: mark it
            zero = scale.at(0.0)
            self.items.append(Line(0, zero, right, zero, strokeColor=self.styles.palette.rule,
                                   strokeWidth=0.6))
        if target_y is not None:
            self.target_at_right(target_y, right)
        self.items.append(PolyLine([c for point in zip(xs, ys) for c in point],
                                   strokeColor=self.styles.palette.secondary, strokeWidth=2))
        widths = [self.measure(label) for label in self.labels]
        labelled = rules.labelled_points(xs, widths, self.values, self.size * 0.6)
        for index, (x, y, text, shown, label_width) in enumerate(
                zip(xs, ys, self.labels, labelled, widths)):
            self.items.append(Circle(x, y, self.size * 0.3, fillColor=self.styles.palette.secondary,
                                     strokeColor=self.styles.palette.white, strokeWidth=0.8))
            if shown:
                above, below = y + self.size * 0.7, y - self.size * 1.3
                if rules.label_above(self.values, index) or below - self.size * DESCENT < bottom:
                    label = above
                    if self.clear_of(label, target_y, True) != label:
                        label = self.clear_of(below, target_y, False)
                else:
                    label = self.clear_of(below, target_y, False)
                label = min(label, self.height - self.size * ASCENT)
                x = min(max(x, label_width / 2), right - label_width / 2)
                self.text(x, label, text)
        self.names_below(layout, layout.centres, bottom)

    # -- horizontal bars

    def row_pitch(self, layout: rules.CategoryLayout) -> float:
        return max(layout.line_count * self.lead, self.size * 1.3) + self.size * 0.45

    def short_rows(self, layout: rules.CategoryLayout) -> rules.CategoryLayout:
        """Whole names, wrapped, while the chart fits the page at no less than SHRINK of
        its size; else the names on one line, cut with "…" (the alternative text and the
        notes keep them whole)."""
        tall = self.row_pitch(layout) * len(self.values) + self.size * 4
        if tall * SHRINK <= self.most:
            return layout
        widest = max(self.measure_bold(label) for label in self.labels)
        return rules.bar_categories(self.names, self.width, self.measure,
                                    self.size * 0.6, widest, row_lines=1)

    def drawing(self) -> Drawing:
        drawing = Drawing(self.width, self.height, initialFontName=self.font,
                          initialFontSize=self.size)
        group = Group(*self.items)
        most = self.most
        if self.height > most:                 # too many rows: the whole chart smaller
            factor = most / self.height
            group.scale(factor, factor)
            group.translate((self.width / factor - self.width) / 2, 0)
            drawing.width, drawing.height = self.width, most
        drawing.add(group)
        return drawing

    def rows(self, layout: rules.CategoryLayout) -> None:
        """One row per category, its name right-aligned at the left, its bar from zero."""
        pad, gap = self.size * PADDING, self.size * 0.6
        pitch = self.row_pitch(layout)
        head = (len(self.target_lines(self.width)) * self.lead + self.size * 0.6
                if self.figure.target else self.size * 0.4)
        self.height = head + pitch * len(self.values) + self.size * 0.4
        widths = [self.measure_bold(text) for text in self.labels]
        low, high = value_bounds(self.figure)
        before = max((w for w, v in zip(widths, self.values) if v < 0), default=0.0)
        after = max((w for w, v in zip(widths, self.values) if v >= 0), default=0.0)
        left = layout.label_width + gap
        scale = room_for(low, high, left, self.width, before + 2 * pad if low < 0 else 0,
                         after + 2 * pad)
        zero = scale.at(0.0)
        target_x = scale.at(self.figure.target.value) if self.figure.target else None
        thickness = min(pitch * ROW_SHARE, self.size * 2)
        for index, (name, value, text, label_width) in enumerate(
                zip(layout.lines, self.values, self.labels, widths)):
            middle = self.height - head - (index + 0.5) * pitch
            end = scale.at(value)
            self.items.append(Rect(min(zero, end), middle - thickness / 2, abs(end - zero),
                                   thickness, fillColor=self.styles.palette.secondary,
                                   strokeColor=None))
            first = middle + (len(name) - 1) * self.lead / 2 - self.size * 0.3
            for number, line in enumerate(name):
                self.text(layout.label_width, first - number * self.lead, line, "muted", "end")
            self.row_label(middle, zero, end, thickness, value, text, label_width, target_x)
        self.items.append(Line(zero, self.size * 0.4, zero, self.height - head + self.size * 0.2,
                               strokeColor=self.styles.palette.muted, strokeWidth=0.6))
        if target_x is not None:
            self.target_on_top(target_x, head)

    def row_label(self, middle: float, zero: float, end: float, thickness: float, value: float,
                  text: str, label_width: float, target_x: float | None) -> None:
        pad = self.size * PADDING
        baseline = middle - self.size * 0.3
        label = rules.Extent(label_width, self.size * (ASCENT + DESCENT))
        inside = rules.label_fits_inside(rules.Extent(abs(end - zero), thickness), label, pad)
        inside, shift = rules.clear_of_target(end, zero, target_x, label_width, inside, pad, pad)
        out = 1.0 if end >= zero else -1.0
        near = (end - out * pad if inside else end + out * pad) + shift
        leftwards = (-out if inside else out) < 0       # the label runs left of its near edge
        x0 = near - label_width if leftwards else near
        self.value_label(x0, baseline, text, inside, "start")

    def target_on_top(self, x: float, head: float) -> None:
        """A vertical dashed line through every row, its name and value above its top end."""
        top = self.height - head + self.size * 0.2
        self.dashed(x, self.size * 0.4, x, top)
        lines = self.target_lines(min(self.width * 0.5, self.width))
        widest = max(self.measure_bold(line) for line in lines)
        anchor, at = "middle", min(max(x, widest / 2), self.width - widest / 2)
        for number, line in enumerate(reversed(lines)):
            font = self.font if number == 0 else self.bold
            self.text(at, top + self.size * 0.4 + self.size * DESCENT + number * self.lead,
                      line, "alert", anchor, font)


def chart(figure: Figure, width: float, styles: Styles, height: float = 0.0) -> Drawing:
    """The figure as a vector drawing `width` points wide, for a page whose text is
    `height` points high (0: unknown)."""
    return ChartPainter(figure, width, styles, height).paint()
