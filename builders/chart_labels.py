"""One set of label rules for every chart, in the memo and on the slides.

Plain data and arithmetic, no drawing library: how a chart writes its numbers (scale,
decimals, sign), where a value label goes (inside its bar or beside it), how category
names are laid out (wrapped columns, horizontal bars, thinned ticks), where numeric years
sit on a line chart, and whether a legend says anything the title does not. Text is
measured by a function the caller passes in, so each builder uses its own font metrics.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Measure = Callable[[str], float]
"""Width in points of a text in the chart's label font and size."""

MINUS = "\u2212"
"""A true minus sign: a hyphen is too short to see beside a number."""
SCALES = {
    "nl": ((1e12, "bln", "biljoen"), (1e9, "mld", "miljard"), (1e6, "mln", "miljoen")),
    "en": ((1e12, "tn", "trillion"), (1e9, "bn", "billion"), (1e6, "m", "million")),
}
"""Values from a million up are written in the largest scale their largest value reaches."""
MAX_DECIMALS = 6
SIGNIFICANT = 3
"""Digits a value needs to be read at a glance: 1,95 and 12,5 mld, but 14.814 (not
14.814,0); decimals beyond the typed ones never, more only to keep values apart."""
EXACT = 1e-9
SEPARATORS = {"nl": (".", ","), "en": (",", ".")}
"""(thousands, decimal) separators."""
MAX_COLUMN_LINES = 2
"""A column's category name may wrap to this many lines; else the bars turn horizontal."""
MAX_ROW_LINES = 2
ROW_LABEL_SHARE = 0.5
"""Most of the chart's width the names of horizontal bars may take."""
ELLIPSIS = "…"
YEAR = re.compile(r"^\s*(\d{4})\s*$")


# ------------------------------------------------------------------------ numbers


@dataclass(frozen=True)
class NumberStyle:
    """How one chart writes all its numbers: one scale and one number of decimals."""

    language: str
    divisor: float = 1.0
    suffix: str = ""          # "mld" / "bn", written after each scaled number
    word: str = ""            # "miljard" / "billion", for sentences
    decimals: int = 0

    def text(self, value: float) -> str:
        """12,5 mld · −1,5 mld · 0,0049 · 1.950: the value as the chart prints it."""
        number = self.bare(value)
        return f"{number}\u00a0{self.suffix}" if self.suffix else number

    def spoken(self, value: float) -> str:
        """12,5 miljard: the value as a sentence says it."""
        number = self.bare(value)
        return f"{number} {self.word}" if self.word else number

    def bare(self, value: float) -> str:
        scaled = rounded(value / self.divisor, self.decimals)
        thousands, decimal = SEPARATORS[self.language]
        digits = f"{abs(scaled):,.{self.decimals}f}"
        digits = digits.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
        return (MINUS if scaled < 0 else "") + digits

    def unit(self, unit: str | None) -> str | None:
        """The unit with the scale in it ("mld euro"), so the reader knows what 12,5 means."""
        if not self.suffix:
            return unit
        return f"{self.suffix} {unit}" if unit else self.suffix

    def excel_format(self) -> str:
        """The same writing as a spreadsheet number format (for native charts): scaling by
        trailing thousands separators, the suffix and the minus sign as literals."""
        body = "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        body += "," * round(math.log10(self.divisor) / 3)
        if self.suffix:
            body += f'"\u00a0{self.suffix}"'
        return f'{body};"{MINUS}"{body};{body}'


def rounded(value: float, decimals: int) -> Decimal:
    """`value` to `decimals` places, halves away from zero as spreadsheets round (1234.5
    is 1.235, not Python's 1.234); never a negative zero."""
    result = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return result if result != 0 else Decimal(0)


