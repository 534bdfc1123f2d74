"""The memo's story: the flowables, in reading order, made from the briefing model."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Image, KeepTogether, Spacer
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from .. import text as briefing_text
from ..fonts import memo_logo
from ..labels import meeting_fact, outside_source_entries
from ..model import Session
from . import tables
from .context import Context
from .flowables import FloatBarrier, Heading, with_role
from .topics import topic_flowables

CHAPTER_ROOM = 0.25
"""A back-matter chapter starts on a new page unless this share of a page is left."""
LOGO_HEIGHT = 15 * mm
"""The logo's height on the first page (narrower if it would be wider than the text)."""


def chapter_heading(ctx: Context, key: str, title: str, outline_level: int | None = 0,
                    style: str = "h1") -> Heading:
    return Heading(ctx.inline.plain(title), getattr(ctx.styles, style), key, 1, title,
                   outline_level, ctx.memory)


def contents_entries(ctx: Context) -> list[tuple[str, str, int, str]]:
    """(key, title, level, number) of every heading in the contents, in order; a session's
    number is the one its kicker shows ("Sessie 2")."""
    b = ctx.briefing
    entries = [("programme", ctx.label("programme"), 0, "")]
    for number, session in enumerate(b.sessions, 1):
        entries.append((f"session-{session.id}", session.title, 0, str(number)))
        entries += [(f"topic-{topic.id}", topic.title, 1, "") for topic in session.topics]
    entries += [(key, ctx.label(key), 0, "") for key in back_matter_keys(ctx)]
    return entries


def back_matter_keys(ctx: Context) -> list[str]:
    keys = ["key_dates"] if ctx.briefing.key_dates else []
    keys += ["abbreviations"] if briefing_text.used_glossary(ctx.briefing) else []
    return keys + ["colophon"]


def front_matter(ctx: Context) -> list:
    """Header block, title, meeting facts, intro, contents and programme."""
    b, size = ctx.briefing, ctx.styles.sizes
    kicker = " · ".join(part for part in (meeting_fact(b.meeting, "organisation", ctx.language),
                                          b.meeting.short) if part)
    flow = logo(ctx) + [tables.header_block(ctx), Spacer(1, size.leading * 1.5),
            ctx.plain(kicker.upper(), "kicker"),
            chapter_heading(ctx, "title", b.meeting.title, None, "title"),
            tables.meeting_facts(ctx), Spacer(1, size.leading * 0.5)]
    if b.meeting.intro:
        flow += ctx.text(b.meeting.intro)
    # the contents is read as a whole: kept on one page when it fits on one
    flow += [CondPageBreak(ctx.width * 0.5),
             KeepTogether([chapter_heading(ctx, "contents", ctx.label("contents"), None),
                           tables.contents(ctx, contents_entries(ctx))])]
    flow += [CondPageBreak(ctx.width * 0.5), Spacer(1, size.leading),
             chapter_heading(ctx, "programme", ctx.label("programme")), tables.programme(ctx)]
    return flow


def logo(ctx: Context) -> list:
    """The theme's logo, top left above the header block, at `LOGO_HEIGHT`."""
    found = memo_logo(ctx.styles.theme)
    if found is None:
        return []
    path, ratio = found
    height = min(LOGO_HEIGHT, ctx.width / ratio)
    image = Image(str(path), width=height * ratio, height=height, hAlign="LEFT")
    return [with_role(image, "Artifact"), Spacer(1, ctx.styles.sizes.leading)]


def session_chapter(ctx: Context, number: int, session: Session, figures: dict[str, int]) -> list:
    """"Sessie n", title, date · time · format, summary, then the topics.

    Every session starts a new page (see README, "The memo's pages"): the minister
    turns to a session as it opens, and a delegation member can be handed its pages.
    """
    facts = [ctx.date(session.date), session.time, session.format]
    flow = [FloatBarrier(), PageBreakIfNotEmpty(),
            ctx.plain(f"{ctx.label('session')} {number}".upper(), "kicker"),
            chapter_heading(ctx, f"session-{session.id}", session.title),
            ctx.plain(" · ".join(fact for fact in facts if fact), "facts")]
    if session.summary:
        flow += ctx.text(session.summary)
    for topic in session.topics:
        flow += topic_flowables(ctx, topic, figures)
    return flow


def back_matter(ctx: Context) -> list:
    """Key dates, abbreviations used, colophon."""
    flow: list = [FloatBarrier(), PageBreakIfNotEmpty()]
    if ctx.briefing.key_dates:
        flow += [chapter_heading(ctx, "key_dates", ctx.label("key_dates")),
                 tables.key_dates(ctx)]
    used = briefing_text.used_glossary(ctx.briefing)
    if used:
        flow += [CondPageBreak(ctx.styles.sizes.leading * 8), Spacer(1, ctx.styles.sizes.leading),
                 chapter_heading(ctx, "abbreviations", ctx.label("abbreviations")),
                 tables.abbreviations(ctx, used)]
    return flow + colophon(ctx)


def colophon(ctx: Context) -> list:
    b = ctx.briefing
    date = ctx.date(b.date) + (f", {ctx.label('version')} {b.version}" if b.version else "")
    source = "<br/><br/>".join(ctx.inline.plain(s.title) + "<br/>" + ctx.inline.plain(s.citation)
                               for s in b.all_sources())
    rows = [(ctx.label("built_from"), source),
            (ctx.label("briefing_date"), ctx.inline.plain(date)),
            (ctx.label("classification"), ctx.inline.plain(b.classification.upper())),
            (ctx.label("dates"), ctx.inline.plain(
                meeting_fact(b.meeting, "dates", ctx.language)))]
    if outside_source_entries(b, ctx.language):
        rows.append((ctx.label("outside_source"), "<br/>".join(
            ctx.inline.plain(line) for line in outside_source_entries(b, ctx.language))))
    return [CondPageBreak(ctx.styles.sizes.leading * 8), Spacer(1, ctx.styles.sizes.leading),
            chapter_heading(ctx, "colophon", ctx.label("colophon")),
            tables.label_value_block(ctx, rows)]


def figure_numbers(ctx: Context) -> dict[str, int]:
    """Figures numbered through the document."""
    figures = [figure.id for topic in ctx.briefing.topics() for figure in topic.figures]
    return {ident: number for number, ident in enumerate(figures, 1)}


def build_story(ctx: Context) -> list:
    figures = figure_numbers(ctx)
    flow = front_matter(ctx)
    for number, session in enumerate(ctx.briefing.sessions, 1):
        flow += session_chapter(ctx, number, session, figures)
    return flow + back_matter(ctx)
