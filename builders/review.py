"""The review page: what the briefing claims, beside the source passages it draws on.

`invoke review` writes `dist/review.html`, one self-contained page (no scripts, no
network) for the person who signs a briefing off. Per topic, every key message, speaking
point, position and background sentence stands beside the source sentence nearest to
it, with its page; numbers and dates the sources do not hold are flagged; hedges
("ten minste", "naar verwachting", "zoveel mogelijk", …), the future tense and actors
("het kabinet", "Nederland", "de NAVO", …) that differ from that sentence are marked for
a person to judge; quotes are shown where they stand in the source, highlighted. Last,
the source paragraphs no claim or quote draws on.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .checks import read_sources
from .drift import Index, SourceSentence, calls_left_out, differences, key_of, source_sentences
from .numbers import Known, mentions
from .quotes import find, readable, sentences, source_tokens
from .text import readable_text
from .tracing import figure_numbers, source_names

LABELS = {
    "nl": {"title": "Feitencheck", "key_messages": "Kernboodschap",
           "speaking_points": "Spreekpunt", "position": "Inzet", "background": "Achtergrond",
           "intro": "Inleiding", "summary": "Samenvatting", "quote": "Citaat",
           "claim": "De briefing zegt", "kind": "Soort", "source": "Dichtstbijzijnde passage in de bron",
           "untraced": "niet in de bron", "hedge_lost": "bron zegt ook",
           "hedge_added": "niet in de bron", "future": "bron spreekt in de toekomende tijd",
           "actor": "actor", "unused": "Bronpassages die de briefing niet gebruikt",
           "nothing_unused": "Elke bronpassage wordt gebruikt.",
           "intro_text": "Per onderwerp staat elke bewering naast de zin uit de bron die er het "
                         "meest op lijkt. Markeringen vragen om een oordeel, niet om een correctie.",
           "counts": "{claims} beweringen · {quotes} citaten · {numbers} niet-herleide getallen "
                     "· {marks} markeringen (voorbehoud, afspraak, tijd, actor) · {unused} "
                     "ongebruikte passages",
           "page": "p.", "not_found": "niet gevonden in de bron", "meeting": "Bijeenkomst",
           "figure": "Figuur", "key_date": "Datum", "key_dates": "Belangrijke data",
           "outside": "niet uit de bron; herkomst",
           "precision": "preciezer dan de bron",
           "commitment": "bron spreekt van een afspraak of voornemen",
           "call": "bron roept op", "call_left_out": "(de oproep ontbreekt in de {field})",
           "fields": {"speaking_points": "spreekpunten", "key_messages": "kernboodschappen"}},
    "en": {"title": "Fact check", "key_messages": "Key message",
           "speaking_points": "Speaking point", "position": "Position",
           "background": "Background", "intro": "Introduction", "summary": "Summary",
           "quote": "Quote", "claim": "The briefing says", "kind": "Kind",
           "source": "Nearest passage in the source", "untraced": "not in the source",
           "hedge_lost": "source also says", "hedge_added": "not in the source",
           "future": "the source speaks in the future tense", "actor": "actor",
           "unused": "Source passages the briefing does not use",
           "nothing_unused": "Every source passage is used.",
           "intro_text": "Per topic every claim stands beside the source sentence most like it. "
                         "Marks ask for judgement, not for a correction.",
           "counts": "{claims} claims · {quotes} quotes · {numbers} untraced numbers · "
                     "{marks} marks (hedges, agreements, tense, actors) · {unused} unused passages",
           "page": "p.", "not_found": "not found in the source", "meeting": "Meeting",
           "figure": "Figure", "key_date": "Date", "key_dates": "Key dates",
           "outside": "not from the source; from", "precision": "more precise than the source",
           "commitment": "the source speaks of an agreement or a plan",
           "call": "the source calls on", "call_left_out": "(the {field} leave the call out)",
           "fields": {"speaking_points": "speaking points", "key_messages": "key messages"}},
}


@dataclass
class Claim:
    kind: str
    text: str
    nearest: SourceSentence | None
    score: float
    flags: list[tuple[str, str]]
    untraced: list[str]


def write_review(loaded, out_dir: str | Path = "dist") -> Path:
    """Write `<out_dir>/review.html` for a loaded briefing; return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "review.html"
    temporary = out / ".review.html.tmp"
    temporary.write_text(render_review(loaded), encoding="utf-8")
    temporary.replace(target)
    from .outputs import record_files  # so that `clean` removes it, and only it

    record_files(out, [target])
    return target


