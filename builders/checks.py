"""The format's checks on meaning: ids, references, dates, quotes, characters, glossary."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Iterator

from .drift import drift_problems, source_sentences
from .errors import Problem
from .labels import PAGE_IN_NOTE
from .markup import FootnoteRef, Link, is_allowed_link, parse_inline, walk
from .model import Briefing
from .names import check_name_forms, check_official_names
from .quotes import back_reference, closest, find, page_label, source_tokens
from .sources import SourceDocument, SourceProblem, read_source
from .text import capital_words, iter_strings, iter_texts, readable_text
from .text_memory import save as save_texts_read
from .tracing import trace_claims, trace_figures, trace_key_dates
from .yamlsource import Locator

COMMON_CAPITALS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "OK"}
ALLOWED_CONTROLS = {"\n", "\t"}


def check_briefing(loaded) -> list[Problem]:
    """Every problem of meaning in a loaded briefing: errors and warnings."""
    return checked(loaded)[0]


def checked(loaded) -> tuple[list[Problem], Briefing]:
    """Every problem, and the briefing with each quote's page as found in its source."""
    briefing, locator = loaded.briefing, loaded.locator
    problems: list[Problem] = []
    problems += check_ids(briefing, locator)
    problems += check_references(briefing, locator)
    problems += check_dates(briefing, locator)
    documents, source_problems = read_sources(briefing, locator, loaded.base_dir)
    problems += source_problems
    pages = {}
    for problem, (path, page) in quote_results(briefing, locator, documents):
        if problem:
            problems.append(problem)
        elif page:
            pages[path] = page
    problems += trace_figures(briefing, locator, documents)
    problems += trace_claims(briefing, locator, documents)
    said = source_sentences(documents)
    problems += drift_problems(briefing, locator, documents, said)
    problems += trace_key_dates(briefing, locator, documents)
    problems += check_characters(briefing, locator, loaded.theme)
    problems += check_glossary(briefing, locator)
    problems += check_official_names(briefing, locator)
    problems += check_name_forms(briefing, locator, said)
    save_texts_read()          # for the next process: see builders/text_memory.py
    return problems, with_quote_pages(briefing, pages)


def with_quote_pages(briefing: Briefing, pages: dict) -> Briefing:
    """A copy of the briefing whose quotes carry the pages found (path → "4" or "4–5")."""
    if not pages:
        return briefing
    sessions = []
    for s, session in enumerate(briefing.sessions):
        topics = []
        for t, topic in enumerate(session.topics):
            quotes = tuple(quote.model_copy(update={"page": pages.get(
                ("sessions", s, "topics", t, "quotes", q), quote.page)})
                for q, quote in enumerate(topic.quotes))
            topics.append(topic.model_copy(update={"quotes": quotes}))
        sessions.append(session.model_copy(update={"topics": tuple(topics)}))
    return briefing.model_copy(update={"sessions": tuple(sessions)})


def check_ids(briefing: Briefing, locator: Locator) -> Iterator[Problem]:
    """Session and topic ids share one namespace (see_also names either); figures too."""
    seen: dict[str, tuple] = {}
    for path, identifier in _ids(briefing):
        if identifier in seen:
            line = locator.at(seen[identifier])[0]
            yield locator.problem(path, f"duplicate id {identifier!r} "
                                  f"(first used on line {line}); ids must be unique")
        else:
            seen[identifier] = path


def _ids(briefing: Briefing):
    for s, session in enumerate(briefing.sessions):
        yield ("sessions", s, "id"), session.id
        for t, topic in enumerate(session.topics):
            yield ("sessions", s, "topics", t, "id"), topic.id
    for s, session in enumerate(briefing.sessions):
        for t, topic in enumerate(session.topics):
            for f, figure in enumerate(topic.figures):
                yield ("sessions", s, "topics", t, "figures", f, "id"), figure.id


def check_references(briefing: Briefing, locator: Locator) -> Iterator[Problem]:
    """see_also targets, footnote references and link targets point somewhere allowed."""
    targets = {session.id for session in briefing.sessions} | {
        topic.id for topic in briefing.topics()}
    for s, session in enumerate(briefing.sessions):
        for t, topic in enumerate(session.topics):
            for i, target in enumerate(topic.see_also):
                if target not in targets:
                    path = ("sessions", s, "topics", t, "see_also", i)
                    yield locator.problem(path, f"see_also {target!r} points nowhere"
                                          + _did_you_mean(target, targets, "session or topic id"))
    used: set[str] = set()
    for path, text, markup in iter_strings(briefing):
        if not markup:
            continue
        for node in walk(parse_inline(text)):
            if isinstance(node, FootnoteRef):
                used.add(node.id)
                if node.id not in briefing.footnotes:
                    yield locator.problem(path, f"footnote [^{node.id}] points nowhere"
                                          + _did_you_mean(node.id, briefing.footnotes, "footnote id"))
            elif isinstance(node, Link) and not is_allowed_link(node.url):
                yield locator.problem(path, f"link target {node.url!r} is not allowed; "
                                      "use an https:, http: or mailto: address")
    for identifier in briefing.footnotes:
        if identifier not in used:
            yield locator.problem(("footnotes", identifier), f"footnote {identifier!r} is "
                                  f"never used; cite it as [^{identifier}] or remove it",
                                  severity="warning", key=True)


