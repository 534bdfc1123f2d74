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
