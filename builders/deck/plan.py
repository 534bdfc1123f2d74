"""The slide plan: which slides, which text where, which continuation slides and notes.

Plain frozen data made from the briefing model and the theme. Every text is measured
and placed (see `layout`) before the writer sees it, so the writer only places what
already fits; nothing here knows python-pptx.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, replace

from ..labels import (OUTSIDE_MARK, figure_source_line, format_date, key_date_when, key_dates_outside,
                      label, meeting_fact, meeting_outside, outside_footnote)
from ..model import Briefing, Figure, Session, Topic
from ..reproducible import build_timestamp
from ..text import used_glossary
from ..theme import Theme
from .layout import (LEADING, POINTS_PER_INCH, Block, Box, Frame, Item,
                     Planner, Text, fit_lines)
from .chart_layout import ChartPlan, plan_charts
from .measure import Run, wrap
from ..figure_text import describe_figure, describe_values
from .words import clean, inline_runs, spoken

SECTION_NAMESPACE = uuid.UUID("6f1c3f0e-2b52-5a4e-9d43-0d6a3c9b8e21")
DECK_LABELS = {
    "nl": {"opening": "Opening", "appendix": "Bijlagen", "wants": "Wat Nederland wil bereiken",
           "before": "Eerder", "now": "Deze bijeenkomst", "next": "Hierna",
           "position": "Onze inzet", "background": "Ter achtergrond", "more": "vervolg",
           "then": "Dan"},
    "en": {"opening": "Opening", "appendix": "Appendix", "wants": "What the Netherlands wants",
           "before": "Before", "now": "This meeting", "next": "Next",
           "position": "Our position", "background": "For background", "more": "continued",
           "then": "Then"},
}
"""Labels only the decks use (the shared ones are in `builders.labels`)."""
UNCLASSIFIED = frozenset({"ONGERUBRICEERD", "NATO UNCLASSIFIED", "UNCLASSIFIED",
                          "NAVO ONGERUBRICEERD", "OPENBAAR", "PUBLIC"})
"""Markings of unclassified material: stated once, at the foot; others also at the top."""
TIMELINE_GUTTER = 3.0 * POINTS_PER_INCH   # left of the dates: the phase words and the line
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
CORE_PROPERTY_MAX = 255   # python-pptx refuses longer title, subject, author, keywords


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class NoteParagraph:
    """A paragraph of the speaker notes; headings are read as announcements."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class SlidePlan:
    """One slide, everything on it measured and placed."""

    kind: str                     # title | divider | programme | summary | topic | chart | key_dates | abbreviations
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
    timeline: tuple["Milestone", ...] = ()
    alt_text: str | None = None   # what a chart shows, for readers who cannot see it
    base_title: str = ""          # the title before it was numbered or made unique

    @property
    def layout(self) -> str:
        """The role of the layout the slide is made from (see `master.LAYOUT_ROLES`)."""
        return {"title": "title", "divider": "section", "chart": "chart"}.get(self.kind,
                                                                              "content")

    @property
    def dark(self) -> bool:
        return self.layout in ("title", "section", "closing")

    @property
    def notes_text(self) -> str:
        return "\n".join(paragraph.text for paragraph in self.notes)


@dataclass(frozen=True)
class Milestone:
    """One key date on the timeline: its phase and its dot on the line."""

    phase: str                    # before | now | next
    phase_label: Text | None      # beside the first date of each phase
    dot: Box


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
    top_marking: str | None = None      # classified: the marking at the top too, one line


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
                kicker: str | None = None, limit: int | None = None,
                notes: tuple[NoteParagraph, ...] = ()) -> list[SlidePlan]:
    """A list on as many slides as it needs, numbered "(2/3)"; the notes shared out."""
    box = planner.body_zone()
    size, detail_size, indent, stacked, pages = planner.paginate(items, box, limit)
    kicker_text = planner.kicker(kicker) if kicker else None
    shares = share_notes(notes, len(pages), planner.language)
    slides = []
    for index, page in enumerate(pages):
        block = Block(tuple(page), size, detail_size, indent, stacked, box)
        if len(pages) == 1:
            block = planner.spread(block)
        suffix = f" ({index + 1}/{len(pages)})" if len(pages) > 1 else ""
        heading = planner.title(title, suffix=suffix)
        share = shares[index]
        if index == 0 and heading.text != title + suffix:    # cut: the notes say it whole
            share = (NoteParagraph(title, heading=True), *share)
        slides.append(SlidePlan(
            title=heading, kicker=kicker_text, body=block,
            continued=index > 0, notes=share, base_title=title, **base))
    return slides


