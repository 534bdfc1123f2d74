"""Wording drift: hedges, agreements, tense and actors a claim states otherwise than
the source sentence nearest to it.

Both the review page (builders/review.py), which marks drift for a person to judge, and
`check` (builders/checks.py), which warns where a key message or speaking point drops or
changes a hedge, an agreement or an actor, use the same matching and the same word lists.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .quotes import find, sentences, source_tokens
from .sources import derived, running_lines
from .text import readable_text
from .text_memory import remembered, strings

HEDGES = {
    "nl": [r"ten minste", r"minimaal", r"zoveel mogelijk", r"zo \w+ mogelijk",
           r"naar verwachting", r"verwachting(?:en)?", r"mogelijke?", r"onder andere",
           r"bijna", r"circa", r"ongeveer", r"kan", r"kunnen", r"respectievelijk",
           r"in beginsel", r"wellicht"],
    "en": [r"at least", r"as far as possible", r"as \w+ as possible", r"expected",
           r"expectations?", r"possibl[ey]", r"among others", r"nearly", r"about",
           r"around", r"may", r"might", r"could", r"can", r"respectively"],
}
FUTURE = {"nl": r"zal|zullen", "en": r"will|shall"}
COMMITMENTS = {
    "nl": [r"afgesproken", r"afspraak", r"afspraken", r"toegezegd", r"toezegging",
           r"streven", r"streeft", r"beoogt", r"voornemen", r"gepland", r"besloten"],
    "en": [r"agreed", r"agreement", r"pledged?", r"committed", r"commitment", r"aims?",
           r"planned", r"intends?", r"decided"],
}
"""Words that make a statement an agreement, a plan or an aim rather than a fact."""
ACTORS = {
    "nl": {"het kabinet": r"(?:het )?kabinet", "Nederland": r"Nederland|[Ww]ij|[Ww]e|[Oo]ns",
           "de NAVO": r"(?:de )?NAVO(?![-\w])", "de bondgenoten": r"bondgenoten",
           "de EU": r"(?:de )?EU(?![-\w])", "de secretaris-generaal": r"secretaris-generaal",
           "de ministers": r"[Mm]inisters"},
    "en": {"the government": r"(?:the )?government|cabinet",
           "the Netherlands": r"the Netherlands|[Ww]e|[Uu]s", "NATO": r"NATO",
           "the allies": r"allies", "the EU": r"(?:the )?EU(?![-\w])",
           "the ministers": r"[Mm]inisters"},
}
STOPWORDS = {
    "nl": set("de het een en van in op te dat die dit deze is zijn voor met aan om als ook "
              "bij tot door over naar of niet er zich wordt worden werd nog wel al hun haar "
              "zij ze we wij ons onze zo".split()),
    "en": set("the a an and of in on to that this these is are be for with at as also by "
              "from or not it its their they we our so".split()),
}
_WORD = re.compile(r"[^\W\d_][\w-]*|\d+(?:[.,]\d+)?")
_ACTOR_SEARCH = {language: tuple((name, re.compile(rf"\b(?:{pattern})\b"))
                                 for name, pattern in names.items())
                 for language, names in ACTORS.items()}
_ACTOR_OPENING = {language: tuple((name, re.compile(rf"(?:{pattern})\b", re.IGNORECASE))
                                  for name, pattern in names.items())
                  for language, names in ACTORS.items()}


@dataclass(frozen=True)
class SourceSentence:
    text: str
    page: int
    paragraph: int


def source_sentences(documents) -> dict[str | None, list[SourceSentence]]:
    """Each source's sentences, with the page each begins on and its paragraph.

    A paragraph on one page gives its sentences that page; only a paragraph across a page
    foot is searched for where each sentence begins (the search is the costly part)."""
    return {key: list(derived(document, "sentences", _sentences_of))
            for key, document in documents.items()}


def _sentence_data(found: tuple[SourceSentence, ...]) -> tuple:
    return tuple((sentence.text, sentence.page, sentence.paragraph) for sentence in found)


def _sentences_from(data) -> tuple[SourceSentence, ...]:
    """Kept sentences back (builders/text_memory.py); TypeError for other data."""
    found = tuple(SourceSentence(*item) for item in data)
    if {(type(s.text), type(s.page), type(s.paragraph)) for s in found} - {(str, int, int)}:
        raise TypeError("not the sentences of a source")
    return found


@remembered("source sentences", to_data=_sentence_data, from_data=_sentences_from,
            key=lambda document: (running_lines(document),))
def _sentences_of(document) -> tuple[SourceSentence, ...]:
    found = []
    for number, paragraph in enumerate(document.paragraphs()):
        for sentence in sentences(paragraph.text):
            page = paragraph.first_page
            if paragraph.last_page != paragraph.first_page:
                located = find(source_tokens(document), sentence)
                page = located.first_page if located else paragraph.first_page
            found.append(SourceSentence(sentence, page, number))
    return tuple(found)


def key_of(said, sentence: SourceSentence):
    return next(key for key, items in said.items() if sentence in items)


@lru_cache(maxsize=65536)
@remembered("stems", from_data=lambda data: _stems(data))
def words_of(text: str, language: str) -> frozenset[str]:
    """The stems of a text's words, stop words left out (read once per text: the index
    and every claim sentence ask again and again)."""
    words = _WORD.findall(text.lower())
    return frozenset(_stem(word) for word in words if word not in STOPWORDS[language])


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for ending in ("heden", "ingen", "en", "e", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


class Index:
    """Nearest source sentence by shared words, weighted by how rare they are."""

    def __init__(self, said, language: str):
        self.items = [sentence for sentences_ in said.values() for sentence in sentences_]
        self.language = language
        self.words = [words_of(item.text, language) for item in self.items]
        counts = Counter(word for words in self.words for word in words)
        total = max(len(self.items), 1)
        self.weight = {word: math.log(1 + total / count) for word, count in counts.items()}
        self.sizes = [sum(self.weight.get(w, 1) for w in words) for words in self.words]
        self._found: dict[str, tuple[SourceSentence | None, float]] = {}
        self._numbers = {id(item): number for number, item in enumerate(self.items)}
        self.postings: dict[str, list[int]] = {}
        for number, words in enumerate(self.words):
            for word in words:
                self.postings.setdefault(word, []).append(number)

    def nearest(self, text: str) -> tuple[SourceSentence | None, float]:
        """The sentence sharing the most rare words with `text` (the first of equals)."""
        if text not in self._found:
            self._found[text] = self._nearest(text)
        return self._found[text]

    def number_of(self, sentence: SourceSentence) -> int:
        """The position of one of the index's sentences."""
        return self._numbers[id(sentence)]

    def shares_words(self, text: str, numbers: set[int]) -> bool:
        """Whether `text` shares a word with one of the sentences numbered `numbers`."""
        return any(number in numbers for word in words_of(text, self.language)
                   for number in self.postings.get(word, ()))

    def _nearest(self, text: str) -> tuple[SourceSentence | None, float]:
        wanted = words_of(text, self.language)
        size = sum(self.weight.get(w, 1) for w in wanted)
        candidates = sorted({number for word in wanted for number in self.postings.get(word, ())})
        best, best_score = None, 0.0
        for number in candidates:
            words = self.words[number]
            shared = sum(self.weight.get(word, 0) for word in wanted & words)
            norm = math.sqrt(size * self.sizes[number]) or 1
            score = shared / norm
            if score > best_score:
                best, best_score = self.items[number], score
        return best, best_score


