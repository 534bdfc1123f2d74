"""Tables of the memo: label/value blocks, the contents, the programme, key dates, abbreviations."""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from reportlab.platypus import Table, TableStyle

from ..labels import format_range
from ..model import Briefing
from .context import Context
from .flowables import with_role

LABEL_COLUMN = 0.2
"""Width of the label column of a label/value block, as a share of the text width."""


def anchor_link(ctx: Context, key: str, markup: str, coloured: bool = True) -> str:
    """Markup linking to a heading's named destination (in the link colour, or the text's)."""
    colour = f" color={quoteattr(ctx.styles.palette.hex('secondary'))}" if coloured else ""
    return f"<a href={quoteattr('#' + key)}{colour}>{markup}</a>"


def label_value_block(ctx: Context, rows: list[tuple[str, str]], rules: bool = True) -> Table:
    """Two columns: muted labels, then values (markup). The header block and the facts."""
    pad = ctx.styles.sizes.small * 0.35
    data = [[ctx.plain(name, "label", "TH"), ctx.para(value, "value", "TD")]
            for name, value in rows]
    table = Table(data, colWidths=[ctx.width * LABEL_COLUMN, ctx.width * (1 - LABEL_COLUMN)],
                  hAlign="LEFT")
    commands = [cell_font(ctx), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad * 2),
                ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (0, -1), pad + baseline_shift(ctx))]
    if rules:
        commands += [("LINEABOVE", (0, 0), (-1, 0), 1.5, ctx.styles.palette.primary),
                     ("LINEBELOW", (0, -1), (-1, -1), 0.5, ctx.styles.palette.rule),
                     ("TOPPADDING", (0, 0), (-1, 0), pad * 3),
                     ("TOPPADDING", (0, 0), (0, 0), pad * 3 + baseline_shift(ctx)),
                     ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 3)]
    table.setStyle(TableStyle(commands))
    return with_role(table, "Table")


def cell_font(ctx: Context) -> tuple:
    """The table's own font: reportlab would otherwise set (and reference) Helvetica."""
    return ("FONT", (0, 0), (-1, -1), ctx.styles.fonts.regular, ctx.styles.sizes.body)


def baseline_shift(ctx: Context) -> float:
    """How far to lower a label so that its baseline meets the value's first baseline."""
    return ctx.styles.value.fontSize - ctx.styles.label.fontSize


def header_block(ctx: Context) -> Table:
    """Aan, Van, Cc, Datum, Kenmerk, Betreft, Rubricering."""
    b, plain = ctx.briefing, ctx.inline.plain
    date = ctx.date(b.date) + (f" · {ctx.label('version')} {b.version}" if b.version else "")
    rows = [("to", b.memo.to), ("from", b.memo.from_),
            ("cc", ", ".join(b.memo.cc) if b.memo.cc else None), ("date", date),
            ("reference", b.memo.reference), ("subject", b.memo.subject),
            ("classification", b.classification.upper())]
    return label_value_block(ctx, [(ctx.label(key), plain(value)) for key, value in rows
                                   if value])


def meeting_facts(ctx: Context) -> Table:
    """Plaats, data, deelnemers."""
    m = ctx.briefing.meeting
    rows = [("place", m.place), ("dates", format_range(m.start, m.end, ctx.language)),
            ("participants", m.participants)]
    return label_value_block(ctx, [(ctx.label(key), ctx.inline.plain(value))
                                   for key, value in rows if value], rules=False)


def grid(ctx: Context, data: list[list], widths: list[float], header: bool = True) -> Table:
    """A calm table: hairlines between rows, no vertical lines, header repeated on a new page."""
    pad = ctx.styles.sizes.small * 0.5
    table = Table(data, colWidths=[ctx.width * share for share in widths], hAlign="LEFT",
                  repeatRows=1 if header else 0)
    commands = [cell_font(ctx), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad * 2),
                ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, ctx.styles.palette.rule)]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, ctx.styles.palette.primary))
    table.setStyle(TableStyle(commands))
    return with_role(table, "Table")


def contents(ctx: Context, entries: list[tuple[str, str, int]]) -> Table:
    """The contents: (key, title, level) → linked titles and linked page numbers."""
    rows, commands = [], []
    for index, (key, title, level) in enumerate(entries):
        style = "toc_1" if level == 0 else "toc_2"
        rows.append([ctx.para(anchor_link(ctx, key, ctx.inline.plain(title), False), style, "TOCI"),
                     ctx.para(anchor_link(ctx, key, ctx.page_of(key), False), "toc_page", "TOCI")])
        if level == 0 and index:
            commands.append(("TOPPADDING", (0, index), (-1, index), ctx.styles.sizes.leading * 0.6))
    table = Table(rows, colWidths=[ctx.width * 0.88, ctx.width * 0.12], hAlign="LEFT")
    table.setStyle(TableStyle([cell_font(ctx), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")] + commands))
    return with_role(table, "TOC")


def programme(ctx: Context) -> Table:
    """The sessions: date, time, session with its format, topics (all linked)."""
    head = [ctx.plain(ctx.label(key), "cell_head", "TH")
            for key in ("date", "time", "session", "topics")]
    rows = [head]
    for session in ctx.briefing.sessions:
        title = [ctx.para(anchor_link(ctx, f"session-{session.id}",
                                      ctx.inline.plain(session.title), False), "cell_strong", "TD")]
        if session.format:
            title.append(ctx.plain(session.format, "cell_muted", "TD"))
        topics = [ctx.para(anchor_link(ctx, f"topic-{t.id}", ctx.inline.plain(t.title)),
                           "cell_item", "TD") for t in session.topics]
        rows.append([ctx.plain(ctx.date(session.date), "cell", "TD"),
                     ctx.plain(session.time or "", "cell", "TD"), title, topics])
    return grid(ctx, rows, [0.2, 0.14, 0.33, 0.33])


def key_dates(ctx: Context) -> Table:
    """The key dates as a timeline table, in date order."""
    rows = [[ctx.plain(ctx.label("date"), "cell_head", "TH"),
             ctx.plain(ctx.label("event"), "cell_head", "TH")]]
    for item in sorted(ctx.briefing.key_dates, key=lambda d: (d.date, d.end or d.date)):
        rows.append([ctx.plain(format_range(item.date, item.end, ctx.language), "cell", "TD"),
                     ctx.para(ctx.inline.text(item.label), "cell", "TD")])
    return grid(ctx, rows, [0.3, 0.7])


def abbreviations(ctx: Context, used: list[tuple[str, str]]) -> Table:
    rows = [[ctx.plain(term, "label", "TD"), ctx.plain(expansion, "cell", "TD")]
            for term, expansion in used]
    return grid(ctx, rows, [0.2, 0.8], header=False)


def used_abbreviations(briefing: Briefing) -> list[tuple[str, str]]:
    """Glossary terms that occur as words in any text of the briefing, alphabetically."""
    categories = [name for topic in briefing.topics() for figure in topic.figures
                  for name in figure.series]
    text = "\n".join(_strings(briefing.model_dump(exclude={"glossary"})) + categories)
    used = [(term, expansion) for term, expansion in briefing.glossary.items()
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text)]
    return sorted(used, key=lambda item: item[0].casefold())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return []