# ---------------------------------------------------------------------- the deck


def plan_deck(briefing: Briefing, theme: Theme,
              sessions: tuple[Session, ...] | None = None,
              shared: dict[str, list[SlidePlan]] | None = None) -> DeckPlan:
    """The plan of the combined deck (sessions None) or of a deck of some sessions.

    The combined deck opens with the meeting, its programme and what the Netherlands
    wants from each session; each session follows behind its divider; key dates and
    abbreviations stand in an appendix at the end. Decks of one briefing and theme
    planned with the same `shared` dict (session id → slides) plan each session once.
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
        slides.extend(_summary(planner, briefing))
    for session in chosen:
        position = _position(briefing, session)
        names[session.id] = f"{position}. {clean(session.title)}"
        if session.id not in shared:
            shared[session.id] = _session_slides(planner, briefing, session)
        slides.extend(shared[session.id])
    appendix = _appendix(planner, briefing, combined, chosen)
    if appendix:
        names["appendix"] = DECK_LABELS[language]["appendix"]
        slides.extend(appendix)
    slides = unique_titles(planner, slides)
    numbered = tuple(replace(slide, number=index + 1) for index, slide in enumerate(slides))
    return DeckPlan(
        width=planner.frame.width, height=planner.frame.height, language=language,
        font=theme.deck.font, slides=numbered,
        sections=_sections(briefing, numbered, names),
        footer=_footer(planner, briefing),
        properties=_properties(briefing, None if combined else chosen),
        band=planner.frame.band,
    )


def is_classified(marking: str) -> bool:
    """A marking above unclassified: it stands at the top and the bottom of every slide."""
    return " ".join(marking.upper().split()) not in UNCLASSIFIED


def _footer(planner: Planner, briefing: Briefing) -> Footer:
    marking, size = clean(briefing.classification).upper(), planner.theme.deck.sizes.footer
    draft = label(briefing.language, "draft") if briefing.is_draft else None
    top = fit_lines(marking, planner.frame.content_width, size, planner.metrics, 1,
                    bold=True)[0] if is_classified(marking) else None
    return Footer(marking, _footer_meeting(planner, clean(briefing.meeting.short), draft, size),
                  draft, size, planner.frame.footer_box(), planner.marking(marking, size),
                  planner.frame.footer_cells(), top)


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
    """A session's divider (listing its topics) and topic slides: the same in every deck."""
    slides = [_session_title(planner, briefing, session)]
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


def unique_titles(planner: Planner, slides: list[SlidePlan]) -> list[SlidePlan]:
    """Every slide title once in a deck: a later slide of the same title is numbered.

    A topic slide titled as its session's divider (a one-topic session) says what it
    shows instead ("…: Kernboodschappen").
    """
    seen: dict[str, int] = {}
    result = []
    for slide in slides:
        key = " ".join(slide.title.text.casefold().split())
        if key not in seen:
            seen[key] = 1
            result.append(slide)
            continue
        if slide.kind == "topic" and not slide.continued:
            base = f"{slide.base_title}: {label(planner.language, 'key_messages')}"
        else:
            seen[key] += 1
            base = f"{slide.base_title or slide.title.text} ({seen[key]})"
        suffix = slide.title.text[len(slide.base_title):] if slide.base_title \
            and slide.title.text.startswith(slide.base_title) else ""
        title = _retitled(planner, slide, base, suffix)
        seen[" ".join(title.text.casefold().split())] = 1
        result.append(replace(slide, title=title))
    return result


def _retitled(planner: Planner, slide: SlidePlan, text: str, suffix: str) -> Text:
    if slide.dark:
        return planner.fit((Run(text + suffix),), slide.title.size, slide.title.box.width,
                           slide.title.box.top, slide.title.lines, slide.title.role,
                           bold=True, cut_at=slide.title.lines)
    return planner.title(text, suffix=suffix)


