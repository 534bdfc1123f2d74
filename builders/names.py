"""Names spelled one way: as their owners spell them, and as the briefing and its
sources spell them elsewhere; outside quotes.

A source may misspell a name ("Defense Investment Pledge" for NATO's Defence Investment
Pledge); a quote keeps that, but a glossary expansion or a key message that copies it
spreads the misspelling under the briefing's own voice. The names and who spells them
so are data: builders/official_names.yaml.

A name written otherwise than elsewhere in the briefing or its sources ("Stoltenburg"
beside "Stoltenberg", "Zelenskyy" beside "Zelensky", "Noordatlantische" beside
"Noord-Atlantische") is a warning at the form used less. A name is a run of words that
start with a capital, less a sentence's first word when that word is also written in
lower case. Two words of names are one name spelt two ways when they differ only in case
(a long word set in capitals, as on a cover, is not a spelling), diacritics or hyphens,
or (six letters or more) by one letter that is not a Dutch or English ending
("Servië"/"Serviër", "Israël"/"Israëls" are inflection); and when the names they stand
in agree on the words beside them where both have one ("Ukraine Defense Contact Group"
and "Defence Investment Pledge" are two names).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from .errors import Problem, format_path
from .quotes import sentences
from .text import iter_strings, readable_text
from .text_memory import remembered
from .yamlsource import FAST_LOADER

NAMES_FILE = Path(__file__).with_name("official_names.yaml")
ALIKE = 0.8
"""How alike (difflib ratio) a word must be to the official one to be its misspelling."""


@lru_cache(maxsize=1)
def official_names() -> tuple[dict, ...]:
    text = NAMES_FILE.read_text(encoding="utf-8")   # libyaml's parser where installed:
    return tuple(yaml.load(text, Loader=FAST_LOADER or yaml.SafeLoader))  # a tenth of the time


def check_official_names(briefing, locator) -> Iterator[Problem]:
    """Warn where a text outside quotes spells an official name with one word otherwise."""
    entries = official_names()
    for path, text, markup in iter_strings(briefing):
        if _is_quote(path):
            continue
        for number, written in _official_misspellings(readable_text(text, markup)):
            entry = entries[number]
            yield locator.problem(
                path, f"'{written}' is spelled '{entry['name']}' by {entry['by']}; write "
                "it so outside quotes (a quote keeps the source's spelling)", severity="warning")


@lru_cache(maxsize=16384)
@remembered("official misspellings", from_data=lambda data: _misspellings(data))
def _official_misspellings(text: str) -> tuple[tuple[int, str], ...]:
    """(number of the official name, the words that misspell it) for each official name
    the text spells with one word otherwise; read once per text."""
    words = _NAME_WORD.findall(text)
    lowered = [word.lower() for word in words]
    present = set(lowered)
    found = []
    for number, entry in enumerate(official_names()):
        written = _misspelled_in(words, lowered, present, entry["name"].split())
        if written:
            found.append((number, written))
    return tuple(found)


_NAME_WORD = re.compile(r"[\w-]+")


def misspelled(text: str, name: str) -> str | None:
    """The words of `text` that spell `name` with exactly one word otherwise, or None."""
    words = _NAME_WORD.findall(text)
    lowered = [word.lower() for word in words]
    return _misspelled_in(words, lowered, set(lowered), name.split())


def _misspellings(data) -> tuple[tuple[int, str], ...]:
    """Kept misspellings (builders/text_memory.py), checked to be what
    `_official_misspellings` returns."""
    if not (isinstance(data, tuple) and all(
            isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int)
            and isinstance(item[1], str) for item in data)):
        raise TypeError("not the misspellings of a text")
    return data


def _misspelled_in(words: list[str], lowered: list[str], present: set[str],
                   wanted: list[str]) -> str | None:
    wanted_lower = [word.lower() for word in wanted]
    if len(wanted) > 1 and not present.intersection(wanted_lower):
        return None                 # one word otherwise: the others stand in the text
    for start in range(len(words) - len(wanted) + 1):
        differing = [(words[start + i], wanted[i]) for i in range(len(wanted))
                     if lowered[start + i] != wanted_lower[i]]
        if len(differing) == 1 and _alike(*differing[0]):
            return " ".join(words[start:start + len(wanted)])
    return None


def _alike(ours: str, theirs: str) -> bool:
    return (ours[:1].lower() == theirs[:1].lower()
            and difflib.SequenceMatcher(None, ours.lower(), theirs.lower()).ratio() >= ALIKE)


def _is_quote(path) -> bool:
    return "quotes" in path and path[-1] == "text"


# ------------------------------------------------------------- one name, one spelling

MIN_LETTERS = 6
"""A one-letter difference makes two names one only from this length ("Irak"/"Iran")."""
MAX_ACRONYM = 6
"""A word in capitals longer than this is set in capitals ("MINISTER" on a cover), not an
acronym: it differs from "Minister" only in how it is set ("NAVO" / "Navo" do differ)."""
ENDINGS = frozenset({"", "e", "en", "n", "s", "'s", "es", "er", "ers", "r", "se", "sche",
                     "isch", "ische", "ie", "ies", "ier", "iers", "ns", "ne"})
"""Endings of inflection and derivation (Dutch and English), compared without diacritics:
two words that differ only in these are forms of one word, not two spellings."""
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
NOT_TEXT_FIELDS = frozenset({"id", "file", "style", "see_also", "kind", "source", "format",
                             "language", "status", "page_breaks", "date", "end", "start",
                             "time", "classification", "unit"})
"""Fields that hold no running prose (ids, paths, choices, dates)."""


@dataclass(frozen=True)
class Place:
    """Where a form of a name stands: a briefing field, or a source page."""

    path: tuple | None = None
    source: str | None = None
    page: int = 0


Context = tuple
"""(the word before, the word after, the whole name): where a word of a name stands."""


def check_name_forms(briefing, locator, said) -> Iterator[Problem]:
    """Warn where a text outside quotes writes a name otherwise than the briefing or its
    sources (`said`: source key → source sentences) write it elsewhere."""
    by_word = _occurrences(briefing, said)
    official = [entry["name"] for entry in official_names()]
    is_official: dict[str, bool] = {}

    def names_official(phrase: str) -> bool:
        if phrase not in is_official:
            is_official[phrase] = any(name in phrase or misspelled(phrase, name)
                                      for name in official)
        return is_official[phrase]

    reported: set[tuple] = set()
    for ours, theirs in _variants(by_word):
        matched: dict[str, set[Context]] = {ours: set(), theirs: set()}
        for one in by_word[ours]:
            for other in by_word[theirs]:
                if _fits(one, other) and not names_official(one[2]) \
                        and not names_official(other[2]):
                    matched[ours].add(one)
                    matched[theirs].add(other)
        if not matched[ours]:
            continue                # another name ("Ukraine Defense Contact Group"), or
        # an official name, whose own check says which spelling is right
        deviant, usual = _deviant(ours, theirs, by_word, locator)
        if deviant is None:
            continue
        for context in matched[deviant]:
            for place in by_word[deviant][context]:
                path = place.path
                if path is None or _is_quote(path) or (path, deviant) in reported:
                    continue
                reported.add((path, deviant))
                yield locator.problem(path, f"'{deviant}' is written '{usual}' elsewhere "
                                      f"({_where(by_word[usual], locator)}); write the name "
                                      "one way (a quote keeps the source's spelling)",
                                      severity="warning")


def _occurrences(briefing, said) -> dict[str, dict[Context, list[Place]]]:
    """Every capitalised word of the briefing's texts and its sources' sentences: per
    word, the contexts it stands in and the places of each."""
    at: dict[str, list[Place]] = {}        # each distinct sentence, read once
    for path, text, markup in iter_strings(briefing):
        if path[:1] == ("style",) or NOT_TEXT_FIELDS.intersection(
                part for part in path if isinstance(part, str)) and not _is_quote(path):
            continue
        for sentence in sentences(readable_text(text, markup)):
            at.setdefault(sentence, []).append(Place(path=path))
    for key, sentences_ in said.items():
        name = _source_name(briefing, key)
        for item in sentences_:
            at.setdefault(item.text, []).append(Place(source=name, page=item.page))
    lower = {word for word in set(_WORD.findall("\n".join(at))) if word[:1].islower()}
    by_word: dict[str, dict[Context, list[Place]]] = {}
    for sentence, places in at.items():
        for phrase in _phrases(sentence, lower):
            joined = " ".join(phrase)
            for index, word in enumerate(phrase):
                context = (phrase[index - 1] if index else None,
                           phrase[index + 1] if index + 1 < len(phrase) else None, joined)
                by_word.setdefault(word, {}).setdefault(context, []).extend(places)
    return by_word


def _fits(one: tuple, other: tuple) -> bool:
    """Whether two contexts may be one name: their neighbours agree where both have one."""
    return all(a is None or b is None or a == b for a, b in zip(one[:2], other[:2]))


def _source_name(briefing, key) -> str:
    source = briefing.source_named(key)
    return (source.file or source.citation) if source is not None else str(key)


@lru_cache(maxsize=1)
def _capitalised_runs() -> re.Pattern:
    """Runs of words that start with a capital, spaces only between them."""
    capitals = "".join(char for char in map(chr, range(0x2000)) if char.isupper())
    word = rf"[{re.escape(capitals)}](?:[\w'’-]*\w)?"
    return re.compile(rf"(?<![\w'’-]){word}(?:\s+{word})*")


def _phrases(sentence: str, lower: set[str]):
    """The names of a sentence: runs of capitalised words standing next to each other,
    less the sentence's first word when it is also written in lower case."""
    for match in _capitalised_runs().finditer(sentence):
        run = match.group().split()
        if run[0].lower() in lower and not _WORD.search(sentence, 0, match.start()):
            run = run[1:]                  # "Het", "Verdere": a sentence's first word
        if run:
            yield tuple(run)


