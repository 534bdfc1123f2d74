"""Checks on sources: one or several, the source a quote names, pages stated by hand."""

from __future__ import annotations

from builders.loader import load
from tests.conftest import minimal_data, problem_lines, topic

TEXT = "Het kabinet steunt dit beleid onverkort.\n\fDe Raad komt bijeen.\n"
WRITTEN = {}


def at(needle: str, occurrence: int = 1) -> str:
    seen = 0
    for number, line in enumerate(WRITTEN["text"].splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


def problems(write_briefing, data) -> list[str]:
    path = write_briefing(data)
    WRITTEN["text"] = path.read_text(encoding="utf-8")
    (path.parent / "bron.txt").write_text(TEXT, encoding="utf-8")
    return problem_lines(path)


def at_value(key: str, value: str) -> str:
    """line:column of the value of `key: value` in the briefing last written."""
    line, column = at(f"{key}: {value}").split(":")
    return f"{line}:{int(column) + len(key) + 2}"


def test_a_page_stated_by_hand_must_be_where_the_quote_stands(write_briefing):
    data = minimal_data()
    data["source"].update(file="bron.txt", first_page=4)
    topic(data)["quotes"] = [{"text": "De Raad komt bijeen.", "note": "blz. 4", "page": 3}]
    assert problems(write_briefing, data) == [
        f"{at_value('note', 'blz. 4')}: error: sessions[0].topics[0].quotes[0].note: the note "
        "says p. 4, but the quote stands on p. 5 of bron.txt; correct the page or leave it out "
        "(the page found is printed)",
        f"{at_value('page', '3')}: error: sessions[0].topics[0].quotes[0].page: page 3 is not "
        "where the quote stands: p. 5 of bron.txt; correct it or leave it out (the page found "
        "is printed)"]


def test_the_page_found_is_carried_to_the_builders(write_briefing):
    data = minimal_data()
    data["source"].update(file="bron.txt", first_page=4)
    topic(data)["quotes"] = [{"text": "De Raad komt bijeen.", "note": "p. 5"}]
    path = write_briefing(data)
    (path.parent / "bron.txt").write_text(TEXT, encoding="utf-8")
    assert load(path).briefing.topics()[0].quotes[0].page == "5"


def test_several_sources_and_the_one_a_quote_names(write_briefing):
    data = minimal_data()
    del data["source"]
    data["sources"] = [{"id": "brief", "title": "Brief", "citation": "Kamerstuk 1, nr. 1",
                        "file": "bron.txt"},
                       {"id": "agenda", "title": "Agenda", "citation": "Agenda"}]
    topic(data)["quotes"] = [{"text": "De Raad komt bijeen.", "source": "brief"},
                             {"text": "Iets anders.", "source": "agneda"},
                             {"text": "Nog iets.", "source": "agenda"}]
    assert problems(write_briefing, data) == [
        f"{at_value('source', 'agneda')}: error: sessions[0].topics[0].quotes[1].source: source "
        "'agneda' is not among sources; did you mean agenda?",
        f"{at('id: agenda')}: warning: sources[1]: quotes cannot be checked: file is not set; "
        "name the source's text or PDF file"]


def test_source_and_sources_together_or_neither_are_errors(write_briefing):
    data = minimal_data()
    data["sources"] = [{"id": "brief", "title": "Brief", "citation": "Kamerstuk 1, nr. 1"}]
    assert problems(write_briefing, data) == [
        f"{at('sources:')}: error: sources: both source and sources are given; move source "
        "into the sources list (with an id)"]
    del data["source"], data["sources"]
    assert problems(write_briefing, data) == [
        "1:1: error: source: required field is missing; add it (or list several under sources:)"]


def test_a_quote_naming_a_source_when_there_is_one(write_briefing):
    data = minimal_data()
    topic(data)["quotes"] = [{"text": "Iets.", "source": "brief"}]
    assert problems(write_briefing, data) == [
        f"{at('title: Brief')}: warning: source: quotes cannot be checked: file is not set; name "
        "the source's text or PDF file",
        f"{at_value('source', 'brief')}: error: sessions[0].topics[0].quotes[0].source: source "
        "'brief' names no source: this briefing has one source (source:); remove this line, or "
        "list the sources under sources: with ids"]


def test_a_page_that_is_not_one_says_how_to_write_it(write_briefing):
    data = minimal_data()
    topic(data)["quotes"] = [{"text": "Iets.", "page": "p. 4"}]
    # the meaning checks run on the valid rest too: their warnings may come with it
    assert [line for line in problems(write_briefing, data) if ": error: " in line] == [
        f"{at_value('page', 'p. 4')}: error: sessions[0].topics[0].quotes[0].page: 'p. 4' is "
        "not a page; write a page number (4) or a span (4–5)"]
