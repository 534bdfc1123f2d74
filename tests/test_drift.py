"""Wording drift (builders/drift.py): what a claim drops or changes of its source sentence."""

from __future__ import annotations

from builders.drift import drift_said, subjects

SOURCE = ("Het kabinet zal actief aanbevelingen doen over hervormingen en daarbij aandacht "
          "vragen voor mogelijke synergiën met de EU-toetreding.")


def test_a_dropped_hedge_is_named_when_the_words_after_it_stay():
    claim = "Wij vragen aandacht voor synergiën met de EU-toetreding."
    assert drift_said(claim, SOURCE, "nl", spoken=True) == [("'mogelijke'", "leaves it out")]


def test_a_clause_left_out_whole_is_not_drift():
    claim = "Het kabinet zal actief aanbevelingen doen over hervormingen."
    assert drift_said(claim, SOURCE, "nl", spoken=False) == []


def test_the_minister_may_say_nederland_for_the_cabinet_a_key_message_may_not():
    claim = "Nederland zal actief aanbevelingen doen over hervormingen."
    assert drift_said(claim, SOURCE, "nl", spoken=True) == []
    assert drift_said(claim, SOURCE, "nl", spoken=False) == [("'het kabinet'",
                                                              "says 'Nederland'")]


def test_an_agreement_stated_as_a_fact_in_english():
    source = "At Vilnius the allies agreed to spend at least 2% of GDP on defence every year."
    claim = "All allies spend at least 2% of GDP on defence every year."
    assert drift_said(claim, source, "en", spoken=False) == [("'agreed'", "leaves it out")]


def test_only_an_actor_that_opens_a_sentence_is_its_subject():
    assert subjects("De samenwerking tussen de NAVO en Oekraïne. Wij pleiten ervoor.",
                    "nl") == ["Nederland"]


# ------------------------------------------------------------------ calls on a party

from builders.drift import calls_in, covers  # noqa: E402
from tests.conftest import minimal_data, problem_lines  # noqa: E402

CALLS_SOURCE = ("Het kabinet roept beide strijdende partijen op zich aan het humanitair "
                "oorlogsrecht te houden en roept Israël daarnaast op terughoudendheid te "
                "betrachten.\n\nVoorts roept het kabinet Hamas op alle gijzelaars vrij te "
                "laten.\n\nDe NAVO roept Rusland op zich terug te trekken.\n\nHet kabinet "
                "roept, in lijn met de NAVO, dringend op tot de-escalatie in Kosovo.\n")


def parties(sentence: str, language: str = "nl", by_government: bool = True) -> list[str]:
    return [call.party for call in calls_in(sentence, language, by_government)]


def test_a_call_names_its_party_in_every_word_order():
    assert parties("Het kabinet roept beide strijdende partijen op zich te houden en roept "
                   "Israël daarnaast op terughoudendheid te betrachten.") == [
        "beide strijdende partijen", "Israël"]
    assert parties("Voorts roept het kabinet Hamas en andere partijen op alle gijzelaars "
                   "vrij te laten.") == ["Hamas en andere partijen"]
    assert parties("Het kabinet dringt er bij Servië op aan de troepen terug te trekken.") == [
        "Servië"]
    assert parties("Het kabinet blijft bij Rusland aandringen op terugtrekking.") == ["Rusland"]
    assert parties("The government calls on Russia to withdraw and urges Belarus to stop.",
                   "en") == ["Russia", "Belarus"]


def test_a_call_on_nobody_or_by_another_party_is_not_the_governments_call_on_a_party():
    assert parties("Het kabinet roept, in lijn met de Secretaris-Generaal van de NAVO, "
                   "dringend op tot de-escalatie.") == []
    assert parties("De NAVO roept Rusland op zich terug te trekken.") == []
    assert parties("De NAVO roept Rusland op zich terug te trekken.", by_government=False) == [
        "Rusland"]
    assert parties("Het kabinet blijft erop aandringen dat dit recht wordt uitgeoefend.") == []
    assert parties("De NAVO roept ons op meer te doen.") == []
    assert parties("NATO urges us to do more.", "en") == []


def test_a_call_is_covered_by_a_call_on_the_same_names_or_the_same_unnamed_party():
    source = calls_in("Het kabinet roept Hamas en andere partijen op gijzelaars vrij te laten.",
                      "nl", True)[0]
    assert covers(calls_in("Wij roepen Hamas op de gijzelaars vrij te laten.", "nl", False),
                  source)
    assert not covers(calls_in("Wij roepen beide partijen op.", "nl", False), source)
    both = calls_in("Het kabinet roept beide strijdende partijen op zich te houden.", "nl",
                    True)[0]
    assert covers(calls_in("Wij roepen alle partijen op.", "nl", False), both)
    assert not covers(calls_in("Wij roepen Hamas en andere partijen op.", "nl", False), both)


def calls_briefing(write_briefing, **fields) -> list[str]:
    data = minimal_data()
    data["source"]["file"] = "bron.txt"
    data["sessions"][0]["topics"][0].update(fields)
    path = write_briefing(data)
    (path.parent / "bron.txt").write_text(CALLS_SOURCE, encoding="utf-8")
    return [line for line in problem_lines(path) if "leave out the call" in line]


POSITION = ("Het kabinet roept beide strijdende partijen op zich aan het humanitair "
            "oorlogsrecht te houden en roept Israël daarnaast op terughoudendheid te "
            "betrachten. Voorts roept het kabinet Hamas op alle gijzelaars vrij te laten.")


def test_a_call_the_speaking_points_leave_out_warns_at_the_speaking_points(write_briefing):
    lines = calls_briefing(
        write_briefing, position=POSITION,
        speaking_points=["Wij roepen beide strijdende partijen op zich aan het humanitair "
                         "oorlogsrecht te houden.", "Wij roepen Hamas op alle gijzelaars "
                         "vrij te laten."])
    assert len(lines) == 1
    assert lines[0].endswith(
        ": warning: sessions[0].topics[0].speaking_points: the speaking points leave out the "
        "call on 'Israël' that the source makes (p. 1: “Het kabinet roept beide strijdende "
        "partijen op zich aan het humanitair oorlogsrecht te houden en roept Israël daarnaast "
        "op terughoudendheid te betrachten.”); add it, or check it against the source")


def test_without_speaking_points_the_key_messages_must_make_the_call(write_briefing):
    lines = calls_briefing(write_briefing, key_messages=[
        "Het kabinet roept beide strijdende partijen op zich aan het humanitair oorlogsrecht "
        "te houden.", "Gijzelaars moeten vrij.", "Het kabinet wil dat Hamas alle gijzelaars "
        "vrijlaat."], position=POSITION)
    assert [line.split(": warning: ")[1].split(" that ")[0] for line in lines] == [
        "sessions[0].topics[0].key_messages: the key messages leave out the call on 'Israël'",
        "sessions[0].topics[0].key_messages: the key messages leave out the call on 'Hamas'"]


def test_every_call_made_or_none_drawn_on_is_clean(write_briefing):
    assert calls_briefing(write_briefing, position=POSITION, speaking_points=[
        "Wij roepen beide strijdende partijen op zich aan het oorlogsrecht te houden, en "
        "roepen Israël op terughoudendheid te betrachten.",
        "Nederland roept Hamas op alle gijzelaars vrij te laten."]) == []
    assert calls_briefing(write_briefing, position="De NAVO roept Rusland op zich terug te "
                          "trekken. Het kabinet roept dringend op tot de-escalatie in Kosovo.",
                          speaking_points=["Wij steunen de NAVO."]) == []
