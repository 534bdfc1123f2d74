"""Build every output of a briefing, and write them only when all of them succeeded."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import memo_input  # noqa: F401 - its stamps taken in this process, before the fork
from .interrupts import reset_in_child, signals_as_exceptions
from .loaded import Loaded
from .startup import imports_uncollected

AFTER_THE_FORK = {"load": "loader", "OutputFolder": "outputs", "SESSION_DECK": "outputs"}
"""Names this module offers from modules that a build imports only once the memo's
process is forked (that process needs neither): the YAML reader and the validation
(`loader`: about 10 ms), the output folder's lock and manifest (`outputs`: 5 ms)."""


def __getattr__(name: str):
    if name in AFTER_THE_FORK:
        import importlib

        return getattr(importlib.import_module(f".{AFTER_THE_FORK[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def render_all(loaded: Loaded, parallel: bool | None = None,
               seed: object = None) -> tuple[dict[str, bytes], dict]:
    """Every output as relative path → bytes, and the memo's settled layout as data.

    With more than one core, the memo is typeset in a forked process while this one
    writes the decks: the two share nothing but the loaded briefing. `seed`, an earlier
    build's layout as the manifest records it, may save the memo passes; it never
    changes a byte.
    """
    with MemoWorker(parallel) as memo:
        return _render_with(memo, loaded, seed)


def _render_with(memo: "MemoWorker", loaded: Loaded, seed: object,
                 kept: "KeptDecks | None" = None,
                 on_decks: Callable[[dict[str, bytes]], None] | None = None
                 ) -> tuple[dict[str, bytes], dict]:
    """The outputs; `on_decks` is given the decks as soon as they are written, while the
    memo may still be typeset (a build stages them in its folder meanwhile)."""
    memo.start(loaded, seed)
    decks = _render_decks(loaded) if kept is None else kept.render(loaded)
    if on_decks is not None:
        on_decks(decks)
    pdf, layout = memo.result()
    return {"memo.pdf": pdf, **decks}, layout


class KeptDecks:
    """The decks of the last build in this process, each with what it was written from,
    for a process that builds again and again (watch): a deck whose plan, theme and
    theme files are unchanged is not written again (the same bytes, see
    `deck.render_decks_keeping`). A build that fails leaves the record as it was."""

    def __init__(self) -> None:
        self._decks: dict = {}

    def render(self, loaded: Loaded) -> dict[str, bytes]:
        from .deck import render_decks_keeping

        decks, self._decks = render_decks_keeping(loaded, self._decks,
                                                  theme_files(loaded.theme))
        return decks


def theme_files(theme) -> tuple:
    """The contents of the files a theme names for the decks (template, logos), as
    digests: a file saved anew under the same name is another input."""
    import hashlib

    named = (theme.deck.template, theme.deck.logo, theme.memo.logo)
    return tuple(hashlib.sha256(theme.resolve(name).read_bytes()).hexdigest()
                 if name else None for name in named)


def _render_memo(loaded: Loaded, seed=None):
    from .memo import typeset_memo

    return typeset_memo(loaded, seed)


def _memo_as_data(loaded: Loaded, seed: object) -> tuple[bytes, dict]:
    """The memo and its layout as plain data, from a seed as plain data: the memo's
    modules are imported only where it is typeset (the forked process). The layout is
    recorded with the digest of the memo's input (`memo_input`): a seed recorded with
    this input's digest is this input's own settled layout."""
    from .memo.document import OwnLayout, layout_from_data, layout_to_data
    from .memo_input import INPUT, memo_input_digest

    digest = memo_input_digest(loaded)
    layout = layout_from_data(seed)
    if layout is not None and seed.get(INPUT) == digest:
        layout = OwnLayout(layout)
    pdf, layout = _render_memo(loaded, layout)
    return pdf, {**layout_to_data(layout), INPUT: digest}


def _speculate(guessed: Loaded, seed: object) -> tuple[tuple, tuple[bytes, dict]]:
    """The memo of a valid briefing not yet checked, typeset as the checks will most
    likely leave it (`_guessed`), with what it was typeset from. Used only if the checked
    briefing and theme turn out equal to these; otherwise the memo is typeset again."""
    return (guessed.briefing, guessed.theme), _memo_as_data(guessed, seed)


def _same_memo_input(guessed: Loaded, checked: Loaded) -> bool:
    """Whether the memo typeset from `guessed` is the memo of `checked`: the same
    briefing and theme, what the memo is made of (the rest of a Loaded is where they
    came from)."""
    return guessed.briefing == checked.briefing and guessed.theme == checked.theme


def _guessed(loaded: Loaded) -> Loaded | None:
    """The valid briefing as the checks will most likely leave it (each quote with the
    page found in its source, key dates in reading order), or None when that cannot be
    told. Made in this process, before the checks, which then find the sources read and
    the quotes found (kept with each source's tokens): the memo's process, on the
    critical path at scale, does not read the sources and find the quotes again."""
    from dataclasses import replace

    try:
        return replace(loaded, briefing=_as_checked(loaded))
    except Exception:  # noqa: BLE001 - only a guess; the checks report what is wrong
        return None


def _as_checked(loaded: Loaded):
    """The briefing as `checks.checked` returns it when it finds no error (a guess: the
    comparison with the real one decides)."""
    from .checks import quote_results, read_sources, with_quote_pages
    from .loader import in_reading_order

    briefing, locator = loaded.briefing, loaded.locator
    documents, _ = read_sources(briefing, locator, loaded.base_dir)
    pages = {path: page for problem, (path, page) in quote_results(briefing, locator, documents)
             if not problem and page}
    return in_reading_order(with_quote_pages(briefing, pages))


def read_seed(out_dir: Path) -> object:
    """The memo layout the last build recorded in `out_dir`'s manifest (plain data), or
    None. A seed is only a hint: whatever the record holds, a wrong seed costs one pass,
    never a byte."""
    from .manifest import MEMO_LAYOUT, read_record

    return (read_record(Path(out_dir)) or {}).get(MEMO_LAYOUT)


def _render_decks(loaded: Loaded) -> dict[str, bytes]:
    from .deck import render_decks

    return render_decks(loaded)


def _handed_over(loaded: Loaded) -> Loaded:
    """What the memo's process is sent: the loaded briefing without its locator (where
    each value is in the YAML), which the memo does not read and whose class would have
    that process import the YAML reader."""
    from dataclasses import replace

    return loaded if loaded.locator is None else replace(loaded, locator=None)


def _can_fork() -> bool:
    """Only on Linux: macOS forbids forking a process that has threads (its system
    libraries may hold locks); Windows cannot fork. There the memo is typeset in series."""
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class MemoWorker:
    """The memo, typeset in a process forked as early as a build starts.

    The child imports the memo's modules at once; as soon as `speculate` hands it the
    valid briefing (while this process still checks it), it typesets the memo of the
    briefing as the checks will most likely leave it. `start` hands over the checked
    briefing: if it is what the child guessed, the memo is ready, else the child
    typesets it now. `result()` returns (PDF bytes, layout data) or raises the child's
    error. Where forking is unsafe, or `parallel` is False, the memo is typeset in this
    process at `result()`. Leaving the block early (an error, a signal) ends the child.
    """

    def __init__(self, parallel: bool | None = None):
        if parallel is None:
            parallel = _can_fork() and (os.cpu_count() or 1) > 1
        self._connection = None
        self._process = None
        self._job: tuple | None = None
        self._sending = None
        self._guess: Loaded | None = None
        if parallel:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._connection, theirs = context.Pipe()
            self._process = context.Process(target=_worker_main,
                                            args=(theirs, self._connection, os.getpid()),
                                            daemon=True)
            self._process.start()
            theirs.close()

    def speculate(self, loaded: Loaded, seed: object = None) -> None:
        """The valid briefing before its checks: the child may start on its memo, of the
        briefing as the checks will most likely leave it."""
        if self._connection is not None:
            guessed = _guessed(loaded)
            if guessed is not None:
                self._guess = guessed
                self._send(("speculate", _handed_over(guessed), seed))

    def start(self, loaded: Loaded, seed: object = None) -> None:
        """Hand over the checked briefing: its memo is the result.

        When it is the briefing the child guessed (compared here, where both are at
        hand), the child is only told so: it need not read the briefing again, which at
        scale (a 50× briefing pickles to megabytes) would cost it a fifth of a second at
        the end of its work. Otherwise the briefing is sent from a thread: the child
        reads it only when its guess is typeset, and a briefing larger than the pipe's
        buffer would hold this process until then, idle, instead of writing the decks
        meanwhile."""
        if self._connection is None:
            self._job = (loaded, seed)
            return
        if self._guess is not None and _same_memo_input(self._guess, loaded):
            self._send(("as guessed",))
            return
        import threading

        self._sending = threading.Thread(target=self._send,
                                         args=(("typeset", _handed_over(loaded), seed),),
                                         name="memo-handover", daemon=True)
        self._sending.start()

    def result(self) -> tuple[bytes, dict]:
        if self._connection is None:
            return _memo_as_data(*self._job)
        if self._sending is not None:
            self._sending.join()
        try:
            ok, value = self._connection.recv()
        except (EOFError, ConnectionError):   # reset: it died with a message unread
            raise RuntimeError("the memo process ended without a result") from None
        if not ok:
            raise value
        return value

    def _send(self, message: tuple) -> None:
        try:
            self._connection.send(message)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass                     # the child is gone (or the pipe closed): result() says so

    def __enter__(self) -> "MemoWorker":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._process is None:
            return
        if kind is not None and self._process.is_alive():
            self._process.kill()       # the build failed or was stopped: no use waiting
        if self._sending is not None:
            self._sending.join()       # ends at once when the child is gone
        self._connection.close()       # a child still waiting for work ends on this
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _worker_main(connection, parents_end, parent: int) -> None:
    parents_end.close()
    with imports_uncollected():   # what follows imports ctypes and the memo's modules
        reset_in_child()
        die_with_parent(parent)
        from . import memo    # imported while the parent loads and checks
    memo.keep_lines_after_hand_over()

    guess = guessed = None
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return                     # the parent needs no memo (the briefing has errors)
        if message[0] == "speculate":
            guessed = message[1:]
            try:
                guess = _speculate(*guessed)
            except Exception:  # noqa: BLE001 - only a guess; the real typesetting reports errors
                guess = None
            continue
        try:
            if message[0] == "as guessed" and guess is not None:
                outcome = (True, guess[1])
            elif message[0] == "as guessed":   # the guess failed: typeset it, report why
                outcome = (True, _memo_as_data(*guessed))
            else:
                outcome = (True, _memo_as_data(*message[1:]))
        except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
            outcome = (False, _picklable(error))
        connection.send(outcome)
        connection.close()
        memo.store_kept_lines()   # after the hand-over, while the build publishes
        return


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
          styles_dir: Path | None = None,
          kept: KeptDecks | None = None) -> tuple[Loaded, list[Output]]:
    """Check the briefing, build all outputs, then replace the set in `out_dir` at once.

    Raises BriefingError (nothing written) for a briefing with errors, OutputError when
    the folder cannot take the outputs, Interrupted on Ctrl-C, SIGTERM or SIGHUP; every
    failure leaves `out_dir` as it was. `report` hears about files left alone; themes
    come from `styles_dir` (default: the project's styles/). `kept` (watch) keeps the
    decks between builds, so that an unchanged deck is not written again.
    """
    _freeze_imports()
    with signals_as_exceptions(), MemoWorker() as memo:
        from .loader import load          # after the fork: the memo's process needs neither
        from .outputs import OutputFolder

        seed = read_seed(Path(out_dir))   # a hint only: read before the lock, checked after

        def valid(unchecked: Loaded) -> None:
            memo.speculate(unchecked, seed)

        loaded = load(briefing, styles_dir, on_valid=valid)
        with OutputFolder(out_dir, lock_wait, on_wait=report) as folder:
            files, layout = _render_with(memo, loaded, read_seed(Path(out_dir)), kept,
                                         on_decks=folder.stage)
            published = folder.publish(files, layout)
    for line in published.left_alone:
        if report is not None:
            report(line)
    out = Path(out_dir)
    return loaded, [_describe(out / name, data) for name, data in files.items()]


def _freeze_imports() -> None:
    """Take what the process holds so far (its imported modules, mostly: they live until
    it ends) out of the cycle collector's view, so that the collections during the build,
    and in the forked memo process, do not walk them again and again. Once: the decks
    unfreeze everything when they end (builders/deck/__init__.py). The checks are
    imported after the fork, by this process only: the memo's process, on the critical
    path of a small briefing, does not wait for an import it does not need."""
    import gc

    if not gc.get_freeze_count():
        gc.freeze()


def _describe(path: Path, data: bytes) -> Output:
    if path.suffix == ".pdf":
        return Output(path, len(data), len(re.findall(rb"/Type\s*/Page\b", data)), "pages")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slides = [n for n in archive.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
    return Output(path, len(data), len(slides), "slides")
