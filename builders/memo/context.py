"""What every part of the story needs: the briefing, styles, inline renderer and last layout."""

from __future__ import annotations

from dataclasses import dataclass

from ..labels import format_date, label
from ..markup import paragraphs
from ..model import Briefing
from .document import Layout
from .flowables import Para, WrapMemory
from .inline import InlineRenderer
from .styles import Styles


@dataclass(frozen=True)
class Context:
    briefing: Briefing
    styles: Styles
    inline: InlineRenderer
    layout: Layout
    width: float
    """Text width in points."""
    height: float = 0.0
    """Height of a page's body frame in points (0: unknown)."""
    memory: WrapMemory | None = None
    """Paragraph wraps a measuring pass leaves to the next (None: none kept)."""

    @property
    def language(self) -> str:
        return self.briefing.language

    def label(self, key: str, **values) -> str:
        return label(self.language, key, **values)

    def date(self, day) -> str:
        return format_date(day, self.language)

    def para(self, markup: str, style_name: str = "body", role: str = "P", **options) -> Para:
        """A paragraph from markup this package wrote (already escaped)."""
        return Para(markup, getattr(self.styles, style_name), role=role, memory=self.memory,
                    **options)

    def plain(self, text: str, style_name: str = "body", role: str = "P") -> Para:
        """A paragraph of text shown as typed, without inline markup."""
        return self.para(self.inline.plain(text), style_name, role)

    def text(self, text: str, style_name: str = "body") -> list[Para]:
        """Paragraphs of briefing text with its inline markup."""
        return [self.para(self.inline.text(part), style_name) for part in paragraphs(text)]

    def page_of(self, key: str) -> str:
        """The page a heading landed on in the previous pass (a stand-in before that)."""
        page = self.layout.headings.get(key)
        return str(page) if page else "00"
