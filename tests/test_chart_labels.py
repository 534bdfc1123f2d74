"""The chart label rules as data (builders/chart_labels.py), shared by memo and slides."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from builders import chart_labels as rules
from builders.chart_labels import MINUS, Extent, number_style
from builders.figure_text import describe_figure
from builders.model import Figure
from tests.chart_data import BIG, LONG_LINE, LONG_NAMES, TINY, YEARS


def width_of(text: str) -> float:
    """A stand-in for font metrics: 5 points a character."""
    return 5.0 * len(text)


def texts(values, language="nl"):
    style = number_style(values, language)
    return [style.text(value).replace("\u00a0", " ") for value in values]


# ------------------------------------------------------------------ numbers


def test_large_values_are_written_in_a_readable_scale_with_their_sign():
    values = list(BIG.values()) + [10000000000]
    assert texts(values, "nl") == ["12,5 mld", f"{MINUS}1,5 mld", "8,0 mld", "10,0 mld"]
    assert texts(values, "en") == ["12.5 bn", f"{MINUS}1.5 bn", "8.0 bn", "10.0 bn"]
    assert number_style(values, "nl").unit("euro") == "mld euro"
    assert number_style(values, "en").unit("euro") == "bn euro"
    assert number_style(values, "nl").spoken(12500000000) == "12,5 miljard"
    assert texts([2500000, 750000], "en") == ["2.50 m", "0.75 m"]


def test_small_values_keep_their_differences():
    assert texts(list(TINY.values()), "nl") == ["0,0010", "0,0040", "0,0049"]
    assert texts([0.001, 0.004], "nl") == ["0,001", "0,004"]
    assert texts([5.0, 0.0001], "en") == ["5.0000", "0.0001"]


def test_ordinary_values_are_written_as_typed():
    assert texts([1.95, 1.93, 2.0]) == ["1,95", "1,93", "2,00"]
    assert texts([220, 480, 760, 1000], "en") == ["220", "480", "760", "1,000"]
    assert texts([-0.2, 5.0]) == [f"{MINUS}0,2", "5,0"]
    assert texts([1 / 3], "en") == ["0.333"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False,
                          allow_infinity=False), min_size=1, max_size=12),
       st.sampled_from(["nl", "en"]))
def test_every_chart_prints_different_values_differently_and_never_drops_a_sign(values, language):
    style = number_style(values, language)
    printed = {value: style.text(value) for value in values}
    finest = 10 ** -rules.MAX_DECIMALS * style.divisor    # the smallest step a chart prints
    for a in values:
        for b in values:
            if abs(a - b) > 2 * finest:
                assert printed[a] != printed[b], (a, b, printed[a])
    thousands, decimal = rules.SEPARATORS[language]
    for value, text in printed.items():
        number = text.split("\u00a0")[0]
        parsed = float(number.replace(MINUS, "-").replace(thousands, "").replace(decimal, "."))
        assert parsed * style.divisor == pytest.approx(
            value, abs=0.5 * 10 ** -style.decimals * style.divisor + 1e-9)
        if value < 0 and parsed != 0:
            assert text.startswith(MINUS)
        if abs(value) >= finest:
            assert parsed != 0, (value, text)
        assert not text.startswith(MINUS + "0") or parsed != 0


def test_the_spreadsheet_format_scales_and_signs_as_the_memo_does():
    style = number_style(list(BIG.values()), "nl")
    assert style.excel_format() == (
        '#,##0.0,,,"\u00a0mld";"−"#,##0.0,,,"\u00a0mld";#,##0.0,,,"\u00a0mld"')
    assert number_style([1.95], "nl").excel_format() == '#,##0.00;"−"#,##0.00;#,##0.00'


# ------------------------------------------------------------ value labels


def test_a_value_label_goes_inside_only_when_it_fits_both_ways():
    label = Extent(30, 10)
    assert rules.label_fits_inside(Extent(40, 20), label, 2)
    assert not rules.label_fits_inside(Extent(31, 20), label, 2)     # too narrow
    assert not rules.label_fits_inside(Extent(40, 12), label, 2)     # too short
    assert not rules.needs_legend(1) and rules.needs_legend(2)


# --------------------------------------------------------------- categories


def test_many_long_categories_become_horizontal_bars_with_whole_names():
    names = list(LONG_NAMES)
    layout = rules.bar_categories(names, 450, width_of, 4, 20)
    assert layout.horizontal
    assert layout.label_width <= 450 * rules.ROW_LABEL_SHARE
    unbroken = rules.bar_categories(names, 450, width_of, 4, 20, row_lines=None)
    for name, lines in zip(names, unbroken.lines):
        assert " ".join(lines) == name
        assert all(width_of(line) <= unbroken.label_width for line in lines)


def test_few_short_categories_stay_columns_with_wrapped_names():
    layout = rules.bar_categories(["Landmacht", "Marine", "Lucht macht"], 300, width_of, 4, 20)
    assert not layout.horizontal
    assert all(width_of(line) <= 96 for lines in layout.lines for line in lines)
    wide_value = rules.bar_categories(["A", "B", "C"], 300, width_of, 4, 120)
    assert wide_value.horizontal              # a value label wider than its slot


def test_break_lines_keeps_every_character_of_an_unbreakable_word():
    word = '=HYPERLINK("https://example.org/x","klik")'
    lines = rules.break_lines(word, 60, width_of)
    assert "".join(lines) == word and all(width_of(line) <= 60 for line in lines)


@pytest.mark.parametrize("names", [list(LONG_LINE), [f"Q{n} 2025" for n in range(1, 41)],
                                   list(YEARS)])
def test_names_under_a_line_never_touch_and_keep_first_and_last(names):
    width = 400
    xs = rules.point_positions(names, width)
    layout = rules.line_categories(names, xs, width, width_of, 6)
    spans = [(centre - max(map(width_of, lines)) / 2, centre + max(map(width_of, lines)) / 2)
             for centre, lines, shown in zip(layout.centres, layout.lines, layout.shown) if shown]
    assert layout.shown[0] and layout.shown[-1]
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:]))
    assert all(0 <= left and right <= width for left, right in spans)
    assert all(len(lines) <= rules.MAX_COLUMN_LINES for lines in layout.lines)


def test_years_sit_in_proportion_other_categories_evenly():
    xs = rules.point_positions(list(YEARS), 400)          # 2014, 2020, 2023, 2024
    assert (xs[1] - xs[0]) / (xs[3] - xs[2]) == pytest.approx(6)
    assert (xs[2] - xs[1]) / (xs[3] - xs[2]) == pytest.approx(3)
    even = rules.point_positions(["a", "b", "c"], 300)
    assert even == pytest.approx((50, 150, 250))
    assert rules.year_positions(["2024", "2020"]) is None      # not in order: categories
    assert rules.year_positions(["Q1 2024", "Q2 2024"]) is None


def test_crowded_point_labels_keep_first_last_highest_lowest_apart():
    values = [float((n * 13) % 40) for n in range(40)]
    xs = [10.0 * n for n in range(40)]
    widths = [20.0] * 40
    shown = rules.labelled_points(xs, widths, values, 2)
    chosen = [n for n in range(40) if shown[n]]
    assert 0 in chosen and 39 in chosen
    assert values.index(max(values)) in chosen or any(
        abs(xs[n] - xs[values.index(max(values))]) < 22 for n in chosen)
    assert all(xs[b] - xs[a] >= 22 for a, b in zip(chosen, chosen[1:]))
    assert rules.labelled_points([0, 50, 100], [20] * 3, [1, 2, 3], 2) == (True,) * 3


def test_a_dip_is_labelled_below_a_peak_above():
    values = [1, 5, 2, 6]
    assert [rules.label_above(values, n) for n in range(4)] == [False, True, False, True]


# -------------------------------------------------------------- alt text


def test_the_description_says_kind_values_extremes_and_target_in_the_chart_scale():
    figure = Figure(id="g", kind="bar", title="Investeringen", unit="euro", series=BIG,
                    target={"label": "Plafond", "value": 10000000000})
    assert describe_figure(figure, "nl") == (
        "Staafdiagram: Investeringen. 2022: 12,5 miljard euro; 2023: −1,5 miljard euro; "
        "2024: 8,0 miljard euro. Hoogste waarde 12,5 miljard euro (2022), laagste −1,5 "
        "miljard euro (2023). Plafond: 10,0 miljard euro; 1 van de 3 waarden ligt op of "
        "boven dit niveau.")
    line = Figure(id="l", kind="line", title="Uitgaven", unit="% bbp", series=YEARS,
                  target={"label": "NAVO-norm", "value": 2.0})
    assert describe_figure(line, "en") == (
        "Line chart: Uitgaven. 2014: 1.15 % bbp; 2020: 1.40 % bbp; 2023: 1.62 % bbp; "
        "2024: 2.05 % bbp. From 1.15 % bbp in 2014 to 2.05 % bbp in 2024. NAVO-norm: "
        "2.00 % bbp; 1 of the 4 values is at or above it.")


def test_speaker_notes_read_the_values_without_announcing_the_chart_again():
    from builders.figure_text import describe_values
    figure = Figure(id="t", kind="bar", title="Uitval", series=TINY)
    assert describe_values(figure, "nl") == (
        "Noord: 0,0010; Midden: 0,0040; Zuid: 0,0049. Hoogste waarde 0,0049 (Zuid), "
        "laagste 0,0010 (Noord).")
    assert describe_figure(figure, "nl") == "Staafdiagram: Uitval. " + describe_values(figure, "nl")


def test_a_long_series_is_summarised_not_read_out():
    figure = Figure(id="v", kind="bar", title="Posten", series=LONG_NAMES)
    text = describe_figure(figure, "en")
    assert text.startswith("Bar chart: Posten. 40 categories, from Categorie 01")
    assert "Highest value 94 (Categorie 17" in text and "lowest 8 (Categorie 39" in text
    assert text.count("Categorie") == 4
    tiny = Figure(id="t", kind="bar", title="Uitval", series=TINY)
    assert "Noord: 0,0010; Midden: 0,0040; Zuid: 0,0049." in describe_figure(tiny, "nl")