def _variants(by_word: dict):
    """Pairs of distinct words that are one name spelt two ways."""
    buckets: dict[tuple[str, str], set[str]] = {}
    for word in by_word:
        for key in _keys(word):
            buckets.setdefault(key, set()).add(word)
    seen = set()
    for words in buckets.values():
        ordered = sorted(words)
        for first, one in enumerate(ordered):
            for other in ordered[first + 1:]:
                if (one, other) not in seen and same_name(one, other):
                    seen.add((one, other))
                    yield one, other


def _plain(word: str) -> str:
    """A word without case, diacritics, hyphens and apostrophes."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(char for char in decomposed
                   if char.isalnum() and not unicodedata.combining(char))


def _keys(word: str) -> set[tuple[str, str]]:
    plain = _plain(word)
    keys = {("form", plain)}
    if len(plain) >= MIN_LETTERS - 1:
        keys.add(("near", plain))
        keys.update(("near", plain[:i] + plain[i + 1:]) for i in range(len(plain)))
    return keys


def same_name(ours: str, theirs: str) -> bool:
    """Whether two written words are one name spelt two ways (see the module's rule)."""
    if ours == theirs:
        return False
    a, b = _plain(ours), _plain(theirs)
    if a == b:                       # case, diacritics, hyphens; not a heading in capitals
        return not any(word.isupper() and len(_plain(word)) > MAX_ACRONYM
                       for word in (ours, theirs))
    if min(len(a), len(b)) < MIN_LETTERS or a[0] != b[0] or _inflected(a, b):
        return False
    return _one_edit(a, b)


def _inflected(a: str, b: str) -> bool:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[common:] in ENDINGS and b[common:] in ENDINGS


def _one_edit(a: str, b: str) -> bool:
    """One letter inserted, left out, replaced, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _deviant(one, other, by_word, locator):
    """(the form used less, the other): fewer occurrences; at equal counts the one the
    sources do not write, else the one written later in the briefing."""
    def rank(word):
        found = [place for places in by_word[word].values() for place in places]
        in_sources = sum(1 for place in found if place.path is None or _is_quote(place.path))
        first = min((locator.at(place.path)[0] for place in found if place.path), default=0)
        return (len(found), in_sources, -first)
    ranked = sorted((one, other), key=rank)
    if rank(ranked[0]) == rank(ranked[1]):
        return None, None
    return ranked[0], ranked[1]


def _where(contexts: dict[Context, list[Place]], locator) -> str:
    """Where a form stands: its first page in a source, and its first field here."""
    found = [place for places in contexts.values() for place in places]
    parts = []
    source = next((place for place in found if place.path is None), None)
    if source is not None:
        parts.append(f"{source.source}, p. {source.page}")
    fields = sorted((place for place in found if place.path),
                    key=lambda place: locator.at(place.path))
    if fields:
        parts.append(format_path(fields[0].path))
    return "; ".join(parts)
