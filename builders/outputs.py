"""The output folder: one build at a time, the whole set replaced together or not at all,
and a record (manifest) of what was written, so that only that is ever removed.

A build into `dist/`:

1. takes the folder's lock (`.briefing-build.lock`): a second build waits a little,
   then says which process holds it;
2. undoes what a killed build left (its journal, its temporaries);
3. checks every target before anything is written: no folder, link out of the output
   folder, or file in the way;
4. writes every file beside its target (with the mode the umask gives, or the mode of
   the file it replaces);
5. moves the old files aside and the new ones in, under a journal, and removes the
   stale session decks the manifest says it wrote and that nobody changed since: any
   failure moves everything back, so the folder holds the previous complete set or the
   new one. A signal arriving meanwhile is held until the swap is over.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .environment import environment_error, shown as _shown
from .errors import OutputError
from .folderlock import folder_lock
from .interrupts import held_signals
from .manifest import (MANIFEST, MEMO_LAYOUT, digest, entries as _entries,
                       is_regular as _is_regular, manifest_bytes, read_manifest,
                       read_record as _read_record)

JOURNAL = ".briefing-journal.json"
LOCK_WAIT = 15.0
"""Seconds a build waits for another build of the same folder before it gives up."""

SESSION_DECK = re.compile(r"^\d+-[a-z0-9]+(?:-[a-z0-9]+)*\.pptx$")
_OURS = r"(?:memo\.pdf|deck\.pptx|\d+-[a-z0-9]+(?:-[a-z0-9]+)*\.pptx|\.briefing-outputs\.json)"
LEFTOVER = re.compile(rf"^\.{_OURS}\.[A-Za-z0-9_]+\.(?:tmp|old)$")
"""The temporaries and set-aside files of a build, swept by the next one."""

SUBFOLDERS = ("sessions", "preview")


# ------------------------------------------------------------------ records of others

def record_files(folder: str | Path, paths) -> None:
    """Add files a command other than build wrote inside the folder (the preview's
    images) to its manifest, so that `clean` removes them, and only them, later."""
    folder = Path(folder)
    with folder_lock(folder, LOCK_WAIT):
        record = _read_record(folder) or {}
        builds = _entries(record, "files")
        others = _entries(record, "others")
        for path in paths:
            path = Path(path)
            try:
                name = path.resolve().relative_to(folder.resolve()).as_posix()
                data = path.read_bytes()
            except (ValueError, OSError):
                continue
            others[name] = {"size": len(data), "sha256": digest(data)}
        others = {name: entry for name, entry in others.items()
                  if os.path.lexists(folder / name)}
        record = {**json.loads(manifest_bytes({}, others)), "files": builds,
                  **({MEMO_LAYOUT: record[MEMO_LAYOUT]} if MEMO_LAYOUT in record else {})}
        data = (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()
        temporary = folder / f".{MANIFEST}.{os.getpid()}.tmp"
        _write_synced(temporary, data)
        os.replace(temporary, folder / MANIFEST)


# ------------------------------------------------------------------ recorded files in place

def _inside(folder: Path, name: str) -> Path | None:
    """`folder/name` unless a folder on the way is a link (or a file): then None. A
    missing folder on the way is no obstacle (the file is simply not there)."""
    current = folder
    for part in Path(name).parts[:-1]:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            break
        except OSError:
            return None
        if not stat.S_ISDIR(mode):
            return None
    return folder / name


def _unchanged(path: Path | None, sha256: str) -> bool:
    if path is None or not _is_regular(path):
        return False
    try:
        return digest(path.read_bytes()) == sha256
    except OSError:
        return False


# ------------------------------------------------------------------ one build's set

@dataclass
class Published:
    """What a build did to its folder."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)


