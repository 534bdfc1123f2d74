"""Every piece of text in a briefing, with its path; and the abbreviations it uses."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from .errors import Path_
from .markup import parse_inline, plain_text
from .model import Briefing

MARKUP_FIELDS = {"intro", "summary", "position", "background", "key_messages",
                 "speaking_points", "footnotes", "quotes", "key_dates", "caption"}
"""Fields whose text may hold inline markup (a key here covers everything below it:
`quotes` their text and note, `key_dates` their labels); every other string — titles,
names, the glossary — is shown as typed."""

NOT_TEXT = {"id", "see_also", "file", "style", "status", "language"}
"""Fields that hold identifiers, paths or choices: never read as text by anyone."""

_CAPITALS = re.compile(r"(?<![A-Za-zÀ-ÖØ-öø-ÿ0-9])[A-Z]{2,6}(?![A-Za-zÀ-ÖØ-öø-ÿ0-9])")


def iter_strings(briefing: Briefing) -> Iterator[tuple[Path_, str, bool]]:
    """(path, text, may hold markup) for every string in the briefing, in file order.

    Walked once per briefing object (it is immutable): the checks ask five times, and
    the memo's glossary once more."""
    if _LAST_STRINGS and _LAST_STRINGS[0] is briefing:
        return iter(_LAST_STRINGS[1])
    strings = tuple(_walk(briefing.model_dump(by_alias=True, exclude_defaults=False), (),
                          False))
    _LAST_STRINGS[:] = [briefing, strings]
    return iter(strings)


_LAST_STRINGS: list = []
"""The briefing `iter_strings` walked last, and its strings (held, so never another's)."""


def _walk(value, path: Path_, markup: bool) -> Iterator[tuple[Path_, str, bool]]:
    if isinstance(value, str):
        yield path, value, markup
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and path and path[-1] in ("glossary", "series"):
                yield path + (key,), key, False
            yield from _walk(item, path + (key,), markup or key in MARKUP_FIELDS)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,), markup)


@lru_cache(maxsize=4096)
def readable_text(text: str, markup: bool) -> str:
    """What a reader sees of a string: markup removed where it is markup (kept for the
    texts read last: the checks read each text several times)."""
    return plain_text(parse_inline(text)) if markup else text


def capital_words(text: str) -> set[str]:
    """All-capital words of 2–6 letters, as the glossary rule counts them."""
    return set(_CAPITALS.findall(text))


def iter_texts(briefing: Briefing, parts: Iterator[tuple[Path_, object]] | None = None,
               ) -> Iterator[tuple[Path_, str, bool]]:
    """The strings a reader sees: every string except ids, paths, choices and the glossary.

    With `parts` ((path, value) pairs, e.g. from `_deck_parts`), only the strings of those
    parts of the briefing, so that a caller reads no more of it than it needs.
    """
    strings = iter_strings(briefing) if parts is None else (
        item for path, value in parts for item in _walk(_dumped(value), path, False))
    for path, text, markup in strings:
        if path[0] != "glossary" and not NOT_TEXT.intersection(
                part for part in path if isinstance(part, str)):
            yield path, text, markup


def _dumped(value: object) -> object:
    return value.model_dump(by_alias=True, exclude_defaults=False) if hasattr(
        value, "model_dump") else value


def _deck_parts(briefing: Briefing, sessions) -> Iterator[tuple[Path_, object]]:
    """The meeting, the classification and the chosen sessions, with their paths."""
    yield ("meeting",), briefing.meeting
    yield ("classification",), briefing.classification
    chosen = {session.id for session in sessions}  # ids are unique within a briefing
    for index, session in enumerate(briefing.sessions):
        if session.id in chosen:
            yield ("sessions", index), session


def used_glossary(briefing: Briefing, sessions=None) -> list[tuple[str, str]]:
    """The glossary entries whose term occurs in any text a reader sees, sorted.

    The memo and the combined deck list these; a deck of some `sessions` lists the terms
    of those sessions and of the meeting, reading only those parts: the cost of all the
    session decks together grows with the briefing, not with its square.
    """
    parts = None if sessions is None else _deck_parts(briefing, sessions)
    corpus = "\n".join(readable_text(text, markup)
                       for path, text, markup in iter_texts(briefing, parts))
    used = [(term, expansion) for term, expansion in briefing.glossary.items()
            if _occurs(term, corpus)]
    return sorted(used, key=lambda item: item[0].casefold())


WORD_CLASS = r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]"
WORD_CHARACTER = re.compile(WORD_CLASS)
"""A character that would make a term part of a longer word when next to it."""


def _occurs(term: str, corpus: str) -> bool:
    """Whether `term` stands in `corpus` as a word of its own (no letter or digit on
    either side). Found with `str.find` and the neighbours looked at: a regular
    expression that opens with a look-behind tests it at every position of the corpus
    (0.09 s of 62 session glossaries at 20×)."""
    if not term:   # a gap between two non-word characters, or at an end next to one
        return re.search(rf"(?<!{WORD_CLASS})(?!{WORD_CLASS})", corpus) is not None
    start = corpus.find(term)
    while start != -1:
        end = start + len(term)
        if not (start and WORD_CHARACTER.match(corpus, start - 1)) and not (
                end < len(corpus) and WORD_CHARACTER.match(corpus, end)):
            return True
        start = corpus.find(term, start + 1)
    return False
