"""The command layer over the shipped briefing: check, schema, invoke's task list."""

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from builders import cli
from tests.conftest import ROOT, SHIPPED


def check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.check(str(path), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_shipped_briefing_passes_the_check_without_warnings():
    assert check(SHIPPED) == (0, f"{SHIPPED}: ok (3 sessions, 7 topics)\n", "")


def copy_of_shipped(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "briefing.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")  # a link would lie outside the folder
    return path, line


def test_a_misspelt_key_messages_in_the_shipped_briefing(tmp_path):
    path, line = copy_of_shipped(tmp_path, "key_messages:", "key_mesages:")
    code, out, err = check(path)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}:{line}:9: error: sessions[0].topics[0].key_mesages: unknown field; "
        "did you mean key_messages?",
        "1 error; fix them and run again"]


def test_a_duplicated_key_in_the_shipped_briefing(tmp_path):
    path, line = copy_of_shipped(tmp_path, "  short: FMM\n", "  short: FMM\n  short: NAVO-FMM\n")
    code, _, err = check(path)
    assert code == 1
    assert err.splitlines() == [
        f"{path}:{line + 1}:3: error: meeting.short: duplicate key 'short' (first defined on "
        f"line {line}); keep one of them",
        "1 error; fix them and run again"]


def test_the_committed_schema_is_the_one_the_model_gives(tmp_path):
    target = tmp_path / "schema.json"
    cli.schema(str(target), out=io.StringIO())
    assert json.loads(target.read_text()) == json.loads((ROOT / "briefing.schema.json").read_text())
    schema = json.loads(target.read_text())
    assert "key_messages" in schema["$defs"]["Topic"]["required"]
    assert schema["$defs"]["Topic"]["additionalProperties"] is False


def test_invoke_lists_the_commands_of_the_readme():
    listing = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    for command in ("build", "check", "clean", "schema", "test"):
        assert f"  {command} " in listing, listing


def test_clean_without_a_record_removes_only_leftover_temporaries(tmp_path):
    """Files named like outputs but not recorded by a build are the user's (issue 13);
    tests/test_outputs.py covers clean after real builds."""
    (tmp_path / ".gitkeep").write_text("")
    (tmp_path / "briefing.yaml").write_text("mine")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.txt").write_text("mine")
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "1-sessie.pptx").write_bytes(b"deck")
    (tmp_path / "sessions" / "eigen.pptx").write_bytes(b"mine")
    (tmp_path / "preview").mkdir()
    (tmp_path / "preview" / "memo-01.png").write_bytes(b"png")
    (tmp_path / "memo.pdf").write_bytes(b"%PDF")
    (tmp_path / "deck.pptx").write_bytes(b"deck")
    (tmp_path / ".memo.pdf.x1.tmp").write_bytes(b"half")
    out, err = io.StringIO(), io.StringIO()
    assert cli.clean(str(tmp_path), out=out, err=err) == 0
    assert out.getvalue() == f"removed 0 files from {tmp_path}/\n"
    assert err.getvalue() == (f"left alone the files in {tmp_path}/: there is no record "
                              "(.briefing-outputs.json) that a build wrote them; remove "
                              "them yourself\n")
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert left == [".gitkeep", "briefing.yaml", "deck.pptx", "memo.pdf", "notes",
                    "notes/n.txt", "preview", "preview/memo-01.png", "sessions",
                    "sessions/1-sessie.pptx", "sessions/eigen.pptx"]


def test_a_slow_build_on_a_terminal_shows_progress_and_clears_it(tmp_path, monkeypatch):
    import builders.watch as watch
    from builders import build as building

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    real_build = building.build

    def slow_build(*args, **kwargs):
        import time

        time.sleep(0.3)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(building, "build", slow_build)
    monkeypatch.setattr(watch.Progress.__init__, "__defaults__", (None, 0.05, 0.05))
    out, err = io.StringIO(), Terminal()
    assert cli.build(str(SHIPPED), str(tmp_path), out=out, err=err) == 0
    assert "\rbuilding… " in err.getvalue().replace("\x1b[K", "")
    assert err.getvalue().endswith("\r\x1b[K")
    assert out.getvalue().splitlines()[-1].startswith("built 5 files in ")


# ------------------------------------------------------------------ command-line conventions

def briefing_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """`python -m builders …` as a user runs it: exit code, stdout, stderr."""
    import os

    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    result = subprocess.run([sys.executable, "-m", "builders", *args], cwd=cwd or ROOT,
                            capture_output=True, env=environment)
    encoding = (env or {}).get("PYTHONIOENCODING", "utf-8")
    return (result.returncode, result.stdout.decode(encoding), result.stderr.decode(encoding))


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    code, out, _ = briefing_cli("--version")
    assert (code, out) == (0, f"briefing {version('briefing-builder')}\n")


