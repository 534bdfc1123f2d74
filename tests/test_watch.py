"""Watch: rebuilds after a save, reports located errors without stopping, stops cleanly."""

from __future__ import annotations

import io
import os
import socket
import re
import signal
import subprocess
import sys
import threading
import time

import yaml

from builders import watch as watching
from builders.watch import Progress, changed, snapshot
from tests.conftest import ROOT, minimal_data

WAIT = 30.0
"""How long a test waits for a line before failing: generous, it asserts no speed."""


def test_snapshot_sees_saves_new_files_and_removals(tmp_path):
    briefing = tmp_path / "briefing.yaml"
    briefing.write_text("a: 1\n")
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "default.yaml").write_text("x: 1\n")
    before = snapshot([briefing, styles])

    briefing.write_text("a: 22\n")
    (styles / "extra.yaml").write_text("y: 1\n")
    (styles / "default.yaml").unlink()

    assert changed(before, snapshot([briefing, styles])) == [
        briefing, styles / "default.yaml", styles / "extra.yaml"]
    assert changed(before, before) == []


class Lines:
    """Collects watch's lines from another thread; waits for one that matches."""

    def __init__(self):
        self.lines: list[str] = []
        self.lock = threading.Condition()

    def __call__(self, line: str) -> None:
        with self.lock:
            self.lines.append(line)
            self.lock.notify_all()

    def wait_for(self, pattern: str, after: int = 0) -> int:
        """The index of the first line from `after` on that matches `pattern`."""
        deadline = time.monotonic() + WAIT
        with self.lock:
            while True:
                for index in range(after, len(self.lines)):
                    if re.search(pattern, self.lines[index]):
                        return index
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"no line matching {pattern!r} in {self.lines}"
                self.lock.wait(remaining)


def save(path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_rebuilds_on_save_and_reports_errors_without_exiting(tmp_path, write_briefing):
    data = minimal_data()
    briefing = write_briefing(data)
    out = tmp_path / "dist"
    lines, stop = Lines(), threading.Event()
    thread = threading.Thread(target=watching.watch, args=(briefing, out),
                              kwargs=dict(poll=0.05, on_event=lines, stop=stop))
    thread.start()
    try:
        first = lines.wait_for(r"built memo\.pdf \(\d+ pages?\), \d+ decks? \(\d+ slides\) in ")
        lines.wait_for(r"watching ")
        memo = (out / "memo.pdf").stat().st_mtime_ns

        data["memo"]["subject"] = "Voorbereiding, tweede versie"
        save(briefing, data)
        rebuilt = lines.wait_for(r"built memo\.pdf .* in \d+\.\d\d s$", after=first + 1)
        assert (out / "memo.pdf").stat().st_mtime_ns > memo

        data["format"] = 2
        save(briefing, data)
        error = lines.wait_for(r"briefing\.yaml:\d+:\d+: error: format", after=rebuilt + 1)
        lines.wait_for(r"1 error; nothing written", after=error)

        data["format"] = 1
        save(briefing, data)
        lines.wait_for(r"built memo\.pdf", after=error + 1)
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


def test_stops_after_max_rebuilds_and_rebuilds_on_a_style_change(tmp_path, write_briefing):
    briefing = write_briefing(minimal_data())
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "notes.txt").write_text("one\n")
    lines = Lines()
    result = {}

    def run():
        result["rebuilds"] = watching.watch(briefing, tmp_path / "dist", styles_dir=styles,
                                            poll=0.05, max_rebuilds=1, on_event=lines)

    thread = threading.Thread(target=run)
    thread.start()
    lines.wait_for(r"watching ")
    (styles / "notes.txt").write_text("two, longer\n")
    thread.join(WAIT)

    assert result == {"rebuilds": 1}
    lines.wait_for(r"changed: .*notes\.txt")


def test_a_builder_crash_is_reported_and_watching_goes_on(tmp_path, write_briefing,
                                                          monkeypatch):
    def broken(briefing, out_dir, **options):
        raise RuntimeError("kaput")

    monkeypatch.setattr("builders.build.build", broken)

    lines, _ = watching.rebuild(write_briefing(minimal_data()), tmp_path / "dist")

    assert len(lines) == 1
    assert re.search(r"build failed: RuntimeError: kaput \(test_watch\.py:\d+\); waiting", lines[0])


