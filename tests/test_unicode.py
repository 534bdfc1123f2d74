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
    text = deck_text(outputs[deck]).replace("\u00a0", " ")  # "€ 2,5 mld" is bound on slides
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


# ---------------------------------------------------------------- issue 13: trust, round 2

def messages_of(path) -> list[str]:
    """The errors (not the warnings) loading the briefing finds."""
    with pytest.raises(BriefingError) as caught:
        load(path)
    return [problem.message for problem in caught.value.problems if problem.severity == "error"]


@pytest.mark.parametrize("field, value, name", [
    (("classification",), "ONGERUBRICEERD\u3000INTERN", "'\\u3000' (U+3000 IDEOGRAPHIC SPACE)"),
    (("meeting", "short"), "NAVO\u1680RBZ", "'\\u1680' (U+1680 OGHAM SPACE MARK)"),
    (("meeting", "title"), "Raad\u3000van ministers", "'\\u3000' (U+3000 IDEOGRAPHIC SPACE)"),
])
def test_a_space_the_page_furniture_draws_needs_its_glyph(write_briefing, field, value, name):
    """The marking and the running title are drawn character by character: a space the
    font lacks prints as a box on every page. (Noto Sans has the thin and em spaces and
    the line separator; it lacks these two, as do its fallbacks.)"""
    data = minimal_data()
    data[field[0]] = value if len(field) == 1 else {**data[field[0]], field[1]: value}
    path = write_briefing(data)
    where = ".".join(field)
    assert messages_of(path) == [
        f"{where}: no font of theme 'default' can show {name}; replace the character or "
        "add a fallback font to the theme"]


def test_spaces_a_paragraph_breaks_at_are_not_drawn_so_need_no_glyph(write_briefing):
    data = minimal_data()
    data["sessions"][0]["topics"][0]["key_messages"] = ["Een\u3000brede\u1680spatie."]
    load(write_briefing(data))


def test_the_marking_is_checked_in_capitals(write_briefing):
    """"ↄ" is in the fonts, its capital "Ↄ" is not: the marking prints capitals."""
    data = minimal_data()
    data["classification"] = "Geheim ↄ"
    assert messages_of(write_briefing(data)) == [
        "classification: no font of theme 'default' can show 'Ↄ' (U+2183 ROMAN NUMERAL "
        "REVERSED ONE HUNDRED); replace the character or add a fallback font to the theme"]


def test_decomposed_names_are_composed_on_load(write_briefing, tmp_path):
    data = minimal_data()
    data["meeting"]["title"] = "Overleg met Vuc\u030cic\u0301"
    data["sessions"][0]["topics"][0]["key_messages"] = ["Đukanovic\u0301 zegt ja."]
    loaded = load(write_briefing(data))
    assert loaded.briefing.meeting.title == "Overleg met Vučić"
    assert loaded.briefing.topics()[0].key_messages == ("Đukanović zegt ja.",)
    memo = render_outputs(loaded, parallel=False)["memo.pdf"]
    text = pdf_text(memo, tmp_path)
    assert "Vučić" in text and "\u030c" not in text and "\u0301" not in text


@pytest.mark.parametrize("value", ["   ", "\u00a0", " \u00a0 \u2009", "\u200b", "\u0301",
                                   "\u00ad", "\t"])
@pytest.mark.parametrize("field", [("classification",), ("meeting", "short"),
                                   ("memo", "subject"), ("sessions", 0, "title")])
def test_a_required_text_of_only_spaces_or_invisible_characters_is_refused(
        write_briefing, field, value):
    data = minimal_data()
    target = data
    for part in field[:-1]:
        target = target[part]
    target[field[-1]] = value
    path = write_briefing(data)
    where = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                    for i, p in enumerate(field))
    assert messages_of(path) == [
        f"{where}: has no visible text, only spaces or invisible characters; write the text "
        "or remove the field"]


def test_a_quote_copied_from_a_decomposed_source_is_still_found(write_briefing, tmp_path):
    """Text extracted from a PDF is often decomposed (NFD); the briefing is read as NFC."""
    (tmp_path / "bron.txt").write_text("De heer Vuc\u030cic\u0301 sprak met de minister.\n",
                                       encoding="utf-8")
    data = minimal_data()
    data["source"]["file"] = "bron.txt"
    data["sessions"][0]["topics"][0]["quotes"] = [
        {"text": "De heer Vuc\u030cic\u0301 sprak met de minister."}]
    loaded = load(write_briefing(data))
    assert loaded.briefing.topics()[0].quotes[0].text == "De heer Vučić sprak met de minister."
