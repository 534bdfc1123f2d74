"""Where everything of a native chart goes, decided before python-pptx sees it.

The chart's plot area is placed by hand inside its frame (a manual layout), so bar
widths and heights are known here and `builders.chart_labels` (the memo's rules too)
decides for every value label whether it fits inside its bar. A chart with more bars
than the slide can set legibly is split over several slides on one common scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import chart_labels as rules
from ..model import Figure
from .layout import Box
from .measure import text_width

GAP_WIDTH = 60
"""Space between bars as a percentage of a bar's width (the chart's c:gapWidth)."""
WIDEST_BAR = 9.0
"""A column is at most this many label sizes wide (one or two bars would fill the slide)."""
PAD = 4.0
"""Points between a value label and its bar's edges."""
LABEL_LEADING = 1.2
"""A chart label's line height as a multiple of its size."""
MIN_ROW = 1.5
"""Least height of a horizontal bar's row, in label sizes."""
TARGET_LINES = 2
"""The target's label: its name, then its value."""
ANNOTATION_SHARE = 0.23
MAX_ANNOTATION_LINES = 2
"""A point's name above its value: at most two lines of this share of the plot."""
LABEL_GAP = 3.0
"""Points a renderer leaves between a bar's end and a value label at that end."""


@dataclass(frozen=True)
class ChartPlan:
    """A native chart: categories and values, optionally a target drawn as a line, and
    every placement decision (plot area, axis range, each label's place) made."""

    kind: str                     # bar | line
    name: str                     # the values' series name
    categories: tuple[str, ...]
    values: tuple[float, ...]
    target_label: str | None      # the target's name, printed at the end of its line
    target_value: float | None
    target_text: str | None       # the target's value as the chart prints it
    number_format: str            # a spreadsheet number format: scale, decimals, minus sign
    box: Box
    horizontal: bool = False      # bars left to right, names in a column at the left
    years: tuple[float, ...] | None = None  # a line on a proportional axis of these years
    plot: Box | None = None       # the plot area, in points from the frame's top left
    low: float = 0.0              # the value axis' range
    high: float = 1.0
    inside: tuple[bool, ...] = () # per value: its label inside the bar (white) or beyond it
    shown: tuple[bool, ...] = ()  # per value: whether its label is printed (lines)
    above: tuple[bool, ...] = ()  # per value: label above or below the point (lines)
    annotated: bool = False       # a line's names at its labelled points, not on the axis
    named: tuple[bool, ...] = ()  # per value (annotated lines): its name above its value
    size: float = 18.0
    description: str = ""         # the chart in a sentence: its alternative text
    part: tuple[int, int] = (1, 1)  # this slide's part of a split chart, and how many
    target_box: Box | None = None # a target drawn over the chart: its label's box,
    target_line: tuple[float, float, float, float] | None = None  # and its line (x0 y0 x1 y1),
                                  # in points from the frame's top left
    gap_width: int = GAP_WIDTH    # space between bars, percent of a bar's width
    year_axis: tuple[float, float, float] | None = None  # first, last, step of the years
    nudges: tuple[tuple[float, float], ...] = ()  # per value label: points right, down
    category_lines: tuple[str, ...] = ()  # names as shown, with our line breaks (the
                                          # workbook keeps them as written)


@dataclass(frozen=True)
class Fonts:
    """Measuring chart text at the chart's label size."""

    size: float
    metrics: str

    def width(self, text: str, bold: bool = False) -> float:
        return text_width(text, self.size, self.metrics, bold)

    @property
    def line(self) -> float:
        return self.size * LABEL_LEADING


