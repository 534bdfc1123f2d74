"""Fixed labels and date formatting in the briefing's language."""

from __future__ import annotations

import datetime as dt

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
    },
    "en": {
        "to": "To", "from": "From", "cc": "Cc", "date": "Date", "reference": "Reference",
        "subject": "Subject", "classification": "Classification", "version": "version",
        "contents": "Contents", "programme": "Programme", "place": "Place",
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
    },
}


def label(language: str, key: str, **values: object) -> str:
    """A fixed label in the briefing's language, e.g. label("nl", "key_messages")."""
    text = LABELS[language][key]
    return text.format(**values) if values else text


def format_date(day: dt.date, language: str) -> str:
    """28 november 2023 (nl) / 28 November 2023 (en)."""
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def format_range(start: dt.date, end: dt.date | None, language: str) -> str:
    """28–29 november 2023; 28 oktober – 2 november 2023; one day when end is absent."""
    if end is None or end == start:
        return format_date(start, language)
    months = MONTHS[language]
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {months[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {months[start.month - 1]} – {format_date(end, language)}"
    return f"{format_date(start, language)} – {format_date(end, language)}"


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
