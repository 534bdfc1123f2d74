"""Tracing numbers to the sources: figure values, and the numbers in what is said.

Warnings, not errors: a person judges them. A figure's value must stand in a sentence
of its source that names its category (a year, say); every number, percentage and date
in a key message or speaking point must occur in a source or in the briefing's figures.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .errors import Problem
from .model import Briefing, Figure
from .numbers import Known, format_value, mentions
from .quotes import sentences
from .sources import SourceDocument, derived
from .text import readable_text
from .yamlsource import Locator

CLAIM_FIELDS = ("key_messages", "speaking_points")


def figure_document(briefing: Briefing, figure: Figure,
                    documents: dict[str | None, SourceDocument]) -> SourceDocument | None:
    """The source a figure's `source` names: by id, or by its citation."""
    if figure.source is None:
        return None
    keyed = ([(entry.id, entry) for entry in briefing.sources] if briefing.sources
             else [(None, briefing.source)] if briefing.source else [])
    for key, entry in keyed:
        if figure.source in (entry.id if key else None, entry.citation):
            return documents.get(key)
    return None


def _figures(briefing: Briefing):
    for s, session in enumerate(briefing.sessions):
        for t, topic in enumerate(session.topics):
            for f, figure in enumerate(topic.figures):
                yield ("sessions", s, "topics", t, "figures", f), figure


def trace_figures(briefing: Briefing, locator: Locator,
                  documents: dict[str | None, SourceDocument]) -> Iterator[Problem]:
    """Each figure value in its source, in a sentence naming its category."""
    language = briefing.language
    for path, figure in _figures(briefing):
        if figure.outside_source:
            continue
        if figure.source is None:
            yield locator.problem(path, f"figure {figure.id!r} has no source line; add "
                                  "source: <a source id or citation>, or outside_source: "
                                  "<where its values come from>", severity="warning")
            continue
        document = figure_document(briefing, figure, documents)
        if document is None:
            if documents:
                yield locator.problem(path + ("source",), f"figure source {figure.source!r} "
                                      "is none of the briefing's sources, so its values "
                                      "cannot be traced; name a source id or citation, or "
                                      "say outside_source: <where its values come from>",
                                      severity="warning")
            continue
        said = derived(document, "plain sentences", lambda read: [
            sentence for paragraph in read.paragraphs()
            for sentence in sentences(paragraph.text)])
        yield from _trace_series(locator, path, figure, document, said, language)


def _trace_series(locator, path, figure: Figure, document: SourceDocument, said: list[str],
                  language: str) -> Iterator[Problem]:
    for category, value in figure.series.items():
        naming = _naming(said, category, language)
        written = format_value(value, language)
        where = path + ("series", category)
        if not naming:
            yield locator.problem(where, f"category {category!r} occurs in no sentence of "
                                  f"{document.name}; check the figure against the source",
                                  severity="warning")
            continue
        known = Known.of(naming, language)
        if Decimal(str(value)).normalize() not in known.numbers:
            nearest = max(naming, key=lambda sentence: _likeness(sentence, figure, language))
            yield locator.problem(where, f"value {written} for {category!r} is not in the "
                                  f"source's sentence naming {category}: “{_short(nearest)}”; "
                                  "check the value", severity="warning")
    if figure.target is not None:
        known = Known.of([document.all_text()], language)
        if Decimal(str(figure.target.value)).normalize() not in known.numbers:
            yield locator.problem(path + ("target", "value"), f"target "
                                  f"{format_value(figure.target.value, language)} does not "
                                  f"occur in {document.name}; check it", severity="warning")


def _naming(said: list[str], category: str, language: str) -> list[str]:
    """The sentences that name a category: literally ("2024"), or, for a category written
    otherwise ("Q1 2025"), those holding all of its numbers ("… quarter of 2025")."""
    literal = [s for s in said if re.search(rf"(?<!\w){re.escape(category)}(?!\w)", s)]
    numbers = {m.value for m in mentions(category, language) if m.kind == "number"}
    if literal or not numbers:
        return literal
    return [s for s in said if numbers <= Known.of([s], language).numbers]


def _likeness(sentence: str, figure: Figure, language: str) -> int:
    """How many of the figure's categories and values a sentence names."""
    known = Known.of([sentence], language)
    values = sum(Decimal(str(v)).normalize() in known.numbers for v in figure.series.values())
    return values + sum(category in sentence for category in figure.series)