# ----------------------------------------------------------------- title slides


def literal(text: str) -> tuple[Run, ...]:
    """A text shown as typed: titles, terms and names are never read as markup.

    Markup is read only in the fields of `builders.text.MARKUP_FIELDS` (on slides: the
    key messages and key dates as runs; intro, summary and the notes' texts as spoken).
    """
    return (Run(clean(text)),)


def _title_stack(planner: Planner, kicker: str, title: str, details: list[str],
                 section: str, kind: str = "title", items: list[Item] | None = None,
                 notes: tuple[NoteParagraph, ...] = (),
                 footnote: tuple[str, str] | None = None) -> SlidePlan:
    """A slide in the primary colour: kicker, large title, detail lines, then a list;
    at its foot the `footnote` (full and short text) that explains a mark, if any.

    The stack starts in the upper third (higher when it lists topics); it moves up when
    long, never into the band or the footnote. The marking is the footer's, so it is not
    repeated here.
    """
    frame, sizes = planner.frame, planner.sizes
    width = frame.content_width
    foot = (foot_line(planner, *footnote, "inverse_muted", frame.body_bottom)
            if footnote else None)
    bottom = foot.box.top - FOOTNOTE_GAP if foot else frame.body_bottom
    top = frame.height * (0.18 if items else 0.26)
    kick = planner.fit((Run(kicker),), sizes.body, width, top, 2, "inverse_muted",
                       leading=LEADING, cut_at=2) if kicker else None
    head = planner.fit((Run(title),), sizes.title_slide, width,
                       kick.box.bottom + 10 if kick else top, 3, "inverse", bold=True)
    texts, y = [], head.box.bottom + 0.35 * POINTS_PER_INCH
    for index, line in enumerate(details):
        role = "inverse" if index == 0 else "inverse_muted"
        text = planner.fit((Run(line),), sizes.body, width, y, 2, role, leading=LEADING,
                           cut_at=2)
        texts.append(text)
        y = text.box.bottom + 6
    body = None
    if items:
        box = Box(frame.margin, y + 0.3 * POINTS_PER_INCH, width,
                  bottom - y - 0.3 * POINTS_PER_INCH)
        body = _topic_list(planner, items, box)
        y = box.top + body.height()
    overflow = y - bottom
    if overflow > 0:           # long titles: move the whole stack up, never below the band
        shift = min(overflow, top - frame.kicker_top)
        kick = _shift(kick, -shift) if kick else None
        head = _shift(head, -shift)
        texts = [_shift(text, -shift) for text in texts]
        if body is not None:
            body = replace(body, box=replace(body.box, top=body.box.top - shift,
                                             height=body.box.height + shift))
    return SlidePlan(kind=kind, section=section, title=head, kicker=kick,
                     details=tuple(texts), body=body, notes=notes, base_title=title,
                     caption=foot)


FOOTNOTE_LINES = 2
"""A footnote explaining a mark takes at most two lines at the minimum size; when the
full text needs more, the slide says the short text and the notes say it in full."""
FOOTNOTE_GAP = 0.12 * POINTS_PER_INCH


def foot_line(planner: Planner, full: str, short: str, role: str, bottom: float) -> Text:
    """A footnote line at the foot of a slide's body zone, ending at `bottom`."""
    width, size = planner.frame.content_width, planner.sizes.minimum
    fits = len(wrap((Run(full),), width, size, planner.metrics)) <= FOOTNOTE_LINES
    text = planner.fit((Run(full if fits else short),), size, width, 0, FOOTNOTE_LINES, role,
                       leading=LEADING, cut_at=FOOTNOTE_LINES)
    return _shift(text, bottom - text.box.height)


def footnote_height(planner: Planner) -> float:
    """The room a footnote takes at most, with the gap above it."""
    return FOOTNOTE_LINES * planner.sizes.minimum * LEADING + FOOTNOTE_GAP


def outside_texts(entries: list[tuple[str, str]], language: str) -> tuple[str, str] | None:
    """(full, short) text of the footnote explaining the mark of `entries`, if any."""
    full = outside_footnote(entries, language)
    if full is None:
        return None
    return full, label(language, "outside_short", mark=OUTSIDE_MARK)


