"""The hyphenation pattern cache: the same hyphenation as pyphen's own parse, whatever the
state of the cache file."""

from __future__ import annotations

import os

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


# -- the words met before ---------------------------------------------------------------

MORE = ["Oekraïne", "samenwerking", "bondgenoten", "veiligheidssituatie", "Westelijke",
        "strijdkrachten", "interoperabel", "Bondgenootschappelijk"]


@pytest.fixture
def words(fresh, monkeypatch):
    """No words known in this process; the cache folder empty. Afterwards the memo's
    hyphenation asks the words of the real cache folder again."""
    from builders import typography

    monkeypatch.setattr(pattern_cache, "_KNOWN", {})
    yield fresh
    typography._dictionary.cache_clear()
    typography._part_points.cache_clear()


def test_known_words_give_pyphens_positions_and_are_kept(words):
    known = pattern_cache.known_words("nl_NL")
    reference = pyphen.Pyphen(lang="nl_NL", cache=False)
    assert [known.positions(word) for word in WORDS + MORE] == [
        tuple(reference.positions(word)) for word in WORDS + MORE]
    pattern_cache.save_known_words()
    [kept] = words.glob("words-*")
    assert kept.name.startswith("words-hyph_nl_NL-")

    pyphen.hdcache.clear()
    again = pattern_cache.KnownWords("nl_NL")
    assert [again.positions(word) for word in WORDS + MORE] == [
        tuple(reference.positions(word)) for word in WORDS + MORE]
    assert pyphen.hdcache == {} and again.new == 0   # the patterns were not read
    assert again.positions("regeringsleiders") == tuple(reference.positions("regeringsleiders"))
    assert len(pyphen.hdcache) == 1 and again.new == 1


def test_nothing_is_written_when_no_word_is_new(words):
    known = pattern_cache.known_words("nl_NL")
    known.positions("samenwerking")
    pattern_cache.save_known_words()
    [kept] = words.glob("words-*")
    stamp = kept.stat().st_mtime_ns
    kept.touch()
    os.utime(kept, ns=(stamp, stamp))
    again = pattern_cache.KnownWords("nl_NL")
    again.positions("samenwerking")
    again.save()
    assert kept.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("damage", [b"", b"x" * 50, None])
def test_a_damaged_words_file_is_read_as_empty_and_written_anew(words, damage):
    known = pattern_cache.known_words("nl_NL")
    known.positions("samenwerking")
    pattern_cache.save_known_words()
    [kept] = words.glob("words-*")
    data = kept.read_bytes()
    kept.write_bytes(data[:-3] if damage is None else damage)
    again = pattern_cache.KnownWords("nl_NL")
    assert again.known == {}
    assert again.positions("samenwerking") == known.positions("samenwerking")
    again.save()
    assert pattern_cache._read_words(kept) == {"samenwerking": known.positions("samenwerking")}


def test_past_its_limit_the_file_keeps_the_words_of_the_last_process(words, monkeypatch):
    monkeypatch.setattr(pattern_cache, "MAX_WORDS", 5)
    first = pattern_cache.KnownWords("nl_NL")
    for word in MORE[:5]:
        first.positions(word)
    first.save()
    second = pattern_cache.KnownWords("nl_NL")
    for word in MORE[4:]:
        second.positions(word)
    second.save()
    [kept] = words.glob("words-*")
    assert set(pattern_cache._read_words(kept)) == set(MORE[4:])


def test_a_memo_from_known_words_is_the_memo_from_the_patterns(words, monkeypatch):
    from builders import typography
    from builders.loader import load
    from builders.memo import render_memo
    from tests.conftest import SHIPPED

    def afresh():
        typography._dictionary.cache_clear()
        typography._part_points.cache_clear()
        pattern_cache._KNOWN.clear()
        pyphen.hdcache.clear()

    loaded = load(SHIPPED, check=False)
    afresh()
    from_patterns = render_memo(loaded)
    [kept] = words.glob("words-*")
    assert len(pattern_cache._read_words(kept)) > 50
    afresh()
    from_words = render_memo(loaded)
    assert pyphen.hdcache == {}                      # no word needed the patterns
    assert from_words == from_patterns
