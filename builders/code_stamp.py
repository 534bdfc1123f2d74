"""A stamp of code and data files as they are on disk: each file's path, size and time
of change (a stat each, not a read), so that a cache or a record made by other code is
not taken for this code's."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def files_stamp(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """A digest of every file below `folder` (those ending in one of `suffixes`, when
    given), bytecode caches aside."""
    digest = hashlib.sha256()
    for name, status in sorted(_files(str(folder), "", suffixes)):
        digest.update(f"{name} {status.st_size} {status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _files(folder: str, prefix: str, suffixes: tuple[str, ...] | None):
    """(relative path, stat) of every file below `folder` (os.scandir: a third of
    pathlib's rglob and stat on every build)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    yield from _files(entry.path, f"{prefix}{entry.name}/", suffixes)
            elif suffixes is None or entry.name.endswith(suffixes):
                yield f"{prefix}{entry.name}", entry.stat()
        except OSError:
            continue


def file_stamp(path: Path) -> str:
    """One file's path, size and time of change, or that it is missing."""
    try:
        status = os.stat(path)
    except OSError:
        return f"{path} missing"
    return f"{path} {status.st_size} {status.st_mtime_ns}"


PACKAGE_STAMP = files_stamp(Path(__file__).parent)
"""The builder's modules and data files, taken when this module is first imported (before
a build forks): code changed on disk later, while a `watch` runs, cannot lend its stamp
to what the old code made (charts, layouts, what the checks read)."""
