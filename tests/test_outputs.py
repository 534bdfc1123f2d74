"""The output folder (builders/outputs.py): one build at a time, the whole set or nothing,
only recorded files removed, environment faults in words, signals, modes."""

from __future__ import annotations

import errno
import importlib
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from builders import build as building
from builders import cli
from tests.test_build import dist, previous, snapshot, temporaries, two_sessions, write  # noqa: F401

def has_outputs() -> bool:
    """Whether builders.outputs exists (it does not before issue 13: then the tests show
    how the old build behaves rather than an import error)."""
    import builders

    return (Path(builders.__file__).parent / "outputs.py").exists()


MANIFEST = ".briefing-outputs.json"
LOCK = ".briefing-build.lock"


def run_cli(briefing, out) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.build(str(briefing), str(out), out=stdout, err=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def listing(directory: Path) -> list[str]:
    """Every entry below the folder, hidden ones included, folders marked with /, links
    with their target."""
    return sorted(str(p.relative_to(directory)) + (
        f" -> {os.readlink(p)}" if p.is_symlink() else "/" if p.is_dir() else "")
        for p in directory.rglob("*"))


# ------------------------------------------------------------------ one build at a time

HOLD_LOCK = """
    import fcntl, os, sys, time
    descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    os.write(descriptor, b"process 4242 on desk, since 10:00:00")
    print("held", flush=True)
    time.sleep(30)
"""


def test_a_second_build_of_the_same_folder_waits_then_says_who_holds_it(dist, previous,
                                                                         monkeypatch):
    briefing, out = dist
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLD_LOCK),
                               str(out / LOCK)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setattr(importlib.import_module("builders.outputs"), "LOCK_WAIT", 0.5,
                            raising=False) if has_outputs() else None
        started = time.monotonic()
        code, stdout, stderr = run_cli(briefing, out)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert (code, stdout) == (3, "")
    assert stderr == (f"waiting for another build of {out}/ (process 4242 on desk, since "
                      "10:00:00) to finish\n"
                      f"{out}: error: another build is writing to this folder (process 4242 "
                      "on desk, since 10:00:00); wait for it to finish, or stop it, and run "
                      f"again; nothing was written, {out}/ is unchanged\n")
    assert waited >= 0.5
    assert snapshot(out) == previous[1] | {LOCK: b"process 4242 on desk, since 10:00:00"}


def test_a_build_waits_for_the_other_to_finish_and_then_builds(dist, monkeypatch):
    briefing, out = dist
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLD_LOCK).replace(
        "time.sleep(30)", "time.sleep(1)"), str(out / LOCK)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        code, _, stderr = run_cli(briefing, out)
    finally:
        holder.kill()
        holder.wait()
    assert code == 0, stderr
    assert stderr == (f"waiting for another build of {out}/ (process 4242 on desk, since "
                      "10:00:00) to finish\n")
    assert LOCK not in snapshot(out)


def test_builds_run_side_by_side_leave_one_complete_set(tmp_path):
    """Two briefings with different sessions built into one folder at the same time."""
    one = two_sessions()
    other = two_sessions()
    other["sessions"][1]["id"] = "andere"
    write(tmp_path / "one.yaml", one)
    write(tmp_path / "other.yaml", other)
    script = """
        import sys
        from builders import cli
        sys.exit(cli.build(sys.argv[1], sys.argv[2]))
    """
    runs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(script),
                              str(tmp_path / name), str(tmp_path / "dist")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for name in ("one.yaml", "other.yaml", "one.yaml", "other.yaml")]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0, 0]
    files = snapshot(tmp_path / "dist")
    decks = sorted(name for name in files if name.startswith("sessions/"))
    assert decks in (["sessions/1-sessie-1.pptx", "sessions/2-sessie-2.pptx"],
                     ["sessions/1-sessie-1.pptx", "sessions/2-andere.pptx"])
    record = json.loads(files.pop(MANIFEST))["files"]
    import hashlib

    assert {name: hashlib.sha256(data).hexdigest() for name, data in files.items()} == {
        name: entry["sha256"] for name, entry in record.items()}


# ------------------------------------------------------------------ the whole set or nothing

def test_a_folder_where_a_later_deck_goes_is_found_before_anything_moves(dist, previous):
    briefing, out = dist
    (out / "sessions" / "2-sessie-2.pptx").unlink()
    (out / "sessions" / "2-sessie-2.pptx").mkdir()
    before = listing(out)
    code, stdout, stderr = run_cli(briefing, out)
    assert (code, stdout) == (3, "")
    assert stderr == (f"{out}/sessions/2-sessie-2.pptx: error: a folder stands where the "
                      "build writes a file; move or rename the folder and run again; nothing "
                      f"was written, {out}/ is unchanged\n")
    assert listing(out) == before
    assert snapshot(out) == {name: data for name, data in previous[1].items()
                             if name != "sessions/2-sessie-2.pptx"}


