"""Finding a quote in a source's running text, word for word, up to differences of form.

Form only: line breaks and runs of space; a word hyphenated at a line end (read with
and without its hyphen); curly and straight quotation marks and apostrophes, « »;
"…" and "..."; ligatures (ﬁ, ﬂ, …); no-break, thin and other spaces; soft hyphens and
zero-width characters; Unicode composition (NFC). Everything else — a word, a letter's
case, a dash, a punctuation mark — must be as the source has it.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .sources import SourceDocument, derived, running_lines
from .text_memory import remembered, strings

_FORM = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2026": "...",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
    "\ufeff": None,
})
_SPACES = re.compile(r"[^\S\n]+")
_HYPHEN_BREAK = "\x00"
_LINE_END_HYPHEN = re.compile(
    r"(?<=\w)-[^\S\n]*\n[^\S\n]*(?!(?:en|of|als|tot|noch|and|or|nor|to)\b)(?=\w)")
"""A hyphen at a line end joins the lines, unless a conjunction follows: "EU- / als"
is a suspended compound ("zowel EU- als NAVO-verband"), not a broken word."""
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[\w\x00]+(?:['\-][\w\x00]+)*|[^\w\s]")


_SPECIAL = re.compile("[" + "".join(re.escape(chr(code)) for code in _FORM) + "]")


def normalise_form(text: str) -> str:
    """The text with differences of form removed (line breaks are kept)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _SPECIAL.sub(_replacement, text)
    return _SPACES.sub(" ", text)


def _replacement(match: re.Match) -> str:
    return _FORM[ord(match.group())] or ""


class Token(NamedTuple):
    """A word or punctuation mark: the forms it matches, how it is shown, its page, and
    where it stands in the (normalised) text it was read from."""

    forms: tuple[str, ...]
    shown: str
    page: int
    start: int = 0
    end: int = 0

    def matches(self, other: "Token") -> bool:
        return any(form in other.forms for form in self.forms)


@dataclass(frozen=True)
class Tokens:
    """The tokens of a text, and the text they index (form normalised, breaks marked)."""

    items: list[Token]
    text: str
    positions: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)
    found: dict[str, "Found | None"] = field(default_factory=dict, compare=False, repr=False)
    """Where each text asked for stands (`find`): a source's tokens are kept per document,
    and the memo's guess, the quote check and the drift check ask for the same texts."""

    def where(self, form: str) -> list[int]:
        """Positions of the tokens that match `form` (an index built on first use)."""
        if not self.positions and self.items:
            for index, token in enumerate(self.items):
                for each in token.forms:
                    self.positions.setdefault(each, []).append(index)
        return self.positions.get(form, [])

    def shown(self, first: int, last: int) -> str:
        """Tokens first..last-1 as the text has them, on one line."""
        if first >= last:
            return ""
        parts = []
        for index in range(first, last):
            token = self.items[index]
            if index > first and token.start > self.items[index - 1].end:
                parts.append(" ")
            parts.append(token.shown)
        return "".join(parts)


def tokenise(text: str, page: int = 0) -> Tokens:
    """Tokens of one piece of text (a quote, say)."""
    marked = _join_breaks(normalise_form(text))
    return Tokens([_token(m.group(), page, m.start(), m.end()) for m in _TOKEN.finditer(marked)],
                  marked)


def _join_breaks(text: str) -> str:
    return _LINE_END_HYPHEN.sub(_HYPHEN_BREAK, text)


def _token(word: str, page: int, start: int, end: int) -> Token:
    if _HYPHEN_BREAK not in word:
        return Token((word,), word, page, start, end)
    joined, kept = word.replace(_HYPHEN_BREAK, ""), word.replace(_HYPHEN_BREAK, "-")
    after = word.split(_HYPHEN_BREAK, 1)[1]
    shown = kept if after[:1].isupper() else joined
    return Token((joined, kept), shown, page, start, end)


def source_tokens(document: SourceDocument) -> Tokens:
    """The running text of a source as tokens, each with the page of its line (made once
    per document: the quotes, the drift check's sentence pages and the review read them)."""
    return derived(document, "tokens", _source_tokens)


def _source_tokens(document: SourceDocument) -> Tokens:
    items, marked = _running_tokens(running_lines(document))
    return Tokens(list(items), marked)


