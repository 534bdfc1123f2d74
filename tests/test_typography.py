"""builders/typography.py: where lines may not break, where words may, which quotes nest."""

from __future__ import annotations

import pytest

from builders.typography import (NBSP, Hyphenator, after_break, bind, name_words,
                                 nest_quotes)


def shown(text: str) -> str:
    return text.replace(NBSP, "~")


@pytest.mark.parametrize("language, text, expected", [
    ("nl", "op 28 november 2023", "op 28~november 2023"),
    ("nl", "van 9 tot en met 11 juli", "van 9~tot~en~met~11~juli"),
    ("nl", "op 28 en 29 oktober", "op 28~en~29~oktober"),
    ("nl", "van 9 – 11 juli", "van 9~–~11~juli"),
    ("nl", "Kamerstuk 28 676, nr. 175, p. 3", "Kamerstuk~28~676, nr.~175, p.~3"),
    ("nl", "€ 40 miljoen en 2 procent, 40 %", "€~40~miljoen en 2~procent, 40~%"),
    ("en", "on 20 April and April 21", "on 20~April and April~21"),
    ("en", "Papers 99 999, no. 1, p. 1", "Papers~99~999, no.~1, p.~1"),
    ("en", "Ms Ana Đukanović", "Ms~Ana Đukanović"),
])
def test_bind_keeps_together_what_belongs_together(language, text, expected):
    assert shown(bind(text, language)) == expected


def test_bind_leaves_other_spaces_alone():
    text = "bijna 30 andere landen en 31 bondgenoten in 2024"
    assert bind(text, "nl") == text
    assert bind("April 20", "nl") == "April 20"  # the English order is not Dutch


def test_dutch_hyphenation_follows_the_dutch_rules():
    nl = Hyphenator("nl")
    assert [head for head, _ in nl("Oekraïense")] == ["Oekra"]  # never "Oek-raïense"
    assert list(nl("Japan")) == [] and list(nl("laten")) == []  # too short
    assert list(nl("NAVO")) == [] and list(nl("aANP")) == []  # capitals
    assert list(nl("2023")) == []
    assert ("defensie-", "industrie") in list(nl("defensie-industrie"))  # a hard hyphen
    assert ("NAVO-", "lidmaatschap") not in list(nl("NAVO-lidmaatschap"))  # not after capitals
    assert ("NAVO-lid", "maatschap") in list(nl("NAVO-lidmaatschap"))
    assert all(len(head) >= 2 and len(tail) >= 3 for head, tail in nl("interoperabiliteit"))


def test_english_hyphenation_breaks_at_morphemes():
    en = Hyphenator("en")
    assert ("minim", "um") not in list(en("minimum"))
    assert ("re-ex", "ported") in list(en("re-exported"))
    assert ("re-expor", "ted") not in list(en("re-exported"))


def test_protected_words_break_only_at_their_hyphens():
    nl = Hyphenator("nl").with_protected({"National", "Deur-beleid"})
    assert list(nl("National")) == []
    assert list(nl("Deur-beleid")) == [("Deur-", "beleid")]


def test_dutch_drops_the_trema_after_a_break_and_english_keeps_it():
    assert after_break("ïense", "nl") == "iense"
    assert after_break("ële", "nl") == "ele"
    assert after_break("ïve", "en") == "ïve"
    assert after_break("raïense", "nl") == "raïense"


def test_runs_of_capitalised_words_are_names():
    names = name_words("Oekraïne presenteert zijn Annual National Programme (aANP) en de "
                       "Oekraïense steun.")
    assert {"Annual", "National", "Programme"} <= names
    assert "Oekraïense" not in names and "Oekraïne" not in names


@pytest.mark.parametrize("text, depth, expected", [
    ("Zij zei: “het “is” zo”", 0, "Zij zei: “het ‘is’ zo”"),
    ("het “is” zo", 1, "het ‘is’ zo"),
    ("het ‘is’ zo", 1, "het ‘is’ zo"),
    ("‘nee’ is ‘nee’", 0, "‘nee’ is ‘nee’"),
    ("a “b “c” d” e", 1, "a ‘b “c” d’ e"),
    ("the ‘big ‘small’ thing’", 0, "the ‘big “small” thing’"),
    ("print('x') and \"y\"", 1, "print('x') and \"y\""),
    ("“China’s rol, de Members’ states”", 1, "‘China’s rol, de Members’ states’"),
])
def test_quotation_marks_alternate_when_nested(text, depth, expected):
    assert nest_quotes(text, depth) == expected
