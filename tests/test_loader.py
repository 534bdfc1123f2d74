"""The loader (builders/loader.py): what every output reads is decided once, here."""

from __future__ import annotations

from builders.build import render_outputs
from builders.loader import load
from tests.conftest import minimal_data
from tests.test_hostile import deck_text, pdf_text

KEY_DATES = [
    {"date": "2024-07-09", "end": "2024-07-11", "label": "Top in Washington"},
    {"date": "2023-12-14", "label": "Europese Raad"},
    {"date": "2024-07-09", "label": "Voorbereidend overleg"},
    {"date": "2024-02-15", "label": "Defensieministers"},
]
ORDER = ["Europese Raad", "Defensieministers", "Voorbereidend overleg", "Top in Washington"]


def test_key_dates_are_in_date_order_in_the_memo_and_in_the_decks(write_briefing, tmp_path):
    data = minimal_data()
    data["key_dates"] = KEY_DATES
    loaded = load(write_briefing(data))
    assert [d.label for d in loaded.briefing.key_dates] == ORDER
    files = render_outputs(loaded, parallel=False)
    memo = pdf_text(files["memo.pdf"], tmp_path)
    deck = deck_text(files["deck.pptx"])
    assert [label for label in sorted(ORDER, key=memo.index)] == ORDER
    assert [label for label in sorted(ORDER, key=deck.index)] == ORDER


def test_problems_point_at_key_dates_as_the_file_orders_them(write_briefing):
    import pytest

    from builders.errors import BriefingError

    data = minimal_data()
    data["key_dates"] = KEY_DATES + [{"date": "2023-01-05", "end": "2023-01-01", "label": "X"}]
    path = write_briefing(data)
    with pytest.raises(BriefingError) as caught:
        load(path)
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.message == ("key_dates[4].end: end 2023-01-01 is before date 2023-01-05; "
                               "swap them or correct the date")


CHECK_IMPORTS = """
import sys
from builders.loader import load
load(sys.argv[1])
print(sorted(name for name in ("pptx", "builders.deck", "builders.memo", "reportlab.platypus")
             if name in sys.modules))
"""


def test_checking_a_theme_without_template_or_deck_logo_leaves_the_deck_modules_out():
    """The deck's theme check opens a template or a deck logo; a theme with neither (the
    shipped one) is loaded without importing python-pptx or the deck's modules. A theme
    that has one is still checked (tests/test_deck_master.py, test_deck_template.py)."""
    import subprocess
    import sys

    from tests.conftest import ROOT, SHIPPED

    result = subprocess.run([sys.executable, "-c", CHECK_IMPORTS, str(SHIPPED)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