def render_review(loaded) -> str:
    """The review page as HTML text."""
    briefing = loaded.briefing
    language = briefing.language
    documents, _ = read_sources(briefing, loaded.locator, loaded.base_dir)
    said = source_sentences(documents)
    index = Index(said, language)
    known = Known.of([d.all_text() for d in documents.values()] + source_names(briefing),
                     language, extra=figure_numbers(briefing))
    in_sources = Known.of([d.all_text() for d in documents.values()] + source_names(briefing),
                          language)
    used: set[tuple[str | None, int]] = set()
    sections, totals = [], Counter()

    def tally(claims: list[Claim], quotes=()) -> None:
        for claim in claims:
            if claim.nearest and claim.score >= 0.2:
                used.add((key_of(said, claim.nearest), claim.nearest.paragraph))
        for quote in quotes:
            used.update(quote[3])
        totals["claims"] += len(claims)
        totals["quotes"] += len(quotes)
        totals["numbers"] += sum(len(claim.untraced) for claim in claims)
        totals["marks"] += sum(len(claim.flags) for claim in claims)

    opening = [_claim(kind, text, index, known, language)
               for kind, text in _meeting_claims(briefing)] + _meeting_facts(briefing)
    tally(opening)
    sections.append(_section("meeting", LABELS[language]["meeting"],
                             html.escape(briefing.meeting.title), opening, [], language))
    left_out: dict[tuple[int, int], list[Claim]] = {}
    for s, t, field, call, source in calls_left_out(briefing, index):
        words = LABELS[language]
        text = words["call_left_out"].format(field=words["fields"][field])
        left_out.setdefault((s, t), []).append(
            Claim(field, text, source, 1.0, [("call", call.party)], []))
    for s, session in enumerate(briefing.sessions):
        for t, topic in enumerate(session.topics):
            claims = [_claim(kind, text, index, known, language)
                      for kind, text in _topic_claims(topic)] + left_out.get((s, t), [])
            claims += [_figure_claim(text, index, in_sources, language)
                       for text in _figure_texts(topic, language)]
            quotes = [_quote(quote, briefing, documents, language) for quote in topic.quotes]
            tally(claims, quotes)
            sections.append(_topic_section(session, topic, claims, quotes, language))
    dates = [_key_date_claim(item, index, in_sources, language) for item in briefing.key_dates]
    if dates:
        tally(dates)
        sections.append(_section("key-dates", LABELS[language]["key_dates"], "", dates, [],
                                 language))
    unused = _unused(documents, used)
    totals["unused"] = len(unused)
    return _page(briefing, sections, unused, totals, language)


def _meeting_claims(briefing):
    """The intro and the session summaries, sentence by sentence."""
    texts = [("intro", briefing.meeting.intro)] + [
        ("summary", session.summary) for session in briefing.sessions]
    for kind, text in texts:
        if text:
            for paragraph in re.split(r"\n\s*\n", text):
                for sentence in sentences(readable_text(paragraph, True)):
                    yield kind, sentence


def _meeting_facts(briefing) -> list[Claim]:
    """The meeting's facts from outside the sources, as printed, with their origin."""
    from .labels import OUTSIDE_MARK, meeting_outside

    return [Claim("meeting", f"{shown}{OUTSIDE_MARK}", None, 0.0,
                  [("outside", where)], [])
            for shown, where in meeting_outside(briefing.meeting, briefing.language)]


def _topic_claims(topic):
    for field in ("key_messages", "speaking_points"):
        for text in getattr(topic, field):
            yield field, readable_text(text, True)
    for field in ("position", "background"):
        text = getattr(topic, field)
        if text:
            for paragraph in re.split(r"\n\s*\n", text):
                for sentence in sentences(readable_text(paragraph, True)):
                    yield field, sentence


