"""A PDF source's text, extracted once per machine, not once per build.

pdfplumber reads a PDF's characters in Python: the shipped letter as a six-page PDF
takes about 0.35 s to read and 0.08 s to import pdfplumber, in every check and build
of a briefing whose source is a PDF (the same letter as a text file reads in 5 ms).
Here what `sources.py` extracts from a PDF (its pages as lines of text: plain data) is
kept in a small cache file (marshal), keyed by a hash of the PDF's bytes, of the code
that extracts them (`sources.py`) and of the installed pdfplumber's and pdfminer's
files. Only a PDF read without error is cached: any other fails as ever, with the same
message. A cache that cannot be read or written is no error: the PDF is read as before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .pattern_cache import cache_dir, store_atomically

FORMAT = 1
"""Bump when the cached layout changes; old files are then ignored."""
LIBRARIES = ("pdfplumber", "pdfminer")
"""The libraries that extract the text: their files are in the key."""
EXTRACTING = Path(__file__).with_name("sources.py")
"""Our code that turns pdfplumber's lines into pages: its bytes are in the key."""

Pages = list[list[str]]


def pdf_pages(raw: bytes, extract: Callable[[bytes], Pages]) -> Pages:
    """The pages `extract` reads from the PDF `raw`: from the cache when these bytes were
    read by this code and these libraries before, else extracted (an error raised as
    `extract` raises it) and then cached."""
    cache = _cache_file(raw)
    pages = _read(cache) if cache is not None else None
    if pages is not None:
        return pages
    pages = extract(raw)
    if cache is not None:
        _write(cache, pages)
    return pages


def _cache_file(raw: bytes) -> Path | None:
    stamp = extraction_stamp()
    if stamp is None:
        return None
    digest = hashlib.sha256(raw)
    digest.update(stamp.encode())
    return cache_dir() / f"pdf-{digest.hexdigest()[:32]}.v{FORMAT}"


@lru_cache(maxsize=1)
def extraction_stamp() -> str | None:
    """A digest of the extracting code: `sources.py`'s bytes, and each library's
    version file and package file (path, size, time of change: an upgrade rewrites
    them); None when one cannot be found (then nothing is cached)."""
    digest = hashlib.sha256(f"{FORMAT}\n".encode())
    try:
        digest.update(EXTRACTING.read_bytes())
        for library in LIBRARIES:
            spec = importlib.util.find_spec(library)
            if spec is None or spec.origin is None:
                return None
            origin = Path(spec.origin)
            for path in (origin, origin.with_name("_version.py")):
                if path.is_file():
                    status = path.stat()
                    digest.update(f"{path} {status.st_size} {status.st_mtime_ns}\n".encode())
                    digest.update(path.read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    return digest.hexdigest()


def _read(cache: Path) -> Pages | None:
    try:
        pages = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(pages, list) and pages and all(
            isinstance(page, list) and all(isinstance(line, str) for line in page)
            for page in pages)):
        return None
    return pages


def _write(cache: Path, pages: Pages) -> None:
    try:
        payload = marshal.dumps(pages)
    except ValueError:
        return
    store_atomically(cache, payload, prefix=".pdf-")
