"""Build every output of a briefing, and write them only when all of them succeeded."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .loader import Loaded, load

SESSION_DECK = re.compile(r"^\d+-[a-z0-9]+(?:-[a-z0-9]+)*\.pptx$")


@dataclass(frozen=True)
class Output:
    """One written file: where, how large, and how many pages or slides."""

    path: Path
    size: int
    units: int
    unit_name: str

    def summary(self) -> str:
        return f"{self.path} ({self.size / 1024:.0f} KB, {self.units} {self.unit_name})"


def render_outputs(loaded: Loaded, parallel: bool | None = None) -> dict[str, bytes]:
    """Every output of the briefing, as relative path → bytes, built in memory.

    With more than one core, the memo is typeset in a forked process while this one
    writes the decks: the two share nothing but the loaded briefing.
    """
    if parallel is None:
        parallel = _can_fork() and (os.cpu_count() or 1) > 1
    if not parallel:
        return {"memo.pdf": _render_memo(loaded), **_render_decks(loaded)}
    with _InChild(_render_memo, loaded) as memo:
        decks = _render_decks(loaded)
        return {"memo.pdf": memo.result(), **decks}


def _render_memo(loaded: Loaded) -> bytes:
    from .memo import render_memo

    return render_memo(loaded)


def _render_decks(loaded: Loaded) -> dict[str, bytes]:
    from .deck import render_decks

    return render_decks(loaded)


def _can_fork() -> bool:
    """Only on Linux: macOS forbids forking a process that has threads (its system
    libraries may hold locks); Windows cannot fork. There the memo is typeset in series."""
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class _InChild:
    """Runs one function in a forked process; `result()` returns its value or raises."""

    def __init__(self, function, *args):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_child_main, args=(sender, function, args),
                                        daemon=True)
        self._process.start()
        sender.close()

    def result(self):
        try:
            ok, value = self._receiver.recv()
        except EOFError:
            raise RuntimeError("the memo process ended without a result") from None
        if not ok:
            raise value
        return value

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._receiver.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _child_main(sender, function, args) -> None:
    try:
        outcome = (True, function(*args))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, _picklable(error))
    sender.send(outcome)
    sender.close()


def _picklable(error: BaseException) -> BaseException:
    import pickle

    try:
        pickle.dumps(error)
        return error
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(error).__name__}: {error}")


def build(briefing: str | Path, out_dir: str | Path = "dist") -> tuple[Loaded, list[Output]]:
    """Check the briefing, build all outputs, then move them into `out_dir` together.

    Raises BriefingError (nothing written) for a briefing with errors; any other failure
    also leaves `out_dir` as it was.
    """
    loaded = load(briefing)
    files = render_outputs(loaded)
    out = Path(out_dir)
    write_atomically(out, files)
    remove_stale_session_decks(out, files)
    return loaded, [_describe(out / name, data) for name, data in files.items()]


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write each file beside its target, then move all into place; on failure, none."""
    temporaries: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                 dir=target.parent)
            temporaries.append((Path(temporary), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, target in temporaries:
            os.replace(temporary, target)
    finally:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)


def remove_stale_session_decks(out_dir: Path, files: dict[str, bytes]) -> None:
    """Session decks of sessions that no longer exist (renamed, moved) would mislead."""
    sessions = out_dir / "sessions"
    if not sessions.is_dir():
        return
    current = {Path(name).name for name in files if name.startswith("sessions/")}
    for deck in sessions.iterdir():
        if SESSION_DECK.match(deck.name) and deck.name not in current:
            deck.unlink()


def _describe(path: Path, data: bytes) -> Output:
    if path.suffix == ".pdf":
        return Output(path, len(data), len(re.findall(rb"/Type\s*/Page\b", data)), "pages")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slides = [n for n in archive.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
    return Output(path, len(data), len(slides), "slides")