def _topic_list(planner: Planner, items: list[Item], box: Box) -> Block:
    """A divider's topics in one block: the largest size at which all of them fit.

    At the minimum size a list longer than the box keeps the items that fit and says
    how many follow ("…"); the topics' own slides come next in any case.
    """
    limit = len(items)
    for size in planner.sizes_from(planner.sizes.body):
        indent, stacked = planner.indent_for(items, size)
        layout = (size, size, indent, stacked, box.width)
        measured = [planner.measure_item(item, *layout) for item in items]
        block = Block(tuple(measured), size, size, indent, stacked, box, inverse=True)
        if block.height() <= box.height:
            return block
    kept = list(measured)
    while len(kept) > 1 and block_height_of(kept, block) > box.height:
        kept.pop()
    if len(kept) < limit:
        rest = Item((Run(f"… (+{limit - len(kept) + 1})"),), lead="")   # replaces the last
        kept[-1] = planner.measure_item(rest, *layout)
    return replace(block, items=tuple(kept))


def _short(planner: Planner, title: str) -> tuple[Run, ...]:
    """A topic's title as a divider lists it: at most two lines, cut with "…"."""
    width = planner.frame.content_width - 2 * planner.sizes.body
    lines = fit_lines(clean(title), width, planner.sizes.body, planner.metrics, 2)
    return (Run(" ".join(lines)),)


def block_height_of(items: list[Item], block: Block) -> float:
    return replace(block, items=tuple(items)).height()


def _shift(text: Text, dy: float) -> Text:
    return replace(text, box=replace(text.box, top=text.box.top + dy))


def _meeting_title(planner: Planner, briefing: Briefing) -> SlidePlan:
    """The meeting: organisation, title, when and where once, the briefing's date."""
    meeting, language = briefing.meeting, briefing.language
    when = meeting_fact(meeting, "dates", language)
    shows_place = bool(meeting.place) and not _says(clean(meeting.title), clean(meeting.place))
    where = clean(meeting_fact(meeting, "place", language)) if shows_place else ""
    details = [" · ".join(part for part in (when, where) if part),
               f"{label(language, 'briefing_date')}: {format_date(briefing.date, language)}"
               + (f", {label(language, 'version')} {clean(briefing.version)}"
                  if briefing.version else "")]
    notes = tuple(NoteParagraph(text) for text in spoken(meeting.intro or ""))
    title = clean(meeting.title)
    kicker = clean(meeting.organisation or "")
    if _says(title, kicker):            # "NAVO" above "NAVO Ministers van …": once
        kicker = ""
    elif kicker:
        kicker = clean(meeting_fact(meeting, "organisation", language))
    shown = ("dates",) + (("place",) if shows_place else ()) + (
        ("organisation",) if kicker else ())
    footnote = outside_texts([(clean(fact), clean(where)) for fact, where in meeting_outside(
        meeting, language, shown, named=True)], language)   # named: when and where once
    if footnote:
        notes += (NoteParagraph(footnote[0]),)
    return _title_stack(planner, kicker, title, details, "opening", notes=notes,
                        footnote=footnote)


def _says(text: str, part: str) -> bool:
    """Whether `text` already contains `part` as whole words (case-insensitive)."""
    return bool(part) and re.search(rf"(?<!\w){re.escape(part.casefold())}(?!\w)",
                                    text.casefold()) is not None


def _position(briefing: Briefing, session: Session) -> int:
    """The session's number; found by identity first (pydantic's == compares every field)."""
    return next((number for number, known in enumerate(briefing.sessions, start=1)
                 if known is session), None) or briefing.sessions.index(session) + 1


def _session_title(planner: Planner, briefing: Briefing, session: Session) -> SlidePlan:
    """A session's divider: when and with whom, and its topics when there are several."""
    language = briefing.language
    position = _position(briefing, session)
    when = format_date(session.date, language)
    if session.time:
        when += f", {clean(session.time)}"
    details = [when]
    if session.format:
        details.append(f"{label(language, 'format')}: {clean(session.format)}")
    kicker = f"{clean(briefing.meeting.title)} · {label(language, 'session')} {position}"
    items = [Item(_short(planner, topic.title), lead=str(index + 1))
             for index, topic in enumerate(session.topics)] if len(session.topics) > 1 else None
    notes = tuple(NoteParagraph(text) for text in spoken(session.summary or ""))
    return _title_stack(planner, kicker, clean(session.title), details, session.id,
                        kind="divider", items=items, notes=notes)


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


