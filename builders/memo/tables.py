"""Tables of the memo: label/value blocks, the contents, the programme, key dates, abbreviations."""

from __future__ import annotations

from ..xmltext import quoteattr

from reportlab.platypus import Table, TableStyle

from ..labels import key_date_when, meeting_fact
from .context import Context
from .flowables import SplitTable, with_role

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
    table = SplitTable(data, colWidths=[ctx.width * LABEL_COLUMN, ctx.width * (1 - LABEL_COLUMN)],
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
    rows = [(fact, meeting_fact(m, fact, ctx.language))
            for fact in ("place", "dates", "participants")]
    return label_value_block(ctx, [(ctx.label(key), ctx.inline.plain(value))
                                   for key, value in rows if value], rules=False)


GROUP_PAD = 0.3
"""Padding between the rows of a group, as a share of a table's usual cell padding."""


def grid(ctx: Context, data: list[list], widths: list[float], header: bool = True,
         groups: list[tuple[int, int]] | None = None, table_class: type = SplitTable,
         heights: list[float | None] | None = None) -> Table:
    """A calm table: hairlines between rows, no vertical lines, header repeated on a new page.

    `groups` (first row, last row) are rows that read as one: the hairline comes after a
    group's last row only, and its rows sit closer together. A row taller than a page
    splits (`splitInRow`), so no cell can make the table unbreakable.
    """
    pad = ctx.styles.sizes.small * 0.5
    table = table_class(data, colWidths=[ctx.width * share for share in widths], hAlign="LEFT",
                        repeatRows=1 if header else 0, rowHeights=heights)
    first_body = 1 if header else 0
    if groups is None:
        groups = [(row, row) for row in range(first_body, len(data))]
    commands = [cell_font(ctx), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad * 2),
                ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad)]
    for first, last in groups:
        if last > first:
            commands += [("BOTTOMPADDING", (0, first), (-1, last - 1), pad * GROUP_PAD),
                         ("TOPPADDING", (0, first + 1), (-1, last), pad * GROUP_PAD)]
        commands.append(("LINEBELOW", (0, last), (-1, last), 0.5, ctx.styles.palette.rule))
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, ctx.styles.palette.primary))
    table.setStyle(TableStyle(commands))
    return with_role(table, "Table")


CONTENTS_NUMBER = 2.2
"""Width of the contents' number column, in body sizes: titles align after "10"."""


def contents(ctx: Context, entries: list[tuple[str, str, int, str]]) -> Table:
    """The contents: (key, title, level, number) → session numbers, linked titles with
    dot leaders, and linked page numbers close to them."""
    rows, commands = [], []
    size = ctx.styles.sizes
    for index, (key, title, level, number) in enumerate(entries):
        style = "toc_1" if level == 0 else "toc_2"
        rows.append([ctx.para(ctx.inline.plain(number), "toc_number", "TOCI"),
                     ctx.para(anchor_link(ctx, key, ctx.inline.plain(title), False), style, "TOCI"),
                     ctx.para(anchor_link(ctx, key, ctx.page_of(key), False), "toc_page", "TOCI")])
        if level == 0 and index:
            commands.append(("TOPPADDING", (0, index), (-1, index), size.leading * 0.6))
    number_width, page_width = size.body * CONTENTS_NUMBER, size.body * 2.2
    table = SplitTable(rows, colWidths=[number_width, ctx.width - number_width - page_width,
                                        page_width], hAlign="LEFT")
    table.setStyle(TableStyle([cell_font(ctx), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("VALIGN", (0, 0), (0, -1), "TOP")] + commands))
    return with_role(table, "TOC")


SPAN_SHARE = 0.4
"""A session whose rows take up to this share of a page has its date, time and title
cells spanned over its topics' rows; a longer one repeats them on its first row only."""

PROGRAMME_WIDTHS = [0.2, 0.14, 0.33, 0.33]


