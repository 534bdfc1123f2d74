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


def test_a_session_deck_reads_only_its_own_part_of_the_briefing(write_briefing, monkeypatch):
    """The glossary of one session's deck costs the same however many sessions there are:
    all session decks together stay linear in the briefing (no walk of the whole per deck)."""
    import copy

    import builders.text as text

    def strings_read(sessions: int) -> int:
        data = minimal_data()
        data["glossary"] = {"EU": "Europese Unie"}
        first = data["sessions"][0]
        data["sessions"] = []
        for index in range(sessions):
            session = copy.deepcopy(first)
            session["id"] = f"s{index}"
            session["topics"][0]["id"] = f"t{index}"
            data["sessions"].append(session)
        briefing = load(write_briefing(data), check=False).briefing
        calls = []
        walk = text._walk
        monkeypatch.setattr(text, "_walk", lambda *a: (calls.append(1), (yield from walk(*a)))[1])
        used_glossary(briefing, briefing.sessions[:1])
        monkeypatch.setattr(text, "_walk", walk)
        return len(calls)

    assert strings_read(2) == strings_read(20)


def test_reading_only_the_parts_finds_what_reading_the_whole_briefing_finds(write_briefing):
    """The parts a session deck reads are exactly the meeting, the classification and its
    sessions: the same terms as filtering the walk of the whole briefing by path."""
    from builders.text import _occurs, readable_text

    briefing = briefing_with(write_briefing)
    for chosen in ((0,), (1,), (0, 1)):
        sessions = tuple(briefing.sessions[index] for index in chosen)
        corpus = "\n".join(readable_text(text, markup) for path, text, markup in iter_texts(briefing)
                           if path[0] in ("meeting", "classification")
                           or (path[0] == "sessions" and path[1] in chosen))
        expected = sorted(((term, expansion) for term, expansion in briefing.glossary.items()
                           if _occurs(term, corpus)), key=lambda item: item[0].casefold())
        assert used_glossary(briefing, sessions) == expected


def _occurs_by_pattern(term: str, corpus: str) -> bool:
    """The definition: the term with no letter or digit on either side."""
    import re

    word = r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]"
    return re.search(rf"(?<!{word}){re.escape(term)}(?!{word})", corpus) is not None


def test_a_glossary_term_occurs_exactly_where_the_word_boundary_pattern_finds_it():
    """`_occurs` finds terms with str.find and looks at their neighbours (the look-behind
    pattern was slow on long corpora); it must answer as the pattern does."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from builders.text import _occurs

    alphabet = st.sampled_from(list("aAbNVO0 9-.é€ßÿ\n(") + ["NAVO", "DIP"])
    texts = st.lists(alphabet, max_size=12).map("".join)

    @settings(max_examples=600, deadline=None)
    @given(texts, texts)
    def same(term, corpus):
        assert _occurs(term, corpus) == _occurs_by_pattern(term, corpus)

    same()
    assert _occurs("NAVO", "de NAVO-top") and not _occurs("NAVO", "NAVOs") \
        and not _occurs("DIP", "DIPs en DIPL") and _occurs("EU", "(EU)")