def test_the_version_is_looked_up_only_when_asked(capsys):
    """Making the command line and reading a command leave `importlib.metadata` (and
    the distribution lookup) out; `--version` then looks it up and prints as before."""
    probe = ("import sys; from builders import cli; cli.parser().parse_args(['build']); "
             "print('importlib.metadata' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout == "False\n"
    from importlib.metadata import version

    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"briefing {version('briefing-builder')}\n"


PLUGIN_PROBE = (
    "import importlib.metadata as metadata, sys\n"
    "asked = []\n"
    "entry_points = metadata.entry_points\n"
    "metadata.entry_points = lambda **kw: asked.append(kw) or entry_points(**kw)\n"
    "import builders.cli\n"
    "from builders.loader import load\n"
    "load(sys.argv[1])\n"
    "print(asked)\n")


def test_the_commands_do_not_look_for_pydantic_plugins():
    """The command layer turns pydantic's plugins off, so that validating does not scan
    every installed package for them; a value the user set (empty: plugins on) is kept."""
    import os

    def asked(**env) -> str:
        environment = {key: value for key, value in os.environ.items()
                       if key != "PYDANTIC_DISABLE_PLUGINS"}
        result = subprocess.run([sys.executable, "-c", PLUGIN_PROBE, str(SHIPPED)], cwd=ROOT,
                                env={**environment, **env}, capture_output=True, text=True,
                                check=True)
        return result.stdout.strip()

    assert asked() == "[]"
    assert asked(PYDANTIC_DISABLE_PLUGINS="") == "[{'group': 'pydantic'}]"


def test_the_briefing_may_be_given_as_argument_or_option(tmp_path):
    for args in (["check", str(SHIPPED)], ["check", "--briefing", str(SHIPPED)],
                 ["check", str(SHIPPED), "--briefing", str(SHIPPED)]):
        assert cli.main(args) == 0, args


def test_two_different_briefings_are_a_usage_error(capsys):
    assert cli.main(["check", "a.yaml", "--briefing", "b.yaml"]) == 2
    assert capsys.readouterr().err == (
        "briefing check: error: two briefings given (a.yaml and --briefing b.yaml); give one\n")


def test_a_wrong_command_line_exits_2_with_usage(capsys):
    assert cli.main(["chek"]) == 2
    assert "invalid choice: 'chek'" in capsys.readouterr().err
    assert cli.main(["build", "--format", "xml"]) == 2


def test_every_option_of_every_command_has_a_help_text():
    import argparse

    top = cli.parser()
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    parsers = [("briefing", top), *commands.choices.items()]
    missing = [f"{name} {action.dest}" for name, parser in parsers for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction) and not action.help]
    assert missing == []
    assert set(commands.choices) >= {"check", "build", "new", "schema", "clean", "watch",
                                     "preview", "bench"}


def test_every_invoke_task_option_has_a_help_text():
    import inspect

    import tasks

    for name, task in inspect.getmembers(tasks, lambda obj: hasattr(obj, "body")):
        options = list(inspect.signature(task.body).parameters)[1:]
        assert sorted(task.help) == sorted(options), name


