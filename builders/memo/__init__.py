"""The PDF memo: a typeset A4 briefing with contents, page-bottom footnotes, markings and charts.

`render_memo(loaded)` returns the complete PDF as bytes; writing it is the caller's job.
`typeset_memo(loaded, seed)` also returns the settled layout, to seed the next build.
"""

from __future__ import annotations

from . import patterns  # noqa: F401 - first: before reportlab's paragraph module is imported
from . import pillow  # noqa: F401 - before reportlab imports Pillow's image module
from ..dataclass_code import compiled_dataclasses

with compiled_dataclasses():  # the dataclasses of the modules imported here
    from ..fonts import register_memo_fonts
    from ..labels import label
    from ..reproducible import build_timestamp
    from ..typography import remember_words
    from .context import Context
    from .document import (Footnotes, Geometry, Layout, MemoDocument, Metadata, OwnLayout,
                           cannot_settle, layout_from_data, layout_to_data, typeset)
    from .flowables import Para, WrapMemory, with_role
    from .inline import FootnoteNumbers, InlineRenderer
    from .pages import Furniture
    from .story import build_story
    from .styles import Styles, build_styles
    from .tagging import LANGUAGE_TAGS

__all__ = ["Layout", "OwnLayout", "layout_from_data", "layout_to_data", "render_memo",
           "typeset_memo"]

PDF_LANGUAGE = LANGUAGE_TAGS


def render_memo(loaded) -> bytes:
    """The memo of a loaded briefing (`builders.loader.Loaded`), as PDF bytes."""
    return typeset_memo(loaded)[0]


def typeset_memo(loaded, seed: Layout | OwnLayout | None = None) -> tuple[bytes, Layout]:
    """The memo as PDF bytes and its settled layout; `seed` (an earlier build's layout,
    or this input's own, `OwnLayout`) can save passes, never change a byte."""
    briefing, theme = loaded.briefing, loaded.theme
    styles = build_styles(theme, register_memo_fonts(theme), briefing.language)
    geometry = Geometry.from_theme(theme)

    escaped: dict[str, str] = {}

    def renderer() -> InlineRenderer:
        return InlineRenderer(styles.fonts, styles.palette.hex("secondary"),
                              FootnoteNumbers(dict(briefing.footnotes)), briefing.language,
                              escaped)

    passes: dict[str, InlineRenderer] = {}
    memory = WrapMemory()

    def make_story(layout: Layout) -> list:
        passes["inline"] = renderer()
        memory.begin_pass(recording=cannot_settle(layout))
        return build_story(Context(briefing, styles, passes["inline"], layout, geometry.text_width,
                                   geometry.text_height, memory))

    def make_document(buffer, layout: Layout) -> MemoDocument:
        footnotes = Footnotes(lambda number: footnote(styles, passes["inline"], number, memory),
                              geometry, styles.palette.rule, styles.sizes.small * 0.6,
                              lambda: continued_mark(styles, passes["inline"], briefing.language))
        return MemoDocument(buffer, geometry, furniture(loaded, styles, geometry), footnotes,
                            layout, metadata(briefing))

    typeset_pdf = typeset(make_story, make_document, seed)
    remember_words()
    return typeset_pdf


def footnote(styles: Styles, inline: InlineRenderer, number: int,
             memory: WrapMemory | None = None) -> Para:
    """The text of footnote `number`, as cited in this pass."""
    note_id = inline.notes.cited()[number]
    markup = inline.note_text(inline.notes.texts[note_id])
    return with_role(Para(markup, styles.footnote, role="Note", memory=memory,
                          bulletText=str(number)), "Note", note=number)


def continued_mark(styles: Styles, inline: InlineRenderer, language: str) -> Para:
    """"(vervolg)" above notes carried over from an earlier page."""
    return Para(inline.plain(label(language, "continued")), styles.footnote_mark, role="Artifact")


def furniture(loaded, styles: Styles, geometry: Geometry) -> Furniture:
    b = loaded.briefing
    running = " · ".join(part for part in (b.meeting.short, b.meeting.title) if part)
    return Furniture(styles, b.classification, running, label(b.language, "page_of"),
                     label(b.language, "draft") if b.is_draft else None, geometry)


def metadata(briefing) -> Metadata:
    stamp = build_timestamp(briefing.date).strftime("D:%Y%m%d%H%M%S+00'00'")
    keywords = tuple(part for part in (briefing.meeting.organisation, briefing.meeting.short,
                                       briefing.classification) if part)
    keywords += tuple(session.title for session in briefing.sessions)
    return Metadata(title=briefing.meeting.title, author=briefing.memo.from_,
                    subject=briefing.memo.subject, keywords=keywords,
                    lang=PDF_LANGUAGE[briefing.language], timestamp=stamp)
