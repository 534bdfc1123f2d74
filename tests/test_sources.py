"""Reading sources: pages as printed, running headers, footers and footnotes set apart."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from builders.loader import load
from builders.sources import SourceProblem, read_source
from tests.conftest import ROOT, SHIPPED
from tests.seed_pdf import write_seed_pdf

SEED = "seeds/kamerstuk-28676-446.txt"


def seed_text():
    return read_source(ROOT, SEED, first_page=2, page_breaks="leading-space")


def test_the_text_seed_starts_on_page_2_and_ends_on_page_6():
    document = seed_text()
    pages = Counter(line.page for line in document.lines if line.text.strip())
    assert sorted(pages) == [2, 3, 4, 5, 6]


def test_the_text_seed_footer_and_footnote_are_not_running_text():
    furniture = [(line.page, line.role, line.text[:40]) for line in seed_text().furniture()]
    assert furniture[0] == (3, "footnote", "1 Het kabinet definieert hybride dreigin")
    assert [entry[1] for entry in furniture] == ["footnote"] * 7 + ["running"]
    assert furniture[-1] == (5, "running", "Tweede Kamer, vergaderjaar 2023–2024, 28")


def test_the_footnote_reference_glued_to_its_word_is_removed():
    text = "\n".join(line.text for line in seed_text().running())
    assert "tegengaan van hybride dreigingen. Het kabinet" in text
    assert "dreigingen1" not in text


def test_text_after_a_footer_stands_on_the_next_page():
    document = seed_text()
    page_of = {line.text.strip(): line.page for line in document.lines}
    assert page_of["aandacht vragen voor mogelijke synergiën met hervormingen die"] == 6
    assert page_of["van corruptiebestrijding, de rechtsstaat en de veiligheidssector en daarbij"] == 5


def test_form_feeds_split_pages_and_a_repeated_footer_is_dropped(tmp_path):
    texts = ["De Raad komt bijeen\nin Brussel.", "Het kabinet steunt\ndat voorstel.",
             "Daarna volgt\noverleg."]
    (tmp_path / "bron.txt").write_text("\f".join(
        f"{text}\n\nVoorbeeldbrief, nr. 7 {n}\n"
        for n, text in enumerate(texts, 1)), encoding="utf-8")
    document = read_source(tmp_path, "bron.txt")
    assert [(line.page, line.text) for line in document.furniture()] == [
        (1, "Voorbeeldbrief, nr. 7 1"), (2, "Voorbeeldbrief, nr. 7 2"),
        (3, "Voorbeeldbrief, nr. 7 3")]
    assert [paragraph.first_page for paragraph in document.paragraphs()] == [1, 2, 3]


def test_without_page_breaks_a_text_file_is_one_page(tmp_path):
    (tmp_path / "bron.txt").write_text(" Eerste regel.\n Tweede regel.\n", encoding="utf-8")
    document = read_source(tmp_path, "bron.txt", first_page=4)
    assert {line.page for line in document.lines} == {4}
    split = read_source(tmp_path, "bron.txt", first_page=4, page_breaks="leading-space")
    assert [line.page for line in split.lines if line.text] == [4, 5]


def test_a_file_that_says_pdf_but_is_not_is_reported(tmp_path):
    (tmp_path / "bron.pdf").write_text("geen pdf", encoding="utf-8")
    with pytest.raises(SourceProblem) as caught:
        read_source(tmp_path, "bron.pdf")
    assert str(caught.value) == ("source file 'bron.pdf' cannot be read as a PDF "
                                 "(PdfminerException); name its extracted text instead")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    (folder / "seeds").mkdir()
    write_seed_pdf(folder / "seeds" / "kamerstuk-28676-446.pdf")
    return folder


def test_the_seed_pdf_has_a_cover_and_printed_page_numbers(seed_pdf):
    document = read_source(seed_pdf, "seeds/kamerstuk-28676-446.pdf")
    assert sorted({line.page for line in document.lines}) == [1, 2, 3, 4, 5, 6]
    footers = [line for line in document.furniture() if line.role == "running"]
    assert [line.page for line in footers] == [1, 2, 3, 4, 5, 6]
    assert all(line.text == f"Tweede Kamer, vergaderjaar 2023–2024, 28 676, nr. 446 {line.page}"
               for line in footers)
    notes = [line for line in document.furniture() if line.role == "footnote"]
    assert len(notes) == 7 and {line.page for line in notes} == {3}


def test_the_shipped_briefing_on_the_seed_pdf_checks_clean_and_cites_the_same_pages(seed_pdf):
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace("  file: seeds/kamerstuk-28676-446.txt\n  first_page: 2\n"
                        "  page_breaks: leading-space\n",
                        "  file: seeds/kamerstuk-28676-446.pdf\n")
    assert "kamerstuk-28676-446.pdf" in text
    (seed_pdf / "briefing.yaml").write_text(text, encoding="utf-8")
    from_pdf = load(seed_pdf / "briefing.yaml")
    from_text = load(SHIPPED)
    assert from_pdf.warnings == ()
    pages = [[quote.page for quote in topic.quotes] for topic in from_text.briefing.topics()]
    assert [[quote.page for quote in topic.quotes] for topic in from_pdf.briefing.topics()] == pages
    assert ["5–6" in topic_pages for topic_pages in pages].count(True) == 1


def test_a_briefing_may_name_several_sources(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "other.txt").write_text("De Raad komt op 3 maart bijeen.\n", encoding="utf-8")
    text = SHIPPED.read_text(encoding="utf-8")
    start, end = text.index("\nsource:\n"), text.index("\nsessions:\n")
    text = text[:start] + (
        "\nsources:\n"
        "  - {id: brief, title: Geannoteerde agenda, citation: 'Kamerstuk 28 676, nr. 446',\n"
        "     file: seeds/kamerstuk-28676-446.txt, first_page: 2, page_breaks: leading-space}\n"
        "  - {id: raad, title: Agenda, citation: Raadsagenda, file: other.txt}\n") + text[end:]
    (tmp_path / "briefing.yaml").write_text(text, encoding="utf-8")
    loaded = load(tmp_path / "briefing.yaml")
    assert [source.id for source in loaded.briefing.all_sources()] == ["brief", "raad"]
    assert loaded.warnings == ()


def test_text_file_settings_on_a_pdf_warn(seed_pdf):
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "  file: seeds/kamerstuk-28676-446.txt\n", "  file: seeds/kamerstuk-28676-446.pdf\n")
    (seed_pdf / "briefing.yaml").write_text(text, encoding="utf-8")
    warnings = [str(w).split(": ", 1)[1] for w in load(seed_pdf / "briefing.yaml").warnings]
    assert warnings == ["warning: source.first_page: first_page is for a text file; a PDF's "
                        "pages are numbered as its running footers print them; remove it"]


def test_the_same_content_gives_the_same_document_and_a_changed_file_a_new_one(tmp_path):
    """read_source keeps the documents it read by content: an unchanged source is not
    classified again (nor its tokens and sentences made again), a changed one is, even
    when its size stays the same."""
    from builders.quotes import _source_tokens, source_tokens

    (tmp_path / "seeds").mkdir()
    seed = tmp_path / SEED
    shutil.copy(ROOT / SEED, seed)
    first = read_source(tmp_path, SEED, first_page=2, page_breaks="leading-space")
    assert read_source(tmp_path, SEED, first_page=2, page_breaks="leading-space") is first
    assert source_tokens(first) is source_tokens(first)
    assert source_tokens(first) == _source_tokens(first)   # the kept tokens are the made ones
    assert read_source(tmp_path, SEED, first_page=3, page_breaks="leading-space") is not first
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("nietsontziende", "nietsontziendE"), encoding="utf-8")
    changed = read_source(tmp_path, SEED, first_page=2, page_breaks="leading-space")
    assert changed is not first
    assert "nietsontziendE" in "\n".join(line.text for line in changed.running())
    assert "nietsontziendE" in source_tokens(changed).text
    assert changed == read_source(tmp_path.parent / tmp_path.name, SEED, 2, "leading-space")


def test_a_briefing_of_many_sources_finds_each_one_read_before(tmp_path, monkeypatch):
    """A build reads every source twice (the memo's guess, then the checks): with more
    sources than a handful, each second read still finds the document of the first (the
    least recently used is let go, not the oldest), so none is classified twice."""
    import builders.sources as sources

    monkeypatch.setattr(sources, "_READ", {})
    classified = []
    classify = sources.classify
    monkeypatch.setattr(sources, "classify",
                        lambda pages, printed: classified.append(pages) or classify(pages, printed))
    names = [f"bron-{number}.txt" for number in range(12)]
    for name in names:
        (tmp_path / name).write_text(f"Tekst van {name}.\n", encoding="utf-8")

    firsts = [read_source(tmp_path, name) for name in names]
    for _ in range(3):
        assert [read_source(tmp_path, name) for name in names] == firsts
        assert all(read_source(tmp_path, name) is first for name, first in zip(names, firsts))
    assert len(classified) == len(names)
