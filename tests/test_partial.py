"""Every problem in one run: field errors do not hide the checks on meaning."""

from __future__ import annotations

import pytest

from builders.errors import BriefingError
from builders.loader import load
from tests.conftest import minimal_data


def problems_of(write_briefing, data) -> list[str]:
    path = write_briefing(data)
    with pytest.raises(BriefingError) as caught:
        load(path)
    return [str(problem).split("briefing.yaml:", 1)[1] for problem in caught.value.problems]


def three_topics(data: dict) -> dict:
    session = data["sessions"][0]
    session["topics"].insert(0, {"id": "kapot", "title": "Kapot", "key_messages": "geen lijst",
                                 "see_also": ["derde"]})
    session["topics"].append({"id": "tweede", "title": "Tweede",
                              "key_mesages": ["Boodschap over de EU."], "see_also": ["onderwerp"]})
    session["topics"].append({"id": "derde", "title": "Derde", "key_messages": ["Zie [^nt]."],
                              "position": 12, "see_also": ["nergens"]})
    session["date"] = "2023-12-25"
    data["footnotes"] = {"nt": "Noot.", "ongebruikt": "Nooit gebruikt."}
    return data


def test_field_errors_and_meaning_problems_come_together_each_at_its_place(write_briefing):
    assert problems_of(write_briefing, three_topics(minimal_data())) == [
        "23:9: error: sessions[0].date: 2023-12-25 is outside the meeting (2023-11-28 to "
        "2023-11-29); correct the session date or meeting.start/end",
        "27:19: error: sessions[0].topics[0].key_messages: expected a list (lines starting "
        "with '- '), got 'geen lijst'",
        "36:5: error: sessions[0].topics[2].key_mesages: unknown field; did you mean key_messages?",
        "37:7: warning: sessions[0].topics[2].key_mesages[0]: abbreviation EU is not in the "
        "glossary; add 'EU: <expansion>' under glossary",
        "44:15: error: sessions[0].topics[3].position: expected text, got the number 12; put "
        "it in quotes",
        "46:7: error: sessions[0].topics[3].see_also[0]: see_also 'nergens' points nowhere; "
        "known: derde, onderwerp, sessie-1, tweede",
        "49:3: warning: footnotes.ongebruikt: footnote 'ongebruikt' is never used; cite it as "
        "[^ongebruikt] or remove it",
    ]


def test_a_reference_to_a_part_set_aside_is_not_reported(write_briefing):
    data = minimal_data()
    topics = data["sessions"][0]["topics"]
    topics[0]["see_also"] = ["kapot"]
    topics.append({"id": "kapot", "title": 5, "key_messages": ["Zie [^n]."]})
    data["footnotes"] = {"n": "Een noot."}
    assert problems_of(write_briefing, data) == [
        "32:12: error: sessions[0].topics[1].title: expected text, got the number 5; put it "
        "in quotes",
    ]


def test_a_briefing_missing_a_whole_part_reports_the_field_errors_alone(write_briefing):
    data = minimal_data()
    del data["meeting"]
    data["sessions"][0]["topics"][0]["see_also"] = ["nergens"]
    assert problems_of(write_briefing, data) == [
        "1:1: error: meeting: required field is missing; add it"]
