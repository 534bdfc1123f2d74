"""The shipped briefing checks clean; copies with a known fault put back are caught.

Each case edits a copy of `briefing.yaml` the way the faults of issue 12 looked, runs the
real check, and expects the exact line (file:line:col, and the words that differ).
"""

from __future__ import annotations

import io
import re
import shutil

import pytest

from builders import cli
from tests.conftest import ROOT, SHIPPED

SHIPPED_TEXT = SHIPPED.read_text(encoding="utf-8")
LOCATION = re.compile(r"^briefing\.yaml:\d+:\d+: ")
CATALOGUE = {LOCATION.sub("", line) for line in
             (ROOT / "docs" / "errors.md").read_text(encoding="utf-8").splitlines()
             if LOCATION.match(line)}
"""The catalogue's example lines, without their line:col (the shipped briefing moves)."""
FOOTER = "Tweede Kamer, vergaderjaar 2023–2024, 28 676, nr. 446 5"


def check_copy(tmp_path, monkeypatch, *edits: tuple[str, str]) -> tuple[int, list[str]]:
    text = SHIPPED_TEXT
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "kamerstuk-28676-446.txt", tmp_path / "seeds")
    (tmp_path / "briefing.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = cli.check("briefing.yaml", out=out, err=err)
    lines = err.getvalue().splitlines()
    missing = [line for line in lines if ": error: " in line or ": warning: " in line
               if LOCATION.sub("", line) not in CATALOGUE]
    assert missing == [], "docs/errors.md shows every line these faults print"
    return code, lines


def line_of(needle: str, text: str = SHIPPED_TEXT) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def quote_line(needle: str) -> int:
    """The line of the `- text:` that a quote containing `needle` starts on."""
    lines = SHIPPED_TEXT.splitlines()
    return max(n for n, line in enumerate(lines[:line_of(needle)], 1) if "- text:" in line)


def test_the_shipped_briefing_checks_clean_without_warnings(tmp_path, monkeypatch):
    code, lines = check_copy(tmp_path, monkeypatch)
    assert (code, lines) == (0, [])


def test_a_word_changed_in_a_quote_names_the_word(tmp_path, monkeypatch):
    quote_line_text = ("              voldaan, lid kan worden van de NAVO. Het kabinet steunt dit "
                       "beleid onverkort.")
    code, lines = check_copy(tmp_path, monkeypatch,
                             (quote_line_text, quote_line_text.replace("onverkort", "volledig")))
    assert code == 1
    assert lines[0] == (
        f"briefing.yaml:{quote_line(quote_line_text)}:19: error: sessions[0].topics[0].quotes[1].text: "
        "quote not found in seeds/kamerstuk-28676-446.txt; closest passage, p. 2: “Op deze manier "
        "wordt op praktische wijze invulling gegeven aan het Open … lid kan worden van de "
        "NAVO. Het kabinet steunt dit beleid onverkort.”; source has 'onverkort' where the quote "
        "has 'volledig'; copy it word for word from the source")


def test_footer_text_pasted_into_a_quote_is_named_as_the_footer(tmp_path, monkeypatch):
    old = "              rechtsstaat en de veiligheidssector en daarbij aandacht vragen voor"
    new = f"              rechtsstaat en de veiligheidssector en daarbij {FOOTER} aandacht vragen voor"
    code, lines = check_copy(tmp_path, monkeypatch, (old, new))
    assert code == 1
    assert lines[0].startswith(f"briefing.yaml:{quote_line(old)}:19: error: sessions[2].topics[1]"
                               ".quotes[2].text: quote not found in seeds/kamerstuk-28676-446.txt; "
                               "closest passage, p. 5–6: “Het kabinet zal actief")
    assert lines[0].endswith(f"the quote has '{FOOTER}' that the source does not (it is a "
                             "running header, footer or footnote of the source, not its text); "
                             "copy it word for word from the source")


def test_a_page_in_a_note_that_disagrees_is_an_error(tmp_path, monkeypatch):
    old = "            note: Kamerstuk 28 676, nr. 446, p. 5–6"
    code, lines = check_copy(tmp_path, monkeypatch, (old, old.replace("p. 5–6", "p. 5")))
    assert code == 1
    assert lines == [
        f"briefing.yaml:{line_of(old)}:19: error: sessions[2].topics[1].quotes[2].note: the note "
        "says p. 5, but the quote stands on p. 5–6 of seeds/kamerstuk-28676-446.txt; correct the "
        "page or leave it out (the page found is printed)",
        "1 error; fix them and run again"]


def test_a_month_shown_as_a_month_long_event_and_invented_days_warn(tmp_path, monkeypatch):
    dpap = "  - date: 2023-07\n    label: De secretaris-generaal"
    code, lines = check_copy(
        tmp_path, monkeypatch,
        (dpap, "  - date: 2023-07-01\n    end: 2023-07-31\n    label: De secretaris-generaal"),
        ("  - date: 2024-01\n", "  - date: 2024-01-01\n"))
    first = line_of("  - date: 2023-07")
    january = line_of("  - date: 2024-01") + 1
    assert code == 0
    assert lines == [
        f"briefing.yaml:{first}:11: warning: key_dates[0].date: the sources give this date only as "
        "a month (2023-07), not 1 juli 2023; write 2023-07, or say outside_source: <where the day "
        "comes from>",
        f"briefing.yaml:{first + 1}:10: warning: key_dates[0].end: the sources give this date only "
        "as a month (2023-07), not 31 juli 2023; write 2023-07, or say outside_source: <where the "
        "day comes from>",
        f"briefing.yaml:{january}:11: warning: key_dates[11].date: the sources give this date only "
        "as a month (2024-01), not 1 januari 2024; write 2024-01, or say outside_source: <where the "
        "day comes from>"]


def test_a_quote_cut_from_its_antecedent_warns(tmp_path, monkeypatch):
    old = ("              Een van de prangende uitdagingen voor NAVO Bondgenoten betreft het\n"
           "              tegengaan van hybride dreigingen[^hybride-dreigingen]. Het kabinet steunt\n"
           "              een gecoördineerde")
    code, lines = check_copy(tmp_path, monkeypatch,
                             (old, "              Het kabinet steunt\n              een gecoördineerde"))
    assert code == 0
    assert lines == [
        f"briefing.yaml:{quote_line('Een van de prangende uitdagingen voor NAVO')}:19: warning: "
        "sessions[0].topics[1].quotes[1].text: the quote refers back ('hierop') to the sentence "
        "before it in the source, p. 3: “Een van de prangende uitdagingen voor NAVO Bondgenoten "
        "betreft het tegengaan van hybride dreigingen.”; quote that sentence too, so the quote "
        "cannot be read as a reply to something else"]


@pytest.mark.parametrize("old, new, message", [
    ("met stafcapaciteit, drie transporthelikopters en ondersteuning.",
     "met stafcapaciteit, vier transporthelikopters en ondersteuning.",
     "sessions[1].topics[1].background: source has 'drie transporthelikopters' where the text "
     "has 'vier transporthelikopters'; check it against the source"),
    ("uit op 1,95 procent en in 2025", "uit op 1,96 procent en in 2025",
     "sessions[0].topics[2].speaking_points[1]: percentage '1,96 procent' occurs neither in the "
     "source nor in the figures; check it against the source"),
    ('              "2024": 1.95', '              "2024": 1.96',
     "sessions[0].topics[2].figures[0].series.2024: value 1,96 for '2024' is not in the source's "
     "sentence naming 2024: “In 2024 en 2025 komen de Nederlandse defensie-uitgaven bij huidige "
     "economische verwachtingen uit op respectievelijk 1,95% …”; check the value"),
])
def test_a_number_changed_warns_with_its_place(tmp_path, monkeypatch, old, new, message):
    code, lines = check_copy(tmp_path, monkeypatch, (old, new))
    assert code == 0
    assert len(lines) == 1 and lines[0].endswith(f": warning: {message}")
    assert lines[0].startswith("briefing.yaml:")


def test_differences_of_form_in_a_quote_are_not_faults(tmp_path, monkeypatch):
    old = "              Tegelijkertijd zorgt China’s assertieve gedrag in toenemende mate voor"
    new = "              Tegelijkertijd zorgt China's assertieve\u00a0gedrag in toenemende mate voor"
    assert check_copy(tmp_path, monkeypatch, (old, new)) == (0, [])


VILNIUS = ("In Vilnius hebben de bondgenoten afgesproken jaarlijks ten minste 2% van het bbp "
           "aan defensie uit te geven (DIP).")
STEUN = "de steun aan Oekraïne zo effectief mogelijk is ingericht. Wij staan open voor een rol"
HYBRIDE_KM = "- Het kabinet steunt een gecoördineerde en daadkrachtige NAVO-aanpak van hybride"
HYBRIDE_SP = "- Nederland steunt een gecoördineerde en daadkrachtige NAVO-aanpak van hybride"
UITGAVEN = "Bij de huidige economische verwachtingen komen onze defensie-uitgaven in 2024 uit"
SYNERGIEEN = "Daarbij vragen wij aandacht voor mogelijke synergiën"
DRIFT_TAIL = "; say it as the source does, or check it against the source"


@pytest.mark.parametrize("old, new, message", [
    (VILNIUS, "Alle bondgenoten geven jaarlijks ten minste 2% van het bbp aan defensie uit (DIP).",
     "sessions[0].topics[2].key_messages[0]: the source says 'afgesproken' (p. 3) where this "
     "leaves it out"),
    (VILNIUS, VILNIUS.replace("ten minste ", ""),
     "sessions[0].topics[2].key_messages[0]: the source says 'ten minste' (p. 3) where this "
     "leaves it out"),
    (STEUN, STEUN.replace("zo effectief mogelijk", "effectief"),
     "sessions[0].topics[0].speaking_points[5]: the source says 'zo effectief mogelijk' (p. 3) "
     "where this leaves it out"),
    (STEUN, STEUN.replace("Wij staan open voor een rol",
                          "Wij stellen voor dat zij daarbij een rol krijgen,"),
     "sessions[0].topics[0].speaking_points[5]: the source says 'staat open' (p. 3) where this "
     "leaves it out"),
    (UITGAVEN, "Onze defensie-uitgaven komen in 2024 uit",
     "sessions[0].topics[2].speaking_points[1]: the source says 'verwachtingen' (p. 4) where "
     "this leaves it out"),
    (SYNERGIEEN, SYNERGIEEN.replace("mogelijke ", ""),
     "sessions[2].topics[1].speaking_points[2]: the source says 'mogelijke' (p. 5) where this "
     "leaves it out"),
    (HYBRIDE_KM, HYBRIDE_KM.replace("Het kabinet", "Nederland"),
     "sessions[0].topics[1].key_messages[3]: the source says 'het kabinet' (p. 3) where this "
     "says 'Nederland'"),
    (HYBRIDE_SP, HYBRIDE_SP.replace("Nederland", "De NAVO"),
     "sessions[0].topics[1].speaking_points[2]: the source says 'het kabinet' (p. 3) where this "
     "says 'de NAVO'"),
])
def test_a_hedge_agreement_or_actor_dropped_or_changed_warns(tmp_path, monkeypatch, old, new,
                                                             message):
    code, lines = check_copy(tmp_path, monkeypatch, (old, new))
    assert code == 0
    assert lines == [f"briefing.yaml:{line_of(old)}:13: warning: {message}{DRIFT_TAIL}"]


def test_all_drift_faults_put_back_at_once_each_warn_once(tmp_path, monkeypatch):
    code, lines = check_copy(
        tmp_path, monkeypatch,
        (VILNIUS, "Alle bondgenoten geven jaarlijks ten minste 2% van het bbp aan defensie uit."),
        (STEUN, STEUN.replace("zo effectief mogelijk", "effectief")),
        (HYBRIDE_KM, HYBRIDE_KM.replace("Het kabinet", "Nederland")),
        (UITGAVEN, "Onze defensie-uitgaven komen in 2024 uit"))
    assert code == 0
    assert [line.split(": warning: ")[1].split(":")[0] for line in lines] == [
        "sessions[0].topics[0].speaking_points[5]", "sessions[0].topics[1].key_messages[3]",
        "sessions[0].topics[2].key_messages[0]", "sessions[0].topics[2].speaking_points[1]"]


def test_the_sources_misspelling_copied_into_the_glossary_warns(tmp_path, monkeypatch):
    old = "  DIP: Defence Investment Pledge (afspraak"
    code, lines = check_copy(tmp_path, monkeypatch, (old, old.replace("Defence", "Defense")))
    assert code == 0
    assert lines == [
        f"briefing.yaml:{line_of(old)}:8: warning: glossary.DIP: 'Defense Investment Pledge' is "
        "spelled 'Defence Investment Pledge' by NATO; write it so outside quotes (a quote keeps "
        "the source's spelling)"]


ISRAEL_CALL = ("          - Wij roepen Israël daarnaast op terughoudendheid te betrachten in de "
               "reactie op de aanval van 7 oktober en de voortdurende gewapende aanvallen van "
               "Hamas.\n")


def test_a_call_on_a_party_left_out_of_the_speaking_points_warns(tmp_path, monkeypatch):
    code, lines = check_copy(tmp_path, monkeypatch, (ISRAEL_CALL, ""))
    speaking_points = next(n for n in range(line_of(ISRAEL_CALL.strip()), 0, -1)
                           if SHIPPED_TEXT.splitlines()[n - 1].strip() == "speaking_points:")
    assert code == 0
    assert lines == [
        f"briefing.yaml:{speaking_points}:9: warning: sessions[1].topics[1].speaking_points: "
        "the speaking points leave out the call on 'Israël' that the source makes (p. 5: “Het "
        "kabinet roept beide strijdende partijen op zich aan het humanitair oorlogsrecht te "
        "houden en roept Israël daarnaast op terughoudendheid te betrachten in de reactie op "
        "de aanval van 7 oktober jl. en de voortdurende gewapende aanvallen van Hamas.”); add "
        "it, or check it against the source"]


def test_a_name_spelt_otherwise_than_in_the_source_and_the_briefing_warns(tmp_path, monkeypatch):
    old = "    label: Bezoek van president Zelensky aan Eindhoven"
    code, lines = check_copy(tmp_path, monkeypatch, (old, old.replace("Zelensky", "Zelenskyy")))
    assert code == 0
    assert lines == [
        f"briefing.yaml:{line_of(old)}:12: warning: key_dates[3].label: 'Zelenskyy' is written "
        "'Zelensky' elsewhere (seeds/kamerstuk-28676-446.txt, p. 2; "
        "sessions[0].topics[0].background); write the name one way (a quote keeps the source's "
        "spelling)"]
