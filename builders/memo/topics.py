"""One topic of a session: key messages box, position, background, speaking points, quotes,
figures and cross-references."""

from __future__ import annotations

from ..xmltext import quoteattr

from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from ..labels import figure_source_line, quote_citation
from ..markup import paragraphs
from ..model import Figure, Quote, Topic
from ..figure_text import describe_figure
from .chart import chart
from .context import Context
from .flowables import Float, Heading, SplitTable, Together, with_role
from .tables import anchor_link, cell_font
from .tagging import LANGUAGE_TAGS

QUOTE_MARKS = ("“", "”")
"""A quote's own marks; the marks inside it alternate (`typography.nest_quotes`)."""
RULE_WIDTH = 3
"""Points: the rule at the left of the key-messages box (design.md)."""


def topic_flowables(ctx: Context, topic: Topic, figure_numbers: dict[str, int]) -> list:
    """Heading, key messages, position, background, speaking points, quotes, "see also".

    The figures follow the text that cites them: the position, or the key messages when
    there is none. Each is a `Float`: when it does not fit where it stands, the text
    flows on and the figure takes the top of the next page.
    """
    title = ctx.inline.plain(topic.title)
    flow = [Heading(title, ctx.styles.h2, f"topic-{topic.id}", 2, topic.title, 1, ctx.memory),
            key_messages(ctx, topic.key_messages)]
    flow += section(ctx, "position", topic.position)
    flow += [figure_block(ctx, figure, figure_numbers[figure.id]) for figure in topic.figures]
    flow += section(ctx, "background", topic.background)
    flow += speaking_points(ctx, topic.speaking_points)
    flow += quotes(ctx, topic.quotes)
    return keep_with_last(flow, see_also(ctx, topic.see_also))


def keep_with_last(flow: list, tail: list) -> list:
    """`tail` kept on the page of the last flowable of `flow`.

    A last group kept together takes the tail in: a group nested in another reports a
    height of 0xffffff to reportlab, which then always broke the page before it.
    """
    if not tail:
        return flow
    last = flow[-1]
    if isinstance(last, Float):
        return flow + tail
    content = list(last._content) if isinstance(last, KeepTogether) else [last]
    return flow[:-1] + [Together(content + tail)]


def subheading(ctx: Context, key: str) -> Heading:
    text = ctx.label(key)
    return Heading(ctx.inline.plain(text), ctx.styles.h3, "", 3, text, memory=ctx.memory)


def section(ctx: Context, key: str, text: str | None) -> list:
    if not text:
        return []
    return [subheading(ctx, key), *ctx.text(text)]


def key_messages(ctx: Context, messages: tuple[str, ...]) -> Table:
    """The tinted box with a rule at its left: the first thing the eye finds on a topic.

    One row per message (the label shares the first), and a row splits within itself:
    the box breaks between messages, or inside a message longer than a page.
    """
    size = ctx.styles.sizes
    items = [ctx.para(ctx.inline.text(message), "key_message", "LI", bulletText="•")
             for message in messages]
    rows = [[[ctx.plain(ctx.label("key_messages").upper(), "box_label", "Caption"), items[0]]]]
    rows += [[item] for item in items[1:]]
    table = SplitTable(rows, colWidths=[ctx.width], hAlign="LEFT")
    pad = size.body
    table.setStyle(TableStyle([
        cell_font(ctx), ("BACKGROUND", (0, 0), (-1, -1), ctx.styles.palette.tint),
        ("LINEBEFORE", (0, 0), (0, -1), RULE_WIDTH, ctx.styles.palette.secondary),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.2), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.9),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6)]))
    table.spaceAfter = size.leading * 0.4
    return with_role(table, "L")


def speaking_points(ctx: Context, points: tuple[str, ...]) -> list:
    if not points:
        return []
    items = [ctx.para(ctx.inline.text(point), "bullet", "LI", bulletText=f"{number}.")
             for number, point in enumerate(points, 1)]
    return [subheading(ctx, "speaking_points"), *items]


def quotes(ctx: Context, items: tuple[Quote, ...]) -> list:
    if not items:
        return []
    blocks = [quote_block(ctx, quote) for quote in items]
    blocks[0].insert(0, subheading(ctx, "quotes"))
    return [Together(block) for block in blocks]


def quote_block(ctx: Context, quote: Quote) -> list:
    """The verbatim text in quotation marks, then its source."""
    opening, closing = QUOTE_MARKS
    parts = paragraphs(quote.text)
    flow = []
    for index, part in enumerate(parts):
        text = ctx.inline.text(part, depth=1)
        text = (opening if index == 0 else "") + text + (closing if index == len(parts) - 1 else "")
        flow.append(with_role(ctx.para(text, "quote", "BlockQuote"), "BlockQuote",
                              lang=quote_language(ctx, quote)))
    citation = ctx.inline.text(quote_citation(quote, ctx.briefing))
    flow.append(ctx.para("— " + citation, "quote_source", "Caption"))
    return flow


def quote_language(ctx: Context, quote: Quote) -> str | None:
    """The quote's /Lang when it is not in the briefing's language."""
    if quote.language is None or quote.language == ctx.language:
        return None
    return LANGUAGE_TAGS[quote.language]


def figure_block(ctx: Context, figure: Figure, number: int) -> Float:
    """Caption, chart, source and note, kept on one page."""
    unit = f" ({ctx.inline.plain(figure.unit)})" if figure.unit else ""
    caption = (f"{ctx.inline.plain(ctx.label('figure'))} {number}&nbsp;&nbsp;"
               f"{ctx.inline.plain(figure.title)}"
               f"<font name={quoteattr(ctx.styles.fonts.regular)}>{unit}</font>")
    drawing = with_role(chart(figure, ctx.width, ctx.styles, ctx.height), "Figure",
                        alt=describe_figure(figure, ctx.language))
    flow = [Spacer(1, ctx.styles.sizes.leading * 0.4), ctx.para(caption, "caption", "Caption"),
            Spacer(1, ctx.styles.sizes.small), drawing]
    if figure.caption:
        flow.append(ctx.para(ctx.inline.text(figure.caption), "source", "Caption"))
    if figure_source_line(figure, ctx.briefing, ctx.language):
        flow.append(ctx.para(ctx.inline.plain(figure_source_line(figure, ctx.briefing,
                                                                 ctx.language)),
                             "source", "Caption"))
    flow.append(Spacer(1, ctx.styles.sizes.leading * 0.5))
    return Float(flow)


def see_also(ctx: Context, ids: tuple[str, ...]) -> list:
    """Links to the topics and sessions referred to; an unknown id stays plain text."""
    if not ids:
        return []
    titles = {f"topic-{t.id}": (t.id, t.title) for t in ctx.briefing.topics()}
    titles |= {f"session-{s.id}": (s.id, s.title) for s in ctx.briefing.sessions}
    by_id = {ident: (key, title) for key, (ident, title) in titles.items()}
    links = []
    for ident in ids:
        if ident in by_id:
            key, title = by_id[ident]
            links.append(anchor_link(ctx, key, ctx.inline.plain(title)))
        else:
            links.append(ctx.inline.plain(ident))
    text = (f"<font name={quoteattr(ctx.styles.fonts.semibold)}>"
            f"{ctx.inline.plain(ctx.label('see_also'))}:</font> " + " · ".join(links))
    return [Spacer(1, ctx.styles.sizes.small * 0.5), ctx.para(text, "see_also")]