@pytest.mark.parametrize("failing_move", [1, 2, 4, 6, 7])
def test_a_move_that_fails_halfway_puts_every_previous_file_back(dist, previous, monkeypatch,
                                                                  failing_move):
    """On Windows a deck open in PowerPoint cannot be replaced: the n-th move fails."""
    briefing, out = dist
    real, calls = os.replace, []

    def replace(source, target):
        if not str(target).startswith(str(out)):
            return real(source, target)       # a cache file, not the output folder's
        calls.append(target)
        if len(calls) == failing_move:
            error = PermissionError(errno.EACCES, "Permission denied")
            error.winerror = 32
            raise error
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    code, _, stderr = run_cli(briefing, out)
    assert code == 3
    assert stderr.endswith("error: the file is open in another program (PowerPoint and "
                           "Acrobat keep their files locked); close it there and run again; "
                           f"nothing was written, {out}/ is unchanged\n")
    assert snapshot(out) == previous[1]
    assert listing(out) == sorted(list(previous[1]) + ["sessions/"])


def test_a_stale_deck_comes_back_when_the_swap_fails(dist, previous, monkeypatch):
    briefing, out = dist
    data = two_sessions()
    del data["sessions"][1]
    write(briefing, data)
    real = os.replace

    def replace(source, target):
        if Path(target).name.endswith(".old") and "2-sessie-2" in Path(target).name:
            raise OSError(errno.EIO, "Input/output error")
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    code, _, stderr = run_cli(briefing, out)
    assert code == 3
    assert stderr == (f"{out}/sessions/2-sessie-2.pptx: error: cannot write here "
                      "(input/output error); check the folder and run again; nothing was "
                      f"written, {out}/ is unchanged\n")
    assert snapshot(out) == previous[1]


def test_a_failed_build_into_a_new_folder_leaves_no_folders(tmp_path, previous, monkeypatch):
    briefing, _ = previous

    def broken(loaded):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("builders.deck.render_decks", broken)
    code, _, stderr = run_cli(briefing, tmp_path / "new" / "dist")
    assert code == 4
    assert listing(tmp_path) == []


# ------------------------------------------------------------------ only what it wrote

def test_a_linked_sessions_folder_is_refused_and_the_users_decks_stay(dist, tmp_path):
    briefing, out = dist
    own = tmp_path / "own"
    own.mkdir()
    (own / "1-mijn.pptx").write_bytes(b"my own deck")
    (own / "2-sessie-2.pptx").write_bytes(b"my own version")
    for deck in (out / "sessions").iterdir():
        deck.unlink()
    (out / "sessions").rmdir()
    (out / "sessions").symlink_to(own)
    before = snapshot(out)
    code, _, stderr = run_cli(briefing, out)
    assert code == 3
    assert stderr == (f"{out}/sessions: error: is a link (to {own}); a build writes only "
                      f"inside {out}/: remove the link and run again; nothing was written, "
                      f"{out}/ is unchanged\n")
    assert sorted(p.name for p in own.iterdir()) == ["1-mijn.pptx", "2-sessie-2.pptx"]
    assert (own / "2-sessie-2.pptx").read_bytes() == b"my own version"
    assert snapshot(out) == before


def test_a_stale_deck_the_user_changed_is_left_alone_and_said(dist):
    briefing, out = dist
    (out / "sessions" / "2-sessie-2.pptx").write_bytes(b"edited by hand")
    (out / "sessions" / "7-eigen.pptx").write_bytes(b"made by hand")
    data = two_sessions()
    del data["sessions"][1]
    write(briefing, data)
    code, _, stderr = run_cli(briefing, out)
    assert code == 0
    assert stderr.splitlines() == [
        f"left alone {out}/sessions/2-sessie-2.pptx: changed since the build wrote it; "
        "remove it yourself if it is not needed",
        f"left alone {out}/sessions/7-eigen.pptx: not written by a build (no record of it); "
        "remove it yourself if it is stale"]
    assert sorted(p.name for p in (out / "sessions").iterdir()) == [
        "1-sessie-1.pptx", "2-sessie-2.pptx", "7-eigen.pptx"]