def _claim(kind: str, text: str, index: Index, known: Known, language: str) -> Claim:
    nearest, score = index.nearest(text)
    flags = differences(text, nearest.text, language) if nearest else []
    untraced = [mention.written for mention in mentions(text, language)
                if not known.traces(mention)]
    return Claim(kind, text, nearest, score, flags, untraced)


def _figure_texts(topic, language: str):
    """One line per figure value: "Nederlandse defensie-uitgaven, 2024: 1,95 % bbp"."""
    from .numbers import format_value

    for figure in topic.figures:
        unit = f" {figure.unit}" if figure.unit else ""
        for category, value in figure.series.items():
            yield (f"{figure.title}, {category}: {format_value(value, language)}{unit}",
                   figure.outside_source)


def _figure_claim(text_and_origin, index: Index, known: Known, language: str) -> Claim:
    text, origin = text_and_origin
    claim = _claim("figure", text, index, known, language)
    claim.flags = []
    if origin:
        claim.flags = [("outside", origin)]
        claim.untraced = []
    return claim


def _key_date_claim(item, index: Index, known: Known, language: str) -> Claim:
    """A key date as printed with its label; its precision compared with the sources'."""
    from .labels import key_date_when
    from .tracing import given_precision

    text = f"{key_date_when(item, language)}: {readable_text(item.label, True)}"
    nearest, score = index.nearest(readable_text(item.label, True))
    if item.outside_source:
        return Claim("key_date", text, nearest, score, [("outside", item.outside_source)], [])
    flags = []
    for value in (item.date, item.end):
        if value is not None and given_precision(known, value) != value.precision:
            flags.append(("precision", str(value)))
    return Claim("key_date", text, nearest, score, flags, [])


def _quote(quote, briefing, documents, language: str):
    """(text, page, context html, used paragraphs) for a quote, highlighted in its source."""
    key = (quote.source or briefing.sources[0].id) if briefing.sources else None
    document = documents.get(key)
    text = readable_text(quote.text, True)
    if document is None:
        return text, None, None, set()
    tokens = source_tokens(document)
    found = find(tokens, text)
    if found is None:
        return text, None, None, set()
    before = max(0, found.start - 30)
    after = min(len(tokens.items), found.end + 30)
    context = (html.escape(tokens.shown(before, found.start)) + " <mark>"
               + html.escape(tokens.shown(found.start, found.end)) + "</mark> "
               + html.escape(tokens.shown(found.end, after)))
    paragraphs = document.paragraphs()
    quoted = readable(tokens.shown(found.start, found.end))
    touched = {(key, number) for number, paragraph in enumerate(paragraphs)
               if _overlaps(readable(paragraph.text), quoted)}
    return text, found.pages, ("… " if before else "") + context + (" …" if after < len(
        tokens.items) else ""), touched


def _overlaps(paragraph: str, quoted: str) -> bool:
    words = quoted.split()
    probes = [" ".join(words[i:i + 4]) for i in range(0, max(len(words) - 3, 1), 4)]
    return any(probe in paragraph for probe in probes)


def _unused(documents, used) -> list[tuple[int, str]]:
    result = []
    for key, document in documents.items():
        for number, paragraph in enumerate(document.paragraphs()):
            text = readable(paragraph.text)
            if (key, number) not in used and text.endswith((".", "!", "?", ":")):
                result.append((paragraph.first_page, text))
    return result


STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;
color:#1d2733;background:#f6f7f9;margin:0}
main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 4px;color:#154273}
h3{font-size:13px;font-weight:600;color:#5a6472;margin:0 0 12px;text-transform:uppercase;
letter-spacing:.04em}
p.lead{color:#4a5563;margin:4px 0 8px}p.counts{font-weight:600;margin:0 0 16px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d9dde3}
th,td{text-align:left;vertical-align:top;padding:8px 10px;border-top:1px solid #e4e7eb}
th{background:#eef1f5;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#4a5563}
td.kind{width:110px;font-size:12px;color:#5a6472}td.claim,td.source{width:45%}
.page{color:#5a6472;font-size:12px;white-space:nowrap}
.flag{display:inline-block;margin:4px 4px 0 0;padding:1px 6px;border-radius:3px;font-size:12px}
.flag.hedge_lost,.flag.future,.flag.commitment{background:#fff1cc;color:#6b4b00}
.flag.hedge_added{background:#ffe2cc;color:#7a3300}
.flag.actor{background:#e3ecff;color:#1c3f8a}.flag.call{background:#ffe2cc;color:#7a3300}
.flag.outside{background:#e8e3ff;color:#3d2a8a}.flag.precision{background:#ffd6d6;color:#8a1010}
.untraced{background:#ffd6d6;color:#8a1010;border-radius:2px;padding:0 2px}
.flag.untraced{background:#ffd6d6;color:#8a1010}
mark{background:#fff07a;padding:0 1px}
td.quote{font-style:italic}
.weak{color:#8a939f}
ol.unused li{margin:0 0 8px}
"""


def _page(briefing, sections, unused, totals, language) -> str:
    words = LABELS[language]
    title = f"{words['title']}: {html.escape(briefing.meeting.title)}"
    sources = "; ".join(html.escape(s.citation) for s in briefing.all_sources())
    unused_html = ("<ol class=\"unused\">" + "".join(
        f"<li><span class=\"page\">{words['page']} {page}</span> {html.escape(text)}</li>"
        for page, text in unused) + "</ol>") if unused else f"<p>{words['nothing_unused']}</p>"
    return (f"<!DOCTYPE html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{title}</title><style>{STYLE}</style></head><body><main>"
            f"<h1>{title}</h1><p class=\"lead\">{sources}. {words['intro_text']}</p>"
            f"<p class=\"counts\">{words['counts'].format(**totals)}</p>"
            + "".join(sections)
            + f"<h2 id=\"unused\">{words['unused']}</h2>{unused_html}</main></body></html>\n")


def _topic_section(session, topic, claims: list[Claim], quotes, language: str) -> str:
    return _section(topic.id, html.escape(topic.title), html.escape(session.title), claims,
                    quotes, language)


def _section(anchor: str, title: str, subtitle: str, claims: list[Claim], quotes,
             language: str) -> str:
    words = LABELS[language]
    rows = [f"<tr><th scope=\"col\">{words['kind']}</th><th scope=\"col\">{words['claim']}"
            f"</th><th scope=\"col\">{words['source']}</th></tr>"]
    for claim in claims:
        rows.append(_claim_row(claim, words))
    for text, page, context, _ in quotes:
        where = (f"<span class=\"page\">{words['page']} {page}</span> {context}" if context
                 else f"<span class=\"flag untraced\">{words['not_found']}</span>")
        rows.append(f"<tr><td class=\"kind\">{words['quote']}</td>"
                    f"<td class=\"claim quote\">“{html.escape(text)}”</td>"
                    f"<td class=\"source\">{where}</td></tr>")
    return (f"<section id=\"{anchor}\"><h2>{title}</h2>"
            f"<h3>{subtitle}</h3><table>{''.join(rows)}</table></section>")


def _claim_row(claim: Claim, words) -> str:
    text = html.escape(claim.text)
    for written in sorted(set(claim.untraced), key=len, reverse=True):
        text = text.replace(html.escape(written),
                            f"<span class=\"untraced\" title=\"{words['untraced']}\">"
                            f"{html.escape(written)}</span>")
    flags = "".join(
        f"<span class=\"flag {kind}\">{words[kind]}{': ' if what else ''}"
        f"{html.escape(what)}</span>" for kind, what in claim.flags)
    flags += "".join(f"<span class=\"flag untraced\">{html.escape(written)}: "
                     f"{words['untraced']}</span>" for written in claim.untraced)
    if claim.nearest:
        weak = " weak" if claim.score < 0.2 else ""
        source = (f"<span class=\"page\">{words['page']} {claim.nearest.page}</span> "
                  f"<span class=\"{weak.strip()}\">{html.escape(claim.nearest.text)}</span>")
    else:
        source = ""
    return (f"<tr><td class=\"kind\">{words[claim.kind]}</td><td class=\"claim\">{text}"
            f"{'<br>' + flags if flags else ''}</td><td class=\"source\">{source}</td></tr>")
