"""The checks on meaning: ids, references, dates, quotes, characters and the glossary."""

import pytest

from builders.errors import BriefingError
from builders.loader import load
from tests.conftest import minimal_data, topic

SOURCE = ("Het kabinet acht het van belang om op deze onderwerpen voortgang te\n"
          "boeken, in het bijzonder op het vlak van de Buiten-\nlandse Zaken en de\n"
          "EU- \nals NAVO-lid-\nmaatschap.\n")


WRITTEN = {}
QUOTED_2023_11_27, QUOTED_2023_12_01, QUOTED_2023_07_11 = "'2023-11-27'", "'2023-12-01'", "'2023-07-11'"


def at(needle: str, occurrence: int = 1) -> str:
    """line:column of the n-th occurrence of `needle` in the last briefing written."""
    lines = WRITTEN["text"].splitlines()
    seen = 0
    for number, line in enumerate(lines, 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in the briefing")


def problems(write_briefing, data) -> list[str]:
    path = write_briefing(data)
    WRITTEN["text"] = path.read_text(encoding="utf-8")
    (path.parent / "bron.txt").write_text(SOURCE, encoding="utf-8")
    try:
        loaded = load(path)
    except BriefingError as caught:
        found = caught.problems
    else:
        found = loaded.warnings
    return [str(problem).replace(f"{path}:", "") for problem in found]


def second_topic(data, **fields):
    data["sessions"][0]["topics"].append(
        {"id": "tweede", "title": "Tweede", "key_messages": ["Twee."], **fields})


def test_minimal_briefing_has_no_problems(write_briefing):
    assert problems(write_briefing, minimal_data()) == []


def test_duplicate_ids_across_sessions_and_topics(write_briefing):
    data = minimal_data()
    topic(data)["id"] = "sessie-1"
    assert problems(write_briefing, data) == [
        f"{at('sessie-1', 2)}: error: sessions[0].topics[0].id: duplicate id 'sessie-1' "
        f"(first used on line {at('sessie-1').split(':')[0]}); ids must be unique"]


def test_see_also_and_footnote_that_point_nowhere(write_briefing):
    data = minimal_data()
    data["footnotes"] = {"bron": "Zie de brief."}
    topic(data)["see_also"] = ["onderwerpp"]
    topic(data)["key_messages"] = ["Eén [^brn]."]
    assert problems(write_briefing, data) == [
        f"{at('Eén')}: error: sessions[0].topics[0].key_messages[0]: footnote [^brn] points "
        "nowhere; did you mean bron?",
        f"{at('onderwerpp')}: error: sessions[0].topics[0].see_also[0]: see_also 'onderwerpp' "
        "points nowhere; did you mean onderwerp?",
        f"{at('bron:')}: warning: footnotes.bron: footnote 'bron' is never used; cite it as "
        "[^bron] or remove it",
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"])
def test_links_other_than_web_and_mail_are_errors(write_briefing, url):
    data = minimal_data()
    topic(data)["position"] = f"Zie [hier]({url})."
    assert problems(write_briefing, data) == [
        f"{at('Zie [hier]')}: error: sessions[0].topics[0].position: link target {url!r} is not "
        "allowed; use an https:, http: or mailto: address"]


def test_dates_outside_the_meeting_and_end_before_start(write_briefing):
    data = minimal_data()
    data["meeting"]["end"] = "2023-11-27"
    data["sessions"][0]["date"] = "2023-12-01"
    data["key_dates"] = [{"date": "2023-07-12", "end": "2023-07-11", "label": "Top"}]
    assert problems(write_briefing, data) == [
        f"{at(QUOTED_2023_11_27)}: error: meeting.end: end 2023-11-27 is before start 2023-11-28; swap them "
        "or correct the date",
        f"{at(QUOTED_2023_12_01)}: error: sessions[0].date: 2023-12-01 is outside the meeting (2023-11-28 to "
        "2023-11-27); correct the session date or meeting.start/end",
        f"{at(QUOTED_2023_07_11)}: error: key_dates[0].end: end 2023-07-11 is before date 2023-07-12; swap "
        "them or correct the date",
    ]


def test_quotes_are_found_across_line_breaks_and_hyphenation(write_briefing):
    data = minimal_data()
    data["source"]["file"] = "bron.txt"
    data["glossary"].update({"EU": "Europese Unie", "NAVO": "Noord-Atlantische Verdragsorganisatie"})
    topic(data)["quotes"] = [
        {"text": "voortgang te boeken, in het bijzonder"},
        {"text": "de Buitenlandse Zaken en de EU- als NAVO-lidmaatschap."},
        {"text": "Het kabinet acht het niet van belang"},
    ]
    assert problems(write_briefing, data) == [
        f"{at('Het kabinet acht')}: error: sessions[0].topics[0].quotes[2].text: quote not found in bron.txt; "
        "closest passage, p. 1: “Het kabinet acht het van belang”; the quote has 'niet' that the source "
        "does not; copy it word for word from the source"]


def test_missing_source_file(write_briefing):
    data = minimal_data()
    data["source"]["file"] = "weg.txt"
    topic(data)["quotes"] = [{"text": "iets"}]
    assert problems(write_briefing, data) == [
        f"{at('weg.txt')}: error: source.file: source file 'weg.txt' not found (the path is relative "
        "to the briefing); correct the path"]


def test_control_characters_and_missing_glyphs(write_briefing):
    data = minimal_data()
    topic(data)["title"] = "Bel\x07"
    topic(data)["key_messages"] = ["Rune ᚠ en Vučić, Đukanović, € ≥ “ja”."]
    assert problems(write_briefing, data) == [
        f"{at(chr(34) + 'Bel')}: error: sessions[0].topics[0].title: control character U+0007 cannot be "
        "shown; remove it (often pasted from another program)",
        f"{at('Rune')}: error: sessions[0].topics[0].key_messages[0]: no font of theme 'default' can "
        "show 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F); replace the character or add a fallback font to the theme",
    ]


def test_unknown_capitals_warn_once_and_glossary_terms_do_not(write_briefing):
    data = minimal_data()
    data["glossary"]["NAVO"] = "Noord-Atlantische Verdragsorganisatie"
    topic(data)["key_messages"] = ["De NAVO en de EU.", "Weer de EU en de NAVO-top."]
    assert problems(write_briefing, data) == [
        f"{at('De NAVO en de EU')}: warning: sessions[0].topics[0].key_messages[0]: abbreviation EU is not in "
        "the glossary; add 'EU: <expansion>' under glossary",
    ]


def test_hyphens_the_source_does_not_have_are_not_ignored(write_briefing):
    data = minimal_data()
    data["source"]["file"] = "bron.txt"
    topic(data)["quotes"] = [{"text": "Het kabi-net acht het van be-lang"}]
    assert problems(write_briefing, data) == [
        f"{at('Het kabi-net')}: error: sessions[0].topics[0].quotes[0].text: quote not found "
        "in bron.txt; closest passage, p. 1: “Het kabinet acht het van belang”; source has 'kabinet' "
        "where the quote has 'kabi-net'; source has 'belang' where the quote has 'be-lang'; copy it "
        "word for word from the source"]


def test_see_also_names_sessions_and_topics_not_figures(write_briefing):
    data = minimal_data()
    topic(data)["figures"] = [{"id": "uitgaven", "kind": "bar", "title": "Uitgaven",
                               "series": {"2024": 1.0}, "outside_source": "rijksoverheid.nl"}]
    topic(data)["see_also"] = ["uitgaven"]
    (message,) = problems(write_briefing, data)
    assert message == (f"{at('uitgaven', 2)}: error: sessions[0].topics[0]."
                       "see_also[0]: see_also 'uitgaven' points nowhere; known: onderwerp, sessie-1")


def test_the_source_file_must_lie_beside_the_briefing(write_briefing, tmp_path):
    data = minimal_data()
    data["source"]["file"] = "../elders.txt"
    topic(data)["quotes"] = [{"text": "iets"}]
    (tmp_path.parent / "elders.txt").write_text("iets")
    assert problems(write_briefing, data) == [
        f"{at('../elders.txt')}: error: source.file: source file '../elders.txt' lies outside "
        "the briefing's folder; copy it next to the briefing (e.g. into seeds/) and name it "
        "relative to it"]


def test_the_source_file_must_be_a_regular_file(write_briefing, tmp_path):
    import os

    data = minimal_data()
    data["source"]["file"] = "pijp"
    os.mkfifo(tmp_path / "pijp")
    topic(data)["quotes"] = [{"text": "iets"}]
    assert problems(write_briefing, data) == [
        f"{at('pijp')}: error: source.file: source file 'pijp' is not a text or PDF file of "
        "at most 20 MB; name the source's PDF or its extracted text"]


FRESH_FINDINGS = """
import sys
from builders.checks import check_briefing
from builders.loader import load
for problem in check_briefing(load(sys.argv[1], check=False)):
    print(problem)
"""


def test_a_second_check_in_one_process_finds_what_a_fresh_process_finds(tmp_path):
    """The sources' documents, tokens, sentences and drift index are kept between checks
    (a watch process): after an edit of the source or of the briefing, the check in the
    same process says exactly what a check in a fresh process says."""
    import shutil
    import subprocess
    import sys

    from builders.checks import check_briefing
    from tests.conftest import ROOT, SHIPPED

    (tmp_path / "seeds").mkdir()
    seed = tmp_path / "seeds" / "kamerstuk-28676-446.txt"
    shutil.copy(ROOT / "seeds" / seed.name, seed)
    briefing = tmp_path / "briefing.yaml"
    shipped = SHIPPED.read_text(encoding="utf-8")
    briefing.write_text(shipped, encoding="utf-8")
    assert [str(p) for p in check_briefing(load(briefing, check=False))] == []

    def both() -> tuple[list[str], list[str]]:
        warm = [str(p) for p in check_briefing(load(briefing, check=False))]
        fresh = subprocess.run([sys.executable, "-c", FRESH_FINDINGS, str(briefing)], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.splitlines()
        return warm, fresh

    seed.write_text(seed.read_text(encoding="utf-8").replace(
        "nietsontziende Russische", "niets ontziende Russische"), encoding="utf-8")
    warm, fresh = both()
    assert warm == fresh
    assert any("quote not found" in line for line in warm)
    seed.write_text((ROOT / "seeds" / seed.name).read_text(encoding="utf-8"), encoding="utf-8")
    briefing.write_text(shipped.replace("zo effectief mogelijk is", "zo effectief is"),
                        encoding="utf-8")
    warm, fresh = both()
    assert warm == fresh
    assert any("leaves it out" in line for line in warm)


def test_a_letter_whose_capital_the_marking_font_lacks_is_found_in_the_classification(
        write_briefing, monkeypatch):
    """The character check first looks at every character of the briefing at once (and
    stops when the fonts show them all); the marking is drawn in capitals, so a letter
    the fonts have whose capital they lack ('ↄ', 'Ↄ') is still an error, exactly as when
    every string is looked at one by one."""
    import builders.checks as checks

    data = minimal_data()
    data["classification"] = "ONGERUBRICEERD ↄ"
    expected = [f"{at('ONGERUBRICEERD')}: error: classification: no font of theme 'default' "
                "can show 'Ↄ' (U+2183 ROMAN NUMERAL REVERSED ONE HUNDRED); replace the "
                "character or add a fallback font to the theme"]
    found = [line for line in problems(write_briefing, data) if "classification" in line]
    assert found == expected
    monkeypatch.setattr(checks, "_all_shown", lambda chars, fonts: False)
    assert [line for line in problems(write_briefing, data) if "classification" in line] == found


def test_the_character_check_of_a_clean_briefing_stops_at_the_look_at_all_characters(
        monkeypatch):
    """(Without the look at all characters, each of the briefing's strings is looked up.)"""
    import builders.checks as checks
    import builders.glyphs as glyphs
    from tests.conftest import SHIPPED

    def one_by_one(*args):
        raise AssertionError("each string looked at")

    loaded = load(SHIPPED, check=False)
    monkeypatch.setattr(glyphs, "missing_glyphs", one_by_one)
    assert list(checks.check_characters(loaded.briefing, loaded.locator, loaded.theme)) == []
    monkeypatch.setattr(checks, "_all_shown", lambda chars, fonts: False)
    with pytest.raises(AssertionError, match="each string"):
        list(checks.check_characters(loaded.briefing, loaded.locator, loaded.theme))
