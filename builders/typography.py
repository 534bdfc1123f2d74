"""Typographic rules for text in any output: where a line may not break, where a word may
be hyphenated, and which quotation marks nest.

Everything here is a pure function of text and language (the hyphenation patterns are
data, loaded once per process), so the memo and the decks can share it:

- `bind(text, language)` puts no-break spaces where a line must not break: a day and its
  month ("28 november", "9 tot en met 11 juli"), a number and its unit ("2 procent",
  "€ 40"), a reference and its number ("nr. 446", "p. 3", "Kamerstuk 28 676") and the
  groups of a number ("28 676").
- `Hyphenator(language)` gives the places where a word may be hyphenated, longest head
  first: never inside numbers or acronyms, with minimum word and fragment lengths, and
  the Dutch rules the patterns miss (no break that splits an onset such as "kr").
  `after_break(tail, language)` is how a word's tail is spelt on the next line: Dutch
  drops the trema at a break ("Oekra-" / "iense").
- `nest_quotes(text, depth)` makes quotation marks alternate, double outside and single
  inside (“… ‘…’ …”), whatever the author typed, apostrophes left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator

NBSP = "\u00a0"

PYPHEN_LANGUAGES = {"nl": "nl_NL", "en": "en_US"}
"""Pattern sets: Dutch; for English the American (Liang's) patterns, which break at
morphemes ("ex-port-ed") where the British set gives "expor-ted"."""

MIN_WORD = 6
"""Letters a word (or a part of a compound) needs before it may be hyphenated."""
MIN_HEAD = 2
"""Letters that must stay before a hyphen."""
MIN_TAIL = 3
"""Letters that must go to the next line."""


class HyphenationError(RuntimeError):
    """pyphen, or its dictionary for the briefing's language, is not installed."""


# ---------------------------------------------------------------- no-break spaces

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
RANGE_WORDS = {"nl": ("tot en met", "t/m", "tot", "en"), "en": ("to", "and", "until", "through")}
REFERENCE_ABBREVIATIONS = {
    "nl": ("nr", "nrs", "no", "p", "pp", "blz", "art", "artt", "fig", "hfst", "par", "lid"),
    "en": ("no", "nos", "nr", "p", "pp", "art", "fig", "para", "ch", "sec"),
}
REFERENCE_WORDS = {
    "nl": ("Kamerstuk", "Kamerstukken", "Figuur", "Tabel", "Bijlage", "Artikel", "artikel",
           "Sessie", "Hoofdstuk", "Resolutie", "resolutie", "Pagina", "pagina"),
    "en": ("Figure", "Table", "Annex", "Article", "article", "Session", "Chapter",
           "Resolution", "resolution", "Page", "page", "Papers"),
}
UNITS = ("%", "‰", "procent", "percent", "per cent", "procentpunt", "procentpunten",
         "km", "m", "cm", "mm", "kg", "g", "t", "ton", "km²", "m²", "°C", "°",
         "uur", "u", "min", "sec", "s", "h", "jaar", "maanden", "dagen", "weken",
         "years", "months", "days", "hours", "weeks", "miljoen", "miljard", "mln", "mld",
         "mrd", "bn", "mn", "million", "billion", "trillion", "thousand", "duizend",
         "euro", "dollar", "dollars", "EUR", "USD", "GBP", "MW", "GW", "kW", "kWh", "TWh")
CURRENCIES = ("€", "$", "£", "EUR", "USD", "GBP")
TITLES = ("Mr", "Ms", "Mrs", "Dr", "dr.", "mr.", "prof.", "Prof.", "ir.", "drs.", "mevrouw",
          "de heer", "Zr.Ms.", "Hr.Ms.")

_SPACE = r"[ \t]+"
_WORD_END = r"(?![\w])"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _rules(language: str) -> tuple[re.Pattern, ...]:
    """The patterns whose spaces become no-break spaces, in the order they apply."""
    months = _alternation(MONTHS[language])
    ranges = _alternation(RANGE_WORDS[language])
    day = r"(?<![\d.,])\d{1,2}"
    rules = [
        # 9 tot en met 11 juli, 28 en 29 oktober, 20 to 21 April, 9 – 11 juli
        rf"{day}(?:{_SPACE}(?:{ranges}){_SPACE}|\s*[–-]\s*){day}{_SPACE}(?:{months}){_WORD_END}",
        # 28 november
        rf"{day}{_SPACE}(?:{months}){_WORD_END}",
        # 28 676, 1 000 000
        r"(?<![\d.,])\d{1,3}(?:[ \t]\d{3})+(?![\d])",
        # nr. 446, p. 3, art. 5
        rf"(?<![\w.])(?:{_alternation(REFERENCE_ABBREVIATIONS[language])})\.{_SPACE}(?=\d)",
        rf"(?<![\w.])(?:{_alternation(w.capitalize() for w in REFERENCE_ABBREVIATIONS[language])})\.{_SPACE}(?=\d)",
        rf"§{_SPACE}(?=\d)",
        # Kamerstuk 28 676, Figuur 2
        rf"(?<![\w])(?:{_alternation(REFERENCE_WORDS[language])}){_SPACE}(?=\d)",
        # € 40, EUR 40
        rf"(?<![\w])(?:{_alternation(CURRENCIES)}){_SPACE}(?=[\d−-])",
        # 2 procent, 40 %, 1,5 miljard euro
        rf"\d{_SPACE}(?:(?:{_alternation(UNITS)}){_SPACE})*(?:{_alternation(UNITS)})(?![\w²])",
        # Ms Đukanović, dr. Jansen
        rf"(?<![\w.])(?:{_alternation(TITLES)}){_SPACE}(?=[A-ZÀ-ÖØ-ÞĀ-ž])",
    ]
    if language == "en":  # April 20
        rules.append(rf"(?<![\w])(?:{months}){_SPACE}\d{{1,2}}(?![\d])")
    return tuple(re.compile(rule) for rule in rules)


_MAY_BIND = re.compile(r"[\d§€$£]|" + _alternation(TITLES))
"""Text without any of these has nothing to bind (most labels and titles)."""


def bind(text: str, language: str) -> str:
    """`text` with no-break spaces where a line must not break (see the module's notes)."""
    if not text or not _MAY_BIND.search(text):
        return text
    for rule in _rules(language):
        text = rule.sub(lambda match: re.sub(_SPACE, NBSP, match.group(0)), text)
    return text


# ---------------------------------------------------------------- hyphenation

def hyphenation_language(language: str) -> str:
    """The pyphen dictionary for the briefing's language; fail loudly if it is missing."""
    try:
        import pyphen
    except ImportError as error:
        raise HyphenationError("pyphen is not installed; the memo cannot be hyphenated "
                               "(pip install pyphen)") from error
    code = PYPHEN_LANGUAGES[language]
    if pyphen.language_fallback(code) is None:
        raise HyphenationError(f"pyphen has no hyphenation dictionary for {code}")
    return code


@lru_cache(maxsize=None)
def _dictionary(language: str):
    """Where pyphen breaks words (`positions`): the words met before read from a file,
    the others from the pattern dictionary, loaded once per process when a word needs
    it and parsed once per machine (`builders.pattern_cache`)."""
    from .pattern_cache import known_words

    return known_words(hyphenation_language(language))


def remember_words() -> None:
    """Keep the break positions of the words met for the first time (`pattern_cache`)."""
    from .pattern_cache import save_known_words

    save_known_words()


TREMA = {"ä": "a", "ë": "e", "ï": "i", "ö": "o", "ü": "u", "Ä": "A", "Ë": "E", "Ï": "I",
         "Ö": "O", "Ü": "U"}
VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
ONSETS = {"br", "dr", "fr", "gr", "kr", "pr", "tr", "vr", "bl", "fl", "gl", "kl", "pl", "vl"}
"""Dutch consonant pairs that begin a syllable together: "Oe-kra", never "Oek-ra"."""


def is_acronym(word: str) -> bool:
    """NAVO, UDCG, aANP: two or more capitals make a word an abbreviation or a name in
    capitals, which is never hyphenated."""
    return sum(1 for char in word if char.isupper()) >= 2


def after_break(tail: str, language: str) -> str:
    """How the rest of a hyphenated word is spelt on the next line: Dutch drops the
    trema that marked the syllable break ("Oekra-" / "iense")."""
    if language == "nl" and tail and tail[0] in TREMA:
        return TREMA[tail[0]] + tail[1:]
    return tail


class Hyphenator:
    """Where words may be hyphenated in one language.

    Called with a word, it yields (head, tail) pairs, the longest head first (what
    reportlab's `hyphenationLang` accepts). A hard hyphen is a break point (the head
    keeps it); inside a part, the patterns' points that leave `MIN_HEAD` and
    `MIN_TAIL` letters in parts of at least `MIN_WORD` letters. Words with digits or two
    capitals, and the words in `protected`, are never broken inside; a hard hyphen after
    a part in capitals ("NAVO-lidmaatschap") is no break point either.
    """

    def __init__(self, language: str, protected: frozenset[str] = frozenset(),
                 code: str | None = None):
        self.language = language
        self.protected = protected
        self.code = code or hyphenation_language(language)

    def with_protected(self, words: Iterable[str]) -> "Hyphenator":
        words = frozenset(words)
        if not words:
            return self
        return Hyphenator(self.language, self.protected | words, self.code)

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        for cut in reversed(self.points(word)):
            yield word[:cut], word[cut:]

    def points(self, word: str) -> list[int]:
        """Offsets in `word` where it may break, in increasing order."""
        if any(char.isdigit() for char in word):
            return []
        whole = word in self.protected
        cuts: list[int] = []
        start = 0
        parts = word.split("-")
        for index, part in enumerate(parts):
            if not whole:
                cuts += [start + cut for cut in self.part_points(part)]
            start += len(part) + 1
            if (index < len(parts) - 1 and len(part) >= MIN_HEAD
                    and len(parts[index + 1]) >= MIN_TAIL and not is_acronym(part)):
                cuts.append(start)   # never after a name in capitals: "NAVO-" | "lidmaatschap"
        return sorted(set(cuts))

    def part_points(self, part: str) -> list[int]:
        if part in self.protected:
            return []
        return list(_part_points(self.language, part))


@lru_cache(maxsize=65536)
def _part_points(language: str, part: str) -> tuple[int, ...]:
    """The break points of one part of a word (a word between hard hyphens)."""
    if len(part) < MIN_WORD or not part.isalpha() or is_acronym(part):
        return ()
    cuts = [cut for cut in _dictionary(language).positions(part)
            if MIN_HEAD <= cut <= len(part) - MIN_TAIL]
    if language == "nl":
        cuts = [cut for cut in cuts if not _splits_onset(part, cut)]
    return tuple(cuts)


def _splits_onset(word: str, cut: int) -> bool:
    """Whether a Dutch break "Oek|ra" splits a consonant pair that starts a syllable."""
    if cut < 2 or cut + 1 >= len(word):
        return False
    pair = (word[cut - 1] + word[cut]).lower()
    return (pair in ONSETS and word[cut - 2].lower() in VOWELS
            and word[cut + 1].lower() in VOWELS)


# ---------------------------------------------------------------- names and phrases

_TOKEN = re.compile(r"[^\s\u00a0]+")
_LETTERS = re.compile(r"^[\W_]*(.*?)[\W_]*$")


@lru_cache(maxsize=8192)
def name_words(text: str) -> frozenset[str]:
    """Words of runs of two or more capitalised words ("Annual National Programme",
    "Buitenlandse Zaken"): names and titles, never hyphenated (often a foreign phrase
    in a Dutch sentence, which the Dutch patterns would break wrongly)."""
    words = [_LETTERS.match(token).group(1) for token in _TOKEN.findall(text)]
    names: set[str] = set()
    run: list[str] = []
    for word in words + [""]:
        if word[:1].isupper():
            run.append(word)
            continue
        if len(run) >= 2:
            names.update(part for name in run for part in (name, *name.split("-")))
        run = []
    return frozenset(names)


def words_of(text: str) -> set[str]:
    """The words of a phrase, without surrounding punctuation, and their hyphenated parts."""
    found: set[str] = set()
    for token in _TOKEN.findall(text):
        word = _LETTERS.match(token).group(1)
        found.update((word, *word.split("-")))
    return found


# ---------------------------------------------------------------- quotation marks

DOUBLE = ("“", "”")
SINGLE = ("‘", "’")
_OPENERS = frozenset("“„‘‚")
_QUOTES = re.compile("[“„‘‚]")
"""Text without an opening mark has no quotation to nest."""


def _is_word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or unicodedata.category(char) == "Mn")


