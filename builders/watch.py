"""Watch: one warm process that rebuilds on every save of the briefing or the styles.

Polls modification times (stdlib only); prints one line per rebuild, or the located
problems, and keeps watching whatever happens. Imports, registered fonts and loaded
hyphenation dictionaries stay in the process, so a rebuild costs a fraction of a cold
build. Also holds `Progress`, the light stderr indicator for builds that take a while.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Callable, Iterable

from .errors import BriefingError
from .theme import theme_dirs

Stamp = tuple[int, int, int]
"""A file's modification time (ns), size and inode: any save changes one of them."""


def snapshot(paths: Iterable[Path], ignore: Path | None = None) -> dict[Path, Stamp | None]:
    """The stamp of every file under `paths` (directories recursively); None if missing.

    Nothing inside `ignore` counts (the output folder: the build's own writes must not
    set off another build, wherever the folder is).
    """
    ignored = ignore.resolve() if ignore is not None else None
    stamps: dict[Path, Stamp | None] = {}
    for path in paths:
        if ignored is not None and path.resolve().is_relative_to(ignored):
            continue
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if ignored is not None and child.resolve().is_relative_to(ignored):
                    continue
                if child.is_file() and not child.name.startswith("."):
                    stamps[child] = _stamp(child)
        else:
            stamps[path] = _stamp(path)
    return stamps


def _stamp(path: Path) -> Stamp | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


