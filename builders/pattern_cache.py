"""Hyphenation patterns parsed once per machine, not once per process.

pyphen parses a hyphenation dictionary (16,256 patterns for Dutch) every time a process
first asks for it: about 65 ms on the memo's critical path in every cold build. Here the
parsed patterns are kept in a small cache file (marshal: plain data, no code), keyed by a
hash of the dictionary file itself, so an updated pyphen is never served stale patterns.
A cache that cannot be read or written is no error: the patterns are parsed as before.

pyphen's internals (`HyphDict`'s attributes and its `hdcache`) are used here only;
tests/test_pattern_cache.py pins them by comparing cached and fresh hyphenation.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

CACHE_ENV = "BRIEFING_CACHE_DIR"
FORMAT = 2
"""Bump when the cached layout changes; old files are then ignored."""
CHECKSUM = 32
"""A cache file starts with the sha256 of the rest: a damaged file is told in a fraction
of a millisecond, where checking each of 16,000 patterns took more than one."""


def cache_dir() -> Path:
    """Where cache files live: $BRIEFING_CACHE_DIR, else the platform's user cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefing-builder"


def dictionary_path(language_code: str) -> Path:
    """The dictionary file pyphen reads for `language_code` (e.g. "nl_NL")."""
    import pyphen

    return Path(pyphen.LANGUAGES[pyphen.language_fallback(language_code)])


def hyphenator(language_code: str):
    """A pyphen.Pyphen for `language_code` (e.g. "nl_NL"), its patterns from the cache."""
    import pyphen

    path = dictionary_path(language_code)
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = _cached_dictionary(path)
    return pyphen.Pyphen(lang=language_code)


def _dictionary_name(path: Path) -> str:
    """The dictionary file's name and a hash of its content, for the caches made of it."""
    return f"{path.stem}-{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"


def _cached_dictionary(path: Path):
    import pyphen

    cache = cache_dir() / f"hyph-{_dictionary_name(path)}.v{FORMAT}"
    kept = _read(cache)
    if kept is not None:
        dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
        dictionary.maxlen, dictionary.patterns = kept
        dictionary.cache = {}
        return dictionary
    dictionary = pyphen.HyphDict(path)
    _write(cache, dictionary.patterns, dictionary.maxlen)
    return dictionary


def _read(cache: Path) -> tuple[int, dict] | None:
    """(longest pattern, patterns) as `_write` kept them; None for anything else."""
    kept = read_checked(cache)
    if type(kept) is not tuple or len(kept) != 2:
        return None
    maxlen, patterns = kept
    if type(maxlen) is not int or type(patterns) is not dict or not patterns:
        return None
    return maxlen, patterns


def _write(cache: Path, patterns: dict, maxlen: int) -> None:
    """Write the cache atomically, behind its checksum. Equal values are written once
    (marshal writes a reference for each repeat: 16,256 Dutch patterns have 1,445
    distinct values), which halves the file and makes reading it three times faster.
    Patterns with pyphen's alternative rules (objects, not numbers) are not cached."""
    if not all(isinstance(number, int) for _, values in patterns.values() for number in values):
        return
    shared: dict = {}
    patterns = {key: shared.setdefault(value, value) for key, value in patterns.items()}
    store_checked(cache, (maxlen, patterns), prefix=".hyph-")


def store_checked(cache: Path, value, prefix: str) -> None:
    """`value` (plain data) marshalled behind the sha256 of its bytes, written atomically."""
    payload = marshal.dumps(value)
    store_atomically(cache, hashlib.sha256(payload).digest() + payload, prefix=prefix)


def read_checked(cache: Path):
    """What `store_checked` wrote, or None: no file, or one whose checksum does not hold
    (a damaged file is told before it is unmarshalled)."""
    try:
        data = cache.read_bytes()
        if hashlib.sha256(data[CHECKSUM:]).digest() != data[:CHECKSUM]:
            return None
        return marshal.loads(data[CHECKSUM:])
    except (OSError, ValueError, EOFError, TypeError):
        return None


def prune(folder: Path, kept: int, kind: str, stale: float = 3600.0) -> None:
    """Keep the `kept` files of a `kind` (named `kind-…`) written last; remove temporary
    ones (`.kind-….tmp`, see `store_atomically`) older than `stale` seconds: a process
    killed while writing one. Best effort, like the cache."""
    import time

    try:
        files = [(path.stat().st_mtime, path) for path in folder.glob(f"{kind}-*")]
        temporaries = [(path.stat().st_mtime, path) for path in folder.glob(f".{kind}-*.tmp")]
    except OSError:
        return
    old = sorted(files)[:max(0, len(files) - kept)]
    old += [entry for entry in temporaries if entry[0] < time.time() - stale]
    for _, path in old:
        try:
            path.unlink()
        except OSError:
            pass


def store_atomically(cache: Path, payload: bytes, prefix: str) -> None:
    """Write a cache file whole or not at all (a temporary file renamed over it); a cache
    that cannot be written is only a cache: the error is swallowed."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache.parent, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            os.replace(temporary, cache)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


# ---------------------------------------------------------------- words met before

WORDS_FORMAT = 1
MAX_WORDS = 20_000
"""Words a file keeps: past this it keeps only the words of the last process that added
some (reading 20,000 words costs about what reading the patterns does)."""

_KNOWN: dict[str, "KnownWords"] = {}


def known_words(language_code: str) -> "KnownWords":
    """The break positions of words for `language_code`, one record per process."""
    known = _KNOWN.get(language_code)
    if known is None:
        known = _KNOWN[language_code] = KnownWords(language_code)
    return known


def save_known_words() -> None:
    """Write the words that processes met for the first time (none: nothing written)."""
    for known in _KNOWN.values():
        known.save()


class KnownWords:
    """What `pyphen.Pyphen.positions` gives each word, kept per machine beside the
    patterns: a memo's words are mostly those of its last build, and a process whose
    words are all known never reads the patterns (about 4 ms) nor runs pyphen's search
    for each word (about 0.05 ms a word in a cold process). A word not known is asked of
    pyphen, with its patterns from the cache (`hyphenator`), and kept.

    The file is named by the dictionary's content, like the patterns' file; it is written
    whole (`save_known_words`) only when a process met new words."""

    def __init__(self, language_code: str):
        self.code = language_code
        path = dictionary_path(language_code)
        self.file = cache_dir() / f"words-{_dictionary_name(path)}.v{WORDS_FORMAT}"
        self.known: dict[str, tuple[int, ...]] = _read_words(self.file)
        self.used: set[str] = set()
        self.new = 0
        self._pyphen = None

    def positions(self, word: str) -> tuple[int, ...]:
        """Offsets in `word` where pyphen may break it, in increasing order."""
        self.used.add(word)
        found = self.known.get(word)
        if found is None:
            if self._pyphen is None:
                self._pyphen = hyphenator(self.code)
            found = self.known[word] = tuple(int(cut) for cut in self._pyphen.positions(word))
            self.new += 1
        return found

    def save(self) -> None:
        if not self.new:
            return
        kept = self.known if len(self.known) <= MAX_WORDS else {
            word: self.known[word] for word in self.used}
        store_checked(self.file, kept, prefix=".words-")
        self.new = 0


def _read_words(cache: Path) -> dict:
    words = read_checked(cache)
    return words if type(words) is dict else {}
