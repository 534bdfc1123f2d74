"""Finding quotes up to differences of form; the closest passage and the words that differ."""

from __future__ import annotations

import pytest

from builders.quotes import closest, find, normalise_form, sentences, source_tokens, tokenise
from builders.sources import read_source
from tests.conftest import ROOT

SEED = read_source(ROOT, "seeds/kamerstuk-28676-446.txt", first_page=2,
                   page_breaks="leading-space")
TOKENS = source_tokens(SEED)
FURNITURE = [line.text for line in SEED.furniture()]


@pytest.mark.parametrize("written, normal", [
    ("China’s ‘assertieve’ gedrag", "China's 'assertieve' gedrag"),
    ("„daadkrachtig” «Ramstein»", '"daadkrachtig" "Ramstein"'),
    ("en zo verder…", "en zo verder..."),
    ("de ﬁnanciële ﬂank", "de financiële flank"),
    ("1,95\u00a0%\u2009en\u202fmeer", "1,95 % en meer"),
    ("Oekrai\u0308ne", "Oekraïne"),
    ("zacht\u00adafbreek\u200bbaar", "zachtafbreekbaar"),
])
def test_differences_of_form_are_removed(written, normal):
    assert normalise_form(written) == normal


@pytest.mark.parametrize("quote, pages", [
    ("Het kabinet steunt dit beleid onverkort.", "2"),
    ("Dat vraagt een serieuze financiële inspanning van iedere bondgenoot.", "3–4"),
    ("en daarbij aandacht vragen voor mogelijke synergiën", "5–6"),
    ("tegengaan van hybride dreigingen. Het kabinet steunt", "3"),
    ("zoals op het vlak van corruptiebestrijding", "5"),
    ("op niveau van Ministers van Buitenlandse Zaken", "2"),
    ("met de regerings-leiders en staatshoofden", "2"),
    ("(Australië, Japan, Nieuw-Zeeland, Zuid-Korea)", "3"),
    ("zowel EU- als NAVO-verband", "4"),
    ("UDCG (“Ramstein”), de NAVO en de EU", "3"),
    ("gecoördineerde en daadkrachtige NAVO aanpak", "3"),
])
def test_quotes_are_found_across_line_ends_page_feet_and_footnotes(quote, pages):
    found = find(TOKENS, quote)
    assert found is not None and found.pages == pages


@pytest.mark.parametrize("quote", [
    "de veiligheidssector en daarbij Tweede Kamer, vergaderjaar 2023–2024, 28 676, nr. 446 5 "
    "aandacht vragen",
    "Dat vraagt een serieuze financiële 1 Het kabinet definieert hybride dreigingen",
    "Het kabinet steunt dit beleid onverkort",  # a word cut in half is not the word
    "het kabinet steunt dit beleid onverkort.",  # nor is another case
    "zowel EUals NAVO-verband",
])
def test_footer_footnote_and_changed_words_are_not_the_source(quote):
    if quote == "Het kabinet steunt dit beleid onverkort":
        assert find(TOKENS, quote + "e") is None
        return
    assert find(TOKENS, quote) is None


def test_the_closest_passage_names_the_word_that_differs():
    near = closest(TOKENS, "Het kabinet steunt dit beleid volledig.", FURNITURE)
    assert (near.passage, near.pages, near.differences) == (
        "Het kabinet steunt dit beleid onverkort.", "2",
        ("source has 'onverkort' where the quote has 'volledig'",))


def test_words_left_out_and_added_are_named():
    near = closest(TOKENS, "Het kabinet acht het van groot belang om voortgang te boeken",
                   FURNITURE)
    assert near.differences == (
        "the quote has 'groot' that the source does not",
        "source has 'op deze onderwerpen' that the quote leaves out")


def test_footer_text_in_a_quote_is_named_as_furniture():
    near = closest(TOKENS, "de veiligheidssector en daarbij Tweede Kamer, vergaderjaar "
                           "2023–2024, 28 676, nr. 446 5 aandacht vragen", FURNITURE)
    assert near.pages == "5–6"
    assert near.differences == (
        "the quote has 'Tweede Kamer, vergaderjaar 2023–2024, 28 676, nr. 446 5' that the "
        "source does not (it is a running header, footer or footnote of the source, not its "
        "text)",)


def test_an_unrelated_quote_is_not_close():
    near = closest(TOKENS, "Gisteren regende het in Amsterdam en iedereen werd nat.", FURNITURE)
    assert not near.is_close


def test_tokens_read_a_broken_word_either_way():
    (token,) = tokenise("secretaris-\ngeneraal").items
    assert token.forms == ("secretarisgeneraal", "secretaris-generaal")
    (token,) = tokenise("Nieuw-\nZeeland").items
    assert token.shown == "Nieuw-Zeeland"


def test_sentences_end_at_a_full_stop_before_a_capital():
    assert sentences("Het kabinet steunt dit.\nDe NAVO ook. 7 oktober jl. Aan zowel") == [
        "Het kabinet steunt dit.", "De NAVO ook.", "7 oktober jl.", "Aan zowel"]


def test_an_abbreviation_does_not_end_a_sentence():
    assert sentences("het patrouilleschip Zr.Ms. Holland te sturen. Ook o.a. de NAVO, zie "
                     "nr. 5. Het marineschip kan.") == [
        "het patrouilleschip Zr.Ms. Holland te sturen.", "Ook o.a. de NAVO, zie nr. 5.",
        "Het marineschip kan."]


@pytest.mark.parametrize("quote, pages", [
    ("Het kabinet steunt een gecoördineerde en daadkrachtige NAVO aanpak […] door de "
     "weerbaarheid van individuele bondgenoten tegen dergelijke dreigingen te versterken.", "3"),
    ("Dat vraagt een serieuze financiële [...] inspanning van iedere bondgenoot.", "3–4"),
])
def test_words_left_out_with_an_ellipsis_in_brackets(quote, pages):
    found = find(TOKENS, quote)
    assert found is not None and found.pages == pages


def test_parts_out_of_order_or_far_apart_are_not_the_source():
    assert find(TOKENS, "dreigingen te versterken. […] Het kabinet steunt een") is None
    assert find(TOKENS, "De FMM vindt een klein halfjaar […] doorvoeren.") is None
    near = closest(TOKENS, "Het kabinet steunt een gecoördineerde […] weerbaarheid van alle "
                           "bondgenoten", FURNITURE)
    assert near.differences == ("source has 'individuele' where the quote has 'alle'",)


def test_a_quote_found_once_is_not_looked_for_again():
    from builders.quotes import find, tokenise

    tokens = tokenise("Het kabinet steunt dit beleid onverkort. Het kabinet zal handelen.")
    first = find(tokens, "Het kabinet zal handelen")
    assert first is not None and find(tokens, "Het kabinet zal handelen") is first
    tokens.found["Het kabinet zal handelen"] = "kept"
    assert find(tokens, "Het kabinet zal handelen") == "kept"
    assert find(tokens, "dit beleid onverkort").start == 3
