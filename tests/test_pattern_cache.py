"""The hyphenation pattern cache: the same hyphenation as pyphen's own parse, whatever the
state of the cache file."""

from __future__ import annotations

import pyphen
import pytest

from builders import pattern_cache

WORDS = ["Oekraïense", "bondgenootschappelijke", "defensie-uitgaven", "ministerraad",
         "interoperabiliteit", "capaciteitsopbouw", "Noord-Atlantische", "verdragsorganisatie"]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder and no dictionary parsed yet in this process."""
    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(pyphen, "hdcache", {})
    return tmp_path / "cache"


def hyphenated(dictionary) -> list[str]:
    return [dictionary.inserted(word) for word in WORDS]


def expected(code: str) -> list[str]:
    return hyphenated(pyphen.Pyphen(lang=code, cache=False))


@pytest.mark.parametrize("code", ["nl_NL", "en_GB"])
def test_first_use_parses_and_writes_the_cache(fresh, code):
    assert hyphenated(pattern_cache.hyphenator(code)) == expected(code)
    [cache] = fresh.iterdir()
    assert cache.name.startswith(f"hyph-hyph_{code}-")
    assert cache.stat().st_size > 10_000


def test_a_cached_dictionary_hyphenates_as_a_parsed_one(fresh, monkeypatch):
    pattern_cache.hyphenator("nl_NL")
    monkeypatch.setattr(pyphen, "hdcache", {})
    parses = []
    original = pyphen.HyphDict.__init__
    monkeypatch.setattr(pyphen.HyphDict, "__init__",
                        lambda self, path: (parses.append(path), original(self, path))[1])

    cached = pattern_cache.hyphenator("nl_NL")

    assert parses == []  # read from the cache, not parsed
    assert hyphenated(cached) == hyphenated(pyphen.Pyphen(lang="nl_NL", cache=False))


@pytest.mark.parametrize("damage", [b"", b"not marshal", b"\xe9\x00\x00\x00\x00"])
def test_a_damaged_cache_file_is_parsed_again_and_replaced(fresh, damage):
    pattern_cache.hyphenator("nl_NL")
    [cache] = fresh.iterdir()
    cache.write_bytes(damage)
    pyphen.hdcache.clear()

    assert hyphenated(pattern_cache.hyphenator("nl_NL")) == expected("nl_NL")
    assert cache.read_bytes() != damage


def test_an_unwritable_cache_folder_is_no_error(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.setattr(pyphen, "hdcache", {})

    assert hyphenated(pattern_cache.hyphenator("nl_NL")) == expected("nl_NL")
    assert blocker.read_text() == "not a folder"


def test_the_cache_holds_pyphens_patterns_and_longest_pattern_each_value_written_once(fresh):
    pattern_cache.hyphenator("nl_NL")
    [cache] = fresh.iterdir()
    path = cache.name
    parsed = pyphen.HyphDict(pyphen.LANGUAGES["nl_NL"])
    pyphen.hdcache.clear()

    cached = pattern_cache.hyphenator("nl_NL").hd
    assert cached.patterns == parsed.patterns and cached.maxlen == parsed.maxlen
    assert len({id(value) for value in cached.patterns.values()}) == len(set(parsed.patterns.values()))
    assert path.endswith(f".v{pattern_cache.FORMAT}")


def test_a_changed_byte_behind_the_checksum_is_a_miss(fresh):
    pattern_cache.hyphenator("nl_NL")
    [cache] = fresh.iterdir()
    data = bytearray(cache.read_bytes())
    data[-100] ^= 1   # one bit changed
    cache.write_bytes(bytes(data))
    pyphen.hdcache.clear()

    assert pattern_cache._read(cache) is None
    assert hyphenated(pattern_cache.hyphenator("nl_NL")) == expected("nl_NL")
    assert pattern_cache._read(cache) is not None