def session_line(session: Session) -> str:
    """The line the minister must land in a session: its first topic's first key message."""
    return session.topics[0].key_messages[0]


def _summary(planner: Planner, briefing: Briefing) -> list[SlidePlan]:
    """Per session, at a glance, what the Netherlands wants from it."""
    language = briefing.language
    items, notes = [], []
    for position, session in enumerate(briefing.sessions, start=1):
        lead = " ".join(fit_lines(f"{position}. {clean(session.title)}",
                                  planner.frame.content_width, planner.sizes.body,
                                  planner.metrics, 2, bold=True))
        items.append(Item(inline_runs(session_line(session)), lead=lead))
        notes.append(NoteParagraph(f"{label(language, 'session')} {position}, "
                                   f"{clean(session.title)}.", heading=True))
        notes.extend(NoteParagraph(text) for text in spoken(session_line(session)))
    base = {"kind": "summary", "section": "opening"}
    return list_slides(planner, items, DECK_LABELS[language]["wants"], base,
                       kicker=clean(briefing.meeting.title), notes=tuple(notes))


def _appendix(planner: Planner, briefing: Briefing, combined: bool,
              sessions: tuple[Session, ...]) -> list[SlidePlan]:
    """At the end, behind a divider when it holds more than one slide: the key dates
    (combined deck) and the abbreviations."""
    language = briefing.language
    parts: list[tuple[str, list[SlidePlan]]] = []
    if combined and briefing.key_dates:
        parts.append((label(language, "key_dates"), _key_dates(planner, briefing)))
    used = used_glossary(briefing, None if combined else sessions)  # the memo's rule
    if used:
        parts.append((label(language, "abbreviations"),
                      _abbreviations(planner, used, clean(briefing.meeting.title))))
    slides = [slide for _, part in parts for slide in part]
    if len(slides) < 2:        # one slide of abbreviations needs no divider before it
        return slides
    items = [Item(literal(name)) for name, _ in parts] if len(parts) > 1 else None
    divider = _title_stack(planner, clean(briefing.meeting.title),
                           DECK_LABELS[language]["appendix"], [], "appendix",
                           kind="divider", items=items)
    return [divider, *slides]


def _abbreviations(planner: Planner, used: list[tuple[str, str]],
                   kicker: str) -> list[SlidePlan]:
    items = [Item(literal(expansion), lead=clean(term)) for term, expansion in used]
    base = {"kind": "abbreviations", "section": "appendix"}
    reference_rows = 2 * planner.theme.deck.max_bullets   # looked up, not presented
    return list_slides(planner, items, label(planner.language, "abbreviations"), base,
                       kicker=kicker, limit=reference_rows)


# -------------------------------------------------------------------- key dates


def key_date_text(entry, language: str) -> str:
    """A key date as printed (through `builders.labels`, at the date's precision, with the
    mark when it comes from outside the source)."""
    return key_date_when(entry, language)


def _phase(entry, meeting) -> str:
    """before | now | next: where a key date stands against the meeting (a month or a
    year from its first to its last day)."""
    end = (entry.end or entry.date).last_day
    if end < meeting.start:
        return "before"
    if entry.date.first_day > meeting.end:
        return "next"
    return "now"


