"""The memo prints what the checks found: quote pages, marks for facts from elsewhere."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from builders.loader import load
from builders.memo import render_memo
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def memo_text() -> str:
    reader = PdfReader(io.BytesIO(render_memo(load(SHIPPED))))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_a_quote_across_a_page_foot_cites_both_pages(memo_text):
    assert "— Kamerstuk 28 676, nr. 446, p. 5–6" in memo_text


def test_every_quote_cites_the_page_found_in_the_source(memo_text):
    pages = re.findall(r"— Kamerstuk 28 676, nr. 446, p\. ([0-9–]+)", memo_text)
    found = [quote.page for topic in load(SHIPPED).briefing.topics() for quote in topic.quotes]
    assert pages == found


def test_key_dates_are_printed_at_their_precision_and_marked_when_from_elsewhere(memo_text):
    assert "juli 2023 De secretaris-generaal van de NAVO presenteert" in memo_text
    assert "11–12 juli 2023* NAVO-top in Vilnius" in memo_text
    assert "januari 2024 Vanaf januari 2024" in memo_text
    assert "1 januari 2024" not in memo_text


def test_the_colophon_says_what_the_mark_means(memo_text):
    colophon = memo_text[memo_text.rindex("Colofon"):]
    assert ("Niet uit de bron (*) Brussel (NAVO-hoofdkwartier)*: NAVO, aankondiging van de "
            "bijeenkomst (nato.int) 11–12 juli 2023*: nato.int, voor de dagen") in colophon


def test_the_meeting_place_from_outside_the_source_is_marked_where_it_is_printed(memo_text):
    facts = memo_text[:memo_text.index("De bijeenkomst van de NAVO-ministers")]
    assert "Plaats Brussel (NAVO-hoofdkwartier)* Data 28–29 november 2023 Deelnemers" in facts