def _token_data(read: tuple[tuple[Token, ...], str]) -> tuple:
    """Tokens as plain data (builders/text_memory.py)."""
    items, marked = read
    return tuple(tuple(token) for token in items), marked


def _tokens_from(data) -> tuple[tuple[Token, ...], str]:
    """Kept tokens back as tokens; TypeError for data that is no tokens."""
    items, marked = data
    tokens = tuple(map(Token._make, items))
    kinds = {(type(token.forms), type(token.shown), type(token.page), type(token.start),
              type(token.end)) for token in tokens}
    if not isinstance(marked, str) or kinds - {(tuple, str, int, int, int)} or not all(
            type(form) is str for token in tokens for form in token.forms):
        raise TypeError("not the tokens of a text")
    return tokens, marked


@remembered("source tokens", to_data=_token_data, from_data=_tokens_from)
def _running_tokens(lines: tuple[tuple[str, int], ...]) -> tuple[tuple[Token, ...], str]:
    """The tokens of running lines ((text, page) each), and the text they index."""
    marked = _join_breaks(normalise_form("\n".join(text for text, _ in lines)))
    # Normalising keeps line breaks, and joining a hyphen break replaces exactly one
    # "\n", so a token's line is the number of breaks and joins before it.
    breaks = [match.start() for match in re.finditer(r"[\n\x00]", marked)] + [len(marked)]
    pages = [page for _, page in lines] or [0]
    tokens, line = [], 0
    for match in _TOKEN.finditer(marked):
        start, word = match.start(), match.group()
        while breaks[line] < start:
            line += 1
        page = pages[min(line, len(pages) - 1)]
        if _HYPHEN_BREAK in word:
            tokens.append(_token(word, page, start, match.end()))
        else:
            tokens.append(Token((word,), word, page, start, match.end()))
    return tuple(_as_elsewhere(tokens)), marked


def _as_elsewhere(tokens: list[Token]) -> list[Token]:
    """Show a word broken at a line end as the source writes it elsewhere, when it does:
    "secretaris-/generaal" as "secretaris-generaal" because "Secretaris-Generaal" occurs."""
    seen = {token.shown.lower() for token in tokens if len(token.forms) == 1}
    shown = []
    for token in tokens:
        if len(token.forms) == 2:
            joined, kept = token.forms
            if kept.lower() in seen and joined.lower() not in seen:
                token = token._replace(shown=kept)
            elif joined.lower() in seen and kept.lower() not in seen:
                token = token._replace(shown=joined)
        shown.append(token)
    return shown


@dataclass(frozen=True)
class Found:
    """Where a quote stands: token positions and pages."""

    start: int
    end: int
    first_page: int
    last_page: int

    @property
    def pages(self) -> str:
        return page_label(self.first_page, self.last_page)


def page_label(first: int, last: int) -> str:
    """"4", or "4–5" for a passage across a page foot."""
    return str(first) if first == last else f"{first}–{last}"


OMISSION = re.compile(r"\s*\[\s*(?:…|\.\.\.)\s*\]\s*")
""""[…]" in a quote marks words left out; the parts around it must stand in that order."""
MAX_OMITTED = 150
"""At most this many words may be left out at one "[…]"."""


def find(source: Tokens, quote: str) -> Found | None:
    """The first place the quote stands in the source (its parts in order, when it leaves
    words out with "[…]"), or None."""
    if quote not in source.found:
        source.found[quote] = _find(source, quote)
    return source.found[quote]


def _find(source: Tokens, quote: str) -> Found | None:
    parts = quote_parts(quote)
    if not parts:
        return None
    for start, end in _occurrences(source, parts[0], 0, len(source.items)):
        last = _rest_found(source, parts[1:], end)
        if last is not None:
            return Found(start, last, source.items[start].page, source.items[last - 1].page)
    return None


def quote_parts(quote: str) -> list[str]:
    """The parts of a quote between its "[…]" marks."""
    return [part for part in OMISSION.split(quote) if tokenise(part).items]


def _rest_found(source: Tokens, parts: list[str], after: int) -> int | None:
    """The end of the last of `parts`, each found soon after the one before, or None."""
    for part in parts:
        found = next(_occurrences(source, part, after, after + MAX_OMITTED), None)
        if found is None:
            return None
        after = found[1]
    return after


