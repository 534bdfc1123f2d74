"""The slide plan: which slides, which text where, which continuation slides and notes.

Plain frozen data made from the briefing model and the theme. Every text is measured
and placed (see `layout`) before the writer sees it, so the writer only places what
already fits; nothing here knows python-pptx.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace

from ..labels import format_date, format_range, label
from ..model import Briefing, Figure, Session, Topic
from ..reproducible import build_timestamp
from ..text import used_glossary
from ..theme import Theme
from .layout import (LEADING, POINTS_PER_INCH, TITLE_MAX_LINES, Block, Box, Frame, Item,
                     Planner, Text)
from .measure import Run
from ..labels import decimals_needed, format_number as number
from .words import clean, inline_runs, spoken

SECTION_NAMESPACE = uuid.UUID("6f1c3f0e-2b52-5a4e-9d43-0d6a3c9b8e21")
DECK_LABELS = {"nl": {"opening": "Opening"}, "en": {"opening": "Opening"}}
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
CORE_PROPERTY_MAX = 255   # python-pptx refuses longer title, subject, author, keywords


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class ChartPlan:
    """A native chart: categories and values, optionally a target drawn as a line."""

    kind: str                     # bar | line
    name: str                     # the values' series name
    categories: tuple[str, ...]
    values: tuple[float, ...]
    target_label: str | None
    target_value: float | None
    number_format: str
    box: Box


@dataclass(frozen=True)
class NoteParagraph:
    """A paragraph of the speaker notes; headings are read as announcements."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class SlidePlan:
    """One slide, everything on it measured and placed."""

    kind: str                     # title | programme | key_dates | agenda | topic | chart | abbreviations
    section: str                  # key of the section the slide belongs to
    title: Text
    kicker: Text | None = None
    details: tuple[Text, ...] = ()
    body: Block | None = None
    chart: ChartPlan | None = None
    caption: Text | None = None
    notes: tuple[NoteParagraph, ...] = ()
    continued: bool = False
    topic: str | None = None
    number: int = 0

    @property
    def notes_text(self) -> str:
        return "\n".join(paragraph.text for paragraph in self.notes)


@dataclass(frozen=True)
class SectionPlan:
    """A PowerPoint section: a name, a stable GUID, the numbers of its slides."""

    key: str
    name: str
    guid: str
    slides: tuple[int, ...]


@dataclass(frozen=True)
class Footer:
    """What every slide's footer band carries."""

    marking: str
    meeting: str
    draft: str | None
    size: float
    box: Box
    marking_lines: tuple[str, ...]      # the marking as it fits its cell
    cells: tuple[Box, ...]              # marking, meeting, slide number


@dataclass(frozen=True)
class Properties:
    """The deck's core properties."""

    title: str
    author: str
    subject: str
    language: str
    timestamp: dt.datetime


@dataclass(frozen=True)
class DeckPlan:
    """A whole deck, ready for the writer."""

    width: float
    height: float
    language: str
    font: str
    slides: tuple[SlidePlan, ...]
    sections: tuple[SectionPlan, ...]
    footer: Footer
    properties: Properties
    band: float


def list_slides(planner: Planner, items: list[Item], title: str, base: dict,
                kicker: str | None = None, limit: int | None = None) -> list[SlidePlan]:
    """A list on as many slides as it needs, the later ones titled "(vervolg)"."""
    top = planner.content_top() if kicker else planner.frame.kicker_top
    first_title = planner.title(title, top)
    continued = f"{title} {label(planner.language, 'continued')}"
    later_title = planner.title(continued, top, largest=first_title.size,
                                max_lines=first_title.lines,
                                cut_at=max(first_title.lines, TITLE_MAX_LINES))
    box = planner.body_box(first_title)
    size, detail_size, indent, stacked, pages = planner.paginate(items, box, limit)
    if len(pages) > 1 and later_title.box.height > first_title.box.height:
        box = planner.body_box(later_title)     # one body box for all: the smaller one
        size, detail_size, indent, stacked, pages = planner.paginate(items, box, limit)
    kicker_text = planner.kicker(kicker) if kicker else None
    slides = []
    for index, page in enumerate(pages):
        block = Block(tuple(page), size, detail_size, indent, stacked, box)
        slides.append(SlidePlan(
            title=first_title if index == 0 else later_title, kicker=kicker_text,
            body=block, continued=index > 0, **base))
    return slides


# ---------------------------------------------------------------------- the deck


