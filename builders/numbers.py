"""Numbers, percentages and dates in text, as values that can be traced to a source.

"1,95%", "1,95 procent" and "1.95" (in English) are the number 1.95; "drie" and
"eenendertig" are 3 and 31 (the article "een"/"one" is not counted); "7 oktober",
"9–11 juli" and "juli 2024" are dates. A claim's mention is traced when the source
(running text or footnotes) or the briefing's figures hold the same value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from decimal import Decimal, InvalidOperation

from .labels import MONTHS
from .quotes import normalise_form
from .text_memory import remembered

_UNITS = {"nl": ["", "", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"],
          "en": ["", "", "two", "three", "four", "five", "six", "seven", "eight", "nine"]}
_TEENS = {"nl": ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien",
                 "zeventien", "achttien", "negentien"],
          "en": ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                 "seventeen", "eighteen", "nineteen"]}
_TENS = {"nl": ["", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig",
                "tachtig", "negentig"],
         "en": ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                "ninety"]}


@lru_cache(maxsize=4)
def number_words(language: str) -> dict[str, int]:
    """Cardinal words 1–99 (without the article "een"/"one"), and "honderd"/"hundred"."""
    words: dict[str, int] = {"één": 1, "honderd": 100, "duizend": 1000} if language == "nl" \
        else {"hundred": 100, "thousand": 1000}
    units, teens, tens = _UNITS[language], _TEENS[language], _TENS[language]
    for value in range(2, 10):
        words[units[value]] = value
    for value, word in enumerate(teens, 10):
        words[word] = value
    for ten in range(2, 10):
        words[tens[ten]] = ten * 10
        for unit in range(1, 10):
            if language == "nl":
                first = "een" if unit == 1 else units[unit]
                joiner = "ën" if first.endswith("e") else "en"
                words[first + joiner + tens[ten]] = ten * 10 + unit
            else:
                words[f"{tens[ten]}-{'one' if unit == 1 else units[unit]}"] = ten * 10 + unit
    return words


@dataclass(frozen=True)
class Mention:
    """A number, percentage or date as written in a text, and its value."""

    written: str
    kind: str  # "number", "date" (day and month) or "month" (month and year)
    value: Decimal | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    next_word: str = ""
    """The word after a number ("drie *transporthelikopters*"), lower case."""


@lru_cache(maxsize=4)
def _patterns(language: str) -> dict[str, re.Pattern]:
    """The patterns `mentions` looks for, compiled once per language."""
    months = "|".join(MONTHS[language])
    words = number_words(language)
    return {
        "day_range": re.compile(rf"\b(\d{{1,2}})\s*(?:[–-]|\s(?:en|and|t/m|tot en met|to)\s)\s*"
                                rf"(\d{{1,2}})\s+({months})\b(?:\s+(\d{{4}}))?", re.IGNORECASE),
        "day_month": re.compile(rf"\b(\d{{1,2}})\s+({months})\b(?:\s+(\d{{4}}))?",
                                re.IGNORECASE),
        "month_year": re.compile(rf"\b({months})\s+(\d{{4}})\b", re.IGNORECASE),
        "bare": re.compile(rf"\b({months})\b", 0 if language == "en" else re.IGNORECASE),
        "number": re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(\s?%|\s(?:procent|percent)\b)?"
                             r"(?![\w])"),
        "words": re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*"),
    }


def mentions(text: str, language: str) -> list[Mention]:
    """Every number, percentage, number word and date in `text`, in order (read once per
    text and language: a watch process reads the unchanged texts of every rebuild again)."""
    return list(_mentions(text, language))


def _mention_data(mentions: tuple[Mention, ...]) -> tuple:
    """Mentions as plain data (builders/text_memory.py): the value as written by Decimal."""
    return tuple((m.written, m.kind, None if m.value is None else str(m.value), m.day,
                  m.month, m.year, m.next_word) for m in mentions)


def _mentions_from(data) -> tuple[Mention, ...]:
    """Kept mentions back as mentions; TypeError for data that is no mentions."""
    if not isinstance(data, tuple):
        raise TypeError("not mentions")
    found = []
    for written, kind, value, day, month, year, next_word in data:
        if not (isinstance(written, str) and kind in ("number", "date", "month")
                and isinstance(next_word, str) and (value is None or isinstance(value, str))
                and all(part is None or isinstance(part, int) for part in (day, month, year))):
            raise TypeError("not a mention")
        found.append(Mention(written, kind, None if value is None else Decimal(value), day,
                             month, year, next_word))
    return tuple(found)


@lru_cache(maxsize=16384)
@remembered("mentions", to_data=_mention_data, from_data=_mentions_from)
def _mentions(text: str, language: str) -> tuple[Mention, ...]:
    text = normalise_form(text).replace("\n", " ")
    patterns = _patterns(language)
    found: list[tuple[int, Mention]] = []
    taken = bytearray(len(text))

    def claim(match: re.Match, mention: Mention) -> None:
        following = re.match(r"\s*([^\W\d_][\w-]*)", text[match.end():])
        if mention.kind == "number" and following:
            mention = replace(mention, next_word=following.group(1).lower())
        found.append((match.start(), mention))
        taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())

    def free(match: re.Match) -> bool:
        return not any(taken[match.start():match.end()])

    lowered = text.lower()
    dated = any(month.lower() in lowered for month in MONTHS[language])
    for match in patterns["day_range"].finditer(text) if dated else ():
        month = _month(match.group(3), language)
        year = int(match.group(4)) if match.group(4) else None
        for group in (1, 2):
            claim(match, Mention(match.group(), "date", day=int(match.group(group)),
                                 month=month, year=year))
    for match in patterns["day_month"].finditer(text) if dated else ():
        if free(match):
            claim(match, Mention(match.group(), "date", day=int(match.group(1)),
                                 month=_month(match.group(2), language),
                                 year=int(match.group(3)) if match.group(3) else None))
    for match in patterns["month_year"].finditer(text) if dated else ():
        if free(match):
            claim(match, Mention(match.group(), "month", month=_month(match.group(1), language),
                                 year=int(match.group(2))))
    for match in patterns["bare"].finditer(text) if dated else ():
        if free(match) and (language == "en" or match.group(1).islower()):
            claim(match, Mention(match.group(), "month", month=_month(match.group(1), language)))
    for match in patterns["number"].finditer(text):
        value = parse_number(match.group(1), language)
        if free(match) and value is not None:
            claim(match, Mention(match.group().strip(), "number", value=value))
    words = number_words(language)
    counted = not words.keys().isdisjoint(re.split(r"[^\w-]+", lowered))
    for match in patterns["words"].finditer(text) if counted else ():
        value = words.get(match.group().lower())
        if value is not None and free(match):
            claim(match, Mention(match.group(), "number", value=Decimal(value)))
    return tuple(mention for _, mention in sorted(found, key=lambda item: item[0]))


def _month(name: str, language: str) -> int:
    return [month.lower() for month in MONTHS[language]].index(name.lower()) + 1


def parse_number(written: str, language: str) -> Decimal | None:
    """1,95 (nl) or 1.95 (en) → 1.95; 1.000 (nl) → 1000; None when it is not a number."""
    decimal, thousands = (",", ".") if language == "nl" else (".", ",")
    text = written
    if thousands in text and re.fullmatch(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+"
                                          rf"(?:{re.escape(decimal)}\d+)?", text):
        text = text.replace(thousands, "")
    text = text.replace(decimal, ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Known:
    """The values a source (and the figures) hold, to trace mentions against."""

    numbers: frozenset[Decimal]
    dates: frozenset[tuple[int, int, int | None]]
    months: frozenset[tuple[int, int | None]]
    counted: dict[str, dict[Decimal, str]]
    """For a word that follows numbers in the source: those numbers, as written there."""

    @classmethod
    def of(cls, texts: list[str], language: str, extra: list[Decimal] = ()) -> "Known":
        """The values in `texts` (and `extra` numbers); the same texts are read once."""
        return _known(tuple(texts), language, tuple(extra))

    @classmethod
    def read(cls, texts: tuple[str, ...], language: str, extra: tuple[Decimal, ...]) -> "Known":
        numbers, dates, months = set(extra), set(), set()
        counted: dict[str, dict[Decimal, str]] = {}
        for text in texts:
            for mention in mentions(text, language):
                if mention.kind == "number":
                    numbers.add(mention.value.normalize())
                    if len(mention.next_word) >= 4:
                        counted.setdefault(mention.next_word, {}).setdefault(
                            mention.value.normalize(), mention.written)
                elif mention.kind == "date":
                    dates.add((mention.day, mention.month, mention.year))
                    numbers.add(Decimal(mention.day))
                    if mention.year:
                        months.add((mention.month, mention.year))
                        numbers.add(Decimal(mention.year))
                else:
                    months.add((mention.month, mention.year))
                    if mention.year:
                        numbers.add(Decimal(mention.year))
        return cls(frozenset(n.normalize() for n in numbers), frozenset(dates),
                   frozenset(months), counted)

    def traces(self, mention: Mention) -> bool:
        if mention.kind == "number":
            return mention.value.normalize() in self.numbers and not self.counts_otherwise(
                mention)
        if mention.kind == "date":
            return self.day_given(mention.day, mention.month, mention.year)
        if mention.year is None:
            return any(month == mention.month for month, _ in self.months) or any(
                date[1] == mention.month for date in self.dates)
        return self.month_given(mention.month, mention.year)

    def counts_otherwise(self, mention: Mention) -> list[str]:
        """The numbers (as the source writes them) the source puts before this mention's
        word, when this one is not among them ("drie" against "vier transporthelikopters")."""
        values = self.counted.get(mention.next_word, {})
        if not values or mention.value.normalize() in values:
            return []
        return sorted(values.values())

    def day_given(self, day: int, month: int, year: int | None) -> bool:
        """The day is in the sources: with this year, or without a year while the year
        is in the sources too ("7 oktober jl." and "2023")."""
        if year is None:
            return any(date[:2] == (day, month) for date in self.dates)
        return (day, month, year) in self.dates or (
            (day, month, None) in self.dates and Decimal(year) in self.numbers)

    def month_given(self, month: int, year: int) -> bool:
        """The month is in the sources: with this year, or alone while the year is too."""
        return (month, year) in self.months or (Decimal(year) in self.numbers and (
            (month, None) in self.months or any(date[1:] == (month, None)
                                                for date in self.dates)))


@lru_cache(maxsize=32)
def _known(texts: tuple[str, ...], language: str, extra: tuple[Decimal, ...]) -> Known:
    return Known.read(texts, language, extra)


def format_value(value: float, language: str) -> str:
    """1.95 → "1,95" (nl); 2.0 → "2"."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",") if language == "nl" else text
