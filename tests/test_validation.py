"""Model validation: every problem located, worded for the person who wrote the file."""

import pytest

from builders.errors import BriefingError
from builders.loader import load
from tests.conftest import minimal_data


def errors_for(write_briefing, content) -> list[str]:
    path = write_briefing(content)
    with pytest.raises(BriefingError) as caught:
        load(path, check=False)
    return [str(problem).split(": error: ", 1)[1] for problem in caught.value.problems
            if problem.severity == "error"]


def lines_for(write_briefing, text: str) -> list[str]:
    path = write_briefing(text)
    with pytest.raises(BriefingError) as caught:
        load(path, check=False)
    return [str(problem).replace(str(path), "b.yaml") for problem in caught.value.problems]


def test_minimal_briefing_is_valid(write_briefing):
    loaded = load(write_briefing(minimal_data()), check=False)
    assert loaded.briefing.sessions[0].topics[0].key_messages == ("Een boodschap.",)
    assert loaded.theme.name == "default"


def test_misspelt_key_gets_a_suggestion_and_no_second_missing_error(write_briefing):
    data = minimal_data()
    topic = data["sessions"][0]["topics"][0]
    topic["key_mesages"] = topic.pop("key_messages")
    assert errors_for(write_briefing, data) == [
        "sessions[0].topics[0].key_mesages: unknown field; did you mean key_messages?"]


def test_unknown_key_without_close_match_lists_the_fields(write_briefing):
    data = minimal_data()
    data["meeting"]["zzz"] = 1
    (message,) = errors_for(write_briefing, data)
    assert message.startswith("meeting.zzz: unknown field; known fields here: title, short,")


def test_wrong_type_missing_field_bad_date_and_enumeration(write_briefing):
    data = minimal_data()
    data["meeting"]["title"] = 2024
    del data["memo"]["subject"]
    data["date"] = "20-11-2023"
    data["language"] = "de"
    assert sorted(errors_for(write_briefing, data)) == sorted([
        "meeting.title: expected text, got the number 2024; put it in quotes",
        "memo.subject: required field is missing; add it",
        "date: '20-11-2023' is not a valid date; write YYYY-MM-DD, e.g. 2023-11-28",
        "language: 'de' is not allowed; use one of: nl, en",
    ])


def test_all_problems_of_the_file_at_once_with_lines(write_briefing):
    text = (
        "format: 1\nlanguage: nl\nclassification: X\nstatus: klaar\ndate: 2023-11-20\n"
        "memo: {to: A, from: B, subject: C}\n"
        "meeting: {title: T, short: S, start: 2023-11-28, end: 2023-11-29}\n"
        "source: {title: T, citation: C}\n"
        "sessions:\n  - id: Sessie 1\n    title: S\n    date: 2023-11-28\n    topics: []\n"
    )
    assert lines_for(write_briefing, text) == [
        "b.yaml:4:9: error: status: 'klaar' is not allowed; use one of: concept, definitief, draft, final",
        "b.yaml:10:9: error: sessions[0].id: 'Sessie 1' is not a valid id; use lower-case "
        "letters, digits and hyphens, e.g. china-indo-pacific",
        "b.yaml:13:13: error: sessions[0].topics: must have at least one entry",
    ]


def test_a_file_that_is_not_a_mapping(write_briefing):
    assert lines_for(write_briefing, "- een\n- twee\n") == [
        "b.yaml:1:1: error: the file must be a mapping of keys (format:, language:, …), not a list"]


def test_unknown_style_names_the_available_themes(write_briefing):
    data = minimal_data()
    data["style"] = "fancy"
    (message,) = errors_for(write_briefing, data)
    assert message.startswith("style: no theme 'fancy' in ") and message.endswith("available: default")


def test_draft_and_final_are_accepted(write_briefing):
    data = minimal_data()
    data["status"] = "draft"
    assert load(write_briefing(data), check=False).briefing.is_draft
    data["status"] = "final"
    assert not load(write_briefing(data), check=False).briefing.is_draft


def test_chart_values_must_be_finite_numbers(write_briefing):
    data = minimal_data()
    data["sessions"][0]["topics"][0]["figures"] = [{
        "id": "uitgaven", "kind": "bar", "title": "Uitgaven",
        "series": {"2024": float("nan"), "2025": True, "2026": 1e20},
        "target": {"label": "Norm", "value": 2}}]
    assert errors_for(write_briefing, data) == [
        "sessions[0].topics[0].figures[0].series.2024: the number nan is not a finite "
        "number; write a number such as 1.95",
        "sessions[0].topics[0].figures[0].series.2025: expected a number, got true",
        "sessions[0].topics[0].figures[0].series.2026: the number 1e+20 is too large; the "
        "most allowed is 1000000000000.0",
    ]


def test_a_decimal_comma_is_named_with_the_number_to_write(write_briefing):
    text = yaml_of_figure({"2024": "1,95", "2025": "1.234,5"})
    assert errors_for(write_briefing, text) == [
        "sessions[0].topics[0].figures[0].series.2024: expected a number, got '1,95'; write "
        "1.95: a point, not a comma, is the decimal sign",
        "sessions[0].topics[0].figures[0].series.2025: expected a number, got '1.234,5'; "
        "write 1234.5: a point, not a comma, is the decimal sign",
    ]


def yaml_of_figure(series: dict) -> str:
    import yaml

    data = minimal_data()
    data["sessions"][0]["topics"][0]["figures"] = [
        {"id": "uitgaven", "kind": "bar", "title": "Uitgaven", "series": series}]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for value in series.values():
        text = text.replace(f"'{value}'", value)  # as typed: unquoted
    return text