def _occurrences(source: Tokens, text: str, lowest: int, highest: int):
    """(start, end) of each place `text` stands, starting from `lowest` up to `highest`."""
    tokens, wanted = source.items, tokenise(text).items
    size = len(wanted)
    if not size:
        return
    starts = sorted({index for form in wanted[0].forms for index in source.where(form)})
    for start in starts:
        if start < lowest or start > highest:
            continue
        if start + size <= len(tokens) and all(
                wanted[i].matches(tokens[start + i]) for i in range(size)):
            yield start, start + size


@dataclass(frozen=True)
class Closest:
    """The source passage most like a quote that is not in it, and what differs."""

    passage: str
    first_page: int
    last_page: int
    differences: tuple[str, ...]
    shared: float
    longest_run: int = 0

    @property
    def is_close(self) -> bool:
        """Close enough to be the passage meant: three words in a row, or half of them."""
        return self.longest_run >= 3 or self.shared >= 0.5

    @property
    def pages(self) -> str:
        return page_label(self.first_page, self.last_page)


def closest(source: Tokens, quote: str, furniture: list[str] = ()) -> Closest | None:
    """The nearest passage of the running text, with the words that differ; for a quote
    with "[…]", the nearest passage to the first part that is not where it should be."""
    parts = quote_parts(quote)
    if len(parts) > 1:
        return _closest_part(source, parts, furniture)
    tokens, quoted = source.items, tokenise(quote)
    wanted = quoted.items
    if not wanted or not tokens:
        return None
    keys = [token.shown for token in tokens]
    wanted_keys = [token.shown for token in wanted]
    best: tuple[int, int] | None = None
    for start in _candidate_starts(source, wanted):
        window = _window(tokens, start, len(wanted))
        matcher = difflib.SequenceMatcher(None, keys[window.start:window.stop], wanted_keys,
                                          autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        if best is None or matched > best[0]:
            best = (matched, start)
    window = _window(tokens, best[1], len(wanted))
    part = tokens[window.start:window.stop]
    matcher = difflib.SequenceMatcher(None, [t.shown for t in part], wanted_keys,
                                      autojunk=False)
    codes = _trim(list(_aligned(part, wanted, matcher.get_opcodes())))
    if not codes:
        return None
    offset = window.start
    first, last = codes[0][1] + offset, codes[-1][2] + offset
    shared = sum(j2 - j1 for tag, _, _, j1, j2 in codes if tag == "equal") / len(wanted)
    differences = tuple(_describe(source, quoted, (tag, i1 + offset, i2 + offset, j1, j2),
                                  furniture) for tag, i1, i2, j1, j2 in codes if tag != "equal")
    run = max((j2 - j1 for tag, _, _, j1, j2 in codes if tag == "equal"), default=0)
    return Closest(source.shown(first, last), tokens[first].page, tokens[last - 1].page,
                   differences, shared, run)


MAX_CANDIDATES = 40


def _closest_part(source: Tokens, parts: list[str], furniture) -> Closest | None:
    after = 0
    for index, part in enumerate(parts):
        window = (0, len(source.items)) if index == 0 else (after, after + MAX_OMITTED)
        found = next(_occurrences(source, part, *window), None)
        if found is None:
            return closest(source, part, furniture)
        after = found[1]
    return None


def _candidate_starts(source: Tokens, wanted: list[Token]) -> list[int]:
    """Starts of windows aligned on the quote's words: those most words agree on."""
    votes: Counter[int] = Counter()
    for offset, token in enumerate(wanted):
        if len(token.shown) < 3:
            continue
        places = source.where(token.shown)
        if len(places) > 200:
            continue
        for index in places:
            votes[max(0, index - offset)] += 1
    return sorted(start for start, _ in votes.most_common(MAX_CANDIDATES)) or [0]


def _window(tokens: list[Token], start: int, size: int) -> range:
    slack = max(3, size // 4)
    return range(max(0, start - slack), min(len(tokens), start + size + slack))


def _aligned(source, wanted, opcodes):
    """Opcodes, with a 'replace' of a word by itself in another form counted as equal."""
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "replace" and i2 - i1 == j2 - j1 and all(
                wanted[j1 + k].matches(source[i1 + k]) for k in range(i2 - i1)):
            tag = "equal"
        yield tag, i1, i2, j1, j2


def _trim(codes):
    """Drop the window's extra source words before and after the quote; a differing
    first or last stretch keeps as many source words as the quote has there."""
    while codes and codes[0][0] == "delete":
        codes = codes[1:]
    while codes and codes[-1][0] == "delete":
        codes = codes[:-1]
    if codes and codes[0][0] == "replace":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = (tag, max(i1, i2 - (j2 - j1)), i2, j1, j2)
    if codes and codes[-1][0] == "replace":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = (tag, i1, min(i2, i1 + (j2 - j1)), j1, j2)
    return codes


def _describe(source: Tokens, quoted: Tokens, code, furniture) -> str:
    tag, i1, i2, j1, j2 = code
    theirs, ours = source.shown(i1, i2), quoted.shown(j1, j2)
    if tag == "replace":
        return f"source has '{theirs}' where the quote has '{ours}'"
    if tag == "delete":
        return f"source has '{theirs}' that the quote leaves out"
    where = ""
    flat = " ".join(normalise_form(ours).split())
    if any(flat in " ".join(normalise_form(line).split()) for line in furniture):
        where = " (it is a running header, footer or footnote of the source, not its text)"
    return f"the quote has '{ours}' that the source does not{where}"


def readable(text: str) -> str:
    """Source text as one line: words broken at a line end joined (the hyphen kept before
    a capital, as in "Nieuw-Zeeland"), form normalised, spaces collapsed."""
    text = normalise_form(text)

    def join(match: re.Match) -> str:
        following = match.string[match.end():match.end() + 1]
        return "-" if following.isupper() else ""
    return " ".join(_LINE_END_HYPHEN.sub(join, text).split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(«0-9À-Ý])")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Za-z]{1,3}\.){2,}|\b(?:nr|mr|dr|prof|bijv|blz|art|"
                           r"vs|ca|no|p|pp|St)\.)$")
"""A full stop that ends an abbreviation ("Zr.Ms.", "o.a.", "nr."), not a sentence."""


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (a full stop before a capital ends one, unless it
    ends an abbreviation). Split once per distinct text: the checks split each claim
    several times (drift, tracing, names: 497 calls for 225 texts in the shipped
    briefing), and a watch process splits the unchanged texts of every rebuild again."""
    return list(_sentences(text))


@lru_cache(maxsize=16384)
@remembered("sentences", from_data=strings)
def _sentences(text: str) -> tuple[str, ...]:
    text = readable(text)
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[start:match.start()]):
            continue
        found.append(text[start:match.start()])
        start = match.end()
    found.append(text[start:])
    return tuple(part for part in found if part)


BACK_REFERENCES = {
    "nl": re.compile(r"(?i)\bhier(?:op|over|mee|van|toe|bij|in|door|voor|uit|aan|om|onder|"
                     r"tegen)\b|\bdaar(?:op|over|mee|toe|door)\b|\bdergelijke\b"),
    "en": re.compile(r"(?i)\b(?:thereby|therein|thereof|hereby|to this end|in response to this|"
                     r"such)\b"),
}
"""Words that point back to what was said before ("in reactie *hierop*")."""


def back_reference(source: Tokens, found: Found, quote: str, language: str):
    """(the word, the source sentence it points back to) when the quote's first sentence
    refers back to a sentence the quote leaves out; else None."""
    first = sentences(quote)[:1]
    match = BACK_REFERENCES[language].search(first[0]) if first else None
    if not match:
        return None
    before = _sentence_before(source, found.start)
    return (match.group(), before) if before else None


def _sentence_before(source: Tokens, start: int):
    """The sentence before token `start` in the same paragraph, with its page."""
    items = source.items
    if start == 0 or _paragraph_break(source, start):
        return None
    end = start
    begin = end - 1
    while begin > 0 and not (items[begin - 1].shown in (".", "!", "?")
                             or _paragraph_break(source, begin)):
        begin -= 1
    return source.shown(begin, end), items[begin].page


def _paragraph_break(source: Tokens, index: int) -> bool:
    """A blank line between token index-1 and token index."""
    gap = source.text[source.items[index - 1].end:source.items[index].start]
    return re.search(r"\n[^\S\n]*\n", gap) is not None