def _did_you_mean(word: str, known, what: str) -> str:
    guess = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if guess:
        return f"; did you mean {guess[0]}?"
    if not known:
        return f"; there is no {what} yet"
    shown = sorted(known)
    more = ", …" if len(shown) > 8 else ""
    return f"; known: {', '.join(shown[:8])}{more}"


def check_dates(briefing: Briefing, locator: Locator) -> Iterator[Problem]:
    """end never before start; sessions within the meeting."""
    meeting = briefing.meeting
    if meeting.end < meeting.start:
        yield locator.problem(("meeting", "end"), f"end {meeting.end} is before start "
                              f"{meeting.start}; swap them or correct the date")
    for s, session in enumerate(briefing.sessions):
        if not meeting.start <= session.date <= meeting.end:
            yield locator.problem(("sessions", s, "date"), f"{session.date} is outside the "
                                  f"meeting ({meeting.start} to {meeting.end}); correct the "
                                  "session date or meeting.start/end")
    for k, key_date in enumerate(briefing.key_dates):
        if key_date.end is not None and key_date.end < key_date.date:
            yield locator.problem(("key_dates", k, "end"), f"end {key_date.end} is before "
                                  f"date {key_date.date}; swap them or correct the date")


def check_quotes(briefing: Briefing, locator: Locator,
                 documents: dict[str | None, SourceDocument]) -> Iterator[Problem]:
    """Every quote stands in its source, word for word; its page agrees with its note."""
    return (problem for problem, _ in quote_results(briefing, locator, documents) if problem)


def quote_results(briefing: Briefing, locator: Locator,
                  documents: dict[str | None, SourceDocument]):
    """(problem or None, (quote path, page found or None)) for every quote."""
    tokens = {key: source_tokens(document) for key, document in documents.items()}
    furniture = {key: [line.text for line in document.furniture()]
                 for key, document in documents.items()}
    for path, quote in _quotes(briefing):
        source = briefing.source_named(quote.source)
        key = _source_key(briefing, quote.source)
        if source is None:
            yield locator.problem(path + ("source",), _unknown_source(briefing, quote.source)), (
                path, None)
            continue
        if key not in documents:
            continue
        text = readable_text(quote.text, True)
        found = find(tokens[key], text)
        if found is None:
            yield locator.problem(path + ("text",), _not_found(
                documents[key].name, closest(tokens[key], text, furniture[key]))), (path, None)
            continue
        yield from ((problem, (path, found.pages))
                    for problem in _page_problems(locator, path, quote, found, documents[key]))
        cut = back_reference(tokens[key], found, text, briefing.language)
        if cut:
            word, (sentence, page) = cut
            yield locator.problem(path + ("text",), f"the quote refers back ('{word}') to "
                                  f"the sentence before it in the source, p. {page}: "
                                  f"“{sentence}”; quote that sentence too, so the quote "
                                  "cannot be read as a reply to something else",
                                  severity="warning"), (path, found.pages)
        yield None, (path, found.pages)


def _quotes(briefing: Briefing):
    for s, session in enumerate(briefing.sessions):
        for t, topic in enumerate(session.topics):
            for q, quote in enumerate(topic.quotes):
                yield ("sessions", s, "topics", t, "quotes", q), quote


def _source_key(briefing: Briefing, identifier: str | None) -> str | None:
    if not briefing.sources:
        return None
    return identifier or briefing.sources[0].id


def _unknown_source(briefing: Briefing, identifier: str) -> str:
    if not briefing.sources:
        return (f"source {identifier!r} names no source: this briefing has one source "
                "(source:); remove this line, or list the sources under sources: with ids")
    return f"source {identifier!r} is not among sources" + _did_you_mean(
        identifier, [entry.id for entry in briefing.sources], "source id")


MAX_PASSAGE_WORDS = 24


def _not_found(name: str, near) -> str:
    message = f"quote not found in {name}"
    if near is None or not near.is_close:
        return (message + "; no passage of the source's running text comes close; copy it "
                "word for word from the source")
    words = near.passage.split()
    if len(words) > MAX_PASSAGE_WORDS:
        half = MAX_PASSAGE_WORDS // 2
        words = words[:half] + ["…"] + words[-half:]
    differences = list(near.differences[:4])
    if len(near.differences) > 4:
        differences.append(f"and {len(near.differences) - 4} more differences")
    return (f"{message}; closest passage, p. {near.pages}: “{' '.join(words)}”; "
            + "; ".join(differences) + "; copy it word for word from the source")