def index_of(said, language: str) -> Index:
    """The index of these source sentences: the one made last time when they are the very
    same sentences (as `source_sentences` gives them for an unchanged source, in a watch
    process), so that its words, weights and nearest sentences found carry over."""
    items = [sentence for sentences_ in said.values() for sentence in sentences_]
    last = _LAST_INDEX[0] if _LAST_INDEX else None
    if (last is not None and last.language == language and len(last.items) == len(items)
            and all(mine is theirs for mine, theirs in zip(last.items, items))):
        return last
    index = Index(said, language)
    _LAST_INDEX[:] = [index]
    return index


_LAST_INDEX: list[Index] = []
"""The index `index_of` made last (one: a build checks one briefing at a time)."""


def _whole(pattern: str) -> re.Pattern:
    """A word list entry as a compiled pattern that matches whole words only."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=None)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(_whole(pattern) for pattern in patterns)


def matched(patterns: list[str], text: str) -> set[str]:
    return {match.group().lower() for regex in _compiled(tuple(patterns))
            for match in regex.finditer(text)}


def differences(claim: str, source: str, language: str) -> list[tuple[str, str]]:
    """(kind, what) for each hedge, tense or actor that differs from the source sentence."""
    flags = []
    theirs, ours = matched(HEDGES[language], source), matched(HEDGES[language], claim)
    for hedge in sorted(theirs - ours):
        flags.append(("hedge_lost", hedge))
    for hedge in sorted(ours - theirs):
        flags.append(("hedge_added", hedge))
    if matched(COMMITMENTS[language], source) and not matched(COMMITMENTS[language], claim):
        flags.append(("commitment", ", ".join(sorted(matched(COMMITMENTS[language], source)))))
    if re.search(rf"\b(?:{FUTURE[language]})\b", source, re.IGNORECASE) and not re.search(
            rf"\b(?:{FUTURE[language]})\b", claim, re.IGNORECASE):
        flags.append(("future", ""))
    theirs_first, ours_first = actors(source, language), actors(claim, language)
    if theirs_first and ours_first and ours_first[0] not in theirs_first:
        flags.append(("actor", f"{theirs_first[0]} → {ours_first[0]}"))
    return flags


def actors(text: str, language: str) -> list[str]:
    """The actors a sentence names, in the order they first occur."""
    return list(_actors(text, language))


@lru_cache(maxsize=16384)
@remembered("actors", from_data=strings)
def _actors(text: str, language: str) -> tuple[str, ...]:
    found = []
    for name, regex in _ACTOR_SEARCH[language]:
        match = regex.search(text)
        if match:
            found.append((match.start(), name))
    return tuple(name for _, name in sorted(found))




NEAR_ENOUGH = 0.35
"""How alike (0–1, shared rare words) a claim and a source sentence must be for `check`
to hold the claim to that sentence's wording. Below it, the sentence is only the best of
poor matches (the review page still shows it, greyed)."""

CHECKED_HEDGES = {
    "nl": [r"ten minste", r"minimaal", r"zoveel mogelijk", r"zo \w+ mogelijk",
           r"naar verwachting", r"verwachtingen", r"mogelijke?", r"bijna", r"circa",
           r"ongeveer", r"in beginsel", r"wellicht", r"sta(?:at|an) open"],
    "en": [r"at least", r"(?:is|are) open to", r"as far as possible", r"as \w+ as possible", r"expected",
           r"expectations?", r"possibl[ey]", r"nearly", r"about", r"around", r"may",
           r"might"],
}
"""The hedges `check` holds a claim to: words of certainty and measure. The review page
marks more ("kan", "onder andere", "respectievelijk"), which are often dropped with good
reason."""
AGREEMENT_VERBS = {
    "nl": [r"afgesproken", r"toegezegd", r"besloten", r"overeengekomen"],
    "en": [r"agreed", r"pledged", r"committed", r"decided"],
}
"""Verbs that make a statement an agreement rather than a fact; the nouns ("afspraken")
are usually a mention of the agreement, not its statement, and are left to the review."""
GOVERNMENT = {"nl": ("het kabinet", "Nederland"), "en": ("the government", "the Netherlands")}
"""A speaking point is the minister's voice: there "Nederland"/"wij" says what "het
kabinet" says in the source. In a key message the two are held apart."""