def changed(before: dict[Path, Stamp | None], after: dict[Path, Stamp | None]) -> list[Path]:
    """The files that appeared, disappeared or were saved between two snapshots."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))


def watched_paths(briefing: Path, styles_dirs: Iterable[Path],
                  source: Path | None) -> list[Path]:
    """The briefing, the styles folders, and the source text the quotes are checked against."""
    paths = [briefing, *styles_dirs]
    if source is not None:
        paths.append(source)
    return paths


def rebuild(briefing: Path, out_dir: Path,
            styles_dir: Path | None = None) -> tuple[list[str], Path | None]:
    """Build once in this process; the lines to print, and the source text to watch.
    The decks of the last build are kept (`KEPT`): an unchanged deck is not written again."""
    from .build import build

    from .errors import OutputError
    from .fonts import forget_changed_files

    forget_changed_files()       # a font replaced since is read again (logos: by stamp)
    started = time.perf_counter()
    notes: list[str] = []
    try:
        options = {} if styles_dir is None else {"styles_dir": styles_dir}
        loaded, outputs = build(briefing, out_dir, report=notes.append, kept=_kept_decks(),
                                **options)
    except OutputError as exc:
        return notes + [f"{_clock()} {exc}; nothing written, {out_dir}/ unchanged; waiting "
                        "for the next save"], None
    except BriefingError as exc:
        errors = sum(problem.severity == "error" for problem in exc.problems)
        return [str(problem) for problem in exc.problems] + [
            f"{_clock()} {errors} error{'s' if errors != 1 else ''}; nothing written, "
            f"{out_dir}/ unchanged; waiting for the next save"], None
    except Exception as exc:  # noqa: BLE001 - a builder bug must not end the watch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [f"{_clock()} build failed: {type(exc).__name__}: {exc} "
                f"({Path(where.filename).name}:{where.lineno}); waiting for the next save"], None
    seconds = time.perf_counter() - started
    lines = [str(warning) for warning in loaded.warnings] + notes
    lines.append(f"{_clock()} built {describe(outputs)} in {seconds:.2f} s")
    source = next((entry.file for entry in loaded.briefing.all_sources() if entry.file), None)
    return lines, (loaded.base_dir / source).resolve() if source else None


def _kept_decks():
    """The decks this watch process built last (one record for the process: it watches
    one briefing; a deck is reused only when all it is written from is equal)."""
    from .build import KeptDecks

    if not KEPT:
        KEPT.append(KeptDecks())
    return KEPT[0]


KEPT: list = []


def describe(outputs) -> str:
    """`memo.pdf (12 pages), 4 decks (57 slides)`: what one build wrote."""
    parts = []
    decks = [output for output in outputs if output.unit_name == "slides"]
    for output in outputs:
        if output.unit_name != "slides":
            parts.append(f"{output.path.name} ({output.units} {output.unit_name})")
    if decks:
        slides = sum(deck.units for deck in decks)
        parts.append(f"{len(decks)} deck{'s' if len(decks) != 1 else ''} ({slides} slides)")
    return ", ".join(parts) or "nothing"


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def watch(briefing: str | Path = "briefing.yaml", out_dir: str | Path = "dist", *,
          styles_dir: Path | None = None, poll: float = 0.3, max_rebuilds: int | None = None,
          on_event: Callable[[str], None] = print, stop: threading.Event | None = None) -> int:
    """Build, then rebuild on every change until Ctrl-C, `stop`, or `max_rebuilds` rebuilds.

    Themes come from `styles_dir`, or else where a build finds them: a `styles/` folder
    beside the briefing (watched even before it exists), then the built-in themes.
    Returns the number of rebuilds after the first build. Never raises on a bad briefing.
    """
    briefing, out_dir = Path(briefing), Path(out_dir)
    folders = (styles_dir,) if styles_dir is not None else theme_dirs(briefing.resolve().parent)
    stop = stop or threading.Event()
    rebuilds = 0
    try:
        stamps = snapshot(watched_paths(briefing, folders, None), out_dir)
        source = _build_and_report(briefing, out_dir, on_event, None, warm_up=True,
                                   styles_dir=styles_dir)
        stamps = _with(stamps, source)
        shown = ", ".join(f"{_shown(folder)}/" for folder in folders if folder.is_dir())
        on_event(f"{_clock()} watching {_shown(briefing)}" + (f" and {shown}" if shown else "")
                 + " (Ctrl-C to stop)")
        while not stop.is_set() and (max_rebuilds is None or rebuilds < max_rebuilds):
            stop.wait(poll)
            current = snapshot(watched_paths(briefing, folders, source), out_dir)
            paths = changed(stamps, current)
            if not paths or stop.is_set():
                continue
            stamps = _settled(briefing, folders, source, current, poll, out_dir)
            on_event(f"{_clock()} changed: {', '.join(_shown(path) for path in paths[:3])}"
                     + (f" and {len(paths) - 3} more" if len(paths) > 3 else ""))
            source = _build_and_report(briefing, out_dir, on_event, source,
                                       styles_dir=styles_dir)
            stamps = _with(stamps, source)
            rebuilds += 1
    except KeyboardInterrupt:
        on_event(f"{_clock()} stopped watching")
    return rebuilds


def _build_and_report(briefing: Path, out_dir: Path, on_event, source: Path | None,
                      warm_up: bool = False, styles_dir: Path | None = None):
    with Progress():
        lines, found = rebuild(briefing, out_dir, styles_dir)
    for line in lines:
        on_event(line)
    if warm_up:
        warm(briefing, styles_dir)
    return found or source


def warm(briefing: Path, styles_dir: Path | None = None) -> None:
    """Typeset the memo once in this process, so that later builds inherit its caches.

    The build typesets the memo in a forked child; whatever that child loads (the
    hyphenation dictionary, measured words) dies with it. Loaded here once, every later
    child starts with it, and with the memo's styles, line breaks and markup carried
    (`render_memo(carry=True)`): a paragraph an edit left alone is not broken again.
    Best effort: a briefing with errors is simply not warmed.
    """
    from .loader import load

    try:
        from .memo import render_memo

        render_memo(load(briefing, styles_dir), carry=True)
    except Exception:  # noqa: BLE001 - warming is an optimisation; the build reports errors
        pass


def _with(stamps: dict[Path, Stamp | None], source: Path | None) -> dict[Path, Stamp | None]:
    """Stamps taken before a build, plus the source text it named (if new): a save made
    during the build is then seen as a change, and triggers the next rebuild."""
    if source is not None and source not in stamps:
        stamps = {**stamps, source: _stamp(source)}
    return stamps


def _settled(briefing, styles_dirs, source, current, poll: float, out_dir: Path | None = None):
    """Wait until a save is complete: two snapshots a short moment apart agree."""
    for _ in range(10):
        time.sleep(min(poll, 0.1))
        again = snapshot(watched_paths(briefing, styles_dirs, source), out_dir)
        if again == current:
            return again
        current = again
    return current


def _shown(path: Path) -> str:
    """Relative to the working directory when inside it, else absolute."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Progress:
    """`building… 3 s` on stderr, only on a terminal and only once a build passes `delay`.

    Quick builds print nothing extra; the line is cleared when the build ends. `stage`
    names the step in progress ("memo", "decks") for callers that know it.
    """

    def __init__(self, stream=None, delay: float = 1.0, interval: float = 0.5):
        self.stream = stream if stream is not None else sys.stderr
        self.delay, self.interval = delay, interval
        self.label = ""
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    def stage(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> "Progress":
        if _is_terminal(self.stream):
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _run(self) -> None:
        if self._done.wait(self.delay):
            return
        while not self._done.is_set():
            elapsed = time.monotonic() - self._started
            label = f" {self.label}" if self.label else ""
            self.stream.write(f"\r\033[Kbuilding{label}… {elapsed:.0f} s")
            self.stream.flush()
            self._shown = True
            self._done.wait(self.interval)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def main(briefing: str = "briefing.yaml", out_dir: str = "dist", poll: float = 0.3) -> int:
    """The command: watch until Ctrl-C; 0 on a clean stop."""
    watch(briefing, out_dir, poll=poll, on_event=lambda line: print(line, flush=True))
    return 0
