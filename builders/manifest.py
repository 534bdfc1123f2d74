"""The record a build keeps in its output folder (`.briefing-outputs.json`): every file it
wrote with its size and SHA-256, and the files other commands (the preview) recorded."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

MANIFEST = ".briefing-outputs.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(files: dict[str, bytes], others: dict[str, dict] | None = None) -> bytes:
    """What a build records: each file it wrote, its size and SHA-256 (no times: the same
    input gives the same bytes); `others` are files other commands (preview) recorded."""
    record = {"written_by": "briefing builder", "format": 1,
              "files": {name: {"size": len(data), "sha256": digest(data)}
                        for name, data in sorted(files.items())}}
    if others:
        record["others"] = dict(sorted(others.items()))
    return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()


def read_record(folder: Path) -> dict | None:
    path = folder / MANIFEST
    if not is_regular(path):
        return None
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def entries(record: dict | None, section: str) -> dict[str, dict]:
    entries = (record or {}).get(section)
    if not isinstance(entries, dict):
        return {}
    return {name: entry for name, entry in entries.items()
            if isinstance(name, str) and is_safe_name(name) and isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)}


def read_manifest(folder: Path, section: str | None = None) -> dict[str, str] | None:
    """Relative name → SHA-256 of what was recorded (the build's files and the others,
    or one `section`); None without a manifest."""
    record = read_record(folder)
    if record is None:
        return None
    sections = (section,) if section else ("files", "others")
    return {name: entry["sha256"] for part in sections
            for name, entry in entries(record, part).items()}


def is_safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and ".." not in parts and not Path(name).is_absolute()




def is_regular(path: Path) -> bool:
    """A regular file itself, not a link, folder or device."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