def nest_quotes(text: str, depth: int = 0) -> str:
    """`text` with nested quotation marks alternating: a quotation inside one of the same
    kind takes the other kind (“… ‘…’ …”, ‘… “…” …’). `depth` 1 means the text stands
    inside double marks already (the text of a quote). Marks at the top level stay as
    typed, straight quotes are left alone (they may be code or data), and an apostrophe
    ("China’s", "’s avonds") is not a quotation mark."""
    if not _QUOTES.search(text):
        return text
    out: list[str] = []
    shown: list[tuple[str, str]] = [DOUBLE] if depth % 2 else []
    """The marks of the open quotations as shown (after flipping), outermost first."""
    typed: list[str] = []
    """The closing mark each open quotation waits for, as typed."""
    for index, char in enumerate(text):
        kind = _quote_role(text, index, typed[-1] if typed else None)
        if kind == "open":
            marks = DOUBLE if char in "“„" else SINGLE
            typed.append(marks[1])
            flipped = bool(shown) and shown[-1] == marks
            if flipped:
                marks = SINGLE if marks == DOUBLE else DOUBLE
            shown.append(marks)
            out.append(marks[0] if flipped else char)
        elif kind == "close":
            typed.pop()
            out.append(shown.pop()[1])
        else:
            out.append(char)
    return "".join(out)


def _quote_role(text: str, index: int, awaited: str | None) -> str | None:
    """'open', 'close' or None (not a quotation mark here) for `text[index]`."""
    char = text[index]
    if char in _OPENERS:
        before = text[index - 1] if index else ""
        after = text[index + 1: index + 2]
        later = text[index + 2: index + 3]
        if char == "‘" and after in ("s", "t", "n") and not _is_word_char(later) and \
                not _is_word_char(before):
            return None  # ’s avonds typed with the wrong mark
        return "open"
    if char == awaited:
        before = text[index - 1] if index else ""
        after = text[index + 1: index + 2]
        if char == "’" and _is_word_char(before) and _is_word_char(after):
            return None  # China’s
        return "close"
    return None
