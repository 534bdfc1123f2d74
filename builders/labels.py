"""Fixed labels and date formatting in the briefing's language."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli",
           "augustus", "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"),
}

LABELS = {
    "nl": {
        "to": "Aan", "from": "Van", "cc": "Cc", "date": "Datum", "reference": "Kenmerk",
        "subject": "Betreft", "classification": "Rubricering", "version": "versie",
        "contents": "Inhoud", "programme": "Programma", "place": "Plaats",
        "organisation": "Organisatie",
        "dates": "Data", "participants": "Deelnemers", "session": "Sessie",
        "time": "Tijd", "format": "Opzet", "topics": "Onderwerpen",
        "key_messages": "Kernboodschappen", "position": "Nederlandse inzet",
        "background": "Achtergrond", "speaking_points": "Spreekpunten",
        "quotes": "Uit de brief", "see_also": "Zie ook", "figure": "Figuur",
        "source": "Bron", "key_dates": "Belangrijke data", "abbreviations": "Afkortingen",
        "colophon": "Colofon", "page_of": "Pagina {page} van {total}",
        "draft": "CONCEPT", "continued": "(vervolg)", "agenda": "Agenda",
        "notes": "Voetnoten", "target": "Norm", "slide": "Dia",
        "summary": "Samenvatting", "event": "Gebeurtenis",
        "built_from": "Samengesteld uit", "briefing_date": "Datum briefing",
        "outside_source": "Niet uit de bron (*)",
        "outside_footnote": "{mark} Niet uit de bron — {entries}",
        "outside_short": "{mark} Niet uit de bron; de herkomst staat in de notities",
    },
    "en": {
        "to": "To", "from": "From", "cc": "Cc", "date": "Date", "reference": "Reference",
        "subject": "Subject", "classification": "Classification", "version": "version",
        "contents": "Contents", "programme": "Programme", "place": "Place",
        "organisation": "Organisation",
        "dates": "Dates", "participants": "Participants", "session": "Session",
        "time": "Time", "format": "Format", "topics": "Topics",
        "key_messages": "Key messages", "position": "Netherlands position",
        "background": "Background", "speaking_points": "Speaking points",
        "quotes": "From the source", "see_also": "See also", "figure": "Figure",
        "source": "Source", "key_dates": "Key dates", "abbreviations": "Abbreviations",
        "colophon": "Colophon", "page_of": "Page {page} of {total}",
        "draft": "DRAFT", "continued": "(continued)", "agenda": "Agenda",
        "notes": "Notes", "target": "Target", "slide": "Slide",
        "summary": "Summary", "event": "Event",
        "built_from": "Compiled from", "briefing_date": "Briefing date",
        "outside_source": "Not from the source (*)",
        "outside_footnote": "{mark} Not from the source — {entries}",
        "outside_short": "{mark} Not from the source; the notes say where it comes from",
    },
}


def label(language: str, key: str, **values: object) -> str:
    """A fixed label in the briefing's language, e.g. label("nl", "key_messages")."""
    text = LABELS[language][key]
    return text.format(**values) if values else text


