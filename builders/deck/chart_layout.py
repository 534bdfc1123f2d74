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
PAD = 4.0
"""Points between a value label and its bar's edges."""
LABEL_LEADING = 1.2
"""A chart label's line height as a multiple of its size."""
MIN_ROW = 1.5
"""Least height of a horizontal bar's row, in label sizes."""
TARGET_LINES = 2
"""The target's label: its name, then its value."""
ROW_SHARE = 0.23
"""Most of the chart's width the names beside horizontal bars take on a slide: we break
their lines (LibreOffice wraps an axis label wider than about a quarter of the chart by
its own rules, so within this share it keeps ours)."""
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
    tick_skip: int = 1            # print every n-th category name
    size: float = 18.0
    description: str = ""         # the chart in a sentence: its alternative text
    part: tuple[int, int] = (1, 1)  # this slide's part of a split chart, and how many
    target_box: Box | None = None # horizontal bars: the target's label, above the plot
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
                                  widest, row_share=ROW_SHARE)
    if not layout.horizontal:
        return [_columns(base, labels, fonts, layout, gutter)]
    rows = rules.bar_categories(base.categories, box.width, fonts.width, PAD * 2, widest,
                                row_lines=None, row_share=ROW_SHARE)
    most = max(1, int((box.height - TARGET_LINES * fonts.line - 4 * PAD) // fonts.line))
    if rows.line_count > most:     # a name longer than the slide is high: cut, say so
        rows = rules.bar_categories(base.categories, box.width, fonts.width, PAD * 2, widest,
                                    row_lines=most, row_share=ROW_SHARE)
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
    bar_width = slot / (1 + GAP_WIDTH / 100)
    per_point = plot.height / (high - low)
    def y(value: float) -> float:        # from the frame's top, downwards
        return plot.top + (high - value) * per_point
    target = y(plan.target_value) if plan.target_value is not None else None
    placed = [clear_of_target(y(value), y(0.0), target, fonts.line, rules.label_fits_inside(
        rules.Extent(bar_width, abs(value) * per_point),
        rules.Extent(fonts.width(label, True), fonts.line), PAD))
        for value, label in zip(plan.values, labels)]
    return _replace(plan, plot=plot, low=low, high=high,
                    inside=tuple(inside for inside, _ in placed),
                    nudges=tuple((0.0, shift) for _, shift in placed),
                    shown=(True,) * len(labels))


def _line(plan: ChartPlan, labels, fonts: Fonts, gutter: float) -> ChartPlan:
    box = plan.box
    width = box.width - gutter
    years = rules.year_positions(plan.categories)
    even = years is not None and len({b - a for a, b in zip(years, years[1:])}) == 1
    proportional = years is not None and not even
    xs = rules.point_positions(plan.categories, width)
    layout = rules.line_categories(plan.categories, xs, width, fonts.width, PAD * 2)
    names = (1 if proportional else layout.line_count) * fonts.line + 2 * PAD
    room = fonts.line + 2 * PAD
    plot = Box(0.0, PAD, width, box.height - names - PAD)
    low, high = _range(plan, 0, plot.height, room, room)
    widths = [fonts.width(label) for label in labels]
    axis = None
    if proportional:
        axis = year_axis(years, width, fonts.width("0000"), PAD * 4)
        first, last, _ = axis
        xs = tuple((year - first) / (last - first) * width for year in years)
    shown = rules.labelled_points(xs, widths, plan.values, PAD * 2)
    above = tuple(rules.label_above(plan.values, index) for index in range(len(plan.values)))
    step = 1
    printed = [index for index, show in enumerate(layout.shown) if show]
    if len(printed) > 1:
        step = max(1, min(b - a for a, b in zip(printed, printed[1:])))
    return _replace(plan, plot=plot, low=low, high=high, shown=shown, above=above,
                    tick_skip=step, years=years if proportional else None, year_axis=axis,
                    inside=(False,) * len(labels))


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
    target_box = None
    if plan.target_value is not None:
        text = f"{plan.target_label} {plan.target_text}"
        width = min(fonts.width(text, True) + 2 * PAD, box.width)
        x = names + (plan.target_value - low) * per_point
        left = min(max(x - width / 2, 0.0), box.width - width)
        target_box = Box(left, 0.0, width, head - PAD)
    plans = []
    for part in range(parts):
        chunk = slice(part * per_slide, (part + 1) * per_slide)
        values = plan.values[chunk]
        height = min(row * per_slide, box.height - head - PAD)
        thickness = height / per_slide / (1 + GAP_WIDTH / 100)
        plot = Box(names, head, plot_width, height)
        target = (names + (plan.target_value - low) * per_point
                  if plan.target_value is not None else None)
        placed = [clear_of_target(names + (value - low) * per_point,
                                  names + (0.0 - low) * per_point, target, width,
                                  rules.label_fits_inside(
                                      rules.Extent(abs(value) * per_point, thickness),
                                      rules.Extent(width, fonts.line), PAD))
                  for value, width in zip(values, widths[chunk])]
        plans.append(_replace(
            plan, categories=plan.categories[chunk], values=values, horizontal=True,
            category_lines=lines_shown[chunk],
            plot=plot, low=low, high=high, inside=tuple(inside for inside, _ in placed),
            nudges=tuple((shift, 0.0) for _, shift in placed), shown=(True,) * len(values),
            box=Box(box.left, box.top, box.width, head + height + PAD),
            part=(part + 1, parts), target_box=target_box))
    return plans


def clear_of_target(end: float, zero: float, target: float | None, extent: float,
                    inside: bool) -> tuple[bool, float]:
    """(inside, shift): a value label at a bar's end, moved along the bar so the target
    line does not cross it. Coordinates run along the bar (`end` is where the bar stops,
    `zero` where it starts, `extent` the label's length along it). An inside label moves
    towards zero while it still fits, else goes outside; an outside one moves outwards."""
    if target is None:
        return inside, 0.0
    out = 1.0 if end >= zero else -1.0
    near = end - out * LABEL_GAP if inside else end + out * LABEL_GAP
    far = near - out * extent if inside else near + out * extent
    if not min(near, far) - 1 < target < max(near, far) + 1:
        return inside, 0.0
    if inside:
        moved = target - out * PAD
        if out * (moved - out * extent - zero) >= PAD:
            return True, moved - near
        return clear_of_target(end, zero, target, extent, False)
    return False, (target + out * PAD) - near


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