def test_ctrl_c_stops_the_command_cleanly(tmp_path, write_briefing):
    briefing = write_briefing(minimal_data())
    process = subprocess.Popen(
        [sys.executable, "-m", "builders", "watch", "--briefing", str(briefing),
         "--out", str(tmp_path / "dist"), "--poll", "0.05"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for line in process.stdout:
            if "watching" in line:
                break
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=WAIT)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == 0
    assert "stopped watching" in rest
    assert "Traceback" not in rest


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_only_on_a_terminal_and_only_for_slow_builds():
    slow, quick, piped = Terminal(), Terminal(), io.StringIO()

    with Progress(slow, delay=0.01, interval=0.01) as progress:
        progress.stage("decks")
        time.sleep(0.2)
    with Progress(quick, delay=60):
        pass
    with Progress(piped, delay=0.0, interval=0.01):
        time.sleep(0.05)

    assert "building decks… " in slow.getvalue()
    assert slow.getvalue().endswith("\r\033[K")  # the line is cleared at the end
    assert quick.getvalue() == piped.getvalue() == ""


# ---------------------------------------------------------------- issue 13: trust, round 2

def copied_styles(tmp_path):
    """styles/ copied, its memo fonts copied beside the theme and named relative to it."""
    import shutil

    from builders.loader import load_theme
    from builders.theme import STYLES_DIR

    styles = tmp_path / "styles"
    shutil.copytree(STYLES_DIR, styles)
    theme = load_theme("default")
    text = (styles / "default.yaml").read_text()
    for style in ("regular", "italic", "bold", "bold_italic", "semibold"):
        reference = getattr(theme.memo.fonts, style)
        shutil.copyfile(theme.resolve(reference), styles / f"{style}.ttf")
        text = text.replace(reference, f"{style}.ttf")
    (styles / "default.yaml").write_text(text)
    return styles, theme


def test_an_output_folder_inside_styles_does_not_set_off_rebuilds(tmp_path, write_briefing):
    styles, _ = copied_styles(tmp_path)
    briefing = write_briefing(minimal_data())
    lines, stop, result = Lines(), threading.Event(), {}

    def run():
        result["rebuilds"] = watching.watch(briefing, styles / "dist", styles_dir=styles,
                                            poll=0.05, on_event=lines, stop=stop)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        lines.wait_for(r"watching ")
        time.sleep(1.5)                    # thirty polls: time enough to see any rebuild
    finally:
        stop.set()
        thread.join(WAIT)
    assert result == {"rebuilds": 0}, lines.lines
    assert (styles / "dist" / "memo.pdf").exists()
    assert not any("changed:" in line for line in lines.lines)


def cold_build(briefing, styles, out) -> bytes:
    """The memo a fresh process builds from the same files."""
    script = ("import sys; from pathlib import Path; from builders.loader import load; "
              "from builders.build import render_outputs; "
              "sys.stdout.buffer.write(render_outputs(load(sys.argv[1], "
              "styles_dir=Path(sys.argv[2])), parallel=False)['memo.pdf'])")
    return subprocess.run([sys.executable, "-c", script, str(briefing), str(styles)],
                          capture_output=True, check=True, cwd=ROOT).stdout


def test_a_replaced_theme_font_is_read_again(tmp_path, write_briefing):
    """After styles/regular.ttf is replaced, the watch's memo is the one a cold build makes."""
    styles, theme = copied_styles(tmp_path)
    briefing = write_briefing(minimal_data())
    out = tmp_path / "dist"
    lines, stop = Lines(), threading.Event()
    thread = threading.Thread(target=watching.watch, args=(briefing, out),
                              kwargs=dict(styles_dir=styles, poll=0.05, on_event=lines,
                                          stop=stop))
    thread.start()
    try:
        first = lines.wait_for(r"built memo\.pdf")
        lines.wait_for(r"watching ")
        before = (out / "memo.pdf").read_bytes()
        replacement = (styles / "bold.ttf").read_bytes()
        (styles / "regular.ttf").write_bytes(replacement)
        lines.wait_for(r"built memo\.pdf", after=first + 1)
        after = (out / "memo.pdf").read_bytes()
    finally:
        stop.set()
        thread.join(WAIT)
    assert after != before
    assert after == cold_build(briefing, styles, out)


def test_a_folder_another_build_holds_is_reported_and_watching_goes_on(tmp_path, write_briefing,
                                                                       monkeypatch):
    from builders import outputs

    out = tmp_path / "dist"
    out.mkdir()
    monkeypatch.setattr(outputs, "LOCK_WAIT", 0.2)
    with outputs.folder_lock(out):
        lines, _ = watching.rebuild(write_briefing(minimal_data()), out)
    assert len(lines) == 2
    assert lines[0] == f"waiting for another build of {out}/ (process {os.getpid()} on " \
                       f"{socket.gethostname()}, since {lines[0][-19:-11]}) to finish"
    assert re.fullmatch(rf"\d\d:\d\d:\d\d {re.escape(str(out))}: error: another build is "
                        r"writing to this folder \(process \d+ on .*\); wait for it to "
                        r"finish, or stop it, and run again; nothing written, "
                        rf"{re.escape(str(out))}/ unchanged; waiting for the next save", lines[1])
    assert sorted(p.name for p in out.iterdir()) == []


def test_a_styles_folder_beside_the_briefing_is_used_and_watched(tmp_path, write_briefing):
    """Without styles_dir, watch finds themes as a build does (a styles/ folder beside the
    briefing, then the built-in ones) and rebuilds when a theme there is saved."""
    from builders.theme import STYLES_DIR

    styles = tmp_path / "styles"
    styles.mkdir()
    theme = (STYLES_DIR / "default.yaml").read_text(encoding="utf-8").replace(
        "name: default", "name: huis")
    (styles / "huis.yaml").write_text(theme, encoding="utf-8")
    data = minimal_data()
    data["style"] = "huis"
    briefing = write_briefing(data)
    lines = Lines()
    result = {}

    def run():
        result["rebuilds"] = watching.watch(briefing, tmp_path / "dist", poll=0.05,
                                            max_rebuilds=1, on_event=lines)

    thread = threading.Thread(target=run)
    thread.start()
    built = lines.wait_for(r"built memo\.pdf")
    watching_line = lines.wait_for(r"watching ", after=built)
    assert "styles/" in lines.lines[watching_line]
    (styles / "huis.yaml").write_text(theme.replace("#154273", "#123456", 1), encoding="utf-8")
    thread.join(WAIT)
    assert result == {"rebuilds": 1}
    changed_line = lines.wait_for(r"changed: .*huis\.yaml")
    lines.wait_for(r"built memo\.pdf", after=changed_line)


def test_the_warmed_process_carries_the_memos_lines_into_each_rebuilds_memo(tmp_path, monkeypatch):
    """`warm` typesets the memo with `carry`: each rebuild's memo process (forked from the
    warm one) breaks only the paragraphs an edit changed, and its memo is the cold one."""
    import builders.memo as memo
    import builders.memo.flowables as flowables
    from builders.build import build
    from tests.test_memo_seed import shipped_with

    monkeypatch.setattr(memo, "_CARRIED", [])
    briefing = shipped_with(tmp_path / "briefing", lambda data: None).path
    watching.warm(briefing)
    assert memo._CARRIED, "warming carried nothing"

    broken = []
    wrap = flowables.Para._wrap
    monkeypatch.setattr(flowables.Para, "_wrap",
                        lambda self, *a: broken.append(1) or wrap(self, *a))
    monkeypatch.setattr("builders.build._can_fork", lambda: False)   # counted here
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("Oekraïne", "Oekraine", 1), encoding="utf-8")
    build(briefing, tmp_path / "warm")
    carried = len(broken)

    monkeypatch.setattr(memo, "_CARRIED", [])
    broken.clear()
    build(briefing, tmp_path / "cold")
    assert carried < len(broken) / 2       # shipped, no seed: 145 against 417
    assert (tmp_path / "warm" / "memo.pdf").read_bytes() == \
        (tmp_path / "cold" / "memo.pdf").read_bytes()
