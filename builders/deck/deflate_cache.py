"""Zip members deflated once per machine: the last build's members, kept on disk.

Deflating the decks' members is most of what saving them costs (about 5 ms for the
shipped briefing, 50 ms at 20×), and a build deflates again what the last one did: the
master, layouts and themes, and every slide, note and chart an edit left alone. Here the
members a build used are kept in one cache file (marshal: plain data), keyed by each
member's SHA-256, for zlib's version and the compression level; the next build takes a
member from it when the compressed bytes still carry their CRC, and deflates the rest.
Deflate is deterministic: a member taken is the bytes deflating it gives. The file is
written only when a build deflated something anew; an unreadable or unwritable file is
no error.
"""

from __future__ import annotations

import marshal
import zlib

from ..pattern_cache import cache_dir, store_atomically
from .opc import COMPRESS_LEVEL, DeflatedMembers

FORMAT = 1
"""Bump when the file's layout changes; old files are then ignored."""


def cache_file():
    version = zlib.ZLIB_RUNTIME_VERSION.replace("/", "_")
    return cache_dir() / f"deflated-{version}-{COMPRESS_LEVEL}.v{FORMAT}"


def load(members: DeflatedMembers | None) -> None:
    """Give `members` what the last build kept (nothing, if there is no such file)."""
    if members is None:
        return
    try:
        known = marshal.loads(cache_file().read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return
    if isinstance(known, dict):
        members.known = {key: entry for key, entry in known.items() if _entry(key, entry)}


def _entry(key, entry) -> bool:
    return (isinstance(key, bytes) and isinstance(entry, tuple) and len(entry) == 3
            and isinstance(entry[0], bytes) and isinstance(entry[1], int)
            and isinstance(entry[2], int))


def store(members: DeflatedMembers | None) -> None:
    """Keep the members this build used, when it deflated any itself."""
    if members is None or not members.deflated_anew:
        return
    store_atomically(cache_file(), marshal.dumps(members.kept()), prefix=".deflated-")