class OutputFolder:
    """A build's hold on its output folder: locked from `__enter__` to `__exit__`.

    A folder (or parent) it had to create is removed again if the build fails.
    """

    def __init__(self, folder: str | Path, lock_wait: float | None = None,
                 on_wait: Callable[[str], None] | None = None):
        self.folder = Path(folder)
        self.lock_wait = LOCK_WAIT if lock_wait is None else lock_wait
        self.on_wait = on_wait
        self._created: list[Path] = []
        self._lock = None
        self._staged: dict[str, tuple[bytes, Path]] = {}
        self._subfolders: list[Path] = []

    def __enter__(self) -> "OutputFolder":
        self._created = _make_folders(self.folder)
        try:
            self._lock = folder_lock(self.folder, self.lock_wait, self.on_wait)
            self._lock.__enter__()
            recover(self.folder)
        except BaseException:
            if self._lock is not None:
                self._lock.__exit__(None, None, None)
                self._lock = None
            _remove_empty(self._created)
            raise
        return self

    def __exit__(self, kind, error, trace) -> None:
        for _, temporary in self._staged.values():
            _unlink(temporary)                # staged but never published
        self._staged = {}
        if kind is not None:
            for subfolder in reversed(self._subfolders):
                try:
                    subfolder.rmdir()         # made for staged files only: gone again
                except OSError:
                    pass
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
        if kind is not None:
            _remove_empty(self._created)

    def stage(self, files: dict[str, bytes]) -> None:
        """Write some of the set (`files`) beside their targets now, while the rest is
        still being made (the decks, while the memo's process typesets): `publish` then
        has only the rest to write before it swaps. Nothing is in place before
        `publish`; a target it would refuse is refused here, and a build that ends
        without publishing leaves no trace of what was staged."""
        for name in files:
            _check_target(self.folder, name)
        for name in files:
            parent = (self.folder / name).parent
            if not os.path.lexists(parent) and parent not in self._subfolders:
                self._subfolders.append(parent)
        staged = _stage(self.folder, files)
        self._staged.update({name: (files[name], path) for name, path in staged.items()})

    def publish(self, files: dict[str, bytes], memo_layout: dict | None = None) -> Published:
        """Replace the whole set with `files` (relative name → bytes), or raise and leave
        the previous set as it was; `memo_layout` goes into the manifest. A file staged
        with these very bytes is not written again."""
        early = {name: temporary for name, (data, temporary) in self._staged.items()
                 if files.get(name) is data}
        published = replace_set(self.folder, files, memo_layout, early)
        self._staged = {name: entry for name, entry in self._staged.items() if name not in early}
        return published


def _make_folders(folder: Path) -> list[Path]:
    """Create the folder and missing parents; the ones created, deepest last."""
    missing = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    if os.path.lexists(current) and not current.is_dir():
        raise OutputError(_shown(current), "is not a folder; choose another --out (a "
                          "folder, or a name that does not exist yet)")
    created = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue
        except OSError as error:
            _remove_empty(created)
            raise environment_error(error, _shown(path)) from None
        created.append(path)
    return created


def _remove_empty(created: list[Path]) -> None:
    for path in reversed(created):
        try:
            for sub in SUBFOLDERS:
                if (path / sub).is_dir() and not (path / sub).is_symlink():
                    (path / sub).rmdir()
            path.rmdir()
        except OSError:
            return


def replace_set(folder: Path, files: dict[str, bytes], memo_layout: dict | None = None,
                staged_before: dict[str, Path] | None = None) -> Published:
    """Steps 3 to 5 of the module's description (the caller holds the lock); files in
    `staged_before` (name → its temporary, written with these bytes) are not staged again."""
    targets = {name: folder / name for name in files}
    for name in files:
        _check_target(folder, name)
    previous = read_manifest(folder, "files")
    stale, left_alone = _stale_session_decks(folder, files, previous)
    others = {name: entry for name, entry in _entries(_read_record(folder), "others").items()
              if name not in files and os.path.lexists(folder / name)}
    everything = dict(files)
    everything[MANIFEST] = manifest_bytes(files, others, memo_layout)
    early = staged_before or {}
    staged = {**early, **_stage(folder, {name: data for name, data in everything.items()
                                         if name not in early})}
    try:
        with held_signals():
            _swap(folder, staged, stale)
    finally:
        for temporary in staged.values():
            _unlink(temporary)
    return Published([targets[name] for name in files], [folder / n for n in stale],
                     left_alone)


