"""Unicode: Latin Extended-A, Greek and Cyrillic names, curly quotes, € and ≥ print in the memo and the
decks; a character that no configured font has is a located error that names it."""

from __future__ import annotations

import pytest

from builders.build import render_outputs
from builders.errors import BriefingError
from builders.fonts import font_coverage
from builders.loader import load
from tests.conftest import ENGLISH, minimal_data
from tests.test_hostile import deck_text, pdf_text, pypdf_text

WORDS = ["Vučić", "Đukanović", "“Ja”", "‘nee’", "€ 2,5 mld", "≥ 2%", "Łódź", "Šefčovič",
         "Øresund", "Œuvre", "Ŵales", "Київ", "Αθήνα", "Ελλάδα", "Україна", "Ђорђе"]


def unicode_briefing() -> dict:
    data = minimal_data()
    data["meeting"]["title"] = "Overleg met Vučić en Đukanović"
    data["memo"]["subject"] = "Gesprek met “Đukanović” over € en ≥"
    data["footnotes"] = {"bron": "Volgens Šefčovič: ‘nee’ en Łódź."}
    topic = data["sessions"][0]["topics"][0]
    topic["title"] = "Vučić ≥ Đukanović in Київ"
    topic["key_messages"] = [f"Woorden: {' · '.join(WORDS)}[^bron]", "Uitgaven ≥ 2% bbp, € 2,5 mld."]
    topic["speaking_points"] = ["Ik dank de heer Vučić en mevrouw Đukanović."]
    topic["position"] = ("Het kabinet zegt: “Ja”, niet ‘nee’. Øresund en Œuvre, Ŵales.\n\n"
                         "In elke stijl: *Україна, Ελλάδα*, **Ђорђе in Αθήνα**, ***Київ***.")
    return data


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    import yaml

    directory = tmp_path_factory.mktemp("unicode")
    path = directory / "briefing.yaml"
    path.write_text(yaml.safe_dump(unicode_briefing(), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    loaded = load(path)
    return loaded, render_outputs(loaded)


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    loaded = load(ENGLISH)
    return loaded, render_outputs(loaded)


def test_the_memo_fonts_cover_every_character_used(rendered):
    loaded, _ = rendered
    coverage = font_coverage(loaded.theme)
    assert [c for c in "".join(WORDS) if not c.isspace() and ord(c) not in coverage] == []


@pytest.mark.parametrize("word", WORDS)
def test_the_memo_prints_the_word(rendered, tmp_path, word):
    _, outputs = rendered
    assert word in pdf_text(outputs["memo.pdf"], tmp_path).replace("\u00ad", "")


def test_pypdf_reads_the_names_too(rendered):
    _, outputs = rendered
    text = pypdf_text(outputs["memo.pdf"])
    assert "Vučić" in text and "Đukanović" in text and "€" in text and "≥" in text


@pytest.mark.parametrize("deck", ["deck.pptx", "sessions/1-sessie-1.pptx"])
def test_the_decks_print_every_word(rendered, deck):
    _, outputs = rendered
    text = deck_text(outputs[deck])
    assert [word for word in WORDS if word not in text] == []
    assert "Ik dank de heer Vučić en mevrouw Đukanović." in text  # the speaker notes


def test_the_english_briefing_prints_its_names_and_signs(english, tmp_path):
    _, outputs = english
    memo = pdf_text(outputs["memo.pdf"], tmp_path)
    deck = deck_text(outputs["deck.pptx"])
    for word in ("Vučić", "Đukanović", "€", "≥", "“", "”"):
        assert word in memo, f"{word} missing from the memo"
        assert word in deck, f"{word} missing from the deck"


def test_the_memo_embeds_the_fonts_it_uses(rendered):
    _, outputs = rendered
    memo = outputs["memo.pdf"]
    assert b"/FontFile2" in memo  # TrueType embedded, not a base-14 substitute


@pytest.mark.parametrize("where, char, name", [
    ("title", "ᚠ", "'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)"),
    ("title", "𝄞", "'𝄞' (U+1D11E MUSICAL SYMBOL G CLEF)"),
    ("key_messages", "😀", "'😀' (U+1F600 GRINNING FACE)"),
    ("position", "中", "'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D)"),
    ("speaking_points", "\U000E0041", "'\\U000e0041' (U+E0041 TAG LATIN CAPITAL LETTER A)"),
    ("background", "Ա", "'Ա' (U+0531 ARMENIAN CAPITAL LETTER AYB)"),
])
def test_a_character_no_font_has_is_a_located_error_naming_it(write_briefing, where, char, name):
    data = minimal_data()
    topic = data["sessions"][0]["topics"][0]
    value = f"Tekst {char} hier"
    topic[where] = [value] if where in ("key_messages", "speaking_points") else value
    path = write_briefing(data)
    with pytest.raises(BriefingError) as caught:
        load(path)
    (problem,) = caught.value.problems
    field = f"sessions[0].topics[0].{where}" + ("[0]" if isinstance(topic[where], list) else "")
    assert problem.message == (f"{field}: no font of theme 'default' can show {name}; "
                               "replace the character or add a fallback font to the theme")
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert "Tekst" in line, "the error points at the line of the text"
    assert line[problem.column - 1:].startswith(("Tekst", "- Tekst")), line


def test_several_missing_characters_in_one_string_are_named_together(write_briefing):
    data = minimal_data()
    data["glossary"]["ᛗ"] = "runen ᚱ"
    path = write_briefing(data)
    with pytest.raises(BriefingError) as caught:
        load(path)
    messages = [problem.message for problem in caught.value.problems]
    assert messages == [
        "glossary.ᛗ: no font of theme 'default' can show 'ᛗ' (U+16D7 RUNIC LETTER MANNAZ MAN M); "
        "replace the character or add a fallback font to the theme",
        "glossary.ᛗ: no font of theme 'default' can show 'ᚱ' (U+16B1 RUNIC LETTER RAIDO RAD "
        "REID R); replace the character or add a fallback font to the theme",
    ]
