"""The memo typeset in a forked process gives the same outputs, and its failures surface."""

import subprocess
import sys
from pathlib import Path

import pytest

from builders import build as building
from builders.loaded import Loaded
from builders.loader import load
from tests.conftest import ROOT, SHIPPED


@pytest.fixture(scope="module")
def shipped():
    return load(SHIPPED)


def test_parallel_and_serial_builds_give_the_same_bytes(shipped):
    assert building.render_outputs(shipped, parallel=True) == building.render_outputs(
        shipped, parallel=False)


def test_a_failure_in_the_memo_process_is_raised_in_the_parent(shipped, monkeypatch):
    def broken(loaded, seed=None):
        raise ValueError("memo exploded")

    monkeypatch.setattr(building, "_render_memo", broken)
    with pytest.raises(ValueError, match="memo exploded"):
        building.render_outputs(shipped, parallel=True)


@pytest.mark.parametrize("platform, forks", [("linux", True), ("darwin", False),
                                             ("win32", False)])
def test_the_memo_is_forked_only_where_forking_is_safe(monkeypatch, platform, forks):
    import sys

    from builders import build as building

    monkeypatch.setattr(sys, "platform", platform)
    assert building._can_fork() is forks


IMPORTS_OF_A_BUILD = """
import hashlib, sys
from builders.build import build
loaded, outputs = build(sys.argv[1], sys.argv[2])
print("memo-modules-here", "builders.memo" in sys.modules)
print("reportlab-platypus-here", "reportlab.platypus" in sys.modules)
for output in outputs:
    print(output.path.name, hashlib.sha256(output.path.read_bytes()).hexdigest())
"""