def plan_deck(briefing: Briefing, theme: Theme,
              sessions: tuple[Session, ...] | None = None,
              shared: dict[str, list[SlidePlan]] | None = None) -> DeckPlan:
    """The plan of the combined deck (sessions None) or of a deck of some sessions.

    Decks of one briefing and theme planned with the same `shared` dict (session id →
    slides) plan each session's slides only once.
    """
    language = briefing.language
    planner = Planner(theme, Frame.of(theme), language)
    combined = sessions is None
    chosen = briefing.sessions if combined else tuple(sessions)
    shared = {} if shared is None else shared
    slides: list[SlidePlan] = []
    names: dict[str, str] = {}
    if combined:
        names["opening"] = DECK_LABELS[language]["opening"]
        slides.append(_meeting_title(planner, briefing))
        slides.extend(_programme(planner, briefing))
        slides.extend(_key_dates(planner, briefing))
    for session in chosen:
        position = briefing.sessions.index(session) + 1
        names[session.id] = f"{position}. {clean(session.title)}"
        if session.id not in shared:
            shared[session.id] = _session_slides(planner, briefing, session)
        slides.extend(shared[session.id])
    used = used_glossary(briefing, None if combined else chosen)  # the memo's rule
    if used:
        names["closing"] = label(language, "abbreviations")
        slides.extend(_abbreviations(planner, used))
    numbered = tuple(replace(slide, number=index + 1) for index, slide in enumerate(slides))
    return DeckPlan(
        width=planner.frame.width, height=planner.frame.height, language=language,
        font=theme.deck.font, slides=numbered,
        sections=_sections(briefing, numbered, names),
        footer=_footer(planner, briefing),
        properties=_properties(briefing, None if combined else chosen),
        band=planner.frame.band,
    )


def _footer(planner: Planner, briefing: Briefing) -> Footer:
    marking, size = clean(briefing.classification).upper(), planner.theme.deck.sizes.footer
    draft = label(briefing.language, "draft") if briefing.is_draft else None
    return Footer(marking, _footer_meeting(planner, clean(briefing.meeting.short), draft, size),
                  draft, size, planner.frame.footer_box(), planner.marking(marking, size),
                  planner.frame.footer_cells())


def _footer_meeting(planner: Planner, meeting: str, draft: str | None, size: float) -> str:
    """The meeting's name on one line of the centre cell, cut with "…" to leave room for
    the draft mark beside it (issue 13: a long name pushed both off the slide)."""
    from .layout import fit_lines
    from .measure import text_width

    room = planner.frame.footer_cells()[1].width
    if draft:
        room -= text_width(f"  ·  {draft}", size, planner.metrics, bold=True)
    return fit_lines(meeting, room, size, planner.metrics, 1)[0] if room > 0 else "…"


def _session_slides(planner: Planner, briefing: Briefing, session: Session) -> list[SlidePlan]:
    """A session's title, agenda and topic slides: the same in every deck that shows them."""
    slides = [_session_title(planner, briefing, session), *_agenda(planner, session)]
    for topic in session.topics:
        slides.extend(_topic(planner, briefing, session, topic))
    return slides


def _properties(briefing: Briefing, sessions: tuple[Session, ...] | None) -> Properties:
    title = clean(briefing.meeting.title)
    if sessions:
        title += " – " + ", ".join(clean(session.title) for session in sessions)
    return Properties(core_property(title), core_property(clean(briefing.memo.from_)),
                      core_property(clean(briefing.memo.subject)),
                      LANGUAGE_TAGS[briefing.language], build_timestamp(briefing.date))


def core_property(text: str) -> str:
    """A document property as python-pptx accepts it: at most 255 characters."""
    if len(text) <= CORE_PROPERTY_MAX:
        return text
    return text[: CORE_PROPERTY_MAX - 1].rstrip() + "…"


def _sections(briefing: Briefing, slides: tuple[SlidePlan, ...],
              names: dict[str, str]) -> tuple[SectionPlan, ...]:
    result = []
    for key, name in names.items():
        numbers = tuple(slide.number for slide in slides if slide.section == key)
        if numbers:
            result.append(SectionPlan(key, name, section_guid(briefing, key), numbers))
    return tuple(result)


def section_guid(briefing: Briefing, key: str) -> str:
    """A stable GUID for a section, derived from the meeting and the section's key."""
    value = uuid.uuid5(SECTION_NAMESPACE, f"{briefing.meeting.short}/{key}")
    return "{" + str(value).upper() + "}"


# ----------------------------------------------------------------- title slides


