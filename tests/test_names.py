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


# ------------------------------------------------------------- one name, one spelling

import pytest  # noqa: E402

from builders.names import same_name  # noqa: E402
from tests.conftest import minimal_data, problem_lines  # noqa: E402


@pytest.mark.parametrize("ours, theirs", [
    ("Stoltenburg", "Stoltenberg"), ("Zelenskyy", "Zelensky"), ("Defense", "Defence"),
    ("Oekraine", "Oekraïne"), ("Noordatlantische", "Noord-Atlantische"),
    ("Noord-atlantische", "Noord-Atlantische"), ("Navo", "NAVO"), ("Rusland", "Russland"),
])
def test_one_name_spelt_two_ways(ours, theirs):
    assert same_name(ours, theirs)


@pytest.mark.parametrize("ours, theirs", [
    ("Servië", "Serviër"), ("Israël", "Israëls"), ("Nederland", "Nederlandse"),
    ("Europese", "Europees"), ("Chinese", "Chinees"), ("Russische", "Russisch"),
    ("Oekraïne", "Oekraïense"), ("Irak", "Iran"), ("Austria", "Australia"),
    ("Slovakia", "Slovenia"), ("Kosovo", "Kosovaarse"), ("Brussel", "Brussels"),
    ("Zweden", "Zweeds"), ("Stoltenberg", "Stoltenberg"), ("MINISTER", "Minister"),
    ("BUITENLANDSE", "Buitenlandse"),
])
def test_inflection_short_names_and_distinct_names_are_not_one_name(ours, theirs):
    assert not same_name(ours, theirs)


NAMES_SOURCE = ("Secretaris-generaal Jens Stoltenberg sprak met president Zelensky over het "
                "Defence Production Action Plan. Verdere steun volgt. Het Ukraine Defense "
                "Contact Group komt bijeen.\n")


def name_lines(write_briefing, *messages: str, **fields) -> list[str]:
    data = minimal_data()
    data["source"]["file"] = "bron.txt"
    data["sessions"][0]["topics"][0].update(key_messages=list(messages), **fields)
    path = write_briefing(data)
    (path.parent / "bron.txt").write_text(NAMES_SOURCE, encoding="utf-8")
    return [line for line in problem_lines(path) if "write the name one way" in line]


def test_a_name_spelt_otherwise_than_in_the_source_warns_at_the_deviant_text(write_briefing):
    lines = name_lines(write_briefing, "Wij spreken met Stoltenburg.",
                       "Verder steunen wij president Zelensky.")
    assert lines == [
        "29:7: warning: sessions[0].topics[0].key_messages[0]: 'Stoltenburg' is written "
        "'Stoltenberg' elsewhere (bron.txt, p. 1); write the name one way (a quote keeps the "
        "source's spelling)"]


def test_the_form_used_less_in_the_briefing_is_the_one_named(write_briefing):
    lines = name_lines(write_briefing, "Minister Kaljurand spreekt.", "Minister Kaljurand "
                       "komt.", "Dan spreekt Kaljurant.")
    assert lines == [
        "31:7: warning: sessions[0].topics[0].key_messages[2]: 'Kaljurant' is written "
        "'Kaljurand' elsewhere (sessions[0].topics[0].key_messages[0]); write the name one "
        "way (a quote keeps the source's spelling)"]


def test_inflection_first_words_quotes_and_distinct_names_are_not_flagged(write_briefing):
    assert name_lines(
        write_briefing, "Verdere steun volgt aan het Ukraine Defense Contact Group.",
        "Verder steunen de Russische en Oekraïense partners Rusland niet.",
        "Zelensky's bezoek aan Irak en Iran.",
        quotes=[{"text": "Secretaris-generaal Jens Stoltenberg sprak met president Zelensky"}],
        position="Het Defence Production Action Plan en de Oekraïne.") == []


def test_a_name_in_a_quote_is_never_flagged(write_briefing):
    assert name_lines(write_briefing, "President Zelenskyy spreekt.", "Zelenskyy komt.",
                      "Wij ontvangen Zelenskyy.",
                      quotes=[{"text": "sprak met president Zelensky over het"}]) == []
    lines = name_lines(write_briefing, "President Zelenskyy spreekt.", "Zelenskyy komt.",
                       quotes=[{"text": "sprak met president Zelensky over het"}])
    assert [line.split(": warning: ")[1].split(":")[0] for line in lines] == [
        "sessions[0].topics[0].key_messages[0]", "sessions[0].topics[0].key_messages[1]"]


def test_case_diacritics_and_hyphens_count_as_the_same_name(write_briefing):
    lines = name_lines(write_briefing, "Wij steunen Oekraine.",
                       "De Noordatlantische Verdragsorganisatie vergadert.",
                       "De Navo vergadert.", position="De NAVO en Oekraïne. De NAVO komt naar Oekraïne.",
                       background="De Noord-Atlantische Verdragsorganisatie komt bijeen. De "
                       "Noord-Atlantische Verdragsorganisatie besluit.")
    assert [line.split(": warning: ")[1].split(" elsewhere")[0] for line in lines] == [
        "sessions[0].topics[0].key_messages[0]: 'Oekraine' is written 'Oekraïne'",
        "sessions[0].topics[0].key_messages[1]: 'Noordatlantische' is written "
        "'Noord-Atlantische'",
        "sessions[0].topics[0].key_messages[2]: 'Navo' is written 'NAVO'"]


def test_an_official_name_spelt_otherwise_is_reported_once_by_its_own_check(write_briefing):
    data = minimal_data()
    data["source"]["file"] = "bron.txt"
    data["sessions"][0]["topics"][0]["key_messages"] = [
        "Wij steunen het Defense Production Action Plan."]
    path = write_briefing(data)
    (path.parent / "bron.txt").write_text(NAMES_SOURCE, encoding="utf-8")
    assert [line for line in problem_lines(path) if "Production" in line] == [
        "29:7: warning: sessions[0].topics[0].key_messages[0]: 'Defense Production Action Plan' "
        "is spelled 'Defence Production Action Plan' by NATO; write it so outside quotes (a "
        "quote keeps the source's spelling)"]


def test_the_official_names_read_with_libyaml_are_the_names_pyyaml_reads():
    import yaml

    from builders.names import NAMES_FILE

    written = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    assert list(official_names()) == written and len(written) >= 5
