"""Briefing text as slides and speaker notes need it: styled runs, spoken paragraphs, numbers."""

from __future__ import annotations

import re
from dataclasses import replace

from ..markup import Emphasis, FootnoteRef, Link, Plain, Strong, is_allowed_link
from ..markup import paragraphs, parse_inline, plain_text
from ..typography import bind
from .measure import Run, join_runs


def inline_runs(text: str) -> tuple[Run, ...]:
    """Briefing markup as styled runs; footnote references are left out on slides."""
    runs: list[Run] = []

    def visit(nodes, bold: bool, italic: bool, url: str | None) -> None:
        for node in nodes:
            if isinstance(node, Plain):
                runs.append(Run(bound(clean(node.text)), bold, italic, url))
            elif isinstance(node, Strong):
                visit(node.children, True, italic, url)
            elif isinstance(node, Emphasis):
                visit(node.children, bold, True, url)
            elif isinstance(node, Link):
                visit(node.children, bold, italic,
                      clean(node.url) if is_allowed_link(node.url) else None)
            elif isinstance(node, FootnoteRef):
                continue

    visit(parse_inline(" ".join(paragraphs(text))), False, False, None)
    return tidy_runs(runs)


def tidy_runs(runs: list[Run]) -> tuple[Run, ...]:
    """Collapse spaces, drop spaces before punctuation left by removed footnote marks."""
    text = "".join(run.text for run in runs)
    out, position = [], 0
    cleaned = []
    for run in runs:
        cleaned.append((run, position, position + len(run.text)))
        position += len(run.text)
    keep = [True] * len(text)
    for index, char in enumerate(text):
        if char == " " and (index == 0 or text[index - 1] == " "
                            or index + 1 == len(text)
                            or text[index + 1] in ".,;:!?)"):
            keep[index] = False
    for run, start, end in cleaned:
        kept = "".join(c for i, c in enumerate(text[start:end], start) if keep[i])
        if kept:
            out.append(replace(run, text=kept))
    return join_runs(tuple(out))


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def bound(text: str) -> str:
    """No-break spaces where a slide's line must not break: "28 november", "Kamerstuk
    28 676", "nr. 175", "€ 40" (the memo's rules, `builders.typography.bind`, for both
    languages: a slide's text does not say which it is, and the two sets do not clash)."""
    return bind(bind(text, "nl"), "en")


def clean(text: str) -> str:
    """Text XML can hold: control characters removed, all white space as plain spaces."""
    return re.sub(r"\s", " ", _ILLEGAL.sub("", text))


def spoken(text: str) -> list[str]:
    """Paragraphs as the speaker reads them: markup and footnote marks removed."""
    result = []
    for paragraph in paragraphs(text):
        words = plain_text(parse_inline(paragraph), lambda ref: "")
        words = re.sub(r"\s+([.,;:!?)])", r"\1", re.sub(r"\s+", " ", clean(words))).strip()
        if words:
            result.append(words)
    return result


