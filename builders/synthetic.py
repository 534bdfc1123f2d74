"""Synthetic briefings for benchmarks: N times the sessions of a real one, still valid.

Copy k (k ≥ 2) of every session gets fresh ids (`<id>-k<k>` for sessions, topics and
figures), its `see_also` references point into the same copy, its title says which copy
it is, and its date stays within the meeting. The result is written into a directory
together with a copy of the source text, so that the quote checks still pass.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path, PurePosixPath

import yaml

from .yamlsource import load_yaml


def multiply(data: dict, factor: int) -> dict:
    """A copy of the briefing data with `factor` times its sessions; ids stay unique."""
    if factor < 1:
        raise ValueError(f"factor must be at least 1, not {factor}")
    result = copy.deepcopy(data)
    originals = data.get("sessions") or []
    ids = _ids(originals)
    sessions = [copy.deepcopy(session) for session in originals]
    for k in range(2, factor + 1):
        rename = {identifier: f"{identifier}-k{k}" for identifier in ids}
        sessions += [_renamed(session, rename, k) for session in originals]
    result["sessions"] = _within_meeting(sessions, data.get("meeting") or {})
    return result


def _ids(sessions: list[dict]) -> set[str]:
    """Every session, topic and figure id: the names a copy must rename."""
    found: set[str] = set()
    for session in sessions:
        found.add(session["id"])
        for topic in session.get("topics") or []:
            found.add(topic["id"])
            found.update(figure["id"] for figure in topic.get("figures") or [])
    return found


def _renamed(session: dict, rename: dict[str, str], k: int) -> dict:
    session = copy.deepcopy(session)
    session["id"] = rename[session["id"]]
    session["title"] = f"{session['title']} ({k})"
    for topic in session.get("topics") or []:
        topic["id"] = rename[topic["id"]]
        for figure in topic.get("figures") or []:
            figure["id"] = rename[figure["id"]]
        if "see_also" in topic:
            topic["see_also"] = [rename.get(target, target) for target in topic["see_also"]]
    return session


def _within_meeting(sessions: list[dict], meeting: dict) -> list[dict]:
    """Clamp every session date into the meeting's days (the originals already are)."""
    start, end = meeting.get("start"), meeting.get("end")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
        return sessions
    for session in sessions:
        date = session.get("date")
        if isinstance(date, dt.date):
            session["date"] = min(max(date, start), end)
    return sessions


def write_synthetic(source: str | Path, factor: int, directory: str | Path) -> Path:
    """Write `factor`× the sessions of `source` into `directory`; returns the new file.

    The source text the quotes are checked against is copied beside it, at the same
    relative path (or by name, when the original path leaves the briefing's folder).
    """
    source = Path(source).resolve()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    data, _ = load_yaml(source)
    data = multiply(data, factor)
    _copy_source_text(data, source.parent, directory)
    target = directory / f"briefing-{factor}x.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                      encoding="utf-8")
    return target


def _copy_source_text(data: dict, from_dir: Path, to_dir: Path) -> None:
    name = (data.get("source") or {}).get("file")
    if not isinstance(name, str):
        return
    original = (from_dir / name).resolve()
    if not original.is_file():
        return
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts:
        relative = PurePosixPath(original.name)
        data["source"]["file"] = str(relative)
    destination = to_dir / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(original, destination)