def test_json_diagnostics_give_file_line_column_severity_path_message(tmp_path, capsys):
    path, line = copy_of_shipped(tmp_path, "key_messages:", "key_mesages:")
    assert cli.main(["check", str(path), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    report = json.loads(out)
    assert report == {"diagnostics": [{
        "file": str(path), "line": line, "column": 9, "severity": "error",
        "path": "sessions[0].topics[0].key_mesages",
        "message": "unknown field; did you mean key_messages?"}], "errors": 1, "warnings": 0}


def test_json_diagnostics_of_a_good_briefing_are_empty(tmp_path, capsys):
    assert cli.main(["build", str(SHIPPED), "--format", "json", "--out", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out) == {"diagnostics": [], "errors": 0, "warnings": 0}


def warned_briefing(write_briefing) -> Path:
    from tests.conftest import minimal_data

    data = minimal_data()
    data["footnotes"] = {"ongebruikt": "Nergens naar verwezen."}
    return write_briefing(data)


def test_strict_makes_warnings_errors_and_build_writes_nothing(write_briefing, tmp_path, capsys):
    path = warned_briefing(write_briefing)
    assert cli.main(["check", str(path)]) == 0
    capsys.readouterr()
    assert cli.main(["check", str(path), "--strict"]) == 1
    out = tmp_path / "out"
    assert cli.main(["build", str(path), "--strict", "--out", str(out)]) == 1
    _, err = capsys.readouterr()
    assert not out.exists()
    assert err.splitlines()[-3:] == [
        f"{path}:30:3: warning: footnotes.ongebruikt: footnote 'ongebruikt' is never used; "
        "cite it as [^ongebruikt] or remove it",
        "1 warning (--strict treats warnings as errors); fix them and run again",
        f"nothing was written; {out}/ is unchanged"]


def test_quiet_prints_only_problems_and_verbose_names_the_theme(write_briefing, tmp_path, capsys):
    path = warned_briefing(write_briefing)
    assert cli.main(["build", str(path), "-q", "--out", str(tmp_path / "q")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "warning: footnotes.ongebruikt" in err
    assert cli.main(["check", str(path), "-v"]) == 0
    out, err = capsys.readouterr()
    assert out == f"{path}: ok (1 sessions, 1 topics, 1 warning)\n"
    from builders.theme import STYLES_DIR

    assert f"theme: default ({STYLES_DIR})" in err


def test_an_output_folder_that_cannot_be_written_exits_3(tmp_path, capsys):
    blocked = tmp_path / "dist"
    blocked.write_text("a file where the folder should be")
    assert cli.main(["build", str(SHIPPED), "--out", str(blocked)]) == 3
    _, err = capsys.readouterr()
    assert err == (f"{blocked}: error: is not a folder; choose another --out (a folder, or a "
                   "name that does not exist yet); nothing was written\n")
    assert blocked.read_text() == "a file where the folder should be"


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    path, _ = copy_of_shipped(tmp_path, "key_messages:", "key_mesages:")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    terminal = Terminal()
    assert cli.check(str(path), reporter=cli.Reporter(io.StringIO(), terminal)) == 1
    assert "\x1b[1;31merror:\x1b[0m" in terminal.getvalue()
    piped = io.StringIO()
    cli.check(str(path), reporter=cli.Reporter(io.StringIO(), piped))
    assert "\x1b[" not in piped.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    cli.check(str(path), reporter=cli.Reporter(io.StringIO(), terminal))
    assert "\x1b[" not in terminal.getvalue() and "error:" in terminal.getvalue()


def test_non_ascii_messages_survive_a_cp1252_console(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8").replace("  place: Brussel", "  place: Київ", 1)
    text = text.replace("date: 2023-11-20", "date: Київ-Αθήνα", 1)
    line = text.splitlines().index("date: Київ-Αθήνα") + 1
    (tmp_path / "briefing.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    code, out, err = briefing_cli("check", "briefing.yaml", cwd=tmp_path,
                                  env={"PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"})
    assert code == 1, err
    assert "Traceback" not in err
    assert (f"briefing.yaml:{line}:7: error: date: '\\u041a\\u0438\\u0457\\u0432-\\u0391\\u03b8"
            "\\u03ae\\u03bd\\u03b1' is not a valid date; write YYYY-MM-DD, e.g. 2023-11-28") in err


def test_invoke_test_passes_the_python_path_as_one_argument(monkeypatch):
    """A Python installed under a path with spaces (C:\\Program Files\\…) still runs pytest."""
    import tasks

    calls = []

    class Done:
        returncode = 0

    monkeypatch.setattr(tasks.subprocess, "run", lambda argv, **_: calls.append(argv) or Done())
    monkeypatch.setattr(tasks.sys, "executable", "/opt/My Python/bin/python3")
    tasks.test.body(None)
    assert calls == [["/opt/My Python/bin/python3", "-m", "pytest"]]


def test_sarif_puts_each_problem_on_its_line_for_code_scanning(tmp_path, capsys):
    path, line = copy_of_shipped(tmp_path, "key_messages:", "key_mesages:")
    assert cli.main(["check", str(path), "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "briefing"
    assert run["results"] == [{
        "level": "error", "message": {"text": "unknown field; did you mean key_messages?"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": path.as_posix()},
                                            "region": {"startLine": line, "startColumn": 9}},
                       "logicalLocations": [{"fullyQualifiedName":
                                             "sessions[0].topics[0].key_mesages"}]}]}]


def test_ctrl_c_in_any_command_is_one_line_and_exit_130(monkeypatch, capsys):
    """Ctrl-C while check (or any command but build, which says what it kept) loads or
    imports: one line, no traceback."""
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "check", interrupted)
    assert cli.main(["check", str(SHIPPED)]) == 130
    assert capsys.readouterr().err == "check stopped (Ctrl-C)\n"


QUICK_EXIT = """
import atexit, gc, sys
from builders.cli import quick_exit
atexit.register(lambda: sys.stderr.write("exit handler ran\\n"))
sys.stdout.write("x" * 100000)
code = quick_exit(3)
sys.stderr.write(f"frozen {gc.get_freeze_count() > 0}\\n")
sys.exit(code)
"""


def test_a_command_ends_quickly_with_its_output_flushed_and_exit_handlers_run():
    """quick_exit (the end of `briefing`, `python -m builders` and invoke's tasks) keeps
    the exit code, flushes everything written and still runs exit handlers; the heap is
    frozen so that the last collection at exit has nothing to walk."""
    import subprocess

    result = subprocess.run([sys.executable, "-c", QUICK_EXIT], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 3
    assert result.stdout == "x" * 100000
    assert result.stderr.splitlines() == ["frozen True", "exit handler ran"]
