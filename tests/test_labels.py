"""Labels, dates and numbers in the briefing's language."""

import datetime as dt

import pytest

from builders.labels import LABELS, decimals_needed, format_date, format_number, format_range


def test_both_languages_have_every_label():
    assert LABELS["nl"].keys() == LABELS["en"].keys()


def test_dates_are_written_as_readers_expect():
    day = dt.date(2023, 11, 28)
    assert format_date(day, "nl") == "28 november 2023"
    assert format_date(day, "en") == "28 November 2023"


@pytest.mark.parametrize("start, end, text", [
    ((2023, 11, 28), (2023, 11, 29), "28–29 november 2023"),
    ((2023, 10, 28), (2023, 11, 2), "28 oktober – 2 november 2023"),
    ((2023, 12, 30), (2024, 1, 2), "30 december 2023 – 2 januari 2024"),
    ((2023, 11, 28), None, "28 november 2023"),
])
def test_date_ranges(start, end, text):
    assert format_range(dt.date(*start), end and dt.date(*end), "nl") == text


@pytest.mark.parametrize("value, decimals, language, text", [
    (1.95, 2, "nl", "1,95"), (1.95, 2, "en", "1.95"), (1000, 0, "nl", "1.000"),
    (1000, 0, "en", "1,000"), (2, 1, "nl", "2,0"), (1234567.5, 1, "nl", "1.234.567,5")])
def test_numbers_in_the_briefing_language(value, decimals, language, text):
    assert format_number(value, language, decimals) == text


def test_decimals_needed_follow_the_most_precise_value():
    assert decimals_needed([2.0, 1.95]) == 2
    assert decimals_needed([220, 480, 760]) == 0
    assert decimals_needed([0.1 + 0.2]) == 1
    assert decimals_needed([1 / 3]) == 2


@pytest.mark.parametrize("date, end, language, text", [
    ("2023-07", None, "nl", "juli 2023"),
    ("2023-07", None, "en", "July 2023"),
    ("2024", None, "nl", "2024"),
    ("2023-07", "2023-08", "nl", "juli – augustus 2023"),
    ("2023-12", "2024-01", "en", "December 2023 – January 2024"),
    ("2023-07", "2023-08-15", "nl", "juli 2023 – 15 augustus 2023"),
    ("2023-11-28", "2023-11-29", "nl", "28–29 november 2023"),
])
def test_dates_at_the_precision_given(date, end, language, text):
    from builders.dates import PartialDate

    parsed = PartialDate.parse(date)
    assert format_range(parsed, end and PartialDate.parse(end), language) == text


def test_partial_dates_sort_by_first_then_last_day():
    from builders.dates import PartialDate

    dates = [PartialDate.parse(text) for text in ("2023-07-11", "2023", "2023-07", "2023-07-01")]
    assert [str(d) for d in sorted(dates)] == ["2023", "2023-07-01", "2023-07", "2023-07-11"]


def test_a_date_that_is_not_one_says_how_to_write_it():
    from builders.dates import PartialDate

    with pytest.raises(ValueError) as caught:
        PartialDate.parse("juli 2023")
    assert str(caught.value) == ("'juli 2023' is not a date; write a day (2023-11-28), a month "
                                 "(2023-07) or a year (2024)")
    with pytest.raises(ValueError) as caught:
        PartialDate.parse("2023-02-30")
    assert str(caught.value) == ("'2023-02-30' is not a date of the calendar; write a day "
                                 "(2023-11-28), a month (2023-07) or a year (2024)")


def test_key_dates_and_figures_from_outside_the_source_are_marked():
    from builders.labels import figure_source_line, key_date_when, outside_source_entries
    from builders.model import Briefing
    from tests.conftest import minimal_data

    data = minimal_data()
    data["key_dates"] = [{"date": "2023-07-11", "end": "2023-07-12", "label": "Top",
                          "outside_source": "nato.int"}, {"date": "2023-07", "label": "Plan"}]
    data["sessions"][0]["topics"][0]["figures"] = [
        {"id": "f", "kind": "bar", "title": "Uitgaven", "series": {"2024": 1},
         "source": "CBS", "outside_source": "cbs.nl"}]
    briefing = Briefing.model_validate(data)
    assert [key_date_when(item, "nl") for item in briefing.key_dates] == [
        "11–12 juli 2023*", "juli 2023"]
    figure = briefing.topics()[0].figures[0]
    assert figure_source_line(figure, briefing, "nl") == (
        "Bron: CBS; * niet uit de bron; herkomst: cbs.nl")
    assert outside_source_entries(briefing, "nl") == ["11–12 juli 2023*: nato.int",
                                                      "*Uitgaven: cbs.nl"]


