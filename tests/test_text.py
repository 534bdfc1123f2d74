"""The text of a briefing as readers see it, and the abbreviations it uses."""

from builders.loader import load
from builders.text import iter_texts, used_glossary
from tests.conftest import minimal_data


def briefing_with(write_briefing, **changes):
    data = minimal_data()
    data["glossary"] = {"VGD": "Vergadering", "EU": "Europese Unie", "bbp": "bruto binnenlands product",
                        "NUC": "NAVO-Oekraïne Raad", "NMI": "NAVO-missie in Irak"}
    data["sessions"].append({"id": "nuc", "title": "De NUC", "date": "2023-11-29",
                             "topics": [{"id": "bbp", "title": "Uitgaven",
                                         "key_messages": ["Twee procent."]}]})
    data["sessions"][0]["topics"][0]["key_messages"] = ["De EU [^n]."]
    data["footnotes"] = {"n": "Zie NMI."}
    data.update(changes)
    return load(write_briefing(data), check=False).briefing


def test_ids_paths_and_choices_are_not_text(write_briefing):
    briefing = briefing_with(write_briefing)
    paths = [path for path, _, _ in iter_texts(briefing)]
    assert ("sessions", 1, "topics", 0, "id") not in paths
    assert ("status",) not in paths and ("language",) not in paths
    assert ("sessions", 1, "topics", 0, "title") in paths


def test_used_terms_come_from_text_not_from_ids(write_briefing):
    briefing = briefing_with(write_briefing)
    assert [term for term, _ in used_glossary(briefing)] == ["EU", "NMI", "NUC", "VGD"]


def test_a_session_deck_lists_the_terms_of_its_sessions_and_the_meeting(write_briefing):
    briefing = briefing_with(write_briefing)
    second = briefing.sessions[1:]
    assert [term for term, _ in used_glossary(briefing, second)] == ["NUC", "VGD"]
