"""Flowables that know their role (tagging.py makes the PDF's structure of it) and headings
that are link targets.

Roles follow the PDF structure types: H1–H3, P, L/LI, Table (TH/TD), TOC/TOCI, BlockQuote,
Caption, Figure (with alternative text), Note (footnote), Artifact (decoration). A
flowable split across pages keeps its role and its one structure element (`carry_over`).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from weakref import WeakValueDictionary
from ..xmltext import escape, unescape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.doctemplate import _FrameBreak
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from ..typography import Hyphenator, after_break, name_words, words_of
from .tagging import carry_over, cite_only


def with_role(flowable, role: str, **info):
    """Mark a flowable with its structural role (and e.g. `alt` for a figure).

    Set in the instance's dict: reportlab's Drawing refuses unknown attributes otherwise.
    """
    vars(flowable).update(role=role, **info)
    return flowable


class ParsedOnUse:
    """The parsed markup (`frags`) of a paragraph made without parsing it, parsed on
    first use: as if reportlab had parsed it when the paragraph was made.

    A class attribute that only reads (a non-data descriptor): a paragraph's own `frags`
    is found before it, and a missing attribute of a paragraph costs no call into Python
    (reportlab asks paragraphs for a dozen attributes they do not have: 125,000 misses
    in a 20× pass, each a call of `__getattr__` when this was one).
    """

    def __get__(self, paragraph, owner=None):
        if paragraph is None:
            return self
        unparsed = vars(paragraph).pop("unparsed", None)
        if unparsed is None:
            raise AttributeError("frags")
        text, style, options = unparsed
        made(paragraph, text, style, options)
        return vars(paragraph)["frags"]


def made(paragraph: Paragraph, text, style, options: dict) -> None:
    """`Paragraph.__init__(paragraph, text, style, **options)`; text without tags or
    entities (most of a memo's paragraphs) made without reportlab's HTML tokenizer."""
    if isinstance(text, str) and "<" not in text and "&" not in text \
            and set(options) <= {"bulletText"}:
        cleaned = cleanBlockQuotedText(text)
        text = text if cleaned == text else cleaned  # one string, not two equal ones
        Paragraph.__init__(paragraph, text, style, frags=plain_frags(text, style), **options)
    else:
        Paragraph.__init__(paragraph, text, style, **options)


def plain_frags(text: str, style) -> list:
    """The fragments reportlab's parser makes of `text` (cleaned, without tags or
    entities): the calls its tokenizer makes for "<para>text</para>", made directly
    (reportlab's `ParaParser` handlers; tests/test_memo_speedups.py compares the two)."""
    parser = ParaParser()
    parser.caseSensitive = 1
    parser._setup_for_parse(style)
    parser.start_para({})
    if text:
        parser.handle_data(text)
    parser.end_para()
    style, frags, _ = parser._complete_parse()
    textTransformFrags(frags, style)
    return frags


class Para(Paragraph):
    """A paragraph that keeps its role when reportlab splits it across pages, and that
    hyphenates by the rules of `builders.typography` (see `LineBreaks`)."""

    role = "P"

    def __init__(self, text, style, role: str | None = None, memory: "WrapMemory | None" = None,
                 **options):
        self.memory_key = (type(self), text, id(style), tuple(sorted(options.items()))) \
            if memory is not None and isinstance(text, str) else None
        self.memory = memory
        style_given = style
        breaks = LineBreaks.for_style(style, text)
        if breaks is not None:
            style = breaks.style(style)
        parsed = memory.parsed(self.memory_key) if self.memory_key is not None else None
        if parsed is not None and set(options) <= {"bulletText"}:
            # a wrap is waiting for this paragraph: its markup is parsed only if needed
            vars(self).update(zip(WrapMemory.PARSED, parsed), style=style,
                              unparsed=(text, style, options))
        else:
            made(self, text, style, options)
        if role:
            self.role = role
        self.breaks = breaks
        self.hyphenation_owner = breaks
        """The `LineBreaks` the style's hyphenation asks (a split part's: its original's)."""
        self.source = text if isinstance(text, str) else None
        self.options = options
        if self.memory_key is not None:
            memory.hold(style_given)
            memory.made(self)

    frags = ParsedOnUse()

    def wrap(self, availWidth, availHeight):
        if getattr(self, "wrapped_at", None) == availWidth and "blPara" in vars(self):
            return self.width, self.height  # the lines depend on the width only
        first = "blPara" not in vars(self)
        memory = self.memory if first and self.memory_key is not None else None
        if memory is not None and memory.recalls(self, availWidth):
            vars(self).pop("unparsed", None)
            return self.width, self.height
        if memory is not None:
            before = dict(vars(self))
            if memory.shares(self, availWidth):
                vars(self).pop("unparsed", None)
                memory.keep(self, availWidth, before)
                return self.width, self.height
        self.frags  # noqa: B018 - parsed now, if it was not
        if not first:
            self.forget()
            vars(self).pop("shares_lines", None)
        before = dict(vars(self)) if memory is not None else None
        size = self._wrap(availWidth, availHeight)
        self.wrapped_at = availWidth
        if memory is not None:
            memory.offer(self, availWidth, before)
            memory.keep(self, availWidth, before)
        return size

    def forget(self) -> None:
        """This paragraph's wrap is no longer the one its memory kept (split, or wrapped
        at another width): the next pass must not take it."""
        kept = vars(self).pop("kept_wrap", None)
        if kept is not None:
            self.memory.forget(*kept)

    def _wrap(self, availWidth, availHeight):
        breaks = self.breaks
        if breaks is None:
            return super().wrap(availWidth, availHeight)
        breaks.measure = availWidth - self.style.leftIndent - self.style.rightIndent
        if self.source is not None:
            wider = breaks.breakable(self.source)
            if wider != self.source:
                style = self.style
                if "<br/>" in wider and "<br/>" not in self.source:  # a broken address
                    style = ParagraphStyle(style.name, parent=style, uriWasteReduce=0,
                                           embeddedHyphenation=0)
                made(self, wider, style, self.options)
            self.source = None
        with asking(self.style, self.hyphenation_owner):
            for _ in range(MAX_REWRAPS):
                size = super().wrap(availWidth, availHeight)
                bad = breaks.bad_breaks(self.blPara)
                if not bad:
                    break
                breaks.blocked |= bad
        return size

    def split(self, availWidth, availHeight):
        self.forget()
        if vars(self).pop("shares_lines", False) and "blPara" in vars(self):
            # reportlab's split changes the class of a hyphenated word of the lines in
            # place: lines shared with equal paragraphs are first broken for this one
            self._wrap(self.wrapped_at, availHeight)
        parts = carry_over(self, super().split(availWidth, availHeight))
        for part in parts:
            if getattr(part, "breaks", None) is None and self.breaks is not None:
                part.breaks = self.breaks.copy()
                part.hyphenation_owner = self.hyphenation_owner
        return parts

    def draw(self):
        if getattr(self.canv, "measures_only", False):
            return cite_only(self, self.canv)
        restore, respelt = (self.breaks.respell(self.blPara) if self.breaks is not None
                            else (None, []))
        if hasattr(self.canv, "read_as_typed"):
            self.canv.read_as_typed(respelt)  # the text layer keeps the trema (tagging.py)
        try:
            super().draw()
        finally:
            if restore:
                restore()


class WrapMemory:
    """The first wrap of each paragraph in a pass that only measures, taken over by the
    same paragraph in the pass after it: the lines depend only on the paragraph (its
    class, markup, style and options) and the width, and the measuring pass has finished
    with them (it draws nothing), so the next pass need not break them again, nor parse
    the markup of a paragraph whose wrap is waiting for it.

    A paragraph keeps its wrap only while nothing else happened to it: one that was split
    or wrapped at another width is forgotten. Each kept wrap is taken once (paragraphs of
    equal text each have their own), and a wrap that changed the paragraph's markup (soft
    hyphens in a word wider than the line) is not kept.

    A memory that `carries` also keeps the wraps of a pass that draws (drawing puts back
    what it changes in the lines): the next memo typeset in the process, or in one forked
    from it, takes them (`builders.memo.carried`).
    """

    PARSED = ("text", "bulletText", "debug", "caseSensitive", "encoding")
    """What reportlab sets when it makes a paragraph, besides the parsed markup."""
    WRAPPED = ("blPara", "width", "height", "_wrapWidths", "wrapped_at")
    """What a wrap sets, taken over even where a paragraph had it before (one whose lines
    reportlab dropped, wrapped again: the same width may be the same object)."""
    BUDGET = 64 * 2**20
    """Bytes that kept wraps may hold (`kept_bytes`): a 50× briefing (about 55 MB) is
    kept whole; of a larger one, the paragraphs up to the budget (the rest is broken
    again as before)."""

    def __init__(self, budget: int = BUDGET, carries: bool = False):
        self.budget, self._bytes = budget, 0
        self.carry_budget = budget
        """Bytes that a pass that draws may keep (`carries`); a pass that measures may
        keep `budget`."""
        self.recording = False
        self.carries = carries
        """Whether a pass that draws keeps its wraps too, for the next pass or the next
        memo typeset in this process (`builders.memo.carried`), or in another process
        (`kept_lines`): drawing leaves the lines as it found them (what draws soft
        hyphens or a trema puts them back)."""
        self.asked: set = set()
        """The keys of every paragraph made with this memory."""
        self._styles: set = set()
        """The styles whose id() the keys hold, held: no other style can take that id
        while a kept wrap may still be taken."""
        self._kept: dict[tuple, list[tuple]] = {}
        self._offered: dict[tuple, list[tuple]] = {}
        self._made: dict[tuple, list] = {}
        self._equal: dict[tuple, list] = {}

    def begin_pass(self, recording: bool) -> None:
        """A pass starts: one that records (measures only), or one that takes what the
        pass before it recorded. Either takes what an earlier memo carried (a measuring
        pass records what it took, as it was, for the pass after it)."""
        self._offered = self._kept  # a measuring pass, too, takes what a memo carried
        self._kept, self.recording, self._bytes = {}, recording, 0
        self._held, self._styles = self._styles, set()  # the styles of what is offered
        self._made, self._equal = {}, {}

    # -- equal paragraphs in one pass share their lines ------------------------------
    #
    # Paragraphs of the same class, markup, style and options broken at the same width
    # get the same lines (a label in every table, a heading in every topic, a text said
    # twice): the first one breaks them, the others take them over (`shares`), and
    # their markup is parsed only if they need it. Only lines of one style throughout
    # (reportlab's kind 0: words are strings) are shared: nothing changes them while
    # they are drawn (what draws soft hyphens or a Dutch trema puts them back at once),
    # and a paragraph that shares them breaks its own before it is split
    # (`Para.split`), since reportlab's split changes a word of them in place.

    def hold(self, style) -> None:
        """A key of this pass holds `style`'s id(): the style is held while the key may."""
        self._styles.add(style)

    def made(self, paragraph: "Para") -> None:
        """A paragraph with a key was made in this pass (see `parsed`)."""
        entry = self._made.get(paragraph.memory_key)
        if entry is None:
            self.asked.add(paragraph.memory_key)
            self._made[paragraph.memory_key] = [1, tuple(vars(paragraph)[name]
                                                         for name in self.PARSED)]
        else:
            entry[0] += 1

    def offer(self, paragraph: "Para", width: float, before: dict) -> None:
        """`paragraph` broke its lines at `width`: keep them for its equals not wrapped yet."""
        made = self._made.get(paragraph.memory_key)
        if made is None or made[0] < 2 or paragraph.blPara.kind != 0 \
                or paragraph.text != before.get("text") or paragraph.style is not before.get("style"):
            return
        after = vars(paragraph)
        state = {name: value for name, value in after.items()
                 if name not in before or before[name] is not value}
        state.update((name, after[name]) for name in self.WRAPPED if name in after)
        breaks = paragraph.breaks
        blocked = (breaks.measure, frozenset(breaks.blocked)) if breaks is not None else None
        self._equal[paragraph.memory_key, width] = [state, after["frags"], blocked, made[0] - 1]
        paragraph.shares_lines = True

    def shares(self, paragraph: "Para", width: float) -> bool:
        """Give `paragraph` (not wrapped yet) the lines an equal one broke at `width`."""
        slot = (paragraph.memory_key, width)
        entry = self._equal.get(slot)
        if entry is None:
            return False
        state, frags, blocked, left = entry
        own = vars(paragraph)
        own.update(state)
        if "frags" not in own:
            own["frags"] = frags
        if blocked is not None:
            paragraph.breaks.measure, words = blocked
            paragraph.breaks.blocked |= words
        paragraph.shares_lines = True
        if left <= 1:
            del self._equal[slot]
        else:
            entry[3] = left - 1
        return True

    def keep(self, paragraph: "Para", width: float, before: dict) -> None:
        if not (self.recording or self.carries) or paragraph.text != before.get("text") \
                or paragraph.style is not before.get("style"):
            return
        size = kept_bytes(paragraph.blPara)
        if self._bytes + size > self._limit():
            return
        self._bytes += size
        after = vars(paragraph)
        state = {name: value for name, value in after.items()
                 if name not in before or before[name] is not value}
        state.update((name, after[name]) for name in self.WRAPPED if name in after)
        state["frags"] = after["frags"]
        breaks = paragraph.breaks
        blocked = (breaks.measure, frozenset(breaks.blocked)) if breaks is not None else None
        parsed = tuple(before[name] for name in self.PARSED)
        kept = (width, state, blocked, parsed, size)
        self._kept.setdefault(paragraph.memory_key, []).append(kept)
        paragraph.kept_wrap = (paragraph.memory_key, kept)

    def _limit(self) -> int:
        return self.budget if self.recording else self.carry_budget

    def kept(self) -> dict[tuple, list[tuple]]:
        """The wraps kept so far in this pass: key → [(width, state, blocked, parsed,
        size)]; the next pass takes them (see `begin_pass`)."""
        return self._kept

    def take_over(self, kept: dict[tuple, list[tuple]], styles) -> None:
        """Wraps kept elsewhere (`kept_lines`: by another process, keys made with this
        process's `styles`), waiting for the next pass as an earlier memo's would."""
        for style in styles:
            self.hold(style)
        for key, entries in kept.items():
            self._kept.setdefault(key, []).extend(entries)

    def forget(self, key: tuple, kept: tuple) -> None:
        self._kept[key] = [entry for entry in self._kept.get(key, ()) if entry is not kept]

    def parsed(self, key: tuple) -> tuple | None:
        """What making the paragraph `key` names sets (`PARSED`; its parsed markup
        aside), when a wrap is waiting for such a paragraph."""
        waiting = self._offered.get(key)
        if waiting:
            return waiting[0][3]
        made = self._made.get(key)
        return made[1] if made is not None else None

    def recalls(self, paragraph: "Para", width: float) -> bool:
        """Give `paragraph` (not wrapped yet) the wrap kept for it at `width`, if any."""
        waiting = self._offered.get(paragraph.memory_key)
        index = next((i for i, entry in enumerate(waiting or ()) if entry[0] == width), None)
        if index is None:
            return False
        kept = waiting.pop(index)
        _, state, blocked, _, size = kept
        vars(paragraph).update(state)
        if blocked is not None:
            paragraph.breaks.measure, words = blocked
            paragraph.breaks.blocked |= words
        if (self.recording or self.carries) and self._bytes + size <= self._limit():
            # kept again, as it was, for the next pass
            self._bytes += size
            self._kept.setdefault(paragraph.memory_key, []).append(kept)
            paragraph.kept_wrap = (paragraph.memory_key, kept)
        return True


KEPT_BYTES = {0: (2270, 34, 470), 1: (1700, 1410, 1550)}
"""What a kept wrap holds, in bytes per paragraph, per word and per line, by reportlab's
kind of lines (0: one style throughout, words are strings; 1: several, each word a list
of fragments): fitted to the deep size of each kept wrap of a 20× memo (median error 3 %
and 5 %), scaled to the deep size of all of them together (objects they share counted
once: 20.3 MB). A word of a paragraph of several styles takes forty times the memory."""


def kept_bytes(blPara) -> int:
    """The estimated memory a paragraph's kept wrap holds (`KEPT_BYTES`)."""
    lines = blPara.lines
    words = sum(len(line[1]) if isinstance(line, tuple) else len(line.words) for line in lines)
    per_paragraph, per_word, per_line = KEPT_BYTES[0 if blPara.kind == 0 else 1]
    return per_paragraph + per_word * words + per_line * len(lines)


class HyphenationTurn:
    """A style's `hyphenationLang`: reportlab asks it for a word's break points while it
    breaks a paragraph's lines; it asks the `LineBreaks` of the paragraph being wrapped
    (`asking`). One style variant serves every paragraph of its base style, instead of a
    style copy per paragraph (a fifth of the 50× memo's memory)."""

    def __init__(self):
        self.breaks: LineBreaks | None = None

    def __call__(self, word: str):
        if self.breaks is None:
            raise RuntimeError("a hyphenating style was used outside Para.wrap")
        return self.breaks.points(word)


@contextmanager
def asking(style, breaks: "LineBreaks | None"):
    """While the block runs, the style's hyphenation asks `breaks`."""
    turn = getattr(style, "hyphenationLang", None)
    if not isinstance(turn, HyphenationTurn):
        yield
        return
    before, turn.breaks = turn.breaks, breaks
    try:
        yield
    finally:
        turn.breaks = before


_VARIANTS: "WeakValueDictionary[tuple[int, bool], ParagraphStyle]" = WeakValueDictionary()
"""The hyphenating variant of each base style, while paragraphs use it (a variant holds
its base style as parent, so the style's id stays its own while the entry exists)."""


def hyphenating_variant(style, last_resort: bool) -> ParagraphStyle:
    variant = _VARIANTS.get((id(style), last_resort))
    if variant is None or variant.parent is not style:
        options = {} if last_resort else {"embeddedHyphenation": 0}
        variant = ParagraphStyle(style.name, parent=style, hyphenationLang=HyphenationTurn(),
                                 **options)
        _VARIANTS[id(style), last_resort] = variant
    return variant


MAX_REWRAPS = 6
"""Times a paragraph is broken again with more words kept whole (see `LineBreaks`)."""
MAX_HYPHENS_IN_A_ROW = 2


class LineBreaks:
    """One paragraph's hyphenation: the style's `Hyphenator`, the words this paragraph
    keeps whole, and the paragraph-wide rules that reportlab's line breaker cannot see.

    - Names (runs of capitalised words) and, in a Dutch text, italic phrases (the
      briefing marks English terms in italics) are not hyphenated.
    - No more than `MAX_HYPHENS_IN_A_ROW` lines in a row end in a hyphen, and the last
      line is never the lone tail of a hyphenated word: the paragraph is broken again
      with the offending word kept whole.
    - With the style's `hyphenateLastResort`, only a word wider than the whole line is
      hyphenated (table cells).
    - Dutch drops a trema at a break ("Oekra-" / "iense"), on the page only: the text
      reportlab keeps, and rejoins when it splits the paragraph, is spelt as typed.
    """

    __slots__ = ("hyphenator", "font", "size", "last_resort", "blocked", "measure")

    def __init__(self, hyphenator: Hyphenator, font: str, size: float, last_resort: bool,
                 blocked: set[str] | None = None):
        self.hyphenator, self.font, self.size = hyphenator, font, size
        self.last_resort = last_resort
        self.blocked = blocked if blocked is not None else set()
        self.measure = 0.0

    @classmethod
    def for_style(cls, style, markup) -> "LineBreaks | None":
        hyphenator = getattr(style, "hyphenationLang", None)
        if not isinstance(hyphenator, Hyphenator):
            return None
        if isinstance(markup, str):
            hyphenator = hyphenator.with_protected(protected_words(markup, hyphenator.language))
        return cls(hyphenator, style.fontName, style.fontSize,
                   bool(getattr(style, "hyphenateLastResort", 0)))

    def copy(self) -> "LineBreaks":
        return LineBreaks(self.hyphenator, self.font, self.size, self.last_resort, self.blocked)

    def style(self, style):
        """The variant of `style` whose hyphenation asks the paragraph being wrapped
        (`HyphenationTurn`), one for all paragraphs of that style. In running text the
        hard hyphens the `Hyphenator` offers are the only ones broken at (reportlab's own
        splitting at hyphens would break a kept-whole word, or "NAVO-" | "lidmaatschap");
        a word wider than the line (`hyphenateLastResort`) may still break at any."""
        return hyphenating_variant(style, self.last_resort)

    def points(self, word: str):
        if word in self.blocked:
            return iter(())
        if self.last_resort and stringWidth(word, self.font, self.size) <= self.measure:
            return iter(())
        return self.hyphenator(word)

    def breakable(self, markup: str) -> str:
        """`markup` with soft hyphens in every word wider than the whole line.

        reportlab breaks such a word once, at a hyphenation point or a URL's slash, and
        then lets the rest run off the line; a word with soft hyphens breaks as often as
        it must. A word without hyphenation points (a URL) breaks after its slashes and
        dots, or where it must.
        """
        if self.measure <= 0:
            return markup
        parts = _TAG_SPLIT.split(markup)
        for index in range(0, len(parts), 2):
            parts[index] = _WORD.sub(lambda match: self._soft(match.group(0)), parts[index])
        return "".join(parts)

    def _soft(self, token: str) -> str:
        word = unescape(token)
        if len(word) * self.size * WIDE_FONT <= self.measure:  # no glyph is wider than 1 em
            return token
        if stringWidth(word, self.font, self.size) * WIDE_FONT <= self.measure:
            return token
        if _ADDRESS.search(word):
            return "<br/>".join(escape(piece) for piece in self._address_pieces(word))
        points = self.hyphenator.points(word.strip(OPENING_PUNCTUATION + CLOSING_PUNCTUATION))
        offset = len(word) - len(word.lstrip(OPENING_PUNCTUATION))
        hard = [index + 1 for index, char in enumerate(word[:-1]) if char == "-"]
        cuts = [offset + point for point in points if word[offset + point - 1] != "-"
                and self._wider_than_line(_part_at(word, offset + point))]
        # reportlab breaks at the hard hyphens itself: a part between them that fits the
        # line is not hyphenated ("defensie-" | "industrie", not "defensie-indu-" | "strie")
        cuts = [cut for cut in self._fill(word, sorted(set(cuts + hard))) if cut not in hard]
        if not cuts:
            return token
        pieces = [word[start:end] for start, end in zip([0] + cuts, cuts + [len(word)])]
        return escape(SOFT_HYPHEN.join(pieces))

    def _wider_than_line(self, text: str) -> bool:
        return stringWidth(text, self.font, self.size) * WIDE_FONT > self.measure

    def _address_pieces(self, word: str) -> list[str]:
        """A URL or path broken as addresses are: after a slash, dot or hyphen (else where
        it must), never with an added hyphen, which would read as part of the address.

        The pieces are packed to fill lines and end in forced line breaks: reportlab
        knows no invisible break opportunity (it would print a space), and would break
        such a word once and let the rest run off the line. Its own breaking at slashes
        and hyphens is turned off for the paragraph, so a first piece that does not fit
        after the words before it moves down whole.
        """
        cuts = self._fill(word, [index + 1 for index, char in enumerate(word[:-1])
                                 if char in "/.?&=#_-" and word[index + 1] not in "/."])
        room = self.measure - FIT_MARGIN
        breaks, start, last = [], 0, 0
        for cut in cuts + [len(word)]:
            if stringWidth(word[start:cut], self.font, self.size) > room and last > start:
                breaks.append(last)
                start = last
            last = cut
        return [word[a:b] for a, b in zip([0] + breaks, breaks + [len(word)])]

    def _fill(self, word: str, cuts: list[int]) -> list[int]:
        """`cuts` with more added where a piece between them is wider than the line."""
        filled, start = [], 0
        room = self.measure * 0.9
        for end in cuts + [len(word)]:
            while stringWidth(word[start:end], self.font, self.size) * WIDE_FONT > room:
                step = start + 1
                while step < end and stringWidth(word[start:step + 1], self.font, self.size) * WIDE_FONT <= room:
                    step += 1
                if step >= end:
                    break
                filled.append(step)
                start = step
            if end < len(word):
                filled.append(end)
                start = end
        return sorted(set(filled))

    def bad_breaks(self, blPara) -> set[str]:
        """Words whose hyphenation breaks a paragraph-wide rule (not in table cells, whose
        must-break words break where they can)."""
        if self.last_resort:
            return set()
        texts = line_texts(blPara)
        bad: set[str] = set()
        run = 0
        for index, text in enumerate(texts[:-1]):
            run = run + 1 if text.endswith("-") else 0
            if run > MAX_HYPHENS_IN_A_ROW:
                bad |= broken_word(text, texts[index + 1])
        if len(texts) >= 2 and texts[-2].endswith("-") and len(texts[-1].split(" ")) == 1:
            bad |= broken_word(texts[-2], texts[-1])
        return bad - self.blocked

    def respell(self, blPara):
        """Drop the trema at the start of every line that continues a hyphenated word;
        returns what puts the kept text back, and (as drawn, as typed) of each word it
        respelt."""
        language = self.hyphenator.language
        texts = line_texts(blPara)
        undo, respelt = [], []
        for index in range(1, len(texts)):
            if not texts[index - 1].endswith(LINE_END_HYPHENS) or not texts[index]:
                continue
            if after_break(texts[index], language) == texts[index]:
                continue
            step, shown, typed = respell_line(blPara, index, language)
            undo.append(step)
            respelt.append((shown, typed))
        return (lambda: [step() for step in undo]), respelt


def line_texts(blPara) -> list[str]:
    """The text of each line reportlab made, as drawn."""
    if blPara.kind == 0:
        return [" ".join(words) for _, words in blPara.lines]
    return ["".join(getattr(frag, "text", "") for frag in line.words) for line in blPara.lines]


def broken_word(line: str, following: str) -> set[str]:
    """The word broken between `line` (ending in a hyphen) and `following`, in the
    forms the hyphenator sees: with the added hyphen dropped, or a hard one kept."""
    head = line.rsplit(" ", 1)[-1]
    tail = following.split(" ", 1)[0]
    head, tail = head.lstrip(OPENING_PUNCTUATION), tail.rstrip(CLOSING_PUNCTUATION)
    return {head[:-1] + tail, head + tail}


OPENING_PUNCTUATION = "'\"([{¿‘‚“„«"
CLOSING_PUNCTUATION = "]'\")}?!.,;:’‛”‟»…"


def respell_line(blPara, index: int, language: str):
    """Respell the first word of line `index`; returns the undo, the respelt text and
    the text as typed."""
    if blPara.kind == 0:
        words = blPara.lines[index][1]
        first = words[0]
        words[0] = type(first)(after_break(first, language))
        return (lambda: words.__setitem__(0, first)), str(words[0]), str(first)
    for frag in blPara.lines[index].words:
        text = getattr(frag, "text", "")
        if text:
            frag.text = after_break(text, language)
            return (lambda: setattr(frag, "text", text)), frag.text, text
    return (lambda: None), "", ""


_TAG = re.compile(r"<[^>]*>")
_CAPITAL_OR_ITALIC = re.compile(
    r"<i>|[A-ZÀ-ÞĀ-Ž][^\s<]*\s+(?:<[^>]*>)*[(\[\"'“‘«]*[A-ZÀ-ÞĀ-Ž]")
"""Markup that may hold a name (two capitalised words in a row) or an italic phrase."""
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"[^\s<>\u00ad]{12,}")
SOFT_HYPHEN = "\u00ad"
LINE_END_HYPHENS = ("-", SOFT_HYPHEN)
"""How a line that breaks a word ends: the tagging canvas draws the hyphens that line
breaking added as soft hyphens (tagging.soft_line_end_hyphens) before the text is drawn."""


