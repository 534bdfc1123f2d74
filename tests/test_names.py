"""Official names (builders/names.py, builders/official_names.yaml)."""

from __future__ import annotations

from builders.names import misspelled, official_names


def test_one_word_spelled_otherwise_is_found_as_written():
    assert misspelled("de Defense Investment Pledge (DIP)", "Defence Investment Pledge") == (
        "Defense Investment Pledge")


def test_the_official_spelling_and_other_words_are_not_misspellings():
    assert misspelled("de Defence Investment Pledge", "Defence Investment Pledge") is None
    assert misspelled("de brief spelt “Defense”", "Defence Investment Pledge") is None
    assert misspelled("Defence Industrial Pledge", "Defence Investment Pledge") is None


def test_the_american_spelling_is_official_where_its_owner_uses_it():
    assert misspelled("Ukraine Defence Contact Group", "Ukraine Defense Contact Group") == (
        "Ukraine Defence Contact Group")


def test_every_official_name_says_who_spells_it_so_and_where():
    assert all(set(entry) == {"name", "by", "where"} and all(entry.values())
               for entry in official_names())