def format_date(day, language: str) -> str:
    """28 november 2023 (nl) / 28 November 2023 (en); a month "juli 2023"; a year "2024".

    `day` is a datetime.date or a dates.PartialDate (printed at its own precision).
    """
    if getattr(day, "day", None) is None:
        month = getattr(day, "month", None)
        return f"{MONTHS[language][month - 1]} {day.year}" if month else f"{day.year}"
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def format_range(start, end, language: str) -> str:
    """28–29 november 2023; 28 oktober – 2 november 2023; one day when end is absent.

    A month or a year (dates.PartialDate) is printed as such: "juli – augustus 2023".
    """
    if end is None or end == start:
        return format_date(start, language)
    if getattr(start, "day", None) is None or getattr(end, "day", None) is None:
        return _partial_range(start, end, language)
    months = MONTHS[language]
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {months[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {months[start.month - 1]} – {format_date(end, language)}"
    return f"{format_date(start, language)} – {format_date(end, language)}"


def _partial_range(start, end, language: str) -> str:
    if start.year == end.year and start.month and end.month and not (
            getattr(start, "day", None) or getattr(end, "day", None)):
        return f"{MONTHS[language][start.month - 1]} – {format_date(end, language)}"
    return f"{format_date(start, language)} – {format_date(end, language)}"


OUTSIDE_MARK = "*"
"""Marks a key date or figure that does not come from the briefing's sources."""

OUTSIDE_NOTE = {"nl": "niet uit de bron; herkomst: {where}",
                "en": "not from the source; from: {where}"}


def key_date_when(item, language: str) -> str:
    """A key date's date as printed, with the mark when it comes from outside the source."""
    when = format_range(item.date, item.end, language)
    return when + OUTSIDE_MARK if getattr(item, "outside_source", None) else when


def figure_source_line(figure, briefing, language: str) -> str | None:
    """"Bron: Kamerstuk 28 676, nr. 446" — a source id printed as its citation; the
    mark and where the values come from when they are from outside the sources."""
    parts = []
    if figure.source:
        named = briefing.source_named(figure.source) if briefing.sources else None
        parts.append(named.citation if named else figure.source)
    if getattr(figure, "outside_source", None):
        parts.append(OUTSIDE_MARK + " " + OUTSIDE_NOTE[language].format(
            where=figure.outside_source))
    if not parts:
        return None
    return f"{label(language, 'source')}: {'; '.join(parts)}"


def quote_citation(quote, briefing) -> str:
    """The citation printed under a quote: its source's citation, the page found in the
    source, and whatever else its note says ("Kamerstuk 28 676, nr. 446, p. 4–5")."""
    source = briefing.source_named(quote.source)
    citation = source.citation if source else ""
    rest = quote.note or ""
    if quote.page:
        rest = re.sub(PAGE_IN_NOTE, "", rest)
    if citation and citation in rest:
        rest = rest.replace(citation, "", 1)
    rest = rest.strip(" ,;")
    parts = [part for part in (citation, f"p. {quote.page}" if quote.page else "", rest) if part]
    return ", ".join(parts)


PAGE_IN_NOTE = (r"(?i),?\s*\b(?:p|pp|blz|pag)\.\s*(\d+)(?:\s*[–-]\s*(\d+))?"
                r"|,?\s*\b(?:pagina's|pagina|pages|page)\s+(\d+)(?:\s*[–-]\s*(\d+))?")
"""A page stated in a quote's note: "p. 4", "pp. 4–5", "blz. 4", "pagina 4"."""


def outside_source_entries(briefing, language: str) -> list[str]:
    """One line per meeting fact, key date or figure from outside the sources, for the
    colophon: what is marked, with the mark, and where it comes from."""
    marked = (meeting_outside(briefing.meeting, language)
              + key_dates_outside(briefing.key_dates, language))
    lines = [f"{shown}{OUTSIDE_MARK}: {where}" for shown, where in marked]
    for topic in briefing.topics():
        for figure in topic.figures:
            if figure.outside_source:
                lines.append(f"{OUTSIDE_MARK}{figure.title}: {figure.outside_source}")
    return lines


def key_dates_outside(items, language: str) -> list[tuple[str, str]]:
    """(the date as printed, without the mark; where it comes from) per key date from
    outside the sources."""
    return [(format_range(item.date, item.end, language), item.outside_source)
            for item in items if getattr(item, "outside_source", None)]


MEETING_FACTS = ("organisation", "dates", "place", "participants")
"""The meeting's facts as printed; "dates" stands for start and end together."""


def meeting_fact(meeting, fact: str, language: str) -> str | None:
    """A meeting fact as printed ("dates": the range), with the mark when the briefing
    says it comes from outside the sources; None when the meeting does not give it."""
    if fact == "dates":
        value = format_range(meeting.start, meeting.end, language)
        outside = {"start", "end"} & set(meeting.outside_source)
    else:
        value = getattr(meeting, fact)
        outside = {fact} & set(meeting.outside_source)
    if not value:
        return None
    return value + OUTSIDE_MARK if outside else value


def meeting_outside(meeting, language: str, facts: tuple[str, ...] = MEETING_FACTS,
                    named: bool = False) -> list[tuple[str, str]]:
    """(the fact as printed, without the mark, or with `named` its label ("Plaats");
    where it comes from) per meeting fact from outside the sources, among `facts`; start
    and end with one origin are one range ("Data")."""
    origins = meeting.outside_source
    found = []
    for fact in facts:
        if fact != "dates":
            if fact in origins and getattr(meeting, fact):
                found.append((label(language, fact) if named else getattr(meeting, fact),
                              origins[fact]))
            continue
        start, end = origins.get("start"), origins.get("end")
        if start and start == end:
            found.append((label(language, "dates") if named else
                          format_range(meeting.start, meeting.end, language), start))
            continue
        for day, where in ((meeting.start, start), (meeting.end, end)):
            if where:
                found.append((format_date(day, language), where))
    return found


def outside_footnote(entries: list[tuple[str, str]], language: str) -> str | None:
    """The line that explains the mark where it is printed (a slide's foot, the notes):
    "* Niet uit de bron — 11–12 juli 2023: nato.int; Brussel: …"."""
    if not entries:
        return None
    return label(language, "outside_footnote", mark=OUTSIDE_MARK, entries="; ".join(
        f"{shown}: {where}" for shown, where in entries))


def format_number(value: float, language: str, decimals: int) -> str:
    """1.000,5 (nl) / 1,000.5 (en), with the given number of decimals."""
    text = f"{value:,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def decimals_needed(values) -> int:
    """As many decimals as the most precise value needs, at most two."""
    def needed(value: float) -> int:
        for places in range(3):
            if abs(round(value, places) - value) < 1e-9:
                return places
        return 2
    return max((needed(value) for value in values), default=0)