def _key_dates(planner: Planner, briefing: Briefing) -> list[SlidePlan]:
    """The key dates as one timeline: what came before, this meeting, what comes next.

    A vertical line with a dot per date, the phase beside the first date of each phase,
    the meeting highlighted (it stands on the line even when no key date names it); a
    long list continues on further slides, "(2/3)".
    """
    language, meeting = briefing.language, briefing.meeting
    entries = [(_phase(entry, meeting), key_date_text(entry, language),
                inline_runs(entry.label)) for entry in briefing.key_dates]
    origins = [key_dates_outside([entry], language) for entry in briefing.key_dates]
    if not any(phase == "now" for phase, _, _ in entries):
        after = next((index for index, (phase, _, _) in enumerate(entries)
                      if phase == "next"), len(entries))
        entries.insert(after, ("now", meeting_fact(meeting, "dates", language),
                               literal(meeting.title)))
        origins.insert(after, meeting_outside(meeting, language, ("dates",)))
    origins = [[(clean(when), clean(where)) for when, where in found] for found in origins]
    items = [Item(tuple(replace(run, bold=True) for run in runs) if phase == "now" else runs,
                  lead=date) for phase, date, runs in entries]
    zone = planner.body_zone()
    box = replace(zone, left=zone.left + TIMELINE_GUTTER,
                  width=zone.width - TIMELINE_GUTTER)
    if any(origins):                    # room for the footnote that explains the mark
        box = replace(box, height=box.height - footnote_height(planner))
    size, detail_size, indent, stacked, pages = planner.paginate(items, box)
    title = label(language, "key_dates")
    kicker = planner.kicker(clean(meeting.title))
    slides, start = [], 0
    for index, page in enumerate(pages):
        block = Block(tuple(page), size, detail_size, indent, stacked, box)
        if len(pages) == 1:
            block = planner.spread(block)
        phases = _page_phases(entries, start, page)
        count = sum(1 for item in page if not item.continues)
        footnote = outside_texts([pair for found in origins[start:start + count]
                                  for pair in found], language)
        start += count
        suffix = f" ({index + 1}/{len(pages)})" if len(pages) > 1 else ""
        notes = tuple(NoteParagraph(f"{item.lead}: {plain_text(item.runs)}.".replace("..", "."))
                      for item in page if item.lead)
        caption = None
        if footnote:
            notes += (NoteParagraph(footnote[0]),)
            caption = foot_line(planner, *footnote, "muted", zone.bottom)
        slides.append(SlidePlan(kind="key_dates", section="appendix",
                                title=planner.title(title, suffix=suffix), kicker=kicker,
                                body=block, timeline=_milestones(planner, block, phases),
                                continued=index > 0, notes=notes, base_title=title,
                                caption=caption))
    return slides


def plain_text(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs).strip()


def _page_phases(entries, start: int, page: list[Item]) -> list[str | None]:
    """The phase of each item on a page; None for the rest of an item split across slides."""
    phases, position = [], start
    for item in page:
        if item.continues:
            phases.append(None)
            continue
        phases.append(entries[position][0])
        position += 1
    return phases


def _milestones(planner: Planner, block: Block,
                phases: list[str | None]) -> tuple[Milestone, ...]:
    """Per date on the slide: the dot on the line at its first line, and the phase word
    beside the first date of each phase."""
    sizes, language = planner.sizes, planner.language
    zone = planner.body_zone()
    width = TIMELINE_GUTTER - 0.55 * POINTS_PER_INCH
    dot_size = 0.16 * POINTS_PER_INCH
    line_x = zone.left + TIMELINE_GUTTER - 0.3 * POINTS_PER_INCH
    result, previous, y = [], None, block.box.top
    for index, (item, phase) in enumerate(zip(block.items, phases)):
        if index:
            y += block.gap
        middle = y + block.line_height / 2
        if phase is not None:
            phase_label = None
            if phase != previous:
                phase_label = planner.fit(
                    (Run(DECK_LABELS[language][phase]),), sizes.minimum, width,
                    middle - sizes.minimum * LEADING / 2, 1, "title" if phase == "now"
                    else "muted", bold=True, leading=LEADING, cut_at=1)
            previous = phase
            result.append(Milestone(phase, phase_label, Box(line_x - dot_size / 2,
                                                            middle - dot_size / 2,
                                                            dot_size, dot_size)))
        y += item.lines * block.line_height
    return tuple(result)


# ------------------------------------------------------------------ topic slides


def _topic(planner: Planner, briefing: Briefing, session: Session,
           topic: Topic) -> list[SlidePlan]:
    items = [Item(inline_runs(message), bullet=True) for message in topic.key_messages]
    notes = topic_notes(briefing, topic)
    base = {"kind": "topic", "section": session.id, "topic": topic.id}
    slides = list_slides(planner, items, clean(topic.title), base,
                         kicker=clean(session.title), notes=notes)
    for figure in topic.figures:
        slides.extend(_charts(planner, briefing, session, topic, figure))
    return slides