def test_clean_removes_the_recorded_files_and_leaves_the_users_own(dist):
    briefing, out = dist
    (out / "memo.pdf").write_bytes(b"%PDF- my annotated copy")
    (out / "preview").mkdir()
    (out / "preview" / "mine.png").write_bytes(b"png")
    (out / "notes.txt").write_text("mine")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.clean(str(out), out=stdout, err=stderr) == 0
    assert stdout.getvalue() == f"removed 3 files from {out}/\n"
    assert stderr.getvalue() == f"left alone {out}/memo.pdf: changed since the build wrote it\n"
    assert listing(out) == ["memo.pdf", "notes.txt", "preview/", "preview/mine.png"]


def test_clean_never_follows_a_link_out_of_the_folder(dist, tmp_path):
    briefing, out = dist
    own = tmp_path / "own"
    own.mkdir()
    for deck in (out / "sessions").iterdir():
        (own / deck.name).write_bytes(deck.read_bytes())   # the very same bytes
        deck.unlink()
    (out / "sessions").rmdir()
    (out / "sessions").symlink_to(own)
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.clean(str(out), out=stdout, err=stderr) == 0
    assert stdout.getvalue() == f"removed 2 files from {out}/\n"
    assert stderr.getvalue().splitlines() == [
        f"left alone {out}/sessions/1-sessie-1.pptx: it lies behind a link out of {out}/",
        f"left alone {out}/sessions/2-sessie-2.pptx: it lies behind a link out of {out}/"]
    assert sorted(p.name for p in own.iterdir()) == ["1-sessie-1.pptx", "2-sessie-2.pptx"]
    assert listing(out) == [f"sessions -> {own}"]


# ------------------------------------------------------------------ environment errors

@pytest.mark.parametrize("error, message", [
    (PermissionError(errno.EACCES, "Permission denied"),
     "{out}/sessions: error: permission denied; choose another --out or ask for write "
     "access to this folder"),
    (OSError(errno.EROFS, "Read-only file system"),
     "{out}/sessions: error: the disk is read-only; choose another --out"),
    (OSError(errno.ENOSPC, "No space left on device"),
     "{out}/sessions: error: the disk is full; free some space (or choose another --out) "
     "and run again"),
])
def test_a_folder_that_cannot_be_written_is_named_with_what_to_do(dist, previous, monkeypatch,
                                                                   error, message):
    briefing, out = dist
    import tempfile

    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):
        if Path(dir).name == "sessions":
            raise error
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    code, stdout, stderr = run_cli(briefing, out)
    assert (code, stdout) == (3, "")
    assert stderr == message.format(out=out) + f"; nothing was written, {out}/ is unchanged\n"
    assert snapshot(out) == previous[1]
    assert temporaries(out) == []


def test_an_output_folder_that_is_a_file_is_named(tmp_path, previous):
    briefing, _ = previous
    (tmp_path / "dist").write_text("not a folder")
    code, _, stderr = run_cli(briefing, tmp_path / "dist")
    assert code == 3
    assert stderr == (f"{tmp_path}/dist: error: is not a folder; choose another --out (a "
                      "folder, or a name that does not exist yet); nothing was written\n")
    assert (tmp_path / "dist").read_text() == "not a folder"


def test_an_output_folder_below_a_file_is_named(tmp_path, previous):
    briefing, _ = previous
    (tmp_path / "file").write_text("a file")
    code, _, stderr = run_cli(briefing, tmp_path / "file" / "dist")
    assert code == 3
    assert stderr.startswith(f"{tmp_path}/file: error: is not a folder; ")


def test_only_real_faults_are_called_faults_in_the_builder(dist, monkeypatch):
    briefing, out = dist

    def broken(loaded):
        raise KeyError("layout")

    monkeypatch.setattr("builders.deck.render_decks", broken)
    code, _, stderr = run_cli(briefing, out)
    assert code == 4
    assert "this is a fault in the builder" in stderr


# ------------------------------------------------------------------ modes

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_outputs_get_the_mode_the_umask_gives(tmp_path, previous, umask, mode):
    briefing, _ = previous
    old = os.umask(umask)
    try:
        building.build(briefing, tmp_path / "dist")
    finally:
        os.umask(old)
    modes = {name: os.stat(tmp_path / "dist" / name).st_mode & 0o777
             for name in snapshot(tmp_path / "dist")}
    assert set(modes.values()) == {mode}, modes


def test_a_replaced_output_keeps_its_mode(dist):
    briefing, out = dist
    os.chmod(out / "memo.pdf", 0o640)
    os.chmod(out / "deck.pptx", 0o604)
    building.build(briefing, out)
    assert os.stat(out / "memo.pdf").st_mode & 0o777 == 0o640
    assert os.stat(out / "deck.pptx").st_mode & 0o777 == 0o604


