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


def test_clean_removes_only_what_builds_wrote(tmp_path):
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
    out = io.StringIO()
    cli.clean(str(tmp_path), out=out)
    assert out.getvalue() == f"removed 5 files from {tmp_path}/\n"
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert left == [".gitkeep", "briefing.yaml", "notes", "notes/n.txt", "sessions",
                    "sessions/eigen.pptx"]


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