def test_the_early_forked_memo_gives_the_bytes_of_a_build_in_one_process(tmp_path):
    """build() forks the memo's process before loading and warms it (fonts, styles) while
    this process checks: the files are those of a build in one process, and the memo's
    modules (reportlab's typesetting) never enter this process."""
    import hashlib
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = subprocess.run([sys.executable, "-c", IMPORTS_OF_A_BUILD, str(SHIPPED),
                             str(tmp_path / "out")], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines.pop("memo-modules-here") == "False"
    assert lines.pop("reportlab-platypus-here") == "False"
    serial = building.render_outputs(load(SHIPPED), parallel=False)
    expected = {name.split("/")[-1]: hashlib.sha256(data).hexdigest()
                for name, data in serial.items()}
    assert lines == expected


COUNTED_BUILD = """
import hashlib, sys
from builders import build as building
typeset = building._render_memo

def counted(loaded, seed=None):
    with open(sys.argv[3], "a") as stream:
        stream.write("typeset\\n")
    return typeset(loaded, seed)

building._render_memo = counted
{change}
loaded, outputs = building.build(sys.argv[1], sys.argv[2])
for output in outputs:
    print(output.path.name, hashlib.sha256(output.path.read_bytes()).hexdigest())
"""

WRONG_GUESS = """
guess = building._as_checked
building._as_checked = lambda loaded: guess(loaded).model_copy(update={"date": "2020-01-01"})
"""
FAILED_GUESS = """
def failing(loaded):
    raise ValueError("the guess exploded")
building._as_checked = failing
"""


FAILED_TYPESETTING_OF_THE_GUESS = """
counted_typesetting, calls = building._render_memo, []

def failing_first(loaded, seed=None):
    calls.append(loaded)
    if len(calls) == 1:
        raise RuntimeError("the guess's typesetting failed")
    return counted_typesetting(loaded, seed)
building._render_memo = failing_first
"""


@pytest.mark.parametrize("change, typesettings", [("", 1), (WRONG_GUESS, 2), (FAILED_GUESS, 1),
                                                  (FAILED_TYPESETTING_OF_THE_GUESS, 1)],
                         ids=["guessed-right", "guessed-wrong", "guess-failed",
                              "typesetting-the-guess-failed"])
def test_the_memo_typeset_before_the_checks_is_used_only_if_the_guess_was_right(
        tmp_path, change, typesettings):
    """The memo's process typesets the briefing as the checks will probably leave it while
    they run: used when the checked briefing is that one (one typesetting), typeset again
    when it is not, and a failing guess is only a lost head start. The files are those
    of a build in one process every time."""
    import hashlib
    import subprocess
    import sys

    from tests.conftest import ROOT

    count = tmp_path / "typeset.txt"
    result = subprocess.run([sys.executable, "-c", COUNTED_BUILD.format(change=change),
                             str(SHIPPED), str(tmp_path / "out"), str(count)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert count.read_text().splitlines() == ["typeset"] * typesettings
    serial = building.render_outputs(load(SHIPPED), parallel=False)
    expected = {name.split("/")[-1]: hashlib.sha256(data).hexdigest()
                for name, data in serial.items()}
    assert dict(line.split(" ", 1) for line in result.stdout.splitlines()) == expected


def test_a_briefing_with_errors_ends_the_waiting_memo_process(write_briefing, tmp_path):
    """The memo's process is forked before the briefing is checked; when the check fails,
    it ends (nothing is typeset, nothing written) and the error is the loader's."""
    import multiprocessing

    from builders.errors import BriefingError
    from tests.conftest import minimal_data

    data = minimal_data()
    data["sessions"][0]["topics"][0]["see_also"] = ["nergens"]
    before = set(multiprocessing.active_children())
    with pytest.raises(BriefingError, match="nergens"):
        building.build(write_briefing(data), tmp_path / "out")
    assert set(multiprocessing.active_children()) == before
    assert not (tmp_path / "out").exists()


def test_handing_a_large_briefing_to_a_busy_memo_process_does_not_hold_this_one(
        monkeypatch, tmp_path):
    """The checked briefing is larger than a pipe's buffer at scale (a 20× briefing
    pickles to megabytes) and the memo process reads it only after typesetting its guess:
    `start` must return at once so that the decks are written meanwhile. Here the guess
    waits until this process says it got past `start`; a `start` that blocked would only
    return when the watchdog releases the guess."""
    import threading
    go = tmp_path / "go"
    order = []

    def slow_guess(loaded, seed):
        import time

        while not go.exists():
            time.sleep(0.01)
        return (loaded.briefing, loaded.theme), (b"%PDF guessed", {})

    monkeypatch.setattr(building, "_speculate", slow_guess)
    monkeypatch.setattr(building, "_guessed", lambda loaded: loaded)
    monkeypatch.setattr(building, "_memo_as_data", lambda loaded, seed: (b"%PDF checked", {}))
    big = Loaded("x" * 4_000_000, "theme", Path("big.yaml"), None)
    checked = Loaded("y" * 4_000_000, "theme", Path("big.yaml"), None)  # not the guess

    def watchdog():
        order.append("watchdog released the guess")
        go.touch()

    timer = threading.Timer(30, watchdog)
    with building.MemoWorker(parallel=True) as memo:
        memo.speculate(big)
        timer.start()
        memo.start(checked)
        order.append("start returned")
        go.touch()
        assert memo.result() == (b"%PDF checked", {})
    timer.cancel()
    assert order[0] == "start returned"


GUESS_IN_WHICH_PROCESS = """
import os, sys
from builders import build as building
guess = building._as_checked

def recorded(loaded):
    with open(sys.argv[3], "a") as stream:
        stream.write(f"{os.getpid()}\\n")
    return guess(loaded)

building._as_checked = recorded
building.build(sys.argv[1], sys.argv[2])
print(os.getpid())
"""


def test_the_memos_guess_is_made_here_and_the_checks_reuse_its_sources_and_quotes(tmp_path):
    """The guess (quotes' pages, key dates in order) is made once, in this process, before
    the checks, which find the sources read and the quotes found: the memo's process,
    the critical path at scale, does not read the sources and find the quotes itself."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    record = tmp_path / "guesses.txt"
    result = subprocess.run([sys.executable, "-c", GUESS_IN_WHICH_PROCESS, str(SHIPPED),
                             str(tmp_path / "out"), str(record)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert record.read_text().split() == [result.stdout.strip()]



def test_a_checked_briefing_equal_to_the_guess_is_not_sent_again(monkeypatch):
    """The parent compares the checked briefing with its guess: when they are equal the
    memo's process is only told so (no megabytes to read at the end of its work) and
    returns the memo it typeset from the guess."""
    def must_not_typeset(loaded, seed):
        raise AssertionError("typeset again")

    monkeypatch.setattr(building, "_speculate",
                        lambda loaded, seed: ((loaded.briefing, loaded.theme), (b"%PDF guessed", {})))
    monkeypatch.setattr(building, "_guessed", lambda loaded: loaded)
    monkeypatch.setattr(building, "_memo_as_data", must_not_typeset)
    guessed = Loaded("x" * 1_000_000, "theme", Path("big.yaml"), None)
    checked = Loaded("x" * 1_000_000, "theme", Path("big.yaml"), None)   # equal, not the same

    with building.MemoWorker(parallel=True) as memo:
        memo.speculate(guessed)
        memo.start(checked)
        assert memo._sending is None          # nothing large handed over
        assert memo.result() == (b"%PDF guessed", {})


def test_the_memo_process_is_forked_before_the_checks_are_imported(tmp_path):
    """The checks are this process's work: the memo's process, the critical path of a
    small briefing, is forked without waiting for their import."""
    script = """
import sys
from builders import build as building
forked = building._worker_main

def worker(*arguments):
    with open(sys.argv[2], "w") as stream:
        stream.write(str("builders.checks" in sys.modules))
    return forked(*arguments)

building._worker_main = worker
building.build(sys.argv[1], sys.argv[3])
print("builders.checks" in sys.modules)
"""
    seen = tmp_path / "seen"
    result = subprocess.run([sys.executable, "-c", script, str(SHIPPED), str(seen),
                             str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert (seen.read_text(), result.stdout.split()) == ("False", ["True"])


def test_the_memo_process_is_forked_before_the_yaml_reader_and_never_imports_it(tmp_path):
    """The loader (the YAML reader, the validation) and the output folder are this
    process's: the memo's process is forked before they are imported, and is handed the
    briefing without its locator, whose class would have it import them."""
    script = """
import sys
from builders import cli
with cli.command_imports():
    from builders import build as building
forked, typeset = building._worker_main, building._memo_as_data
NAMES = ("yaml", "builders.yamlsource", "builders.loader", "builders.outputs")

def seen(when):
    with open(sys.argv[2], "a") as stream:
        stream.write(when + " " + " ".join(str(name in sys.modules) for name in NAMES) + "\\n")

def worker(*arguments):
    seen("forked")
    return forked(*arguments)

def typeset_noted(loaded, seed):
    result = typeset(loaded, seed)
    seen(f"typeset locator={loaded.locator}")
    return result

building._worker_main, building._memo_as_data = worker, typeset_noted
building.build(sys.argv[1], sys.argv[3])
seen("built")
"""
    seen = tmp_path / "seen"
    subprocess.run([sys.executable, "-c", script, str(SHIPPED), str(seen), str(tmp_path / "out")],
                   cwd=ROOT, capture_output=True, text=True, check=True)
    assert seen.read_text().splitlines() == ["forked False False False False",
                                             "typeset locator=None False False False False",
                                             "built True True True True"]