def number_style(values: Sequence[float], language: str) -> NumberStyle:
    """The scale and decimals that show every value of a chart readably and distinctly."""
    largest = max((abs(value) for value in values), default=0.0)
    divisor, suffix, word = 1.0, "", ""
    for size, short, long in SCALES[language]:
        if largest >= size:
            divisor, suffix, word = size, short, long
            break
    scaled = [value / divisor for value in values]
    readable = min(_exact_decimals(scaled), _significant_decimals(scaled))
    return NumberStyle(language, divisor, suffix, word,
                       max(readable, _distinct_decimals(scaled)))


def _exact_decimals(values: Sequence[float]) -> int:
    """Fewest decimals that write every value exactly (MAX_DECIMALS if none does)."""
    for places in range(MAX_DECIMALS + 1):
        if all(abs(round(value, places) - value) < EXACT * max(1.0, abs(value))
               for value in values):
            return places
    return MAX_DECIMALS


def _significant_decimals(values: Sequence[float]) -> int:
    """Decimals that give the largest value SIGNIFICANT digits."""
    largest = max((abs(value) for value in values), default=0.0)
    if largest == 0:
        return 0
    return max(0, min(MAX_DECIMALS, SIGNIFICANT - 1 - math.floor(math.log10(largest))))


def _distinct_decimals(values: Sequence[float]) -> int:
    """Fewest decimals that keep different values different and a non-zero value non-zero."""
    distinct = set(values)
    for places in range(MAX_DECIMALS + 1):
        shown = {rounded(value, places) for value in distinct}
        if len(shown) == len(distinct) and all(
                rounded(value, places) != 0 for value in distinct if value != 0):
            return places
    return MAX_DECIMALS


# ------------------------------------------------------------------ value labels


@dataclass(frozen=True)
class Extent:
    """A width and height in points."""

    width: float
    height: float


def label_fits_inside(bar: Extent, label: Extent, padding: float) -> bool:
    """Whether a value label fits inside its bar with `padding` all round; if not, it goes
    outside the bar's end in the text colour (never white on the background)."""
    return (label.width + 2 * padding <= bar.width
            and label.height + 2 * padding <= bar.height)


def clear_of_target(end: float, zero: float, target: float | None, extent: float,
                    inside: bool, gap: float, pad: float) -> tuple[bool, float]:
    """(inside, shift): a value label at its bar's end, moved along the bar so the target
    line does not cross it. Coordinates run along the bar, either way up: `end` is where
    the bar stops, `zero` where it starts, `extent` the label's length along the bar,
    `gap` the space between the bar's end and the label's near edge. An inside label
    moves towards zero while it still fits, else goes outside; an outside one moves out."""
    if target is None:
        return inside, 0.0
    out = 1.0 if end >= zero else -1.0
    near = end - out * gap if inside else end + out * gap
    far = near - out * extent if inside else near + out * extent
    if not min(near, far) - 1 < target < max(near, far) + 1:
        return inside, 0.0
    if inside:
        moved = target - out * pad
        if out * (moved - out * extent - zero) >= pad:
            return True, moved - near
        return clear_of_target(end, zero, target, extent, False, gap, pad)
    return False, (target + out * pad) - near


def needs_legend(series_count: int) -> bool:
    """A legend only when series must be told apart: one series is named by the chart's
    title and the target is labelled at the end of its line."""
    return series_count > 1


def target_text(label: str, value: float, style: NumberStyle) -> tuple[str, str]:
    """The target's two label lines at the end of its line: its name and its value."""
    return label, style.text(value)


# ------------------------------------------------------------------------ categories