def literal(text: str) -> tuple[Run, ...]:
    """A text shown as typed: titles, terms and names are never read as markup.

    Markup is read only in the fields of `builders.text.MARKUP_FIELDS` (on slides: the
    key messages and key dates as runs; intro, summary and the notes' texts as spoken).
    """
    return (Run(clean(text)),)


def _title_stack(planner: Planner, kicker: str, title: str, details: list[str],
                 marking: str, section: str, kind: str = "title",
                 notes: tuple[NoteParagraph, ...] = ()) -> SlidePlan:
    """A slide in the primary colour: kicker, large title, detail lines, from the top third.

    The classification marking closes the details, on at most two lines (cut with "…").
    """
    frame, sizes = planner.frame, planner.sizes
    width = frame.content_width
    top = frame.height * 0.26
    kick = planner.fit((Run(kicker),), sizes.body, width, top, 2, "inverse_muted",
                       leading=LEADING)
    head = planner.fit((Run(title),), sizes.title_slide, width, kick.box.bottom + 10, 3,
                       "inverse", bold=True)
    texts, y = [], head.box.bottom + 0.35 * POINTS_PER_INCH
    for index, line in enumerate([*details, marking]):
        role = "inverse" if index == 0 else "inverse_muted"
        text = planner.fit((Run(line),), sizes.body, width, y, 2, role, leading=LEADING,
                           cut_at=2 if index == len(details) else None)
        texts.append(text)
        y = text.box.bottom + 6
    overflow = y - frame.body_bottom
    if overflow > 0:           # long titles: move the whole stack up, never below the band
        shift = min(overflow, top - frame.kicker_top)
        kick, head = _shift(kick, -shift), _shift(head, -shift)
        texts = [_shift(text, -shift) for text in texts]
    return SlidePlan(kind=kind, section=section, title=head, kicker=kick,
                     details=tuple(texts), notes=notes)


def _shift(text: Text, dy: float) -> Text:
    return replace(text, box=replace(text.box, top=text.box.top + dy))


def _meeting_title(planner: Planner, briefing: Briefing) -> SlidePlan:
    meeting, language = briefing.meeting, briefing.language
    kicker = " · ".join(clean(part) for part in (meeting.organisation, meeting.place) if part)
    details = [format_range(meeting.start, meeting.end, language),
               clean(briefing.memo.subject),
               f"{label(language, 'briefing_date')}: {format_date(briefing.date, language)}"
               + (f", {label(language, 'version')} {clean(briefing.version)}"
                  if briefing.version else "")]
    notes = tuple(NoteParagraph(text) for text in spoken(meeting.intro or ""))
    return _title_stack(planner, kicker or clean(meeting.short), clean(meeting.title),
                        details, clean(briefing.classification).upper(), "opening",
                        notes=notes)


def _session_title(planner: Planner, briefing: Briefing, session: Session) -> SlidePlan:
    language = briefing.language
    position = briefing.sessions.index(session) + 1
    when = format_date(session.date, language)
    if session.time:
        when += f", {clean(session.time)}"
    details = [when]
    if session.format:
        details.append(f"{label(language, 'format')}: {clean(session.format)}")
    kicker = f"{clean(briefing.meeting.title)} · {label(language, 'session')} {position}"
    notes = tuple(NoteParagraph(text) for text in spoken(session.summary or ""))
    return _title_stack(planner, kicker, clean(session.title), details,
                        clean(briefing.classification).upper(), session.id, notes=notes)


# ------------------------------------------------------------------ list slides


def _programme(planner: Planner, briefing: Briefing) -> list[SlidePlan]:
    language = briefing.language
    items = []
    for session in briefing.sessions:
        detail = " · ".join(clean(part) for part in (session.time, session.format) if part)
        items.append(Item(literal(session.title), lead=format_date(session.date, language),
                          detail=detail or None))
    base = {"kind": "programme", "section": "opening"}
    return list_slides(planner, items, label(language, "programme"), base,
                               kicker=clean(briefing.meeting.title))


def _key_dates(planner: Planner, briefing: Briefing) -> list[SlidePlan]:
    if not briefing.key_dates:
        return []
    language = briefing.language
    items = [Item(inline_runs(entry.label), lead=format_range(entry.date, entry.end, language))
             for entry in briefing.key_dates]
    base = {"kind": "key_dates", "section": "opening"}
    return list_slides(planner, items, label(language, "key_dates"), base,
                               kicker=clean(briefing.meeting.title))


def _agenda(planner: Planner, session: Session) -> list[SlidePlan]:
    items = [Item(literal(topic.title), lead=str(index + 1))
             for index, topic in enumerate(session.topics)]
    notes = tuple(NoteParagraph(text) for text in spoken(session.summary or ""))
    base = {"kind": "agenda", "section": session.id, "notes": notes}
    return list_slides(planner, items, label(planner.language, "agenda"), base,
                               kicker=clean(session.title))