def drift_problems(briefing, locator, documents, said=None):
    """Warnings for key messages and speaking points that drop or change a hedge, an
    agreement or an actor of the source sentence nearest to them; and for a topic whose
    speaking points leave out a call on a party that its source sentences make."""
    if not documents:
        return
    language = briefing.language
    index = index_of(source_sentences(documents) if said is None else said, language)
    yield from omitted_calls(briefing, locator, index)
    for s, session in enumerate(briefing.sessions):
        for t, topic in enumerate(session.topics):
            for field in ("key_messages", "speaking_points"):
                for i, text in enumerate(getattr(topic, field)):
                    path = ("sessions", s, "topics", t, field, i)
                    yield from _claim_drift(locator, path, readable_text(text, True), index,
                                            language, field == "speaking_points")


def _claim_drift(locator, path, claim: str, index: Index, language: str, spoken: bool):
    """A claim's warnings, sentence by sentence: each sentence is held to the source
    sentence nearest to it (a speaking point often joins two source sentences)."""
    reported = set()
    for sentence in sentences(claim):
        nearest, score = index.nearest(sentence)
        if nearest is None or score < NEAR_ENOUGH:
            continue
        for theirs, ours in drift_said(sentence, nearest.text, language, spoken):
            message = (f"the source says {theirs} (p. {nearest.page}) where this {ours}; "
                       "say it as the source does, or check it against the source")
            if message not in reported:
                reported.add(message)
                yield locator.problem(path, message, severity="warning")