def _part_at(word: str, cut: int) -> str:
    """The part of `word` between hard hyphens (with its hyphen) that offset `cut` is in."""
    start = word.rfind("-", 0, cut) + 1
    end = word.find("-", cut)
    return word[start:] if end < 0 else word[start:end + 1]


FIT_MARGIN = 0.5
"""Points a piece of a broken address stays short of the line."""
_ADDRESS = re.compile(r"://|^www\.|\w/\w|@\w+\.")
WIDE_FONT = 1.08
"""Allowance for semibold or bold runs when a word is measured in the paragraph's font."""
_ITALIC = re.compile(r"<i>(.*?)</i>", re.S)


@lru_cache(maxsize=8192)
def protected_words(markup: str, language: str) -> frozenset[str]:
    """Words of a paragraph's markup that are never hyphenated: names, and in a Dutch
    text the italic (foreign) phrases."""
    if not _CAPITAL_OR_ITALIC.search(markup):
        return frozenset()
    plain = unescape(_TAG.sub("", markup))
    words = name_words(plain)
    if language == "nl":
        for phrase in _ITALIC.findall(markup):
            words |= words_of(unescape(_TAG.sub("", phrase)))
    return words


class Heading(Para):
    """A heading: a named destination for links, an outline entry, and a contents entry.

    `key` names the destination ("topic-<id>"); `outline_level` is None for headings
    that stay out of the outline and the contents. Headings never split.
    """

    def __init__(self, text: str, style, key: str, level: int, outline_title: str,
                 outline_level: int | None = None, memory: WrapMemory | None = None):
        super().__init__(text, style, memory=memory)
        self.heading_key = key
        self.role = f"H{level}"
        self.outline_title = outline_title
        self.outline_level = outline_level

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        if not self.heading_key:
            return super().draw()
        self.canv.bookmarkHorizontal(self.heading_key, 0, self.height + self.style.fontSize)
        if self.outline_level is not None:
            self.canv.addOutlineEntry(self.outline_title, self.heading_key,
                                      self.outline_level, closed=False)
        super().draw()


