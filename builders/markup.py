"""The briefing's inline markup, parsed into a small tree both builders render.

Only `**bold**`, `*italic*`, `[label](url)` and `[^id]` mean anything; every other
character, `<`, `&` and `>` included, is literal text. Unbalanced markers stay literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Union

LINK_SCHEMES = ("https:", "http:", "mailto:")

_FOOTNOTE = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Plain:
    """Literal text."""

    text: str


@dataclass(frozen=True)
class Strong:
    """`**bold**`."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Emphasis:
    """`*italic*`."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Link:
    """`[label](url)`."""

    url: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class FootnoteRef:
    """`[^id]`."""

    id: str


Inline = Union[Plain, Strong, Emphasis, Link, FootnoteRef]


def paragraphs(text: str) -> list[str]:
    """Split text at blank lines; single line breaks inside a paragraph become spaces."""
    parts = (_WHITESPACE.sub(" ", part).strip() for part in _BLANK_LINE.split(text))
    return [part for part in parts if part]


@lru_cache(maxsize=8192)
def parse_inline(text: str) -> tuple[Inline, ...]:
    """Parse one paragraph or list item into inline nodes (immutable, so cached: the
    checks, both memo passes and the decks parse the same strings)."""
    nodes: list[Inline] = []
    literal: list[str] = []
    position = 0
    while position < len(text):
        marker = _MARKER.search(text, position)       # only `[` and `*` can open a node
        if marker is None:
            literal.append(text[position:])
            break
        if marker.start() > position:
            literal.append(text[position:marker.start()])
            position = marker.start()
        node, after = _parse_marked(text, position)
        if node is None:
            literal.append(text[position])
            position += 1
            continue
        if literal:
            nodes.append(Plain("".join(literal)))
            literal = []
        nodes.append(node)
        position = after
    if literal:
        nodes.append(Plain("".join(literal)))
    return tuple(nodes)


_MARKER = re.compile(r"[\[*]")


def _parse_marked(text: str, position: int) -> tuple[Inline | None, int]:
    """The marked-up node that starts at `position`, and where it ends; else None."""
    char = text[position]
    if char == "[":
        footnote = _FOOTNOTE.match(text, position)
        if footnote:
            return FootnoteRef(footnote.group(1)), footnote.end()
        link = _LINK.match(text, position)
        if link:
            return Link(link.group(2), parse_inline(link.group(1))), link.end()
    if text.startswith("**", position):
        end = _closing(text, position + 2, "**")
        if end is not None:
            return Strong(parse_inline(text[position + 2 : end])), end + 2
    elif char == "*":
        end = _closing(text, position + 1, "*")
        if end is not None:
            return Emphasis(parse_inline(text[position + 1 : end])), end + 1
    return None, position


def _closing(text: str, start: int, marker: str) -> int | None:
    """Index of the marker that closes a span opened just before `start`."""
    if start >= len(text) or text[start].isspace():
        return None
    search = start
    while True:
        end = text.find(marker, search)
        if end < 0:
            return None
        is_double_star = marker == "*" and text.startswith("**", end)
        if end > start and not text[end - 1].isspace() and not is_double_star:
            return end
        search = end + (2 if is_double_star else 1)


def walk(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every node of a tree, depth first."""
    for node in nodes:
        yield node
        if isinstance(node, (Strong, Emphasis, Link)):
            yield from walk(node.children)


def plain_text(nodes: tuple[Inline, ...], footnote_mark=lambda ref: "") -> str:
    """The text a reader hears: markup removed, footnote references as `footnote_mark`."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Plain):
            out.append(node.text)
        elif isinstance(node, FootnoteRef):
            out.append(footnote_mark(node))
        else:
            out.append(plain_text(node.children, footnote_mark))
    return "".join(out)


def is_allowed_link(url: str) -> bool:
    """Only web and mail links may reach an output."""
    return url.lower().startswith(LINK_SCHEMES)