def drift_said(claim: str, source: str, language: str, spoken: bool) -> list[tuple[str, str]]:
    """(what the source says, what the claim does instead) for each hedge, agreement verb
    or actor of the source sentence that the claim drops or changes."""
    found = []
    ours = words_of(claim, language)
    covered: list[range] = []
    for said, hits in zip(_checked_hits(claim, language), _checked_hits(source, language)):
        if said:
            continue
        for start, end, written, following in hits:
            if any(start in span for span in covered):
                continue
            if following and following in ours:
                covered.append(range(start, end))
                found.append((f"'{written}'", "leaves it out"))
                break
    theirs = actors(source, language)
    if theirs and theirs[0] == GOVERNMENT[language][0]:
        allowed = GOVERNMENT[language] if spoken else GOVERNMENT[language][:1]
        changed = [actor for actor in subjects(claim, language) if actor not in allowed]
        if changed:
            found.append((f"'{theirs[0]}'", f"says '{changed[0]}'"))
    return found


@lru_cache(maxsize=4096)
@remembered("checked hits", from_data=lambda data: _hits(data))
def _checked_hits(text: str, language: str) -> tuple[tuple[tuple[int, int, str, str | None], ...], ...]:
    """Per checked hedge or agreement verb, where the text says it: (start, end, as
    written, the stem of the word after it). A claim and its source sentence are read
    once however often they are compared."""
    return tuple(tuple((match.start(), match.end(), match.group(),
                        _next_word(text[match.end():], language))
                       for match in regex.finditer(text))
                 for regex in _compiled(tuple(CHECKED_HEDGES[language]
                                              + AGREEMENT_VERBS[language])))


def _stems(data) -> frozenset[str]:
    """Kept stems (builders/text_memory.py), checked to be what `words_of` returns."""
    if not (isinstance(data, frozenset) and all(isinstance(stem, str) for stem in data)):
        raise TypeError("not a set of stems")
    return data


def _hits(data):
    """Kept hits (builders/text_memory.py), checked to be what `_checked_hits` returns."""
    if not (isinstance(data, tuple) and all(isinstance(hits, tuple) and all(
            isinstance(hit, tuple) and len(hit) == 4 and isinstance(hit[0], int)
            and isinstance(hit[1], int) and isinstance(hit[2], str)
            and (hit[3] is None or isinstance(hit[3], str)) for hit in hits)
            for hits in data)):
        raise TypeError("not the hits of a text")
    return data


def subjects(text: str, language: str) -> list[str]:
    """The actors that open a sentence of the text: who the sentence says acts."""
    opening = []
    for sentence in sentences(text):
        for name, regex in _ACTOR_OPENING[language]:
            if regex.match(sentence):
                opening.append(name)
                break
    return opening