def _check_target(folder: Path, name: str) -> None:
    """Refuse, before anything is written, a target whose place is taken or leads out."""
    current = folder
    parts = Path(name).parts
    for part in parts[:-1]:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return
        except OSError as error:
            raise environment_error(error, _shown(current)) from None
        if stat.S_ISLNK(mode):
            raise OutputError(_shown(current), f"is a link (to {os.readlink(current)}); a "
                              f"build writes only inside {_shown(folder)}/: remove the link "
                              "and run again")
        if not stat.S_ISDIR(mode):
            raise OutputError(_shown(current), "a file stands where the build needs a "
                              "folder; move or rename it and run again")
    target = folder / name
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise environment_error(error, _shown(target)) from None
    if stat.S_ISDIR(mode):
        raise OutputError(_shown(target), "a folder stands where the build writes a file; "
                          "move or rename the folder and run again")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OutputError(_shown(target), "is not a regular file; move it away and run "
                          "again")
    if os.name == "nt":          # a file open in PowerPoint or Acrobat cannot be replaced
        try:
            with open(target, "r+b"):
                pass
        except OSError as error:
            raise environment_error(error, _shown(target)) from None


def _stale_session_decks(folder: Path, files: dict[str, bytes],
                         previous: dict[str, str] | None) -> tuple[list[str], list[str]]:
    """Session decks the last build wrote and this one does not, unchanged since: these
    are removed; anything else that looks like a session deck is left alone, and said."""
    stale, left_alone = [], []
    recorded = previous or {}
    for name, sha256 in sorted(recorded.items()):
        if not name.startswith("sessions/") or name in files:
            continue
        path = _inside(folder, name)
        if path is None or not os.path.lexists(path):
            continue
        if _unchanged(path, sha256):
            stale.append(name)
        else:
            left_alone.append(f"left alone {_shown(folder / name)}: changed since the "
                              "build wrote it; remove it yourself if it is not needed")
    sessions = _inside(folder, "sessions/x")
    if sessions is not None and sessions.parent.is_dir():
        for path in sorted(sessions.parent.iterdir()):
            name = f"sessions/{path.name}"
            if SESSION_DECK.match(path.name) and name not in files and name not in recorded:
                left_alone.append(f"left alone {_shown(path)}: not written by a build "
                                  "(no record of it); remove it yourself if it is stale")
    return stale, left_alone


