"""The format's checks on meaning: ids, references, dates, quotes, characters, glossary."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Iterator

from .errors import Problem
from .markup import FootnoteRef, Link, is_allowed_link, parse_inline, walk
from .model import Briefing
from .text import capital_words, iter_strings, iter_texts, readable_text
from .yamlsource import Locator

COMMON_CAPITALS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "OK"}
ALLOWED_CONTROLS = {"\n", "\t"}


def check_briefing(loaded) -> list[Problem]:
    """Every problem of meaning in a loaded briefing: errors and warnings."""
    briefing, locator = loaded.briefing, loaded.locator
    problems: list[Problem] = []
    problems += check_ids(briefing, locator)
    problems += check_references(briefing, locator)
    problems += check_dates(briefing, locator)
    problems += check_quotes(briefing, locator, loaded.base_dir)
    problems += check_characters(briefing, locator, loaded.theme)
    problems += check_glossary(briefing, locator)
    return problems


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


def check_quotes(briefing: Briefing, locator: Locator, base_dir: Path) -> Iterator[Problem]:
    """Every quote stands in the source file, word for word."""
    quotes = [(("sessions", s, "topics", t, "quotes", q, "text"), quote.text)
              for s, session in enumerate(briefing.sessions)
              for t, topic in enumerate(session.topics)
              for q, quote in enumerate(topic.quotes)]
    if briefing.source.file is None:
        if quotes:
            yield locator.problem(("source",), "quotes cannot be checked: source.file is "
                                  "not set; name the source text file", severity="warning")
        return
    text, problem = _read_source(base_dir, briefing.source.file)
    if problem:
        yield locator.problem(("source", "file"), problem)
        return
    forms = source_forms(text)
    for path, text in quotes:
        quote = normalise_for_quotes(text)
        if not any(quote in form for form in forms):
            yield locator.problem(path, f"quote not found in {briefing.source.file}: "
                                  f"{_first_words(text)}; copy it word for word from the source")


MAX_SOURCE_BYTES = 20_000_000
_LINE_END_HYPHEN = re.compile(r"-\r?\n[ \t]*")


def _read_source(base_dir: Path, name: str) -> tuple[str, str | None]:
    """The source text, or why it cannot be used: it must be a text file beside the briefing."""
    folder = base_dir.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        return "", (f"source file {name!r} lies outside the briefing's folder; copy it "
                    "next to the briefing (e.g. into seeds/) and name it relative to it")
    if not path.exists():
        return "", (f"source file {name!r} not found (the path is relative to the "
                    "briefing); correct the path")
    if not path.is_file() or path.stat().st_size > MAX_SOURCE_BYTES:
        return "", (f"source file {name!r} is not a text file of at most "
                    f"{MAX_SOURCE_BYTES // 1_000_000} MB; name the extracted text of the source")
    try:
        return path.read_text(encoding="utf-8"), None
    except (OSError, UnicodeDecodeError) as exc:
        return "", (f"source file {name!r} cannot be read as UTF-8 text "
                    f"({exc.__class__.__name__})")


def source_forms(text: str) -> tuple[str, str]:
    """The source with each word broken at a line end joined, once without and once with
    its hyphen (the extract cannot tell a hyphenated word from a compound)."""
    joined = _LINE_END_HYPHEN.sub("", text)
    kept = _LINE_END_HYPHEN.sub("-", text)
    return normalise_for_quotes(joined), normalise_for_quotes(kept)


def normalise_for_quotes(text: str) -> str:
    """Comparable form: NFC (as the briefing is read), soft hyphens dropped, every run of
    white space one space."""
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00ad", "").split())


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    shown = " ".join(words[:count])
    return f"“{shown}{' …' if len(words) > count else ''}”"


def check_characters(briefing: Briefing, locator: Locator, theme) -> Iterator[Problem]:
    """No control characters; every character has a glyph in the memo's fonts."""
    from .fonts import ThemeFileError, memo_logo, register_memo_fonts
    from .glyphs import describe, missing_glyphs

    try:
        fonts = register_memo_fonts(theme)
        memo_logo(theme)
    except ThemeFileError as exc:
        yield locator.problem(("style",), f"theme {theme.name!r}: {exc}")
        return
    for path, text, _ in iter_strings(briefing):
        bad = sorted({char for char in text if _is_control(char)})
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
