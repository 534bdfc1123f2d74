"""Text measuring for slides: widths from reportlab's font metrics, word wrapping into lines.

Helvetica's widths are Arial's (and Liberation Sans's), so measuring with reportlab's
standard metrics predicts how PowerPoint and LibreOffice break the lines we place.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import pillow  # noqa: F401 - before reportlab imports Pillow's image module
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402, I001 - after `pillow`

WRAP_SLACK = 0.97
"""Share of a box's width we fill: room for small metric differences between renderers."""

_VARIANTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Times-Roman": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"),
}


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style; `url` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None

    def style(self) -> tuple[bool, bool, str | None]:
        return self.bold, self.italic, self.url

    def with_text(self, text: str) -> "Run":
        """The same style with other text (faster than dataclasses.replace)."""
        return Run(text, self.bold, self.italic, self.url)


def font_name(metrics_font: str, bold: bool = False, italic: bool = False) -> str:
    """The reportlab font whose metrics stand for the slide font in this style."""
    return _VARIANTS[metrics_font][2 * italic + bold]


def text_width(text: str, size: float, metrics_font: str = "Helvetica",
               bold: bool = False, italic: bool = False) -> float:
    """Width in points of `text` set at `size`; wide (CJK) characters count a full em."""
    return _width(text, font_name(metrics_font, bold, italic), size)


@lru_cache(maxsize=32768)
def _width(text: str, name: str, size: float) -> float:
    """Measured once per word, font and size: wrapping asks for the same words again and again."""
    if text.isascii():
        return stringWidth(text, name, size)
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += size
        else:
            width += stringWidth(char, name, size)
    return width


def run_width(runs: tuple[Run, ...], size: float, metrics_font: str = "Helvetica") -> float:
    """Width in points of a sequence of styled runs."""
    return sum(text_width(run.text, size, metrics_font, run.bold, run.italic) for run in runs)


def words(runs: tuple[Run, ...]) -> list[tuple[Run, ...]]:
    """Split runs at spaces into words; a word keeps the styles of its pieces."""
    result: list[list[Run]] = [[]]
    for run in runs:
        pieces = run.text.split(" ")
        for index, piece in enumerate(pieces):
            if index > 0:
                result.append([])
            if piece:
                result[-1].append(run.with_text(piece))
    return [tuple(word) for word in result if word]


def _split_word(word: tuple[Run, ...], width: float, size: float,
                metrics_font: str) -> list[tuple[Run, ...]]:
    """Break a word longer than the line (a URL, a long compound) into pieces that fit."""
    pieces: list[tuple[Run, ...]] = []
    current: list[Run] = []
    for run in word:
        for char in run.text:
            candidate = join_runs(tuple(current) + (run.with_text(char),))
            if current and run_width(candidate, size, metrics_font) > width:
                pieces.append(join_runs(tuple(current)))
                current = []
            current = list(join_runs(tuple(current) + (run.with_text(char),)))
    if current:
        pieces.append(join_runs(tuple(current)))
    return pieces


WRAPPED_KEPT = 8192
"""Wrapped texts remembered per process: the planner measures the same text at the same
width again (to fit, to paginate, to place), and a briefing repeats texts."""


def wrap(runs: tuple[Run, ...], width: float, size: float,
         metrics_font: str = "Helvetica") -> list[tuple[Run, ...]]:
    """Break styled text into lines no wider than `width` points at `size`."""
    return list(_wrapped(runs, width, size, metrics_font))


@lru_cache(maxsize=WRAPPED_KEPT)
def _wrapped(runs: tuple[Run, ...], width: float, size: float,
             metrics_font: str) -> tuple[tuple[Run, ...], ...]:
    """`wrap`, remembered: the lines are tuples of frozen runs, safe to share."""
    return tuple(wrap_text(runs, width, size, metrics_font))


def wrap_text(runs: tuple[Run, ...], width: float, size: float,
              metrics_font: str = "Helvetica") -> list[tuple[Run, ...]]:
    """`wrap` without remembering: the line breaking itself."""
    if len(runs) == 1:                  # nearly every text the planner wraps
        lines = _wrap_one(runs[0], width * WRAP_SLACK, size, metrics_font)
        if lines is not None:
            return lines
    return _wrap_runs(runs, width, size, metrics_font)


def _wrap_one(run: Run, usable: float, size: float,
              metrics_font: str) -> list[tuple[Run, ...]] | None:
    """`_wrap_runs` of one run, done on its words as strings: the same widths added in the
    same order, so the same lines, without a Run per word and per space. None when a word
    is wider than the line (it is split, which `_wrap_runs` does)."""
    name = font_name(metrics_font, run.bold, run.italic)
    space = text_width(" ", size, metrics_font)
    lines: list[list[str]] = []
    line: list[str] = []
    line_width = 0.0
    for word in run.text.split(" "):
        if not word:
            continue
        word_width = _width(word, name, size)
        if word_width > usable:
            return None
        if line and line_width + space + word_width <= usable:
            line.append(word)
            line_width += space + word_width
        else:
            if line:
                lines.append(line)
            line, line_width = [word], word_width
    if line:
        lines.append(line)
    return [(run.with_text(" ".join(words)),) for words in lines] or [()]


def _wrap_runs(runs: tuple[Run, ...], width: float, size: float,
               metrics_font: str = "Helvetica") -> list[tuple[Run, ...]]:
    """The line breaking of any styled runs."""
    usable = width * WRAP_SLACK
    space = text_width(" ", size, metrics_font)
    lines: list[tuple[Run, ...]] = []
    line: list[tuple[Run, ...]] = []        # the line's words and spaces, joined when done
    line_width = 0.0
    for word in words(runs):
        word_width = run_width(word, size, metrics_font)
        if word_width > usable:
            parts = [(part, run_width(part, size, metrics_font))
                     for part in _split_word(word, usable, size, metrics_font)]
        else:
            parts = [(word, word_width)]
        for part, part_width in parts:
            if line and line_width + space + part_width <= usable:
                line += [(_space(line[-1][-1], part[0]),), part]
                line_width += space + part_width
            else:
                if line:
                    lines.append(_joined(line))
                line, line_width = [part], part_width
    if line:
        lines.append(_joined(line))
    return lines or [()]


def _joined(pieces: list[tuple[Run, ...]]) -> tuple[Run, ...]:
    """A finished line: a single word stays as it is, more are merged into styled runs."""
    if len(pieces) == 1:
        return pieces[0]
    return join_runs(tuple(run for piece in pieces for run in piece))


def _space(before: Run, after: Run) -> Run:
    """The space between two words: inside a link or style when both sides share it."""
    if before.style() == after.style():
        return before.with_text(" ")
    return Run(" ")


def join_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Merge neighbouring runs of the same style."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and merged[-1].style() == run.style():
            merged[-1] = merged[-1].with_text(merged[-1].text + run.text)
        else:
            merged.append(run)
    return tuple(merged)


def join_lines(lines: list[tuple[Run, ...]]) -> tuple[Run, ...]:
    """Lines back into one text, a space at each former break."""
    out: list[Run] = []
    for index, line in enumerate(lines):
        if index and line and out:
            out.append(_space(out[-1], line[0]))
        out.extend(line)
    return join_runs(tuple(out))


def plain(runs: tuple[Run, ...]) -> str:
    """The text of runs without styles."""
    return "".join(run.text for run in runs)
