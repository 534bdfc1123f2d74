"""What the checks read from each text, kept between processes (builders/text_memory.py):
a process reading from the file finds the same problems as one reading every text, and
reads no text again; another code stamp, a damaged entry or an unwritable folder only
mean the texts are read again."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys

import pytest

from builders import pattern_cache, quotes, text_memory
from tests.conftest import ENGLISH, ROOT, SHIPPED

STRESS = ROOT / "tests" / "fixtures" / "stress" / "briefing.yaml"
PROBE = """
import json, sys
from builders import build, checks, text_memory
from builders.loader import load
read_anew = []
def save():
    read_anew.append(text_memory._made_new)
    text_memory.save()
checks.save_texts_read = save
loaded = load(sys.argv[1], on_valid=build._guessed)
print(json.dumps({"warnings": [str(w) for w in loaded.warnings],
                  "briefing": repr(loaded.briefing), "read anew": read_anew,
                  "kept": sorted(text_memory._used)}))
"""


def checked(briefing, cache) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, str(briefing)], cwd=ROOT,
                            env={**os.environ, pattern_cache.CACHE_ENV: str(cache)},
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, STRESS],
                         ids=["shipped", "english", "stress"])
def test_a_process_reading_the_kept_texts_finds_the_same_problems(briefing, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    without = checked(briefing, blocker / "cache")          # nothing kept, ever
    cold = checked(briefing, tmp_path / "cache")            # reads every text, keeps it
    warm = checked(briefing, tmp_path / "cache")            # reads them from the file
    assert cold["read anew"] == [True] and warm["read anew"] == [False]
    assert warm["kept"] == cold["kept"] and warm["kept"]
    assert without["warnings"] == cold["warnings"] == warm["warnings"]
    assert without["briefing"] == cold["briefing"] == warm["briefing"]
    if briefing == STRESS:
        assert warm["warnings"]                             # there is something to find


@pytest.fixture
def memory(tmp_path, monkeypatch):
    """An empty memory in this process, its file in a fresh folder."""
    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(text_memory, "_stored", None)
    monkeypatch.setattr(text_memory, "_used", {})
    monkeypatch.setattr(text_memory, "_made_new", False)
    return tmp_path / "cache" / f"texts.v{text_memory.FORMAT}"


def split(text: str) -> tuple[str, ...]:
    """quotes._sentences without its in-process cache in front."""
    return quotes._sentences.__wrapped__(text)


def forget_this_process(monkeypatch) -> None:
    monkeypatch.setattr(text_memory, "_stored", None)
    monkeypatch.setattr(text_memory, "_used", {})


def test_a_text_is_kept_and_read_back(memory, monkeypatch):
    text = "Eerste zin. Tweede zin."
    assert split(text) == ("Eerste zin.", "Tweede zin.")
    text_memory.save()
    kept = marshal.loads(memory.read_bytes())
    assert kept["memory"]["sentences"] == {(text,): ("Eerste zin.", "Tweede zin.")}
    forget_this_process(monkeypatch)
    assert split(text) == ("Eerste zin.", "Tweede zin.")
    assert not text_memory._made_new


def test_a_file_of_other_code_is_ignored(memory, monkeypatch):
    text = "Een zin. Nog een zin."
    split(text)
    text_memory.save()
    forget_this_process(monkeypatch)
    monkeypatch.setattr(text_memory, "STAMP", "other code")
    assert text_memory._stored_entries() == {}
    assert split(text) == ("Een zin.", "Nog een zin.") and text_memory._made_new


@pytest.mark.parametrize("kept", [["Een zin.", "Nog een."], (1, 2), None, b"Een zin."],
                         ids=["a-list", "numbers", "none", "bytes"])
def test_an_entry_that_is_not_a_result_is_read_again(memory, monkeypatch, kept):
    text = "Een zin. Nog een."
    split(text)
    text_memory.save()
    content = marshal.loads(memory.read_bytes())
    content["memory"]["sentences"][(text,)] = kept
    memory.write_bytes(marshal.dumps(content))
    forget_this_process(monkeypatch)
    assert split(text) == ("Een zin.", "Nog een.") and text_memory._made_new


def test_an_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setattr(text_memory, "_stored", None)
    monkeypatch.setattr(text_memory, "_used", {})
    assert split("Een zin. En nog een.") == ("Een zin.", "En nog een.")
    text_memory.save()


def test_the_file_keeps_at_most_the_last_entries_of_each_function(memory, monkeypatch):
    monkeypatch.setattr(text_memory, "KEPT", 3)
    for number in range(5):
        split(f"Zin {number}. Nog een.")
    text_memory.save()
    kept = marshal.loads(memory.read_bytes())["memory"]["sentences"]
    assert list(kept) == [(f"Zin {number}. Nog een.",) for number in (2, 3, 4)]


def test_the_stamp_follows_the_package_files(tmp_path, monkeypatch):
    """Another file, or a file changed, in the package: another stamp."""
    package = tmp_path / "builders"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    stamps = []
    for change in (lambda: None, lambda: (package / "names.yaml").write_text("- a\n"),
                   lambda: (package / "a.py").write_text("x = 22\n")):
        change()
        stamps.append(text_memory.code_stamp(package))
    assert len(set(stamps)) == 3


def test_a_sources_tokens_and_sentences_read_back_are_the_ones_made(memory, monkeypatch):
    from builders import drift, sources
    from builders.loader import load

    loaded = load(SHIPPED, check=False)
    source = loaded.briefing.source
    monkeypatch.setattr(sources, "_READ", {})
    document = sources.read_source(loaded.base_dir, source.file)
    made = (quotes.source_tokens(document), drift.source_sentences({None: document}))
    text_memory.save()
    forget_this_process(monkeypatch)
    monkeypatch.setattr(sources, "_READ", {})
    again = sources.read_source(loaded.base_dir, source.file)          # no derived data
    assert again is not document
    assert (quotes.source_tokens(again), drift.source_sentences({None: again})) == made
    assert not text_memory._made_new and len(made[0].items) > 1000