def _page_problems(locator: Locator, path, quote, found, document) -> Iterator[Problem]:
    stated = _stated_pages(quote.note) if quote.note else None
    if stated and stated != found.pages:
        yield locator.problem(path + ("note",), f"the note says p. {stated}, but the quote "
                              f"stands on p. {found.pages} of {document.name}; correct the "
                              "page or leave it out (the page found is printed)")
    if quote.page and quote.page != found.pages:
        yield locator.problem(path + ("page",), f"page {quote.page} is not where the quote "
                              f"stands: p. {found.pages} of {document.name}; correct it or "
                              "leave it out (the page found is printed)")


def _stated_pages(note: str) -> str | None:
    match = re.search(PAGE_IN_NOTE, note)
    if not match:
        return None
    numbers = [int(group) for group in match.groups() if group]
    return page_label(numbers[0], numbers[-1])


def read_sources(briefing: Briefing, locator: Locator, base_dir: Path):
    """(documents by source key, problems): every source file read once."""
    documents: dict[str | None, SourceDocument] = {}
    problems: list[Problem] = []
    if briefing.source is None and not briefing.sources:
        problems.append(locator.problem((), "source: required field is missing; add it "
                                        "(or list several under sources:)"))
    if briefing.source is not None and briefing.sources:
        problems.append(locator.problem(("sources",), "both source and sources are given; "
                                        "move source into the sources list (with an id)",
                                        key=True))
        return documents, problems
    seen: set[str] = set()
    entries = ([(("source",), None, briefing.source)] if briefing.source else
               [(("sources", i), entry.id, entry) for i, entry in enumerate(briefing.sources)])
    for path, key, entry in entries:
        if key in seen:
            problems.append(locator.problem(path + ("id",), f"duplicate source id {key!r}; "
                                            "ids must be unique"))
            continue
        seen.add(key)
        if entry.file is None:
            if any(_source_key(briefing, quote.source) == key for _, quote in _quotes(briefing)):
                problems.append(locator.problem(path, "quotes cannot be checked: file is not "
                                                "set; name the source's text or PDF file",
                                                severity="warning"))
            continue
        try:
            documents[key] = read_source(base_dir, entry.file, entry.first_page,
                                         entry.page_breaks)
        except SourceProblem as exc:
            problems.append(locator.problem(path + ("file",), str(exc)))
            continue
        if documents[key].is_pdf and (entry.first_page or entry.page_breaks != "formfeed"):
            field = "first_page" if entry.first_page else "page_breaks"
            problems.append(locator.problem(path + (field,), f"{field} is for a text file; "
                                            "a PDF's pages are numbered as its running "
                                            "footers print them; remove it",
                                            severity="warning"))
    return documents, problems


def check_characters(briefing: Briefing, locator: Locator, theme) -> Iterator[Problem]:
    """No control characters; every character has a glyph in the memo's fonts."""
    from .fonts import ThemeFileError, memo_font_set, memo_logo
    from .glyphs import describe, missing_glyphs

    try:
        fonts = memo_font_set(theme)
        memo_logo(theme)
    except ThemeFileError as exc:
        yield locator.problem(("style",), f"theme {theme.name!r}: {exc}")
        return
    strings = list(iter_strings(briefing))
    drawn = set("".join(text for _, text, _ in strings)) | set(briefing.classification.upper())
    if _all_shown(drawn, fonts):
        return                      # no string holds a character it could fail on
    for path, text, _ in strings:
        bad = sorted(filter(_is_control, set(text)))   # each distinct character once
        if bad:
            names = ", ".join(f"U+{ord(char):04X}" for char in bad)
            yield locator.problem(path, f"control character {names} cannot be shown; "
                                  "remove it (often pasted from another program)")
            continue
        missing = missing_glyphs(path, text, fonts)
        if missing:
            names = describe(missing)
            yield locator.problem(path, f"no font of theme {theme.name!r} can show {names}; "
                                  "replace the character or add a fallback font to the theme")


def _all_shown(chars: set[str], fonts) -> bool:
    """Whether every one of the characters is no control character and drawn by every
    style of the memo's fonts: then no string made of them has a problem above, wherever
    it is drawn (a line break or tab is never drawn). `chars` holds the classification
    in capitals too, as the marking draws it."""
    return all(char in ALLOWED_CONTROLS or (ord(char) in fonts.coverage
                                            and not _is_control(char)) for char in chars)


def _is_control(char: str) -> bool:
    if char in ALLOWED_CONTROLS:
        return False
    category = unicodedata.category(char)
    return category in {"Cc", "Cs", "Co", "Cn"} or char in "\ufffe\uffff"


def check_glossary(briefing: Briefing, locator: Locator) -> Iterator[Problem]:
    """Warn once per all-capital word that is neither in the glossary nor common."""
    known = set(briefing.glossary) | COMMON_CAPITALS
    reported: set[str] = set()
    for path, text, markup in iter_texts(briefing):
        if path[0] == "classification":
            continue
        for word in sorted(capital_words(readable_text(text, markup)) - known - reported):
            reported.add(word)
            yield locator.problem(path, f"abbreviation {word} is not in the glossary; add "
                                  f"'{word}: <expansion>' under glossary", severity="warning")
