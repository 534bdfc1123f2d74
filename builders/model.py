"""The briefing model: the one typed, immutable object every builder reads.

It mirrors `briefing-format.md` (version 1). Text fields hold the raw inline markup
as typed; `builders.markup` parses it into a small tree when a builder renders it.
"""

# No `from __future__ import annotations` here: pydantic would compile and evaluate
# every field's annotation string when the classes are made (about 5 ms of every
# start-up for the model and the theme); written as objects, it reads them as they are.

import datetime as dt
import math
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from .dates import PartialDate

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


def has_visible_text(text: str) -> bool:
    """Whether a reader can see the text: at least one letter, digit, punctuation mark or
    symbol (not only spaces, no-break spaces, invisible format characters or accents)."""
    return any(unicodedata.category(char)[0] in "LNPS" for char in text)


def _visible(text: str) -> str:
    if text and not has_visible_text(text):
        raise ValueError("has no visible text, only spaces or invisible characters; write "
                         "the text or remove the field")
    return text


NonEmpty = Annotated[str, StringConstraints(min_length=1), AfterValidator(_visible)]
Text = NonEmpty
"""One or more paragraphs separated by a blank line, with inline markup."""


class Frozen(BaseModel):
    """Base of every model: immutable, strict about keys and types."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=False,
        populate_by_name=True,
        str_strip_whitespace=False,
    )


class Memo(Frozen):
    """The memo's header block."""

    to: NonEmpty
    from_: NonEmpty = Field(alias="from")
    subject: NonEmpty
    reference: NonEmpty | None = None
    cc: tuple[NonEmpty, ...] = ()


MeetingFact = Literal["organisation", "place", "start", "end", "participants"]
"""The meeting's facts that may come from outside the briefing's sources."""


class Meeting(Frozen):
    """The meeting the briefing prepares."""

    title: NonEmpty
    short: NonEmpty
    organisation: NonEmpty | None = None
    place: NonEmpty | None = None
    start: dt.date
    end: dt.date
    participants: NonEmpty | None = None
    intro: Text | None = None
    outside_source: dict[MeetingFact, NonEmpty] = Field(default_factory=dict)
    """Per meeting fact the sources do not give (place, start, end, …): where it comes
    from. The outputs print the fact with the mark of facts from outside the source."""


class Source(Frozen):
    """The document the briefing was curated from."""

    title: NonEmpty
    citation: NonEmpty
    file: NonEmpty | None = None
    first_page: int | None = Field(default=None, ge=1, le=100_000)
    """The printed page a text file's first line stands on (default 1); not for a PDF."""
    page_breaks: Literal["formfeed", "leading-space"] = "formfeed"
    """How a text file marks a new page: a form feed, or a line starting with one space."""


class NamedSource(Source):
    """One of several sources (`sources:`), named by the quotes and figures drawn from it."""

    id: Slug


def _plain_number(value: object) -> object:
    """true/false, NaN and infinity are not values a chart can draw."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"the number {value} is not a finite number; write a number such as 1.95")
    return value


ChartValue = Annotated[float, BeforeValidator(_plain_number),
                       Field(strict=False, allow_inf_nan=False, ge=-1e12, le=1e12)]
"""A value a chart can draw: finite, not absurdly large, not true/false."""


def _page_span(value: object) -> object:
    """4 → "4"; "4-5" and "4 – 5" → "4–5"; anything else is not a page."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str):
        parts = [part.strip() for part in value.replace("-", "–").split("–")]
        if 1 <= len(parts) <= 2 and all(part.isdigit() and int(part) > 0 for part in parts):
            return "–".join(str(int(part)) for part in parts)
    raise ValueError(f"{value!r} is not a page; write a page number (4) or a span (4–5)")


PageSpan = Annotated[str, BeforeValidator(_page_span)]
"""A page or a span of pages: `4`, `4–5` (a hyphen is read as the dash)."""


SourceDate = Annotated[PartialDate, BeforeValidator(PartialDate.parse)]
"""A day (2023-11-28), a month (2023-07) or a year (2024)."""


class Target(Frozen):
    """A reference line on a chart, such as a norm."""

    label: NonEmpty
    value: ChartValue