def programme(ctx: Context) -> Table:
    """The sessions: date, time, session with its format, topics (all linked).

    One row per topic: small rows, so that a session with many topics splits across
    pages like any other rows. A session's date, time and title stand on its first row,
    spanned over the topics' rows when the session is short enough to be kept whole
    (a span is never split across pages).
    """
    head = [ctx.plain(ctx.label(key), "cell_head", "TH")
            for key in ("date", "time", "session", "topics")]
    rows, groups, spans, continued, heights = [head], [], [], {}, [None]
    for session in ctx.briefing.sessions:
        title = [ctx.para(anchor_link(ctx, f"session-{session.id}",
                                      ctx.inline.plain(session.title), False), "cell_strong", "TD")]
        if session.format:
            title.append(ctx.plain(session.format, "cell_muted", "TD"))
        first = [ctx.plain(ctx.date(session.date), "cell", "TD"),
                 ctx.plain(session.time or "", "cell", "TD"), title]
        topics = [ctx.para(anchor_link(ctx, f"topic-{t.id}", ctx.inline.plain(t.title)),
                           "cell", "TD") for t in session.topics]
        group = (len(rows), len(rows) + len(topics) - 1)
        groups.append(group)
        spanned = 0 < _rows_height(ctx, first + topics) <= ctx.height * SPAN_SHARE
        if spanned:
            spans.append(group)
        rows += [(first if index == 0 else ["", "", ""]) + [topic]
                 for index, topic in enumerate(topics)]
        heights += _span_heights(ctx, first, topics) if spanned else [None] * len(topics)
        title = ctx.inline.plain(session.title) + " " + ctx.inline.plain(ctx.label("continued"))
        again = [ctx.plain(ctx.date(session.date), "cell", "TD"),
                 ctx.plain(session.time or "", "cell", "TD"),
                 ctx.para(title, "cell_strong", "TD")]
        continued |= {id(topic): again for topic in topics[1:]}
    table = grid(ctx, rows, PROGRAMME_WIDTHS, groups=groups, table_class=ProgrammeTable,
                 heights=heights)
    table.continued = continued
    table.setStyle(TableStyle([("SPAN", (column, start), (column, end))
                               for start, end in spans if end > start for column in (0, 1, 2)]))
    return table


class ProgrammeTable(SplitTable):
    """The programme: where it continues on a new page within a session, that session's
    date, time and title stand again on the first row, marked as continued."""

    continued: dict[int, list] = {}
    """id() of a topic cell that is not its session's first → the cells to show with it."""

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            rest = parts[1]
            rest.continued = self.continued
            row = rest._cellvalues[rest.repeatRows] if len(rest._cellvalues) > rest.repeatRows else []
            topic = row[-1] if row else None
            if isinstance(topic, (tuple, list)):
                topic = topic[0] if topic else None
            cells = self.continued.get(id(topic))
            if cells and list(row[:len(cells)]) == [""] * len(cells):
                row[:len(cells)] = cells
        return parts


def _span_heights(ctx: Context, first: list, topics: list) -> list[float]:
    """The heights of a spanned session's rows: each topic's own, the last one taking what
    the session's cells need beyond them.

    reportlab would share that extra height out over all the rows, opening gaps between
    the topics. Its padding is `grid`'s: `pad` above a session, `GROUP_PAD` within it.
    """
    pad = ctx.styles.sizes.small * 0.5
    inner, outer = pad * GROUP_PAD, pad

    def height(flowables: list, share: float) -> float:
        sizes = [(f.wrap(ctx.width * share - pad * 2, 1e6)[1], f.getSpaceBefore(),
                  f.getSpaceAfter()) for f in flowables]
        return sum(h + before + after for h, before, after in sizes) - sizes[0][1] - sizes[-1][2]

    last = len(topics) - 1
    rows = [height([topic], PROGRAMME_WIDTHS[3]) + (outer if index == 0 else inner)
            + (outer if index == last else inner) for index, topic in enumerate(topics)]
    session = max(height([first[0]], PROGRAMME_WIDTHS[0]), height([first[1]], PROGRAMME_WIDTHS[1]),
                  height(first[2], PROGRAMME_WIDTHS[2])) + outer + inner
    rows[-1] = max(rows[-1], session - sum(rows[:-1]) + outer - inner)
    return rows


def _rows_height(ctx: Context, cells: list) -> float:
    """A generous estimate of a session's rows: its session cell or its topics, with padding."""
    pad = ctx.styles.sizes.small * 0.5
    *facts, title, topics = cells[0], cells[1], cells[2], cells[3:]

    def height(flowables: list, share: float) -> float:
        width = ctx.width * share - pad * 2
        return sum(f.wrap(width, 1e6)[1] + f.getSpaceAfter() for f in flowables)

    session = max(height([facts[0]], PROGRAMME_WIDTHS[0]), height(title, PROGRAMME_WIDTHS[2]))
    listed = height(topics, PROGRAMME_WIDTHS[3]) + pad * len(topics)
    return max(session, listed) + pad * 2


def key_dates(ctx: Context) -> Table:
    """The key dates as a timeline table, in date order."""
    rows = [[ctx.plain(ctx.label("date"), "cell_head", "TH"),
             ctx.plain(ctx.label("event"), "cell_head", "TH")]]
    for item in sorted(ctx.briefing.key_dates, key=lambda d: (d.date, d.end or d.date)):
        rows.append([ctx.plain(key_date_when(item, ctx.language), "cell", "TD"),
                     ctx.para(ctx.inline.text(item.label), "cell", "TD")])
    return grid(ctx, rows, [0.3, 0.7])


def abbreviations(ctx: Context, used: list[tuple[str, str]]) -> Table:
    rows = [[ctx.plain(term, "term", "TH"), ctx.plain(expansion, "cell", "TD")]
            for term, expansion in used]
    return grid(ctx, rows, [0.2, 0.8], header=False)