def _abbreviations(planner: Planner, used: list[tuple[str, str]]) -> list[SlidePlan]:
    items = [Item(literal(expansion), lead=clean(term)) for term, expansion in used]
    base = {"kind": "abbreviations", "section": "closing"}
    reference_rows = 2 * planner.theme.deck.max_bullets   # looked up, not presented
    return list_slides(planner, items, label(planner.language, "abbreviations"), base,
                               limit=reference_rows)


# ------------------------------------------------------------------ topic slides


def _topic(planner: Planner, briefing: Briefing, session: Session,
           topic: Topic) -> list[SlidePlan]:
    items = [Item(inline_runs(message), bullet=True) for message in topic.key_messages]
    notes = topic_notes(briefing, topic)
    base = {"kind": "topic", "section": session.id, "notes": notes, "topic": topic.id}
    slides = list_slides(planner, items, clean(topic.title), base, kicker=clean(session.title))
    for figure in topic.figures:
        slides.append(_chart(planner, briefing, session, topic, figure))
    return slides


def topic_notes(briefing: Briefing, topic: Topic) -> tuple[NoteParagraph, ...]:
    """Speaking points, position and background, as the minister reads them aloud."""
    language = briefing.language
    notes: list[NoteParagraph] = [NoteParagraph(clean(topic.title), heading=True)]
    if topic.speaking_points:
        notes.append(NoteParagraph(label(language, "speaking_points"), heading=True))
        for point in topic.speaking_points:
            notes.extend(NoteParagraph(text) for text in spoken(point))
    for key in ("position", "background"):
        text = getattr(topic, key)
        if text:
            notes.append(NoteParagraph(label(language, key), heading=True))
            notes.extend(NoteParagraph(paragraph) for paragraph in spoken(text))
    if len(notes) == 1:
        notes.append(NoteParagraph(label(language, "key_messages"), heading=True))
        for message in topic.key_messages:
            notes.extend(NoteParagraph(text) for text in spoken(message))
    return tuple(notes)


def _chart(planner: Planner, briefing: Briefing, session: Session, topic: Topic,
           figure: Figure) -> SlidePlan:
    language = briefing.language
    title = planner.title(clean(figure.title), planner.content_top())
    box = planner.body_box(title)
    source_line = None
    if figure.source:
        text = f"{label(language, 'source')}: {clean(figure.source)}"
        source_line = planner.fit((Run(text),), planner.sizes.minimum, box.width, 0, 2,
                                  "muted", leading=LEADING)
        top = box.bottom - source_line.box.height
        source_line = replace(source_line, box=replace(source_line.box, top=top))
        box = replace(box, height=box.height - source_line.box.height - 8)
    values = tuple(figure.series.values())
    target = figure.target
    decimals = decimals_needed(values + ((target.value,) if target else ()))
    chart = ChartPlan(
        kind=figure.kind, name=clean(figure.unit or figure.title),
        categories=tuple(clean(category) for category in figure.series),
        values=values,
        target_label=(f"{clean(target.label)}: {number(target.value, language, decimals)}"
                      if target else None),
        target_value=target.value if target else None,
        number_format="#,##0" + ("." + "0" * decimals if decimals else ""), box=box)
    return SlidePlan(kind="chart", section=session.id, title=title,
                     kicker=planner.kicker(clean(topic.title)), chart=chart,
                     caption=source_line, notes=figure_notes(briefing, figure, decimals),
                     topic=topic.id)


def figure_notes(briefing: Briefing, figure: Figure,
                 decimals: int) -> tuple[NoteParagraph, ...]:
    """The chart in words, so the speaker can say what it shows."""
    language = briefing.language
    unit = f" {clean(figure.unit)}" if figure.unit else ""
    values = "; ".join(f"{clean(category)}: {number(value, language, decimals)}{unit}"
                       for category, value in figure.series.items())
    notes = [NoteParagraph(clean(figure.title), heading=True), NoteParagraph(values + ".")]
    if figure.target:
        notes.append(NoteParagraph(
            f"{clean(figure.target.label)}: "
            f"{number(figure.target.value, language, decimals)}{unit}."))
    if figure.caption:
        notes.extend(NoteParagraph(text) for text in spoken(figure.caption))
    if figure.source:
        notes.append(NoteParagraph(
            f"{label(language, 'source')}: {clean(figure.source)}."))
    return tuple(notes)