MIN_ROWS = 2
"""Rows of a table (or key-message box) that must fit under its heading for both to stay."""


class Together(KeepTogether):
    """Flowables kept on one page that stay one group when they move to the next page.

    reportlab moves a group by a frame break followed by its loose parts; a figure waiting
    for the top of that page (`Float`) then came between them, and a heading was left
    alone under the figure. Here the break is followed by the group itself, which is laid
    out again wherever the figures leave it.
    """

    def split(self, aW, aH):
        parts = super().split(aW, aH)
        if parts and isinstance(parts[0], _FrameBreak):
            return [parts[0], type(self)(list(self._content), self._maxHeight)]
        return parts


class KeepWithNext(Together):
    """What reportlab makes of flowables with keepWithNext (headings) and the one after them.

    reportlab moves a group that does not fit to the next page whole, so a heading above
    a long paragraph left a third of a page empty. Here the group stays as long as the
    headings and the start of what follows fit (two lines of a paragraph: no orphans);
    only a group whose last part is itself kept together (a quote) moves whole.
    """

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        if frame is None or not self._starts_within(aW, aH):
            return super().split(aW, aH)
        return list(self._content)

    def _starts_within(self, aW: float, aH: float) -> bool:
        """Whether the headings and a first part of the last flowable fit in `aH`."""
        *heads, last = self._content
        if not heads or isinstance(last, KeepTogether):
            return False
        _, used = _listWrapOn(heads, aW, self.canv)
        room = aH - used - heads[-1].getSpaceAfter() - last.getSpaceBefore()
        if room <= 0:
            return False
        _, height = last.wrap(aW, room)
        if height <= room:
            return True
        if isinstance(last, Table) and sum(last._rowHeights[:MIN_ROWS]) > room:
            return False  # a box or table starts with whole rows, never a lone label
        parts = last.split(aW, room)
        if not parts or getattr(parts[0], "_ZEROSIZE", False):
            return False
        parts[0].canv = self.canv
        return parts[0].wrap(aW, room)[1] <= room