def _next_word(rest: str, language: str) -> str | None:
    """The stem of the first word after a hedge that is not a stopword."""
    for match in itertools.islice(_WORD.finditer(rest), 3):
        word = match.group().lower()
        if word not in STOPWORDS[language]:
            return _stem(word)
    return None


# ------------------------------------------------------------------ calls on a party

_PARTY = r"(?P<party>[^.;:]{1,80}?)"
_PARTY_NO_COMMA = r"(?P<party>[^.;:,]{1,80}?)"
_UNTIL = r"(?=\s+(?:op|om|dat|te|tot|to|that)\b|[,.;:]|$)"
CALLS = {
    "nl": [rf"\broep(?:t|en)?\s+{_PARTY}\s+op\b",
           rf"\bdring(?:t|en)?\s+(?:er\s+)?bij\s+{_PARTY_NO_COMMA}\s+(?:op\s+)?aan\b",
           rf"\baandring(?:en|t)?\s+(?:er\s*op\s+)?bij\s+{_PARTY_NO_COMMA}{_UNTIL}",
           rf"\bbij\s+{_PARTY_NO_COMMA}\s+(?:blijven\s+|blijft\s+)?aan(?:dringen|gedrongen)\b",
           rf"\boproep\s+(?:gedaan\s+)?aan\s+{_PARTY_NO_COMMA}{_UNTIL}",
           rf"\bberoep\s+op\s+{_PARTY_NO_COMMA}{_UNTIL}",
           rf"\bverzoek(?:t|en)\s+{_PARTY_NO_COMMA}\s+(?:om|te)\b",
           rf"\b(?:spoor|moedig)(?:t|en)\s+{_PARTY_NO_COMMA}\s+aan\b"],
    "en": [rf"\bcall(?:s|ed|ing)?\s+(?:up)?on\s+{_PARTY_NO_COMMA}\s+to\b",
           rf"\burg(?:es|ed|ing|e)\s+{_PARTY_NO_COMMA}\s+to\b",
           rf"\bpress(?:es|ed|ing)?\s+{_PARTY_NO_COMMA}\s+to\b",
           rf"\bappeal(?:s|ed|ing)?\s+to\s+{_PARTY_NO_COMMA}\s+to\b",
           rf"\bencourag(?:es|ed|ing|e)\s+{_PARTY_NO_COMMA}\s+to\b"],
}
"""A call on a party ("roept Israël op", "dringt er bij Servië op aan", "calls on Russia
to", "urges Hamas to"): the party is the words in the named group."""
NOT_PARTY = {
    "nl": {"het", "kabinet", "nederland", "wij", "we", "daarnaast", "ook", "nogmaals",
           "dringend", "opnieuw", "eveneens", "tevens", "voorts", "verder", "met", "klem",
           "bovendien", "nu", "blijft", "blijven", "er", "daarom", "dan", "wel"},
    "en": {"the", "government", "netherlands", "we", "us", "also", "again", "further",
           "strongly", "therefore", "once", "more", "continues", "now", "all"},
}
"""Words around a call's party that are not the party: the caller, adverbs ("roept
het kabinet Hamas daarnaast op" calls on Hamas)."""
_CALLS = {language: tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)
          for language, patterns in CALLS.items()}


@dataclass(frozen=True)
class Call:
    """A call on a party: the party as written, and the words that name it."""

    party: str
    names: frozenset[str]       # capitalised words: the party's names ("Israël", "Hamas")
    head: str                   # the last word, stemmed ("partijen" → "partij")


def calls_in(sentence: str, language: str, by_government: bool) -> list[Call]:
    """The calls on a party a sentence makes; with `by_government`, only those the
    government makes (the sentence names it before the party: "het kabinet roept X
    op", "roept het kabinet X op")."""
    found = []
    for regex in _CALLS[language]:
        for match in regex.finditer(sentence):
            if by_government and not _by_government(sentence, match, language):
                continue
            call = _call(match.group("party"), language)
            if call is not None and call not in found:
                found.append(call)
    return found


