"""Build every output of a briefing, and write them only when all of them succeeded."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .interrupts import reset_in_child, signals_as_exceptions
from .loader import Loaded, load
from .outputs import SESSION_DECK, OutputFolder  # noqa: F401 - SESSION_DECK re-exported


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
    """Every output of the briefing, as relative path → bytes, built in memory."""
    return render_all(loaded, parallel)[0]


def render_all(loaded: Loaded, parallel: bool | None = None, seed=None) -> tuple[dict[str, bytes], object]:
    """Every output as relative path → bytes, and the memo's settled layout.

    With more than one core, the memo is typeset in a forked process while this one
    writes the decks: the two share nothing but the loaded briefing. `seed`, an earlier
    build's layout, may save the memo passes; it never changes a byte.
    """
    if parallel is None:
        parallel = _can_fork() and (os.cpu_count() or 1) > 1
    if not parallel:
        memo, layout = _render_memo(loaded, seed)
        return {"memo.pdf": memo, **_render_decks(loaded)}, layout
    with _InChild(_render_memo, loaded, seed) as child:
        decks = _render_decks(loaded)
        memo, layout = child.result()
        return {"memo.pdf": memo, **decks}, layout


def _render_memo(loaded: Loaded, seed=None):
    from .memo import typeset_memo

    return typeset_memo(loaded, seed)


def read_seed(out_dir: Path):
    """The memo layout the last build recorded in `out_dir`'s manifest, or None. A seed is
    only a hint: whatever the record holds, a wrong seed costs one pass, never a byte."""
    from .manifest import MEMO_LAYOUT, read_record
    from .memo.document import layout_from_data

    return layout_from_data((read_record(Path(out_dir)) or {}).get(MEMO_LAYOUT))


def _layout_data(layout) -> dict:
    from .memo.document import layout_to_data  # the memo's modules stay out of this process

    return layout_to_data(layout)


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
        self._process = context.Process(target=_child_main,
                                        args=(sender, os.getpid(), function, args),
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

    def __exit__(self, kind, error, trace):
        self._receiver.close()
        if kind is not None and self._process.is_alive():
            self._process.kill()       # the build failed or was stopped: no use waiting
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _child_main(sender, parent: int, function, args) -> None:
    reset_in_child()
    die_with_parent(parent)
    try:
        outcome = (True, function(*args))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, _picklable(error))
    sender.send(outcome)
    sender.close()


def die_with_parent(parent: int) -> None:
    """End this forked process as soon as `parent` ends (killed, even by SIGKILL).

    On Linux the kernel sends SIGKILL when the parent goes (PR_SET_PDEATHSIG); elsewhere,
    and as a second guard, a thread notices that the parent changed and exits.
    """
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:        # the parent went before the guard was set
        os._exit(1)

    def watch_parent() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True).start()


PR_SET_PDEATHSIG = 1


def _picklable(error: BaseException) -> BaseException:
    import pickle

    try:
        pickle.dumps(error)
        return error
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(error).__name__}: {error}")


def build(briefing: str | Path, out_dir: str | Path = "dist", *,
          report: Callable[[str], None] | None = None, lock_wait: float | None = None,
          styles_dir: Path | None = None) -> tuple[Loaded, list[Output]]:
    """Check the briefing, build all outputs, then replace the set in `out_dir` at once.

    Raises BriefingError (nothing written) for a briefing with errors, OutputError when
    the folder cannot take the outputs, Interrupted on Ctrl-C, SIGTERM or SIGHUP; every
    failure leaves `out_dir` as it was. `report` hears about files left alone; themes
    come from `styles_dir` (default: the project's styles/).
    """
    with signals_as_exceptions():
        loaded = load(briefing) if styles_dir is None else load(briefing, styles_dir)
        with OutputFolder(out_dir, lock_wait, on_wait=report) as folder:
            files, layout = render_all(loaded, seed=read_seed(Path(out_dir)))
            published = folder.publish(files, _layout_data(layout))
    for line in published.left_alone:
        if report is not None:
            report(line)
    out = Path(out_dir)
    return loaded, [_describe(out / name, data) for name, data in files.items()]


def _describe(path: Path, data: bytes) -> Output:
    if path.suffix == ".pdf":
        return Output(path, len(data), len(re.findall(rb"/Type\s*/Page\b", data)), "pages")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slides = [n for n in archive.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
    return Output(path, len(data), len(slides), "slides")