class Float(KeepTogether):
    """A figure kept on one page that may float down: placed where it stands if it fits,
    else the text after it flows on and the figure takes the top of the next page (see
    `MemoDocument.handle_flowable`). `placed` marks a float that must go down now."""

    def __init__(self, flowables, placed: bool = False):
        super().__init__(flowables)
        self.placed = placed

    def fits(self, width: float, room: float) -> bool:
        _, height = _listWrapOn(self._content, width, self.canv)
        return height <= room + 0.01

    def settled(self) -> "Float":
        return Float(self._content, placed=True)


class FloatBarrier(Flowable):
    """No float waiting for the next page may pass this point (a new session, the back
    matter): waiting floats are placed before it."""

    _ZEROSIZE = True

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


class SplitTable(Table):
    """A table whose rows may split across pages (`splitInRow`), so that no cell longer
    than a page makes it unbreakable.

    reportlab's row split can yield a first part whose split row is empty (too little
    room for two lines of any cell); placed, that part leaves the rest unchanged, and the
    layout loops for ever. Such a split is refused: the rest moves on as a whole.
    """

    def __init__(self, *args, **options):
        options.setdefault("splitInRow", 1)
        super().__init__(*args, **options)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and not any(_filled(cell) for cell in parts[0]._cellvalues[-1]):
            return []
        return carry_over(self, parts)


def _filled(cell) -> bool:
    if isinstance(cell, (list, tuple)):
        return any(_filled(item) for item in cell)
    return bool(cell) if isinstance(cell, str) else cell is not None