def plan_charts(figure: Figure, box: Box, language: str, size: float, metrics: str,
                clean, description: str) -> list[ChartPlan]:
    """One chart plan per slide the figure needs (more than one only for many bars)."""
    fonts = Fonts(size, metrics)
    target = figure.target
    values = tuple(figure.series.values())
    numbers = rules.number_style(values + ((target.value,) if target else ()), language)
    labels = [numbers.text(value) for value in values]
    base = ChartPlan(
        kind=figure.kind, name=clean(figure.unit or figure.title),
        categories=tuple(clean(category) for category in figure.series), values=values,
        target_label=clean(target.label) if target else None,
        target_value=target.value if target else None,
        target_text=numbers.text(target.value) if target else None,
        number_format=numbers.excel_format(), box=box, size=size, description=description)
    gutter = _gutter(base, numbers, fonts, box.width)
    if figure.kind == "line":
        return [_line(base, labels, fonts, gutter)]
    widest = max(fonts.width(label, bold=True) for label in labels)
    layout = rules.bar_categories(base.categories, box.width - gutter, fonts.width, PAD * 2,
                                  widest)
    if not layout.horizontal:
        return [_columns(base, labels, fonts, layout, gutter)]
    rows = rules.bar_categories(base.categories, box.width, fonts.width, PAD * 2, widest,
                                row_lines=None)    # our line breaks, every word kept
    most = max(1, int((box.height - TARGET_LINES * fonts.line - 4 * PAD) // fonts.line))
    if rows.line_count > most:     # a name longer than the slide is high: cut, say so
        rows = rules.bar_categories(base.categories, box.width, fonts.width, PAD * 2, widest,
                                    row_lines=most)
    return _rows(base, labels, fonts, rows, numbers)


def _gutter(plan: ChartPlan, numbers: rules.NumberStyle, fonts: Fonts, width: float) -> float:
    """Room at the right of the plot for the target's name and value."""
    if plan.target_value is None:
        return 0.0
    name, value = rules.target_text(plan.target_label, plan.target_value, numbers)
    return min(max(fonts.width(name, True), fonts.width(value, True)) + 3 * PAD, width * 0.35)


def _range(plan: ChartPlan, start: float, end: float, before: float,
           after: float) -> tuple[float, float]:
    """The axis range that leaves `before` and `after` points beyond the extreme values
    (room for the labels outside the outermost bars) on a plot `end - start` long."""
    values = plan.values + ((plan.target_value,) if plan.target_value is not None else ())
    low, high = min(values), max(values)
    if plan.kind == "bar" or (low >= 0 and low < 0.5 * high):
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        low, high = (low - 1, high + 1) if low else (0.0, 1.0)
    usable = max(end - start - before - after, (end - start) * 0.3)
    per_point = (high - low) / usable
    low = low - before * per_point if before else low
    return low, high + after * per_point


def _columns(plan: ChartPlan, labels, fonts: Fonts, layout: rules.CategoryLayout,
             gutter: float) -> ChartPlan:
    box = plan.box
    names = layout.line_count * fonts.line + 2 * PAD
    room = fonts.line + 2 * PAD
    plot = Box(0.0, PAD, box.width - gutter, box.height - names - PAD)
    negative = min(plan.values) < 0
    low, high = _range(plan, 0, plot.height, room if negative else 0.0, room)
    slot = plot.width / len(plan.values)
    gap = min(500, max(GAP_WIDTH, round((slot / (WIDEST_BAR * fonts.size) - 1) * 100)))
    bar_width = slot / (1 + gap / 100)
    per_point = plot.height / (high - low)
    def y(value: float) -> float:        # from the frame's top, downwards
        return plot.top + (high - value) * per_point
    target = y(plan.target_value) if plan.target_value is not None else None
    placed = [rules.clear_of_target(y(value), y(0.0), target, fonts.line, rules.label_fits_inside(
        rules.Extent(bar_width, abs(value) * per_point),
        rules.Extent(fonts.width(label, True), fonts.line), PAD), LABEL_GAP, PAD)
        for value, label in zip(plan.values, labels)]
    line = box_ = None
    if target is not None and len(plan.values) == 1:   # one column: a line needs two points
        line = (plot.left, target, plot.left + plot.width, target)
        width = box.width - plot.width
        box_ = Box(plot.width + PAD, target - fonts.line, width - PAD, 2 * fonts.line)
    return _replace(plan, plot=plot, low=low, high=high, gap_width=gap,
                    inside=tuple(inside for inside, _ in placed),
                    nudges=tuple((0.0, shift) for _, shift in placed),
                    shown=(True,) * len(labels), target_line=line, target_box=box_)


def _line(plan: ChartPlan, labels, fonts: Fonts, gutter: float) -> ChartPlan:
    """A line: years unevenly spaced on a proportional axis; names under their points
    when each fits its slot; otherwise (renderers break a name at its slot, and
    LibreOffice prints every n-th name only if all fit) no names on the axis, and the
    points that carry a label carry their name above the value."""
    box = plan.box
    width = box.width - gutter
    years = rules.year_positions(plan.categories)
    even = years is not None and len({b - a for a, b in zip(years, years[1:])}) == 1
    proportional = years is not None and not even
    xs = rules.point_positions(plan.categories, width)
    layout = rules.line_categories(plan.categories, xs, width, fonts.width, PAD * 2)
    slot = width / len(plan.values)
    annotated = not proportional and not (
        all(layout.shown) and all(fonts.width(line) <= slot - 2 * PAD
                                  for lines in layout.lines for line in lines))
    axis = None
    if proportional:
        axis = year_axis(years, width, fonts.width("0000"), PAD * 4)
        first, last, _ = axis
        xs = tuple((year - first) / (last - first) * width for year in years)
    if annotated:
        lines = [rules.fit_lines(name, width * ANNOTATION_SHARE, MAX_ANNOTATION_LINES,
                                 fonts.width) for name in plan.categories]
        widths = [max([fonts.width(label)] + [fonts.width(line) for line in name])
                  for label, name in zip(labels, lines)]
        label_lines = 1 + max(len(name) for name in lines)
        names = PAD
        shown_names = tuple("\n".join(name) for name in lines)
    else:
        widths = [fonts.width(label) for label in labels]
        label_lines = 1
        names = (1 if proportional else layout.line_count) * fonts.line + 2 * PAD
        shown_names = () if proportional else tuple("\n".join(name) for name in layout.lines)
    room = label_lines * fonts.line + 2 * PAD
    plot = Box(0.0, PAD, width, box.height - names - PAD)
    low, high = _range(plan, 0, plot.height, room, room)
    above = _sides(plan, low, high, plot, (label_lines if annotated else 1) * fonts.line)
    if annotated:
        shown, named = _annotations(plan, labels, lines, fonts, xs, plot, low, high, above)
    else:
        shown = rules.labelled_points(xs, widths, plan.values, PAD * 2)
        named = (False,) * len(labels)
    return _replace(plan, plot=plot, low=low, high=high, shown=shown, above=above,
                    years=years if proportional else None, year_axis=axis,
                    category_lines=shown_names, annotated=annotated, named=named,
                    inside=(False,) * len(labels))


def _sides(plan: ChartPlan, low: float, high: float, plot: Box,
           height: float) -> tuple[bool, ...]:
    """Above or below each point: below a dip, above a peak, and to the other side where
    the target line would cross the label."""
    per_point = plot.height / (high - low)
    target = (None if plan.target_value is None
              else plot.top + (high - plan.target_value) * per_point)
    sides = []
    for index, value in enumerate(plan.values):
        above = rules.label_above(plan.values, index)
        if target is not None:
            y = plot.top + (high - value) * per_point
            spans = {True: (y - LABEL_GAP - height, y - LABEL_GAP),
                     False: (y + LABEL_GAP, y + LABEL_GAP + height)}
            crossed = {side: top - 1 < target < bottom + 1 for side, (top, bottom) in spans.items()}
            if crossed[above] and not crossed[not above]:
                above = not above
        sides.append(above)
    return tuple(sides)


def _annotations(plan: ChartPlan, labels, names, fonts: Fonts, xs, plot: Box, low: float,
                 high: float, above) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
    """Which points carry a label, and which of those their name: the first, last,
    highest and lowest point their name and value where they stand clear, then every
    other value that finds room."""
    count = len(plan.values)
    per_point = plot.height / (high - low)

    def box(index: int, lines: int, width: float) -> rules.Box2:
        y = plot.top + (high - plan.values[index]) * per_point
        height = lines * fonts.line
        top = y - LABEL_GAP - height if above[index] else y + LABEL_GAP
        x = xs[index]
        return rules.Box2(x - width / 2, top, x + width / 2, top + height)

    def value_box(index: int) -> rules.Box2:
        return box(index, 1, fonts.width(labels[index]))

    def named_box(index: int) -> rules.Box2:
        width = max([fonts.width(labels[index])] + [fonts.width(l) for l in names[index]])
        return box(index, len(names[index]) + 1, width)

    key = rules.key_points(plan.values)
    order = key + [index for index in range(count) if index not in key]
    candidates = [[(1, named_box(index)), (0, value_box(index))] if index in key
                  else [(0, value_box(index))] for index in order]
    chosen = rules.place_labels(candidates, PAD)
    shown = [False] * count
    named = [False] * count
    for position, choice in chosen.items():
        shown[order[position]] = True
        named[order[position]] = choice == 1
    return tuple(shown), tuple(named)


def _rows(plan: ChartPlan, labels, fonts: Fonts, layout: rules.CategoryLayout,
          numbers: rules.NumberStyle) -> list[ChartPlan]:
    """Horizontal bars, as many to a slide as can be set at the label size."""
    box = plan.box
    head = (TARGET_LINES * fonts.line + 2 * PAD) if plan.target_value is not None else PAD
    row = max(layout.line_count * fonts.line, fonts.size * MIN_ROW) + PAD
    per_slide = max(1, int((box.height - head - PAD) // row))
    count = len(plan.values)
    parts = math.ceil(count / per_slide)
    per_slide = math.ceil(count / parts)             # the same number on every slide
    names = layout.label_width + 3 * PAD
    widths = [fonts.width(label, True) for label in labels]
    plot_width = box.width - names
    before = max((w for w, v in zip(widths, plan.values) if v < 0), default=0.0)
    after = max((w for w, v in zip(widths, plan.values) if v >= 0), default=0.0)
    low, high = _range(plan, 0, plot_width, before + 2 * PAD if min(plan.values) < 0 else 0,
                       after + 2 * PAD)
    per_point = plot_width / (high - low)
    lines_shown = tuple("\n".join(lines) for lines in layout.lines)
    target_box = target_line = None
    if plan.target_value is not None:
        text = f"{plan.target_label} {plan.target_text}"
        width = min(fonts.width(text, True) + 2 * PAD, box.width)
        x = names + (plan.target_value - low) * per_point
        left = min(max(x - width / 2, 0.0), box.width - width)
        target_box = Box(left, 0.0, width, head - PAD)
        target_line = (x, head - PAD, x, None)
    plans = []
    for part in range(parts):
        chunk = slice(part * per_slide, (part + 1) * per_slide)
        values = plan.values[chunk]
        pitch = min((box.height - head - PAD) / per_slide, 2 * row)   # rows fill the slide
        height = pitch * len(values)
        thickness = pitch / (1 + GAP_WIDTH / 100)
        plot = Box(names, head, plot_width, height)
        target = (names + (plan.target_value - low) * per_point
                  if plan.target_value is not None else None)
        placed = [rules.clear_of_target(names + (value - low) * per_point,
                                        names + (0.0 - low) * per_point, target, width,
                                        rules.label_fits_inside(
                                            rules.Extent(abs(value) * per_point, thickness),
                                            rules.Extent(width, fonts.line), PAD),
                                        LABEL_GAP, PAD)
                  for value, width in zip(values, widths[chunk])]
        plans.append(_replace(
            plan, categories=plan.categories[chunk], values=values, horizontal=True,
            category_lines=lines_shown[chunk],
            plot=plot, low=low, high=high, inside=tuple(inside for inside, _ in placed),
            nudges=tuple((shift, 0.0) for _, shift in placed), shown=(True,) * len(values),
            box=Box(box.left, box.top, box.width, head + height + PAD),
            part=(part + 1, parts), target_box=target_box,
            target_line=None if target_line is None else target_line[:3] + (head + height,)))
    return plans


def _replace(plan: ChartPlan, **changes) -> ChartPlan:
    from dataclasses import replace
    return replace(plan, **changes)


def year_axis(years: tuple[float, ...], width: float, label_width: float,
              gap: float) -> tuple[float, float, float]:
    """(first, last, step) of a proportional year axis: ticks every 1, 2, 5, 10 … years,
    the fewest that leave the year labels apart, starting and ending on a tick at least
    half a mean gap beyond the first and last year, clear of the plot's edges."""
    inset = (years[-1] - years[0]) / (2 * len(years))
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000, 10000):
        first = math.floor((years[0] - inset) / step) * step
        last = math.ceil((years[-1] + inset) / step) * step
        if step * width / (last - first) >= label_width + gap:
            break
    return float(first), float(last), float(step)
