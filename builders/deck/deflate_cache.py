"""Zip members deflated once per machine: the last build's members, kept on disk.

Deflating the decks' members is most of what saving them costs (about 5 ms for the
shipped briefing, 50 ms at 20×), and a build deflates again what the last one did: the
master, layouts and themes, and every slide, note and chart an edit left alone. Here the
members a build used are kept in a cache file per briefing (marshal: plain data), keyed
by each member's SHA-256, for zlib's version and the compression level, behind a SHA-256
of the whole file; the next build takes a member from it when both the member's CRC and the
compressed bytes' CRC still hold, and deflates the rest. Deflate is deterministic: a
member taken is the bytes deflating it gives. The file is written only when a build
deflated something anew, with this build's members first and, up to `KEPT_BYTES`, the
earlier builds' it did not use (an edit and its undo do not deflate each other's
members again); an unreadable or unwritable file is no error.
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

from ..pattern_cache import CHECKSUM, cache_dir, prune, read_checked, store_checked  # noqa: F401
from .opc import COMPRESS_LEVEL, DeflatedMembers

FORMAT = 3
"""Bump when the file's layout changes; old files are then ignored (and removed)."""
KEPT_BYTES = 4 * 2**20
"""Compressed bytes a file keeps (a 50× briefing's decks use about 2.3 MB)."""
KEPT_FILES = 16
"""Files kept: one per briefing built on this machine, the ones built last."""
KIND = "deflated"


def cache_file(briefing_path) -> Path:
    """The file of one briefing's members (by its path): one shared by all briefings held
    a 50× briefing's 2.3 MB, which every build of a small one then read (7–9 ms)."""
    where = hashlib.sha256(str(briefing_path).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"{_current()}{where[:16]}.v{FORMAT}"


def _current() -> str:
    version = zlib.ZLIB_RUNTIME_VERSION.replace("/", "_")
    return f"{KIND}-{version}-{COMPRESS_LEVEL}-"


def load(members: DeflatedMembers | None, briefing_path) -> None:
    """Give `members` what the last build of the briefing kept (nothing, if no file)."""
    if members is None:
        return
    known = read_checked(cache_file(briefing_path))
    if isinstance(known, dict):
        members.known = {key: entry for key, entry in known.items() if _entry(key, entry)}


def _entry(key, entry) -> bool:
    return (isinstance(key, bytes) and isinstance(entry, tuple) and len(entry) == 3
            and isinstance(entry[0], bytes) and isinstance(entry[1], int)
            and isinstance(entry[2], int))


def store(members: DeflatedMembers | None, briefing_path) -> None:
    """Keep the members this build used, when it deflated any itself."""
    if members is None or not members.deflated_anew:
        return
    kept = members.kept()
    size = sum(len(entry[0]) for entry in kept.values())
    for key, entry in members.known.items():    # what earlier builds kept and this one left
        if size + len(entry[0]) > KEPT_BYTES:
            break
        kept[key], size = entry, size + len(entry[0])
    path = cache_file(briefing_path)
    store_checked(path, kept, prefix=f".{KIND}-")
    _remove_other_kinds(path.parent)
    prune(path.parent, KEPT_FILES, KIND)   # and temporaries a killed build left


def _remove_other_kinds(folder: Path) -> None:
    """Files of another zlib, compression level or format: never read again."""
    try:
        others = [path for path in folder.glob(f"{KIND}-*")
                  if not (path.name.startswith(_current()) and path.name.endswith(f".v{FORMAT}"))]
    except OSError:
        return
    for path in others:
        try:
            path.unlink()
        except OSError:
            pass
