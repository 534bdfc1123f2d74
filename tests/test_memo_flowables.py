"""builders/memo/flowables.py: paragraphs that hyphenate by the memo's rules."""

from __future__ import annotations

import pytest

from builders.fonts import register_memo_fonts
from builders.loader import load_theme
from builders.memo import flowables
from builders.memo.flowables import Para, line_texts, protected_words
from builders.memo.styles import build_styles

COMPOUNDS = ("veiligheidsarrangementen bondgenootschappelijke interoperabiliteit "
             "defensieproductiecapaciteit hervormingsinspanningen ") * 6


@pytest.fixture(scope="module")
def styles():
    theme = load_theme("default")
    return build_styles(theme, register_memo_fonts(theme), "nl")


def lines(styles, text: str, width: float, style: str = "body") -> list[str]:
    para = Para(text, getattr(styles, style))
    para.wrap(width, 1e6)
    return line_texts(para.blPara)


def longest_hyphen_run(texts: list[str]) -> int:
    run = best = 0
    for text in texts[:-1]:
        run = run + 1 if text.endswith("-") else 0
        best = max(best, run)
    return best


def test_no_more_than_two_lines_in_a_row_end_in_a_hyphen(styles, monkeypatch):
    widths = range(160, 420, 13)  # every word fits a line: none must break
    assert all(longest_hyphen_run(lines(styles, COMPOUNDS, width)) <= 2 for width in widths)
    monkeypatch.setattr(flowables, "MAX_HYPHENS_IN_A_ROW", 99)
    assert any(longest_hyphen_run(lines(styles, COMPOUNDS, width)) > 2 for width in widths)


def test_the_last_line_is_never_the_tail_of_a_hyphenated_word(styles):
    for width in range(100, 200, 3):
        texts = lines(styles, "de Oekraïense steun en de financiële hulp voor Oekraïense", width)
        assert not (len(texts) > 1 and texts[-2].endswith("-") and " " not in texts[-1]), texts


def test_a_word_wider_than_a_cell_breaks_with_hyphens_and_fits(styles):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    texts = lines(styles, "ochtendvergadering", 50, "cell")
    assert len(texts) > 1 and all(text.endswith("-") for text in texts[:-1]), texts
    url = "https://www.rijksoverheid.nl/documenten/kamerstukken/2023/11/20/geannoteerde-agenda"
    for width in (60, 90, 140):
        texts = lines(styles, f"zie {url} hier", width, "cell")
        assert all(stringWidth(text, styles.cell.fontName, styles.cell.fontSize) <= width + 0.5
                   for text in texts), texts
        assert "".join(texts).replace(" ", "") == f"zie{url}hier", texts  # nothing added


def test_cells_hyphenate_only_words_that_do_not_fit_at_all(styles):
    texts = lines(styles, "Defensie-uitgaven en defensie-industrie van het bondgenootschap", 80, "cell")
    assert not any(text.endswith("-") and not text.endswith("defensie-") for text in texts), texts


def test_names_and_dutch_italic_phrases_are_kept_whole():
    markup = "Het <i>burden sharing</i> en de Annual National Programme van Oekraïense steun"
    nl = protected_words(markup, "nl")
    assert {"burden", "sharing", "Annual", "National", "Programme"} <= nl
    assert "Oekraïense" not in nl
    assert "sharing" not in protected_words(markup, "en")


def test_a_kept_group_that_moves_to_the_next_page_moves_as_one_group(styles):
    """A figure waiting for the next page's top is placed before what comes next: the
    heading and the list it introduces must reach that page as one group, not as loose
    parts the figure could come between."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.doctemplate import _FrameBreak

    heading = flowables.Heading("Spreekpunten", styles.h3, "", 3, "Spreekpunten")
    point = Para("1. " + COMPOUNDS, styles.body)
    for group in (flowables.KeepWithNext([heading, point]), flowables.Together([heading, point])):
        group.canv = Canvas(BytesIO())
        group.wrap(400, 20)
        parts = group.split(400, 20)
        assert isinstance(parts[0], _FrameBreak)
        assert len(parts) == 2 and type(parts[1]) is type(group)
        assert parts[1]._content == [heading, point]