def wrap_words(text: str, width: float, measure: Measure) -> list[str] | None:
    """`text` in lines no wider than `width`, broken at spaces only; None if one word is
    wider than `width` (it would have to be cut)."""
    lines: list[str] = []
    for word in text.split():
        if measure(word) > width:
            return None
        if lines and measure(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def break_lines(text: str, width: float, measure: Measure) -> list[str]:
    """`text` in lines no wider than `width`, at spaces, and inside a word only where the
    word alone is wider: every character kept, however many lines that takes."""
    lines: list[str] = []
    for word in text.split():
        while measure(word) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut]) > width:
                cut -= 1
            if lines and measure(lines[-1] + " " + word[:cut]) <= width:
                lines[-1] += " " + word[:cut]
            else:
                lines.append(word[:cut])
            word = word[cut:]
        if lines and measure(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def shorten(text: str, width: float, measure: Measure) -> str:
    """`text`, cut at the end with "…" until it fits `width`."""
    if measure(text) <= width:
        return text
    cut = text
    while cut and measure(cut.rstrip() + ELLIPSIS) > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def fit_lines(text: str, width: float, most: int, measure: Measure) -> list[str]:
    """`text` wrapped to at most `most` lines of `width`: words that do not fit are cut
    with "…", and the last line ends in "…" when text is left over."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    lines = lines or [""]
    if len(lines) > most:
        lines = lines[:most - 1] + [" ".join(lines[most - 1:])]
    return [shorten(line, width, measure) for line in lines]


@dataclass(frozen=True)
class CategoryLayout:
    """How a chart's category names are set."""

    horizontal: bool                          # bars run left to right, names at the left
    lines: tuple[tuple[str, ...], ...]        # each category's name, in lines
    shown: tuple[bool, ...]                   # whether each name is printed (line charts thin them)
    label_width: float = 0.0                  # width of the names' column (horizontal bars)
    centres: tuple[float, ...] = ()           # x of each name (line charts), kept in the plot

    @property
    def line_count(self) -> int:
        return max((len(lines) for lines in self.lines), default=1)


def bar_categories(names: Sequence[str], width: float, measure: Measure, gap: float,
                   value_width: float = 0.0, row_lines: int | None = MAX_ROW_LINES,
                   row_share: float = ROW_LABEL_SHARE) -> CategoryLayout:
    """Columns with names wrapped under them when every name fits its slot in at most
    MAX_COLUMN_LINES lines and the widest value label (`value_width`) fits it too;
    otherwise horizontal bars with the names in a column at the left, wrapped to
    `row_lines` and cut with "…" only when still too long (`row_lines` None: never cut,
    as many lines as the name needs)."""
    slot = width / max(len(names), 1) - gap
    wrapped = [wrap_words(name, slot, measure) for name in names]
    if value_width <= slot and all(lines is not None and len(lines) <= MAX_COLUMN_LINES
                                   for lines in wrapped):
        return CategoryLayout(False, tuple(tuple(lines) for lines in wrapped),
                              (True,) * len(names))
    column = min(max(measure(name) for name in names), width * row_share)
    if row_lines is None:
        lines = tuple(tuple(break_lines(name, column, measure)) for name in names)
    else:
        lines = tuple(tuple(fit_lines(name, column, row_lines, measure)) for name in names)
    used = max(measure(line) for name in lines for line in name)
    return CategoryLayout(True, lines, (True,) * len(names), used)


def line_categories(names: Sequence[str], positions: Sequence[float], width: float,
                    measure: Measure, gap: float) -> CategoryLayout:
    """Names under the points of a line chart (x positions in points from the plot's left),
    wrapped to two lines; where they cannot stand side by side, only every so many are
    printed (always the first and the last), each in the room of those it leaves out."""
    count = len(names)
    spacing = min((b - a for a, b in zip(positions, positions[1:])), default=width)
    column = spacing - gap
    for step in range(1, count + 1):       # a name may use the room of the names it hides
        column = min(step * spacing - gap, width * ROW_LABEL_SHARE)
        wrapped = [wrap_words(name, column, measure) for name in names]
        if all(lines is not None and len(lines) <= MAX_COLUMN_LINES for lines in wrapped):
            break
        if column >= width * ROW_LABEL_SHARE:
            break
    lines = [tuple(fit_lines(name, max(column, 1.0), MAX_COLUMN_LINES, measure))
             for name in names]
    widths = [max(measure(line) for line in name) for name in lines]
    centres = tuple(min(max(x, w / 2), width - w / 2) for x, w in zip(positions, widths))
    spans = [(x - w / 2, x + w / 2) for x, w in zip(centres, widths)]
    shown = [False] * count
    right = -math.inf
    for index, (left, end) in enumerate(spans):
        if left >= right + gap:
            shown[index], right = True, end
    if count > 1 and not shown[-1]:       # the last name counts more than the one before it
        shown[-1] = True
        for index in range(count - 2, 0, -1):
            if shown[index] and spans[index][1] + gap > spans[-1][0]:
                shown[index] = False
    return CategoryLayout(False, tuple(lines), tuple(shown), centres=centres)


def year_positions(names: Sequence[str]) -> tuple[float, ...] | None:
    """The years as numbers when every category is a year in increasing order (a line
    chart then spaces them in proportion: 2014 … 2020 is six times 2023 … 2024)."""
    years = []
    for name in names:
        match = YEAR.match(name)
        if match is None:
            return None
        years.append(float(match.group(1)))
    if len(years) < 2 or any(b <= a for a, b in zip(years, years[1:])):
        return None
    return tuple(years)


def point_positions(names: Sequence[str], width: float) -> tuple[float, ...]:
    """x of each point of a line chart within a plot `width` wide: years in proportion,
    other categories evenly, the first and last at half a slot from the edges."""
    count = len(names)
    years = year_positions(names)
    if years is None:
        return tuple((index + 0.5) * width / count for index in range(count))
    inset = width / (2 * count) if count else 0.0
    first, last = years[0], years[-1]
    return tuple(inset + (year - first) / (last - first) * (width - 2 * inset)
                 for year in years)


@dataclass(frozen=True)
class Box2:
    """A label's box in points, y downwards."""

    left: float
    top: float
    right: float
    bottom: float

    def clear_of(self, other: "Box2", gap: float) -> bool:
        return (self.right + gap <= other.left or other.right + gap <= self.left
                or self.bottom + gap <= other.top or other.bottom + gap <= self.top)


def place_labels(candidates: Sequence[Sequence[tuple[int, Box2]]], gap: float) -> dict[int, int]:
    """Greedy placement: `candidates[k]` lists (choice, box) for label k in order of
    preference, labels in order of importance; a label takes its first box clear of
    every box placed before it, or none. Returns label → chosen option."""
    placed: list[Box2] = []
    chosen: dict[int, int] = {}
    for label, options in enumerate(candidates):
        for choice, box in options:
            if all(box.clear_of(other, gap) for other in placed):
                placed.append(box)
                chosen[label] = choice
                break
    return chosen


def key_points(values: Sequence[float]) -> list[int]:
    """The points a line chart labels first: first, last, highest, lowest."""
    return list(dict.fromkeys((0, len(values) - 1, values.index(max(values)),
                               values.index(min(values)))))


def label_above(values: Sequence[float], index: int) -> bool:
    """A point's value above it unless the point lies below its neighbours (a dip), where
    the line would run through a label above it."""
    around = [values[i] for i in (index - 1, index + 1) if 0 <= i < len(values)]
    return not around or values[index] >= sum(around) / len(around)


def labelled_points(positions: Sequence[float], widths: Sequence[float],
                    values: Sequence[float], gap: float) -> tuple[bool, ...]:
    """Which points of a line carry their value: all when the labels stand apart;
    otherwise the first, the last, the highest and the lowest, and any other that
    touches none of those."""
    count = len(values)
    def apart(chosen: list[int]) -> bool:
        spans = sorted((positions[i] - widths[i] / 2, positions[i] + widths[i] / 2)
                       for i in chosen)
        return all(b[0] >= a[1] + gap for a, b in zip(spans, spans[1:]))
    everything = list(range(count))
    if apart(everything):
        return (True,) * count
    key = list(dict.fromkeys((0, count - 1, values.index(max(values)),
                              values.index(min(values)))))    # in this order of importance
    chosen: list[int] = []
    for index in key:
        if apart(chosen + [index]):
            chosen.append(index)
    for index in everything:
        if index not in chosen and apart(chosen + [index]):
            chosen.append(index)
    return tuple(index in chosen for index in everything)