def topic_notes(briefing: Briefing, topic: Topic) -> tuple[NoteParagraph, ...]:
    """What the minister reads aloud: the speaking points (else the key messages) first,
    then the position and the background under headings that can be said as they stand."""
    language, words = briefing.language, DECK_LABELS[briefing.language]
    first = topic.speaking_points or topic.key_messages
    notes = [NoteParagraph(text) for point in first for text in spoken(point)]
    for key in ("position", "background"):
        text = getattr(topic, key)
        if text:
            notes.append(NoteParagraph(f"{words[key]}.", heading=True))
            notes.extend(NoteParagraph(paragraph) for paragraph in spoken(text))
    return tuple(notes)


def share_notes(notes: tuple[NoteParagraph, ...], count: int,
                language: str) -> list[tuple[NoteParagraph, ...]]:
    """The notes cut into `count` shares of about equal length, at paragraph boundaries.

    A heading stays with the paragraph after it; a share that starts inside a headed part
    opens with that heading, "… (vervolg)". Later slides may be left without notes.
    """
    if count <= 1:
        return [notes]
    total = sum(len(note.text.split()) for note in notes if not note.heading) or 1
    shares: list[list[NoteParagraph]] = [[] for _ in range(count)]
    heading, done, share = None, 0, 0
    for index, note in enumerate(notes):
        if note.heading:
            heading = note
            if share < count - 1 and done >= total * (share + 1) / count and shares[share]:
                share += 1
            shares[share].append(note)
            continue
        if share < count - 1 and done >= total * (share + 1) / count and shares[share]:
            share += 1
            if heading is not None and not (shares[share] and shares[share][-1].heading):
                more = DECK_LABELS[language]["more"]
                shares[share].append(NoteParagraph(
                    f"{heading.text.rstrip('.')}, {more}.", heading=True))
        shares[share].append(note)
        done += len(note.text.split())
    return [tuple(share) for share in shares]


def _charts(planner: Planner, briefing: Briefing, session: Session, topic: Topic,
            figure: Figure) -> list[SlidePlan]:
    """The figure's chart slide; several, numbered, when its bars need more room."""
    language = briefing.language
    unit = f" ({clean(figure.unit)})" if figure.unit else ""
    title = planner.title(clean(figure.title) + unit, planner.content_top())
    box = planner.body_box(title)
    source_line = None
    if figure_source_line(figure, briefing, language):
        text = clean(figure_source_line(figure, briefing, language))
        source_line = planner.fit((Run(text),), planner.sizes.minimum, box.width, 0, 2,
                                  "muted", leading=LEADING)
        top = box.bottom - source_line.box.height
        source_line = replace(source_line, box=replace(source_line.box, top=top))
        box = replace(box, height=box.height - source_line.box.height - 8)
    charts = plan_charts(figure, box, language, planner.sizes.minimum, planner.metrics, clean,
                         clean(describe_figure(figure, language)))
    notes = figure_notes(briefing, figure)
    slides = []
    for chart in charts:
        part, parts = chart.part
        if parts > 1:
            title = planner.title(f"{clean(figure.title)}{unit} ({part}/{parts})",
                                  planner.content_top())
        slides.append(SlidePlan(kind="chart", section=session.id, title=title,
                                kicker=planner.kicker(clean(topic.title)), chart=chart,
                                caption=source_line, notes=notes if part == 1 else (),
                                topic=topic.id, alt_text=chart.description,
                                base_title=f"{clean(figure.title)}{unit}"))
    return slides


def figure_notes(briefing: Briefing, figure: Figure) -> tuple[NoteParagraph, ...]:
    """The chart in words, so the speaker can say what it shows."""
    language = briefing.language
    notes = [NoteParagraph(clean(figure.title), heading=True),
             NoteParagraph(clean(describe_values(figure, briefing.language)))]
    if figure.caption:
        notes.extend(NoteParagraph(text) for text in spoken(figure.caption))
    if figure_source_line(figure, briefing, language):
        notes.append(NoteParagraph(clean(figure_source_line(figure, briefing, language)) + "."))
    return tuple(notes)
