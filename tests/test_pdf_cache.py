"""A PDF source's pages, read once per machine (builders/pdf_cache.py): the document
read from the cache is the one read from the PDF; other bytes, other code, a damaged
cache file or a PDF that cannot be read are read (and fail) as ever."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys

import pytest

from builders import pattern_cache, pdf_cache, sources
from tests.conftest import ROOT
from tests.seed_pdf import write_seed_pdf

NAME = "seeds/kamerstuk-28676-446.pdf"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf-source")
    (folder / "seeds").mkdir()
    write_seed_pdf(folder / NAME)
    return folder


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(sources, "_READ", {})
    return tmp_path / "cache"


def counting(calls: list):
    def extract(raw: bytes):
        calls.append(len(raw))
        return sources._pdf_pages(raw, "probe.pdf")
    return extract


def test_a_pdf_read_from_the_cache_is_the_document_read_from_the_pdf(folder, cache):
    parsed = sources.SourceDocument(NAME, sources.classify(
        sources._pdf_pages((folder / NAME).read_bytes(), NAME), None), True)
    first = sources.read_source(folder, NAME)                   # read, then cached
    assert [path.name[:4] for path in cache.iterdir()] == ["pdf-"]
    sources._READ.clear()
    again = sources.read_source(folder, NAME)                   # from the cache
    assert again is not first and again == first == parsed


def test_a_process_reading_a_cached_pdf_loads_no_pdf_library(folder, cache):
    sources.read_source(folder, NAME)
    probe = ("import sys; from pathlib import Path; from builders.sources import read_source; "
             "document = read_source(Path(sys.argv[1]), sys.argv[2]); "
             "print(len(document.lines), 'pdfplumber' in sys.modules, 'pdfminer' in sys.modules)")

    def run() -> str:
        return subprocess.run([sys.executable, "-c", probe, str(folder), NAME], cwd=ROOT,
                              capture_output=True, text=True, check=True,
                              env=dict(os.environ)).stdout.split()

    lines = str(len(sources.read_source(folder, NAME).lines))
    assert run() == [lines, "False", "False"]


def test_other_bytes_or_other_code_are_read_again(folder, cache, monkeypatch):
    raw = (folder / NAME).read_bytes()
    calls = []
    first = pdf_cache.pdf_pages(raw, counting(calls))
    assert pdf_cache.pdf_pages(raw, counting(calls)) == first and len(calls) == 1
    pdf_cache.pdf_pages(raw + b"\n% another revision\n", counting(calls))
    assert len(calls) == 2                                      # other bytes
    monkeypatch.setattr(pdf_cache, "extraction_stamp", lambda: "other code")
    assert pdf_cache.pdf_pages(raw, counting(calls)) == first and len(calls) == 3


@pytest.mark.parametrize("content", [b"", b"\x00garbage", marshal.dumps([]),
                                     marshal.dumps([["a"], [1]])],
                         ids=["empty", "garbage", "no-pages", "not-text"])
def test_a_damaged_cache_file_is_read_again_and_replaced(folder, cache, content):
    raw = (folder / NAME).read_bytes()
    calls = []
    expected = pdf_cache.pdf_pages(raw, counting(calls))
    (entry,) = cache.iterdir()
    entry.write_bytes(content)
    assert pdf_cache.pdf_pages(raw, counting(calls)) == expected and len(calls) == 2
    assert pdf_cache.pdf_pages(raw, counting(calls)) == expected and len(calls) == 2


def test_a_pdf_that_cannot_be_read_is_not_cached_and_fails_each_time(tmp_path, cache):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\nnot really a PDF")
    for _ in range(2):
        with pytest.raises(sources.SourceProblem, match="cannot be read as a PDF"):
            sources.read_source(tmp_path, "bad.pdf")
    assert not cache.exists() or not list(cache.iterdir())


def test_an_unwritable_cache_folder_is_no_error(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setattr(sources, "_READ", {})
    assert sources.read_source(folder, NAME).lines
