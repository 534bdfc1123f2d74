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
