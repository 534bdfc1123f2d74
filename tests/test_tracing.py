"""Numbers and dates traced to the sources: figures, claims and key dates (warnings)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from builders.numbers import Known, mentions, number_words, parse_number
from tests.conftest import minimal_data, problem_lines, topic

SOURCE = ("De Raad komt op 3 maart 2026 bijeen. In 2024 en 2025 stijgen de uitgaven\n"
          "naar verwachting tot respectievelijk 1,95% en 1,93%. Nederland stuurt drie\n"
          "schepen. Vanaf mei levert Nederland een bijdrage; de top is in juli 2024.\n"
          "De eenendertig bondgenoten spraken af ten minste 2% uit te geven.\n")


WRITTEN = {}


def at(needle: str) -> str:
    """line:column where `needle` starts in the briefing last written."""
    for number, line in enumerate(WRITTEN["text"].splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


def at_value(key: str) -> str:
    """line:column of the value of `key: value` in the briefing last written."""
    line, column = at(f"{key}: ").split(":")
    return f"{line}:{int(column) + len(key) + 2}"


def problems(write_briefing, data) -> list[str]:
    data["source"]["file"] = "bron.txt"
    path = write_briefing(data)
    WRITTEN["text"] = path.read_text(encoding="utf-8")
    (path.parent / "bron.txt").write_text(SOURCE, encoding="utf-8")
    return problem_lines(path)


def figure(**fields):
    return {"id": "uitgaven", "kind": "bar", "title": "Uitgaven", "unit": "% bbp",
            "series": {"2024": 1.95, "2025": 1.93}, "source": "Kamerstuk 1, nr. 1", **fields}


def test_numbers_words_percentages_and_dates_are_read():
    found = [(m.kind, m.written, m.value, m.day, m.month, m.year)
             for m in mentions("Op 9–11 juli 2024 en 7 oktober: drie schepen, 1,95 procent, "
                               "eenendertig landen, juli 2023 en vanaf mei.", "nl")]
    assert found == [
        ("date", "9–11 juli 2024", None, 9, 7, 2024), ("date", "9–11 juli 2024", None, 11, 7, 2024),
        ("date", "7 oktober", None, 7, 10, None), ("number", "drie", Decimal(3), None, None, None),
        ("number", "1,95 procent", Decimal("1.95"), None, None, None),
        ("number", "eenendertig", Decimal(31), None, None, None),
        ("month", "juli 2023", None, None, 7, 2023), ("month", "mei", None, None, 5, None)]


def test_the_article_is_not_a_number_and_words_are_built_from_parts():
    words = number_words("nl")
    assert "een" not in words and words["tweeëntwintig"] == 22 and words["negenennegentig"] == 99
    assert number_words("en")["thirty-one"] == 31 and "one" not in number_words("en")
    assert parse_number("1.000,5", "nl") == Decimal("1000.5")
    assert parse_number("1,000.5", "en") == Decimal("1000.5")


def test_a_count_before_the_same_noun_must_agree():
    known = Known.of([SOURCE], "nl")
    (mention,) = mentions("vier schepen", "nl")
    assert not known.traces(mention) and known.counts_otherwise(mention) == ["drie"]


def test_a_traced_briefing_has_no_warnings(write_briefing):
    data = minimal_data()
    topic(data)["key_messages"] = ["Drie schepen; 1,95% in 2024, 1,93 procent in 2025."]
    topic(data)["speaking_points"] = ["De Raad komt op 3 maart bijeen; vanaf mei 2024."]
    topic(data)["figures"] = [figure(target={"label": "Norm", "value": 2})]
    data["key_dates"] = [{"date": "2026-03-03", "label": "Raad"}, {"date": "2024-05", "label": "Mei"}]
    assert problems(write_briefing, data) == []


def test_untraced_numbers_warn_with_their_place(write_briefing):
    data = minimal_data()
    topic(data)["key_messages"] = ["Vier schepen en 2,5% meer, op 4 maart."]
    assert problems(write_briefing, data) == [
        f"{at('Vier schepen')}: warning: sessions[0].topics[0].key_messages[0]: source has 'drie schepen' where "
        "the text has 'Vier schepen'; check it against the source",
        f"{at('Vier schepen')}: warning: sessions[0].topics[0].key_messages[0]: percentage '2,5%' occurs neither "
        "in the source nor in the figures; check it against the source",
        f"{at('Vier schepen')}: warning: sessions[0].topics[0].key_messages[0]: date '4 maart' occurs neither in "
        "the source nor in the figures; check it against the source"]


def test_figure_values_are_traced_to_the_sentence_naming_their_category(write_briefing):
    data = minimal_data()
    topic(data)["figures"] = [figure(series={"2024": 1.96, "2027": 1.0},
                                     target={"label": "Norm", "value": 4})]
    assert problems(write_briefing, data) == [
        f"{at('1.96')}: warning: sessions[0].topics[0].figures[0].series.2024: value 1,96 for '2024' is "
        "not in the source's sentence naming 2024: “In 2024 en 2025 stijgen de uitgaven naar "
        "verwachting tot respectievelijk 1,95% en 1,93%.”; check the value",
        f"{at('1.0')}: warning: sessions[0].topics[0].figures[0].series.2027: category '2027' occurs in "
        "no sentence of bron.txt; check the figure against the source",
        f"{at_value('value')}: warning: sessions[0].topics[0].figures[0].target.value: target 4 does not occur "
        "in bron.txt; check it"]


def test_a_figure_without_a_source_line_warns(write_briefing):
    data = minimal_data()
    topic(data)["figures"] = [figure(source=None)]
    del topic(data)["figures"][0]["source"]
    assert problems(write_briefing, data) == [
        f"{at('id: uitgaven')}: warning: sessions[0].topics[0].figures[0]: figure 'uitgaven' has no source "
        "line; add source: <a source id or citation>, or outside_source: <where its values come "
        "from>"]


def test_a_figure_from_elsewhere_is_not_traced_but_an_unknown_source_warns(write_briefing):
    data = minimal_data()
    topic(data)["figures"] = [figure(series={"2030": 9.0}, outside_source="rijksoverheid.nl"),
                              {**figure(series={"2030": 9.0}, source="Rijksbegroting"),
                               "id": "andere"}]
    assert problems(write_briefing, data) == [
        f"{at('Rijksbegroting')}: warning: sessions[0].topics[0].figures[1].source: figure source 'Rijksbegroting' "
        "is none of the briefing's sources, so its values cannot be traced; name a source id or "
        "citation, or say outside_source: <where its values come from>"]


@pytest.mark.parametrize("date, end, message", [
    ("2024-07-01", "2024-07-31", "key_dates[0].date: the sources give this date only as a month "
     "(2024-07), not 1 juli 2024; write 2024-07, or say outside_source: <where the day comes from>"),
    ("2024-05-01", None, "key_dates[0].date: the sources give this date only as a month "
     "(2024-05), not 1 mei 2024; write 2024-05, or say outside_source: <where the day comes from>"),
    ("2026-04", None, "key_dates[0].date: the sources give this date only as a year (2026), not "
     "april 2026; write 2026, or say outside_source: <where the month comes from>"),
    ("2031", None, "key_dates[0].date: 2031 (2031) occurs nowhere in the sources; correct it, or "
     "say outside_source: <where it comes from>"),
])
def test_key_dates_are_at_the_precision_the_source_gives(write_briefing, date, end, message):
    data = minimal_data()
    data["key_dates"] = [{"date": date, "label": "Iets"} | ({"end": end} if end else {})]
    found = problems(write_briefing, data)
    assert found[0].split(": warning: ", 1)[1] == message


def test_a_key_date_from_elsewhere_says_so_and_is_not_traced(write_briefing):
    data = minimal_data()
    data["key_dates"] = [{"date": "2024-07-09", "label": "Top", "outside_source": "nato.int"}]
    assert problems(write_briefing, data) == []


def test_a_category_written_otherwise_is_named_by_its_numbers(write_briefing):
    data = minimal_data()
    topic(data)["figures"] = [figure(series={"Q1 2024": 1.95, "Q1 2025": 1.96})]
    assert [line.split(": warning: ")[1] for line in problems(write_briefing, data)] == [
        "sessions[0].topics[0].figures[0].series.Q1 2025: value 1,96 for 'Q1 2025' is not in "
        "the source's sentence naming Q1 2025: “In 2024 en 2025 stijgen de uitgaven naar "
        "verwachting tot respectievelijk 1,95% en 1,93%.”; check the value"]