# ------------------------------------------------------------------ signals and kills

SIGNAL_DURING_WRITE = """
    import os, signal, sys

    from builders import cli
    real, calls = os.fsync, []
    def fsync(descriptor):
        calls.append(descriptor)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.{signal})
        return real(descriptor)
    os.fsync = fsync
    sys.exit(cli.main(["build", "--briefing", sys.argv[1], "--out", sys.argv[2]]))
"""


@pytest.mark.parametrize("name, code, shown", [("SIGINT", 130, "Ctrl-C"),
                                                ("SIGTERM", 143, "SIGTERM"),
                                                ("SIGHUP", 129, "SIGHUP")])
def test_a_signal_while_writing_ends_with_one_line_and_no_temporaries(dist, previous, name,
                                                                      code, shown):
    briefing, out = dist
    script = textwrap.dedent(SIGNAL_DURING_WRITE.replace("{signal}", name))
    result = subprocess.run([sys.executable, "-c", script, str(briefing), str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == code
    assert result.stderr == f"build stopped ({shown}); nothing was written, {out}/ is unchanged\n"
    assert result.stdout == ""
    assert snapshot(out) == previous[1]
    assert listing(out) == sorted(list(previous[1]) + ["sessions/"])


SIGNAL_DURING_SWAP = """
    import os, signal, sys

    from builders import cli
    real, calls = os.replace, []
    def replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return real(source, target)
    os.replace = replace
    sys.exit(cli.main(["build", "--briefing", sys.argv[1], "--out", sys.argv[2]]))
"""


def test_a_signal_during_the_swap_is_held_until_the_new_set_is_complete(dist, previous):
    briefing, out = dist
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(SIGNAL_DURING_SWAP),
                             str(briefing), str(out)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 143
    assert result.stderr == (f"build stopped (SIGTERM) just after it wrote every output to "
                             f"{out}/\n")
    after = snapshot(out)
    assert sorted(after) == sorted(previous[1])
    assert all(after[name] != previous[1][name] for name in ("memo.pdf", "deck.pptx"))
    assert listing(out) == sorted(list(previous[1]) + ["sessions/"])


KILL_AT = """
    import os, signal, sys

    from builders import build
    real, calls = getattr(os, sys.argv[3]), []
    def patched(*args):
        calls.append(args)
        if len(calls) == int(sys.argv[4]):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    setattr(os, sys.argv[3], patched)
    build.build(sys.argv[1], sys.argv[2])
"""


@pytest.mark.parametrize("call, number", [("fsync", 3), ("replace", 2), ("replace", 5)])
def test_what_a_killed_build_leaves_is_undone_by_the_next_one(dist, previous, call, number):
    briefing, out = dist
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(KILL_AT), str(briefing),
                             str(out), call, str(number)], capture_output=True, timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert listing(out) != sorted(list(previous[1]) + ["sessions/"])   # leftovers
    from builders.outputs import repair

    repair(out)
    assert snapshot(out) == previous[1]
    assert listing(out) == sorted(list(previous[1]) + ["sessions/"])
    building.build(briefing, out)
    assert sorted(snapshot(out)) == sorted(previous[1])
    assert listing(out) == sorted(list(previous[1]) + ["sessions/"])


MEMO_CHILD_HANGS = """
    import os, sys, time
    from builders import build
    parent = os.getpid()
    def memo(loaded, seed=None):
        with open(sys.argv[3], "w") as stream:
            stream.write(str(os.getpid()))
        time.sleep(40)
    build._render_memo = memo
    print("started", flush=True)
    build.render_outputs(build.load(sys.argv[1]), parallel=True)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().split(")")[-1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_memo_process_dies_with_its_parent(dist, tmp_path):
    briefing, _ = dist
    pid_file = tmp_path / "memo.pid"
    run = subprocess.Popen([sys.executable, "-c", textwrap.dedent(MEMO_CHILD_HANGS),
                            str(briefing), "unused", str(pid_file)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child = None
    try:
        for _ in range(300):
            if pid_file.exists() and pid_file.read_text():
                child = int(pid_file.read_text())
                break
            time.sleep(0.05)
        assert child is not None
        run.kill()                                  # the main process only
        stdout, _ = run.communicate(timeout=10)     # nobody holds its stdout any more
        assert stdout == b"started\n"
        for _ in range(40):
            if not _alive(child):
                break
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        run.kill()
        run.wait()
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)


def test_files_another_command_recorded_are_kept_in_the_record_and_cleaned(dist):
    """The preview records its images; a build keeps them in the record; clean removes
    them, and leaves a hand-made image beside them."""
    from builders.outputs import record_files

    briefing, out = dist
    (out / "preview").mkdir()
    (out / "preview" / "memo-01.png").write_bytes(b"png of page 1")
    record_files(out, [out / "preview" / "memo-01.png", out.parent / "elsewhere.png"])
    building.build(briefing, out)
    record = json.loads((out / MANIFEST).read_text())
    assert sorted(record["others"]) == ["preview/memo-01.png"]
    (out / "preview" / "mine.png").write_bytes(b"made by hand")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.clean(str(out), out=stdout, err=stderr) == 0
    assert (stdout.getvalue(), stderr.getvalue()) == (f"removed 5 files from {out}/\n", "")
    assert listing(out) == ["preview/", "preview/mine.png"]


def test_clean_after_the_sessions_folder_was_removed_by_hand(dist):
    import shutil

    briefing, out = dist
    shutil.rmtree(out / "sessions")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.clean(str(out), out=stdout, err=stderr) == 0
    assert (stdout.getvalue(), stderr.getvalue()) == (f"removed 2 files from {out}/\n", "")
    assert listing(out) == []


SIGNAL_WHILE_RENDERING = """
    import os, signal, sys, time
    import builders.deck
    from builders import build, cli
    real = builders.deck.render_decks
    def render_decks(loaded):
        with open(sys.argv[3], "w") as stream:
            stream.write(" ".join(str(p.pid) for p in __import__("multiprocessing").active_children()))
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        return real(loaded)
    builders.deck.render_decks = render_decks
    sys.exit(cli.main(["build", "--briefing", sys.argv[1], "--out", sys.argv[2]]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_signal_while_the_memo_is_typeset_ends_the_memo_process_too(dist, previous,
                                                                      tmp_path):
    briefing, out = dist
    children = tmp_path / "children"
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(SIGNAL_WHILE_RENDERING),
                             str(briefing), str(out), str(children)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 143
    assert result.stderr == f"build stopped (SIGTERM); nothing was written, {out}/ is unchanged\n"
    pids = [int(pid) for pid in children.read_text().split()]
    if os.cpu_count() and os.cpu_count() > 1:
        assert len(pids) == 1                       # the memo was being typeset beside
    assert [pid for pid in pids if _alive(pid)] == []
    assert snapshot(out) == previous[1]
    assert listing(out) == sorted(list(previous[1]) + ["sessions/"])


# ------------------------------------------------------------------ decks staged early

def test_decks_are_staged_while_the_memo_is_typeset_and_not_written_again(dist, monkeypatch):
    """The decks are written beside their targets as soon as they are made (the memo's
    process may still be typesetting); publishing then writes only the memo and the
    manifest before the swap. The set is the one a build in one go writes."""
    import builders.outputs as outputs

    briefing, out = dist
    written = []
    stage = outputs._stage
    monkeypatch.setattr(outputs, "_stage",
                        lambda folder, files: written.append(sorted(files)) or stage(folder, files))

    building.build(briefing, out)

    decks = sorted(name for name in snapshot(out) if name.endswith(".pptx"))
    assert written == [decks, [MANIFEST, "memo.pdf"]]
    assert temporaries(out) == []
    serial = building.render_outputs(building.load(briefing), parallel=False)
    assert {name: data for name, data in snapshot(out).items() if name != MANIFEST} == serial


def test_a_memo_that_fails_after_the_decks_were_staged_leaves_the_folder_as_it_was(
        tmp_path, previous, monkeypatch):
    """The decks were staged (a new sessions/ folder made for them) when the memo's
    process fails: the folder is as it was, with no temporary and no sessions/ folder."""
    briefing, _ = previous
    out = tmp_path / "dist"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    staged = []
    stage = building.OutputFolder.stage
    monkeypatch.setattr(building.OutputFolder, "stage",
                        lambda self, files: staged.append(len(files)) or stage(self, files))

    def broken(loaded, seed=None):
        raise ValueError("memo exploded")

    monkeypatch.setattr(building, "_render_memo", broken)
    monkeypatch.setattr(building.MemoWorker, "__init__",
                        lambda self, parallel=None, real=building.MemoWorker.__init__:
                        real(self, parallel=False))
    with pytest.raises(ValueError, match="memo exploded"):
        building.build(briefing, out)

    assert staged and staged[0] >= 3
    assert sorted(path.name for path in out.rglob("*")) == ["notes.txt"]
