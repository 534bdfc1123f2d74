"""The PDF memo: a typeset A4 briefing with contents, page-bottom footnotes, markings and charts.

`render_memo(loaded)` returns the complete PDF as bytes; writing it is the caller's job.
`typeset_memo(loaded, seed)` also returns the settled layout, to seed the next build.
"""

from __future__ import annotations

from . import patterns  # noqa: F401 - first: before reportlab's paragraph module is imported
from .. import pillow  # noqa: F401 - before reportlab imports Pillow's image module
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
    from . import kept_lines

__all__ = ["Layout", "OwnLayout", "layout_from_data", "layout_to_data", "render_memo",
           "keep_lines_after_hand_over", "store_kept_lines", "typeset_memo"]

PDF_LANGUAGE = LANGUAGE_TAGS


def render_memo(loaded, carry: bool = False) -> bytes:
    """The memo of a loaded briefing (`builders.loader.Loaded`), as PDF bytes. With
    `carry`, its styles, lines and markup are kept for the memos typeset later in this
    process or a process forked from it (`carried`): what `watch` asks when it warms its
    process before it forks a build's memo process. Only a process whose code does not
    change asks it (a test that patches how the memo is made would get kept lines)."""
    return typeset_memo(loaded, carry=carry)[0]


def typeset_memo(loaded, seed: Layout | OwnLayout | None = None,
                 carry: bool = False) -> tuple[bytes, Layout]:
    """The memo as PDF bytes and its settled layout; `seed` (an earlier build's layout,
    or this input's own, `OwnLayout`) can save passes, never change a byte. With `carry`,
    the lines of its final pass are kept for the next memo typeset in this process (or a
    process forked from it); without, it takes what an earlier memo kept.

    A memo that starts afresh (nothing carried) takes the lines kept on this machine
    for its briefing, theme and language, and keeps its own there (`kept_lines`): at once, or,
    in a process that asked `keep_lines_after_hand_over()`, when `store_kept_lines()`
    is called."""
    briefing, theme = loaded.briefing, loaded.theme
    styles, memory, escaped = carried(theme, register_memo_fonts(theme), briefing.language,
                                      carry)
    restored = None
    if not memory.asked:      # a memory no memo used yet: nothing carried
        restored = kept_lines.restore(memory, styles, loaded.path, theme, briefing.language)
        if not carry:
            memory.carry_budget = kept_lines.BUDGET
    memory.carries = carry or restored is not None
    geometry = Geometry.from_theme(theme)

    def renderer() -> InlineRenderer:
        return InlineRenderer(styles.fonts, styles.palette.hex("secondary"),
                              FootnoteNumbers(dict(briefing.footnotes)), briefing.language,
                              escaped)

    passes: dict[str, InlineRenderer] = {}

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
    if restored is not None:
        _PENDING_LINES.append((memory, restored))
        if not _STORE_LATER:
            store_kept_lines()
    return typeset_pdf


_PENDING_LINES: list = []
"""(memory, what it restored) of memos whose lines are still to be kept."""
_STORE_LATER = False
"""Whether this process keeps lines only when `store_kept_lines()` is called."""


def keep_lines_after_hand_over() -> None:
    """In this process (a build's memo process), memos keep their lines only when
    `store_kept_lines()` is called: after the memo is handed over, off the build's path."""
    global _STORE_LATER
    _STORE_LATER = True


def store_kept_lines() -> None:
    """Keep the lines of the memos typeset and not kept yet (`kept_lines.store`)."""
    while _PENDING_LINES:
        kept_lines.store(*_PENDING_LINES.pop())


_CARRIED: list = []
"""[(theme, fonts, language, font objects), styles, wrap memory, escaped texts] of the memo
typeset last in this process (see `carried`)."""

MAX_ESCAPED = 100_000
"""Texts whose escaped markup is carried at most (a long session of distinct texts
starts afresh past it)."""


def carried(theme, fonts, language: str,
            carry: bool = True) -> tuple[Styles, WrapMemory, dict[str, str]]:
    """The styles, the wrap memory and the escaped texts (text → markup, see
    `InlineRenderer.escaped`) of the memo typeset last in this process, when it had the
    same theme, fonts (the same font objects: a font file read again is another object)
    and language; else new ones, carried from now on. A warm process (`watch` typesets
    the memo once before it forks a build's memo process) then escapes and breaks only
    the paragraphs whose text changed since: the lines of a paragraph depend only on its
    class, markup, style, options and width (`WrapMemory`), and the styles are the same
    objects; a text's markup only on the text, the fonts and the language. The memo's
    bytes are the same either way (tests/test_memo_speedups.py). New ones are carried
    only for a memo that `carry`s."""
    from reportlab.pdfbase.pdfmetrics import getFont

    names = (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic, fonts.semibold,
             *(name for name, _ in fonts.fallbacks))
    key = (theme, fonts, language, tuple(getFont(name) for name in names))
    if _CARRIED and _same(_CARRIED[0], key):
        if len(_CARRIED[3]) > MAX_ESCAPED:
            _CARRIED[3].clear()
        return _CARRIED[1], _CARRIED[2], _CARRIED[3]
    styles, memory, escaped = build_styles(theme, fonts, language), WrapMemory(), {}
    if carry:
        _CARRIED[:] = [key, styles, memory, escaped]
    return styles, memory, escaped


def _same(kept: tuple, key: tuple) -> bool:
    return (kept[1:3] == key[1:3] and len(kept[3]) == len(key[3])
            and all(a is b for a, b in zip(kept[3], key[3])) and kept[0] == key[0])


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
