"""What every field of the briefing means and where it is printed: the descriptions (and
examples) that `briefing schema` writes into briefing.schema.json, so an editor's hover and
completion explain each key.

Kept apart from builders/model.py so that the model stays short and edits to it merge
easily. Keyed "Model.field" (the Python name: `Memo.from_` for the YAML key `from`); a
test fails for any model field without an entry here.
"""

from __future__ import annotations

import copy

FIELD_DOCS: dict[str, str | tuple[str, list]] = {
    # ---------------------------------------------------------------- the briefing
    "Briefing.format": ("Version of the briefing format; always 1.", [1]),
    "Briefing.language": (
        "Language of the text: sets the fixed labels (Kernboodschappen / Key messages), "
        "how dates are written (28 november 2023 / 28 November 2023) and hyphenation.",
        ["nl", "en"]),
    "Briefing.classification": (
        "Classification marking, printed in capitals at the top and foot of every memo page "
        "and in the footer of every slide.",
        ["ONGERUBRICEERD", "DEPARTEMENTAAL VERTROUWELIJK", "NATO UNCLASSIFIED"]),
    "Briefing.status": (
        "concept (or draft) puts a large, light CONCEPT / DRAFT mark across every page and "
        "slide; definitief (or final) when the briefing is handed out.",
        ["concept", "definitief"]),
    "Briefing.date": (
        "Date of the briefing (YYYY-MM-DD): in the memo's header block (Datum / Date) and as "
        "the document date in the files' metadata.", ["2023-11-20"]),
    "Briefing.version": (
        "Version of the briefing, printed beside the date in the header block; write it in "
        "quotes.", ["1.0", "2.1"]),
    "Briefing.style": (
        "Name of the theme: a file <name>.yaml in a styles/ folder beside the briefing, or a "
        "built-in theme. Sets colours, fonts and sizes of memo and decks.", ["default"]),
    "Briefing.memo": "The memo's header block on its first page: to, from, subject, reference, cc.",
    "Briefing.meeting": "The meeting this briefing prepares: its title, short name, place and dates.",
    "Briefing.source": (
        "The document this briefing was curated from; its citation is printed with every "
        "quote, and quotes are checked against its file."),
    "Briefing.sources": (
        "Several source documents instead of one source: each with an id that quotes and "
        "figures name (source: <id>); the first is the default. Give either source or sources.",
        [[{"id": "brief", "title": "Geannoteerde agenda", "citation": "Kamerstuk 28 676, nr. 446",
           "file": "seeds/kamerstuk-28676-446.txt"}]]),
    "Briefing.sessions": (
        "The meeting's sessions, in order (at least one). Each is a chapter of the memo and "
        "has a deck of its own (dist/sessions/<n>-<id>.pptx)."),
    "Briefing.footnotes": (
        "Footnotes by id, referred to from any text as [^id]; printed at the foot of the memo "
        "page that cites them.", [{"bron": "Kamerstuk 28 676, nr. 446, p. 2."}]),
    "Briefing.glossary": (
        "Abbreviations and what they stand for. Those the text uses are listed in the memo's "
        "list of abbreviations (Afkortingen / Abbreviations) and on the deck's glossary slide.",
        [{"NAVO": "Noord-Atlantische Verdragsorganisatie"}]),
    "Briefing.key_dates": (
        "Dated events around the meeting, shown as a timeline: in the memo (Belangrijke data / "
        "Key dates) and on a slide of the full deck."),
    # ---------------------------------------------------------------- memo
    "Memo.to": ("Who the memo is for: the header block's Aan / To.",
                ["Minister van Buitenlandse Zaken"]),
    "Memo.from_": ("Who sends it: the header block's Van / From.", ["Directie Veiligheidsbeleid"]),
    "Memo.subject": ("What the memo is about: the header block's Betreft / Subject.",
                     ["Voorbereiding NAVO-bijeenkomst, Brussel, 28–29 november 2023"]),
    "Memo.reference": ("The file reference (kenmerk): the header block's Kenmerk / Reference.",
                       ["DVB-2023/446"]),
    "Memo.cc": ("Who receives a copy, one per line: the header block's Cc.",
                [["Secretaris-generaal"]]),
    # ---------------------------------------------------------------- meeting
    "Meeting.title": ("Full title of the meeting: the memo's title and the decks' first slide.",
                      ["NAVO Ministers van Buitenlandse Zaken"]),
    "Meeting.short": ("Short name, in the footer of every memo page and every slide.", ["FMM"]),
    "Meeting.organisation": ("The organisation that holds the meeting, printed with the short "
                             "name above the memo's title and in the files' keywords.",
                             ["NAVO", "EU"]),
    "Meeting.place": ("Where the meeting takes place: the memo's Plaats / Place.",
                      ["Brussel (NAVO-hoofdkwartier)"]),
    "Meeting.start": ("First day of the meeting (YYYY-MM-DD); every session date lies within "
                      "start..end.", ["2023-11-28"]),
    "Meeting.end": ("Last day of the meeting (YYYY-MM-DD), not before start.", ["2023-11-29"]),
    "Meeting.participants": ("Who takes part: the memo's Deelnemers / Participants.",
                             ["31 bondgenoten en Zweden (invitee)"]),
    "Meeting.outside_source": (
        "The meeting's facts that the briefing's sources do not give, each with where it comes "
        "from: a key (place, start, end, organisation or participants) and the origin. The "
        "fact is printed with a mark (*) that the memo's colophon and the slide that shows it "
        "explain.",
        [{"place": "NAVO, aankondiging van de bijeenkomst (nato.int)"}]),
    "Meeting.intro": ("The opening context of the memo, below its title: paragraphs separated "
                      "by a blank line, with inline markup."),
    # ---------------------------------------------------------------- source
    "Source.title": ("Title of the source document, printed in the memo's colophon.",),
    "Source.citation": ("How the source is cited, printed after every quote from it.",
                        ["Kamerstuk 28 676, nr. 446"]),
    "Source.file": ("The source's text (or PDF), relative to the briefing, usually in seeds/; "
                    "every quote is checked against it.", ["seeds/kamerstuk-28676-446.txt"]),
    "Source.first_page": (
        "The printed page number of a text file's first line (default 1), so the pages "
        "computed for quotes match the original; not for a PDF, whose footers are read.", [2]),
    "Source.page_breaks": (
        "How a text file marks a new page: formfeed (a form-feed character, the default) or "
        "leading-space (a line that starts with one space).", ["formfeed", "leading-space"]),
    "NamedSource.id": ("The id quotes and figures name this source by (source: <id>).",
                       ["brief"]),
    "NamedSource.title": ("Title of the source document, printed in the memo's colophon.",),
    "NamedSource.citation": ("How this source is cited, printed after every quote from it.",
                             ["Kamerstuk 28 676, nr. 446"]),
    "NamedSource.file": ("This source's text or PDF, relative to the briefing; the quotes that "
                         "name it are checked against it.", ["seeds/kamerstuk-28676-446.txt"]),
    "NamedSource.first_page": ("As source.first_page: the printed page of the text file's first "
                               "line.", [2]),
    "NamedSource.page_breaks": ("As source.page_breaks: formfeed or leading-space.",
                                ["formfeed"]),
    # ---------------------------------------------------------------- sessions
    "Session.id": ("Unique id (lower-case letters, digits, hyphens): names the session's deck "
                   "file and is the target of see_also.", ["voorbespreking-washington"]),
    "Session.title": ("Title of the session: its memo chapter heading and its title slide.",),
    "Session.date": ("Day of the session (YYYY-MM-DD), within the meeting's start..end; printed "
                     "under the chapter heading and in the programme.", ["2023-11-28"]),
    "Session.time": ("When on that day: a time range or a part of the day, printed beside the "
                     "date.", ["14:00–15:30", "middag"]),
    "Session.format": ("Who is at the table, printed under the session's heading (beside date "
                       "and time) and in the programme.",
                       ["met de EU", "NATO-Ukraine Council"]),
    "Session.summary": "What the session is about: the paragraph under the chapter heading.",
    "Session.topics": "The session's agenda items, in order (at least one).",
    # ---------------------------------------------------------------- topics
    "Topic.id": ("Unique id (lower-case letters, digits, hyphens), the target of see_also.",
                 ["oekraine"]),
    "Topic.title": ("Title of the agenda item: a heading in the memo and the title of its "
                    "slides.", ["Oekraïne"]),
    "Topic.key_messages": (
        "Kernboodschappen: the short points the minister makes, each said in one breath. In "
        "the memo as a tinted box under the topic's heading; on slides as bullets.",
        [["Nederland steunt het Open Deur-beleid onverkort."]]),
    "Topic.position": ("The Netherlands' position in full: the memo's Nederlandse inzet / "
                       "Netherlands position, and the speaker notes."),
    "Topic.background": ("Background: the memo's Achtergrond / Background, and the speaker "
                         "notes."),
    "Topic.speaking_points": ("Spreekpunten: sentences to say aloud, in the memo (Spreekpunten / "
                              "Speaking points) and first in the slides' speaker notes."),
    "Topic.quotes": ("Verbatim passages from the source, set as quotations with the citation "
                     "(and page); each is checked word for word against source.file."),
    "Topic.figures": ("Charts: a vector chart in the memo and a native, editable chart on a "
                      "slide of its own."),
    "Topic.see_also": ("Ids of related topics or sessions, printed as links under Zie ook / "
                       "See also.", [["china-indo-pacific"]]),
    # ---------------------------------------------------------------- quotes
    "Quote.text": ("The passage, word for word as in the source (line breaks, hyphenation and "
                   "repeated spaces need not match).",),
    "Quote.note": ("Printed with the citation after the quote, e.g. the page or a remark; "
                   "when it contains the citation itself it replaces it. A page it states "
                   "must be where the check finds the quote.",),
    "Quote.language": ("The quote's language when it is not the briefing's (nl or en): the "
                       "memo tags the quote with it, so a screen reader reads it aloud in that "
                       "language.", ["en"]),
    "Quote.source": ("The id of the source (under sources:) the quote comes from; default the "
                     "first.", ["brief"]),
    "Quote.page": ("The page or pages the quote stands on (4, or 4–5 across a page foot), "
                   "printed in its citation; the check computes it from the source and "
                   "reports a page that disagrees.", [4, "4–5"]),
    # ---------------------------------------------------------------- figures
    "Figure.id": ("Unique id of the chart (lower-case letters, digits, hyphens).",
                  ["defensie-uitgaven"]),
    "Figure.kind": ("bar for a bar chart, line for a line chart.", ["bar", "line"]),
    "Figure.title": ("Title of the chart, above it in the memo and on its slide.",
                     ["Nederlandse defensie-uitgaven"]),
    "Figure.unit": ("Unit of the values, printed in brackets after the chart's title.",
                    ["% bbp"]),
    "Figure.series": (
        "Category → value, in order; values are numbers with a point as decimal sign "
        "(1.95, not 1,95). Each value is written on its bar.", [{"2024": 1.95, "2025": 1.93}]),
    "Figure.target": ("A reference line, such as a norm, drawn dashed with its label.",
                      [{"label": "NAVO-norm", "value": 2.0}]),
    "Figure.source": ("Where the numbers come from, printed under the chart (Bron / Source); "
                      "the id of one of sources: prints that source's citation.",
                      ["Kamerstuk 28 676, nr. 446"]),
    "Figure.outside_source": (
        "Where the values come from when they are not in the briefing's sources; the chart's "
        "source line then carries a mark (*) that the memo's colophon explains.",
        ["NAVO-persbericht, juni 2023"]),
    "Figure.caption": ("A sentence printed under the chart saying what it shows.",),
    "Target.label": ("What the line stands for, printed beside it.", ["NAVO-norm (DIP)"]),
    "Target.value": ("Where the line lies, in the chart's unit.", [2.0]),
    # ---------------------------------------------------------------- key dates
    "KeyDate.date": ("When the event is, at the precision the source gives: a day "
                     "(YYYY-MM-DD), a month (YYYY-MM, printed \"juli 2023\") or a year (YYYY); "
                     "printed in the key dates and on the deck's timeline.",
                     ["2024-07-09", "2023-07", "2024"]),
    "KeyDate.end": ("Last day (or month, or year) of an event that lasts longer.",
                    ["2024-07-11"]),
    "KeyDate.outside_source": (
        "Where the date comes from when the briefing's sources do not give it; the date is "
        "printed with a mark (*) that the memo's colophon explains.",
        ["Verklaring van de NAVO-top in Vilnius"]),
    "KeyDate.label": ("What happens then, printed beside the date.", ["NAVO-top in Washington"]),
}


def field_doc(model: str, field: str) -> tuple[str, list] | None:
    """The description and examples of `model.field` (Python names), if there are any."""
    entry = FIELD_DOCS.get(f"{model}.{field}")
    if entry is None:
        return None
    if isinstance(entry, str):
        return entry, []
    description, *rest = entry
    return description, (rest[0] if rest else [])


def describe_schema(document: dict) -> dict:
    """The schema with the description (and examples) of each field written in."""
    from . import model as models

    document = copy.deepcopy(document)
    tables = [(document.get("title", "Briefing"), "Briefing", document)]
    tables += [(name, name, definition) for name, definition in document.get("$defs", {}).items()]
    for _, name, definition in tables:
        model = getattr(models, name, None)
        if model is None or not hasattr(model, "model_fields"):
            continue
        aliases = {info.alias or field: field for field, info in model.model_fields.items()}
        for key, schema in definition.get("properties", {}).items():
            found = field_doc(name, aliases.get(key, key))
            if found is None:
                continue
            description, examples = found
            schema["description"] = description
            if examples:
                schema["examples"] = examples
    return document
