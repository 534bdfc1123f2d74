"""Text measuring and wrapping for slides (builders.deck.measure)."""

from __future__ import annotations

from builders.deck.measure import Run, join_lines, plain, run_width, text_width, wrap, words


def test_helvetica_widths_stand_for_arial():
    assert text_width("M", 10) == 8.33
    assert text_width("Mm", 20) == 2 * (text_width("M", 10) + text_width("m", 10))


def test_bold_is_wider_and_wide_characters_count_a_full_em():
    assert text_width("Oekraïne", 22, bold=True) > text_width("Oekraïne", 22)
    assert text_width("中文", 20) == 40


def test_words_keep_their_styles():
    runs = (Run("een "), Run("vet woord", bold=True), Run(" daarna"))
    assert [plain(word) for word in words(runs)] == ["een", "vet", "woord", "daarna"]
    assert words(runs)[1] == (Run("vet", bold=True),)


def test_wrapped_lines_fit_and_keep_every_word_in_order():
    text = " ".join(f"woord{i}" for i in range(60))
    lines = wrap((Run(text),), 400, 22)
    assert len(lines) > 3
    assert all(run_width(line, 22) <= 400 for line in lines)
    assert plain(join_lines(lines)) == text


def test_a_word_longer_than_the_line_is_cut_into_pieces_that_fit():
    url = "https://example.org/" + "a" * 200
    lines = wrap((Run(url),), 300, 18)
    assert all(run_width(line, 18) <= 300 for line in lines)
    assert "".join(plain(line) for line in lines) == url


def test_styles_and_links_survive_wrapping():
    runs = (Run("lees "), Run("de hele brief", url="https://example.org"), Run(" nu"))
    lines = wrap(runs, 90, 18)
    joined = join_lines(lines)
    assert plain(joined) == "lees de hele brief nu"
    assert Run("de hele brief", url="https://example.org") in joined


def test_empty_text_is_one_empty_line():
    assert wrap((), 100, 18) == [()]


from hypothesis import given, settings
from hypothesis import strategies as st

from builders.deck.measure import _wrap_runs, wrap_text

_WORDS = st.sampled_from(["de", "NAVO", "Oekraïne", "ministers", "—", "12,5", "bn",
                          "https://www.example.org/a/very/long/address/that/goes/on",
                          "Noord-Atlantische", "北约", "x", "", " "])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS, max_size=40), bold=st.booleans(), italic=st.booleans(),
       url=st.sampled_from([None, "https://nato.int"]), width=st.floats(8, 900),
       size=st.sampled_from([10.0, 14.0, 18.0, 24.0, 31.5]),
       font=st.sampled_from(["Helvetica", "Times-Roman"]))
def test_one_run_is_wrapped_as_the_general_breaker_wraps_it(words, bold, italic, url, width,
                                                            size, font):
    """The single-run path (nearly every text the planner wraps) gives the lines of the
    general one: the same widths summed in the same order, long words split by it."""
    runs = (Run(" ".join(words), bold, italic, url),)
    assert wrap_text(runs, width, size, font) == _wrap_runs(runs, width, size, font)