class Figure(Frozen):
    """A chart: categories with values, optionally a target line."""

    id: Slug
    kind: Literal["bar", "line"]
    title: NonEmpty
    unit: NonEmpty | None = None
    series: dict[str, ChartValue] = Field(min_length=1)
    target: Target | None = None
    source: NonEmpty | None = None
    caption: NonEmpty | None = None
    outside_source: NonEmpty | None = None
    """Where the values come from when not from the briefing's sources (shown with a mark)."""

    @field_validator("series", mode="before")
    @classmethod
    def _categories_as_text(cls, value: object) -> object:
        """Accept `2024: 1.95` as well as `"2024": 1.95` (and a date as a category), but
        not both in one series; values must be numbers."""
        if not isinstance(value, dict):
            return value
        converted: dict = {}
        for key, number in value.items():
            if isinstance(key, bool) or key is None:
                written = "nothing (null)" if key is None else str(key).lower()
                raise ValueError(f"a category reads as {written}, not as a name; put the "
                                 "name in quotes")
            if isinstance(key, dt.date):
                key = key.isoformat()
            elif isinstance(key, (int, float)) and not isinstance(key, bool):
                key = str(key)
            if isinstance(key, str) and key in converted:
                raise ValueError(f"the category {key!r} is written twice, once with and "
                                 "once without quotes; keep one")
            converted[key] = number
        return converted


class Quote(Frozen):
    """A verbatim passage from the source, checked against `source.file`."""

    text: NonEmpty
    note: NonEmpty | None = None
    source: Slug | None = None
    """The id of the source it comes from (`sources:`); default the first."""
    page: PageSpan | None = None
    """The page(s) it stands on, e.g. 4 or 4–5; computed from the source file by the check."""
    language: Literal["nl", "en"] | None = None
    """The quote's language when it is not the briefing's (the memo tags it with /Lang)."""


class Topic(Frozen):
    """One agenda item of a session."""

    id: Slug
    title: NonEmpty
    key_messages: tuple[NonEmpty, ...] = Field(min_length=1)
    position: Text | None = None
    background: Text | None = None
    speaking_points: tuple[NonEmpty, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    see_also: tuple[Slug, ...] = ()


class Session(Frozen):
    """A working session of the meeting."""

    id: Slug
    title: NonEmpty
    date: dt.date
    time: NonEmpty | None = None
    format: NonEmpty | None = None
    summary: Text | None = None
    topics: tuple[Topic, ...] = Field(min_length=1)


class KeyDate(Frozen):
    """A dated event, optionally a range, at the precision its source gives."""

    date: SourceDate
    end: SourceDate | None = None
    label: NonEmpty
    outside_source: NonEmpty | None = None
    """Where the date comes from when not from the briefing's sources (shown with a mark)."""


STATUS_ALIASES = {"draft": "concept", "final": "definitief"}


class Briefing(Frozen):
    """The whole briefing, as curated in `briefing.yaml`."""

    format: Literal[1]
    language: Literal["nl", "en"]
    classification: NonEmpty
    status: Literal["concept", "definitief", "draft", "final"]
    date: dt.date
    version: NonEmpty | None = None
    style: Slug = "default"
    memo: Memo
    meeting: Meeting
    source: Source | None = None
    sources: tuple[NamedSource, ...] = ()
    sessions: tuple[Session, ...] = Field(min_length=1)
    footnotes: dict[Slug, NonEmpty] = Field(default_factory=dict)
    glossary: dict[NonEmpty, NonEmpty] = Field(default_factory=dict)
    key_dates: tuple[KeyDate, ...] = ()

    @property
    def is_draft(self) -> bool:
        """A concept/draft shows a visible mark on every page and slide."""
        return STATUS_ALIASES.get(self.status, self.status) == "concept"

    def all_sources(self) -> tuple[Source, ...]:
        """The sources: the `sources:` list, or the one `source:`."""
        return self.sources or ((self.source,) if self.source else ())

    def source_named(self, identifier: str | None) -> Source | None:
        """The source with this id; None names the first (the one `source:`)."""
        if identifier is None:
            return next(iter(self.all_sources()), None)
        return next((s for s in self.sources if s.id == identifier), None)

    def topics(self) -> tuple[Topic, ...]:
        """Every topic of every session, in order."""
        return tuple(topic for session in self.sessions for topic in session.topics)