def _by_government(sentence: str, match: re.Match, language: str) -> bool:
    """Whether the government makes the call: named before the party ("het kabinet roept
    X op"), or opening the words before the particle ("roept het kabinet X op"); "de NAVO
    roept ons op" is a call on us."""
    before = set(actors(sentence[:match.start("party")], language))
    if before & set(GOVERNMENT[language]):
        return True
    return bool(_INVERTED_CALLER[language].match(match.group("party").lstrip(" ,")))


_INVERTED_CALLER = {"nl": re.compile(r"(?:het\s+)?kabinet\b|wij\b|we\b", re.IGNORECASE),
                    "en": re.compile(r"(?:the\s+)?government\b|we\b", re.IGNORECASE)}
"""The caller standing after the verb ("voorts roept het kabinet Hamas op", "daarom
roepen wij X op"); "ons", "Nederland" there are the party called on."""


def _call(written: str, language: str) -> Call | None:
    text = re.sub(r",[^,]*,", " ", written).replace(",", " ")
    words = re.findall(r"[\w'’-]+", text)
    while words and words[0].lower() in NOT_PARTY[language]:
        words.pop(0)
    while words and words[-1].lower() in NOT_PARTY[language]:
        words.pop()
    words = [word for word in words if word.lower() not in NOT_PARTY[language]
             or word[:1].isupper()]
    if not words or not any(word[:1].isalpha() for word in words):
        return None
    names = frozenset(word.casefold() for word in words if word[:1].isupper())
    return Call(" ".join(words), names, _stem(words[-1].lower()))


def covers(ours: list[Call], theirs: Call) -> bool:
    """Whether one of our calls is on the party of theirs: the same names, or (a party
    without names, "beide strijdende partijen") the same head word and no other names."""
    for call in ours:
        if theirs.names:
            if theirs.names <= call.names:
                return True
        elif not call.names and call.head == theirs.head:
            return True
    return False


def omitted_calls(briefing, locator, index: Index):
    """Warnings where a topic draws on a source sentence in which the government calls on
    a party, and what the minister says (the speaking points, else the key messages)
    makes no call on that party."""
    for s, t, field, call, source in calls_left_out(briefing, index):
        yield locator.problem(
            ("sessions", s, "topics", t, field),
            f"the {field.replace('_', ' ')} leave out the call on '{call.party}' that the "
            f"source makes (p. {source.page}: “{source.text}”); add it, or check it against "
            "the source", severity="warning", key=True)


def calls_left_out(briefing, index: Index):
    """(session, topic, field, call, source sentence) per call on a party that a topic's
    source sentences make and its speaking points (else key messages) leave out."""
    language = briefing.language
    calling = {number: found for number, item in enumerate(index.items)
               if (found := calls_in(item.text, language, True))}
    if not calling:
        return
    for s, session in enumerate(briefing.sessions):
        for t, topic in enumerate(session.topics):
            field = "speaking_points" if topic.speaking_points else "key_messages"
            said = None
            reported: set[str] = set()
            for number in _drawn_on(topic, index, set(calling)):
                for call in calling[number]:
                    if said is None:
                        said = [mine for text in getattr(topic, field)
                                for sentence in sentences(readable_text(text, True))
                                for mine in calls_in(sentence, language, False)]
                    if covers(said, call) or call.party.casefold() in reported:
                        continue
                    reported.add(call.party.casefold())
                    yield s, t, field, call, index.items[number]


def _drawn_on(topic, index: Index, wanted: set[int]) -> list[int]:
    """Which of the source sentences numbered `wanted` a topic's texts draw on (the
    nearest to one of their sentences), in source order."""
    texts = [*topic.key_messages, *topic.speaking_points,
             *(text for text in (topic.position, topic.background) if text),
             *(quote.text for quote in topic.quotes)]
    found = set()
    for text in texts:
        for sentence in sentences(readable_text(text, True)):
            if not index.shares_words(sentence, wanted):
                continue                # cannot be nearest to any of them
            nearest, score = index.nearest(sentence)
            if nearest is not None and score >= NEAR_ENOUGH:
                found.add(index.number_of(nearest))
    return sorted(found & wanted)