def _file_mode(target: Path, umask: int) -> int:
    try:
        status = os.lstat(target)
        if stat.S_ISREG(status.st_mode):
            return stat.S_IMODE(status.st_mode)
    except OSError:
        pass
    return 0o666 & ~umask


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stage(folder: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Every file written and synced beside its target; on any failure, none are left."""
    staged: dict[str, Path] = {}
    umask = current_umask()
    try:
        for name, data in files.items():
            target = folder / name
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise environment_error(error, _shown(target.parent)) from None
            where = target.parent
            try:
                handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                     dir=where)
            except OSError as error:
                raise environment_error(error, _shown(where)) from None
            staged[name] = Path(temporary)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.chmod(temporary, _file_mode(target, umask))
            except OSError as error:
                raise environment_error(error, _shown(target)) from None
    except BaseException:
        for temporary in staged.values():
            _unlink(temporary)
        raise
    return staged


def _swap(folder: Path, staged: dict[str, Path], stale: list[str]) -> None:
    """Old files aside, new ones in, stale decks aside; undo all of it on any failure.

    The journal, written first, lets the next build undo a swap cut short by a kill.
    """
    moves: list[dict] = []
    for name, temporary in staged.items():
        target = folder / name
        aside = _aside(target) if os.path.lexists(target) else None
        moves.append({"name": name, "staged": temporary.name, "aside": aside and aside.name})
    for name in stale:
        moves.append({"name": name, "staged": None, "aside": _aside(folder / name).name})
    journal = folder / JOURNAL
    _write_synced(journal, json.dumps(moves).encode())
    done: list[dict] = []
    try:
        for move in moves:
            target = folder / move["name"]
            step = dict(move, moved_aside=False, moved_in=False)
            done.append(step)
            try:
                if move["aside"]:
                    os.replace(target, target.parent / move["aside"])
                    step["moved_aside"] = True
                if move["staged"]:
                    os.replace(target.parent / move["staged"], target)
                    step["moved_in"] = True
            except OSError as error:
                raise environment_error(error, _shown(target)) from None
    except BaseException:
        _undo(folder, done)
        _unlink(journal)
        raise
    _unlink(journal)
    for move in moves:
        if move["aside"]:
            _unlink((folder / move["name"]).parent / move["aside"])


def _undo(folder: Path, steps: list[dict]) -> None:
    for step in reversed(steps):
        target = folder / step["name"]
        try:
            if step["moved_in"] and not step["aside"]:
                os.unlink(target)
            if step["moved_aside"]:
                os.replace(target.parent / step["aside"], target)
        except OSError:
            continue        # left for the journal: the next build finishes the undo


def _aside(target: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old",
                                    dir=target.parent)
    os.close(handle)
    os.unlink(name)
    return Path(name)


def _write_synced(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        _unlink(path)
        raise environment_error(error, _shown(path)) from None


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass


def recover(folder: Path) -> None:
    """Undo a swap that a killed build left half done; sweep every build's leftovers."""
    journal = folder / JOURNAL
    if _is_regular(journal):
        try:
            moves = json.loads(journal.read_bytes())
        except (OSError, ValueError):
            moves = []
        for move in reversed(moves if isinstance(moves, list) else []):
            try:
                _roll_back(folder, move)
            except (OSError, KeyError, TypeError):
                continue
        _unlink(journal)
    for place in (folder, folder / "sessions"):
        if not place.is_dir() or place.is_symlink():
            continue
        for path in place.iterdir():
            if LEFTOVER.match(path.name) and _is_regular(path):
                _unlink(path)


def repair(folder: str | Path, lock_wait: float | None = None) -> None:
    """Take the folder's lock and undo what a killed build left (as every build does)."""
    folder = Path(folder)
    with folder_lock(folder, LOCK_WAIT if lock_wait is None else lock_wait):
        recover(folder)


def _roll_back(folder: Path, move: dict) -> None:
    target = _inside(folder, move["name"])
    if target is None:
        return
    if move["aside"]:
        aside = target.parent / move["aside"]
        if _is_regular(aside):
            os.replace(aside, target)
    elif move["staged"] and not (target.parent / move["staged"]).exists():
        _unlink(target)            # it was new, and already moved in


# ------------------------------------------------------------------ clean

@dataclass
class Cleaned:
    removed: list[Path]
    left_alone: list[str]


def clean(folder: str | Path, lock_wait: float | None = None) -> Cleaned:
    """Remove what the builds recorded and nobody changed since; say what stays."""
    folder = Path(folder)
    lock_wait = LOCK_WAIT if lock_wait is None else lock_wait
    if not os.path.lexists(folder):
        return Cleaned([], [])
    if not folder.is_dir():
        raise OutputError(_shown(folder), "is not a folder; name the output folder to clean")
    with folder_lock(folder, lock_wait):
        recover(folder)
        recorded = read_manifest(folder)
        removed, left_alone = [], []
        if recorded is None:
            if any(os.path.lexists(folder / name) for name in ("memo.pdf", "deck.pptx")):
                left_alone.append(f"left alone the files in {_shown(folder)}/: there is no "
                                  f"record ({MANIFEST}) that a build wrote them; remove them "
                                  "yourself")
            return Cleaned(removed, left_alone)
        for name, sha256 in sorted(recorded.items()):
            path = _inside(folder, name)
            shown = _shown(folder / name)
            if path is None:
                left_alone.append(f"left alone {shown}: it lies behind a link out of "
                                  f"{_shown(folder)}/")
            elif not os.path.lexists(path):
                continue
            elif not _unchanged(path, sha256):
                left_alone.append(f"left alone {shown}: changed since the build wrote it")
            else:
                try:
                    os.unlink(path)
                except OSError as error:
                    raise environment_error(error, shown) from None
                removed.append(path)
        _unlink(folder / MANIFEST)
        for sub in SUBFOLDERS:
            path = folder / sub
            if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()
    return Cleaned(removed, left_alone)