def test_a_quote_citation_prints_the_page_found_and_keeps_the_rest_of_the_note():
    from builders.labels import quote_citation
    from builders.model import Briefing, Quote
    from tests.conftest import minimal_data

    briefing = Briefing.model_validate(minimal_data())
    cases = [(Quote(text="x", note="Kamerstuk 1, nr. 1, p. 4", page="4–5"),
              "Kamerstuk 1, nr. 1, p. 4–5"),
             (Quote(text="x", note="uit de brief", page="3"), "Kamerstuk 1, nr. 1, p. 3, uit de brief"),
             (Quote(text="x", page="2-3"), "Kamerstuk 1, nr. 1, p. 2–3"),
             (Quote(text="x", note="Kamerstuk 1, nr. 1"), "Kamerstuk 1, nr. 1")]
    assert [quote_citation(quote, briefing) for quote, _ in cases] == [text for _, text in cases]


def test_a_figure_naming_a_source_id_prints_its_citation():
    from builders.labels import figure_source_line
    from builders.model import Briefing
    from tests.conftest import minimal_data

    data = minimal_data()
    del data["source"]
    data["sources"] = [{"id": "brief", "title": "Brief", "citation": "Kamerstuk 1, nr. 1"}]
    data["sessions"][0]["topics"][0]["figures"] = [
        {"id": "f", "kind": "bar", "title": "Uitgaven", "series": {"2024": 1}, "source": "brief"}]
    briefing = Briefing.model_validate(data)
    figure = briefing.topics()[0].figures[0]
    assert figure_source_line(figure, briefing, "en") == "Source: Kamerstuk 1, nr. 1"


def test_meeting_facts_from_outside_the_source_carry_the_mark_and_their_origin():
    from builders.labels import meeting_fact, meeting_outside, outside_footnote
    from builders.model import Briefing
    from tests.conftest import minimal_data

    data = minimal_data()
    data["meeting"].update(place="Brussel", organisation="NAVO", participants="32 landen",
                           outside_source={"place": "nato.int", "end": "agenda"})
    meeting = Briefing.model_validate(data).meeting
    assert [meeting_fact(meeting, fact, "nl") for fact in
            ("organisation", "dates", "place", "participants")] == [
        "NAVO", "28–29 november 2023*", "Brussel*", "32 landen"]
    assert meeting_outside(meeting, "nl") == [("29 november 2023", "agenda"),
                                              ("Brussel", "nato.int")]
    assert meeting_outside(meeting, "en", ("place",)) == [("Brussel", "nato.int")]
    assert meeting_outside(meeting, "en", ("place",), named=True) == [("Place", "nato.int")]
    data["meeting"]["outside_source"] = {"start": "agenda", "end": "agenda"}
    meeting = Briefing.model_validate(data).meeting
    assert meeting_outside(meeting, "en") == [("28–29 November 2023", "agenda")]
    assert outside_footnote(meeting_outside(meeting, "en"), "en") == (
        "* Not from the source — 28–29 November 2023: agenda")
    assert meeting_outside(meeting, "nl", named=True) == [("Data", "agenda")]
    assert outside_footnote([], "nl") is None


def test_a_meeting_fact_that_is_not_a_field_is_refused_with_the_known_ones(write_briefing):
    from tests.conftest import minimal_data, problem_lines

    data = minimal_data()
    data["meeting"]["outside_source"] = {"plaats": "nato.int"}
    assert problem_lines(write_briefing(data)) == [
        "16:13: error: meeting.outside_source.plaats: 'plaats' is not allowed; use one of: "
        "organisation, place, start, end, participants"]
