"""The parsed inline tree → reportlab paragraph markup; every character of briefing text escaped.

Briefing text is data. The only tags in the output are the ones written here, from the
tree that `builders.markup` parsed; all text and attribute values pass through `escape`
or `quoteattr`, so `<font color=…>`, `<img …>`, `</para>` or `&amp;` print as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from ..xmltext import escape, quoteattr

from ..fonts import FontSet
from ..markup import (Emphasis, FootnoteRef, Inline, Link, Plain, Strong, is_allowed_link,
                      paragraphs, parse_inline)
from ..typography import bind, nest_quotes

FOOTNOTE_CALLBACK = "footnote"
"""The canvas callback a footnote reference calls when it is drawn (see document.py)."""


@dataclass
class FootnoteNumbers:
    """Footnotes numbered through the document in the order they are first cited."""

    texts: dict[str, str]
    numbers: dict[str, int] = field(default_factory=dict)

    def number(self, note_id: str) -> int | None:
        if note_id not in self.texts:
            return None
        return self.numbers.setdefault(note_id, len(self.numbers) + 1)

    def cited(self) -> dict[int, str]:
        """Number → footnote id, for every footnote cited so far."""
        return {number: note_id for note_id, number in self.numbers.items()}


@dataclass(frozen=True)
class InlineRenderer:
    """Renders inline trees as paragraph markup for one memo."""

    fonts: FontSet
    link_colour: str
    notes: FootnoteNumbers
    language: str = "nl"
    """The briefing's language: where lines may not break (`builders.typography.bind`)."""
    escaped: dict[str, str] | None = field(default=None, compare=False, repr=False)
    """Text → its escaped markup, kept across the passes of one memo (None: not kept)."""

    def text(self, text: str, depth: int = 0) -> str:
        """Markup for one paragraph or list item of briefing text; `depth` is how many
        quotations enclose it (its quotation marks alternate from there)."""
        return self.render(parse_inline(nest_quotes(text, depth)))

    def note_text(self, text: str) -> str:
        """Markup for a footnote's text: one paragraph, no footnote references inside."""
        return self.render(parse_inline(nest_quotes(" ".join(paragraphs(text)))), in_note=True)

    def plain(self, text: str) -> str:
        """Markup for a string shown as typed, without inline markup (titles, labels)."""
        return self._escaped(text)

    def render(self, nodes: tuple[Inline, ...], in_note: bool = False) -> str:
        return "".join(self._node(node, in_note) for node in nodes)

    def _node(self, node: Inline, in_note: bool) -> str:
        if isinstance(node, Plain):
            return self._escaped(node.text)
        if isinstance(node, Strong):
            return f"<b>{self.render(node.children, in_note)}</b>"
        if isinstance(node, Emphasis):
            return f"<i>{self.render(node.children, in_note)}</i>"
        if isinstance(node, Link):
            return self._link(node, in_note)
        return self._footnote(node, in_note)

    def _link(self, node: Link, in_note: bool) -> str:
        label = self.render(node.children, in_note)
        if not is_allowed_link(node.url):
            return label
        return (f"<a href={quoteattr(node.url)} color={quoteattr(self.link_colour)}>"
                f"{label}</a>")

    def _footnote(self, node: FootnoteRef, in_note: bool) -> str:
        number = None if in_note else self.notes.number(node.id)
        if number is None:
            return self._escaped(f"[^{node.id}]") if not in_note else ""
        return (f'<onDraw name="{FOOTNOTE_CALLBACK}" label="{number}"/>'
                f"<super>{number}</super>")

    def _escaped(self, text: str) -> str:
        """Escaped text; characters only a fallback font has are set in that font."""
        known = self.escaped
        if known is None:
            return self._escape(text)
        markup = known.get(text)
        if markup is None:
            markup = known[text] = self._escape(text)
        return markup

    def _escape(self, text: str) -> str:
        out: list[str] = []
        for run, font in self._font_runs(bind(text, self.language)):
            chunk = escape(run)
            out.append(f"<font face={quoteattr(font)}>{chunk}</font>" if font else chunk)
        return "".join(out)

    def _font_runs(self, text: str) -> list[tuple[str, str | None]]:
        """Split text into runs that share a font (None: the paragraph's own font)."""
        if not text:
            return []
        fonts = self.fonts
        if not fonts.fallbacks or fonts.covers(text):
            return [(text, None)]
        return [("".join(chars), font) for font, chars in groupby(text, fonts.fallback_for)]