def _short(sentence: str, words: int = 16) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def trace_claims(briefing: Briefing, locator: Locator,
                 documents: dict[str | None, SourceDocument]) -> Iterator[Problem]:
    """Numbers and dates in key messages and speaking points, found in a source or figure."""
    if not documents:
        return
    language = briefing.language
    known = Known.of([document.all_text() for document in documents.values()]
                     + source_names(briefing), language, extra=figure_numbers(briefing))
    for path, text in claims(briefing):
        for mention in mentions(text, language):
            if known.traces(mention):
                continue
            otherwise = known.counts_otherwise(mention) if mention.kind == "number" else ()
            if otherwise:
                word = mention.next_word
                said = " or ".join(f"'{written} {word}'" for written in otherwise)
                yield locator.problem(path, f"source has {said} where the text has "
                                      f"'{mention.written} {word}'; check it against the "
                                      "source", severity="warning")
                continue
            yield locator.problem(path, f"{_kind(mention)} '{mention.written}' occurs "
                                  "neither in the source nor in the figures; check it "
                                  "against the source", severity="warning")


def claims(briefing: Briefing):
    """(path, plain text) of every text that states facts: key messages and speaking
    points, and as well the intro, summaries, positions, backgrounds and key dates."""
    if briefing.meeting.intro:
        yield ("meeting", "intro"), readable_text(briefing.meeting.intro, True)
    for s, session in enumerate(briefing.sessions):
        if session.summary:
            yield ("sessions", s, "summary"), readable_text(session.summary, True)
        for t, topic in enumerate(session.topics):
            for field in ("position", "background"):
                if getattr(topic, field):
                    yield (("sessions", s, "topics", t, field),
                           readable_text(getattr(topic, field), True))
            for field in CLAIM_FIELDS:
                for i, text in enumerate(getattr(topic, field)):
                    yield ("sessions", s, "topics", t, field, i), readable_text(text, True)
    for k, item in enumerate(briefing.key_dates):
        yield ("key_dates", k, "label"), readable_text(item.label, True)


def source_names(briefing: Briefing) -> list[str]:
    """The sources' titles and citations: their numbers ("nr. 446") are the briefing's own."""
    return [text for source in briefing.all_sources() for text in (source.title, source.citation)]


def figure_numbers(briefing: Briefing) -> list[Decimal]:
    values = []
    for topic in briefing.topics():
        for figure in topic.figures:
            values += [Decimal(str(value)) for value in figure.series.values()]
            values += [Decimal(category) for category in figure.series
                       if re.fullmatch(r"\d+(?:\.\d+)?", category)]
            if figure.target is not None:
                values.append(Decimal(str(figure.target.value)))
    return values


def _kind(mention) -> str:
    if mention.kind != "number":
        return "date"
    return "percentage" if "%" in mention.written or "procent" in mention.written \
        or "percent" in mention.written else "number"


def trace_key_dates(briefing: Briefing, locator: Locator,
                    documents: dict[str | None, SourceDocument]) -> Iterator[Problem]:
    """A key date at the precision its source gives: no invented days or months."""
    if not documents:
        return
    language = briefing.language
    known = Known.of([document.all_text() for document in documents.values()], language)
    for k, item in enumerate(briefing.key_dates):
        if item.outside_source:
            continue
        for field, value in (("date", item.date), ("end", item.end)):
            if value is None:
                continue
            given = given_precision(known, value)
            if given != value.precision:
                yield locator.problem(("key_dates", k, field), _precision_message(
                    value, given, language), severity="warning")


def given_precision(known: Known, value) -> str | None:
    """The finest precision at which the sources give this date, if any."""
    if value.day and known.day_given(value.day, value.month, value.year):
        return "day"
    if value.month and known.month_given(value.month, value.year):
        return "month"
    if Decimal(value.year) in known.numbers:
        return "year"
    return None


def _precision_message(value, given: str | None, language: str) -> str:
    from .labels import format_date

    shown = format_date(value, language)
    if given is None:
        return (f"{value} ({shown}) occurs nowhere in the sources; correct it, or say "
                "outside_source: <where it comes from>")
    coarser = {"month": f"{value.year:04d}-{value.month or 0:02d}", "year": f"{value.year:04d}",
               "day": str(value)}[given]
    return (f"the sources give this date only as {_precision_word(given)} ({coarser}), not "
            f"{shown}; write {coarser}, or say outside_source: <where the "
            f"{value.precision} comes from>")


def _precision_word(precision: str) -> str:
    return {"day": "a day", "month": "a month", "year": "a year"}[precision]
