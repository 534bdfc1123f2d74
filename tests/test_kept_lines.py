"""The memo's line breaks kept per machine (builders/memo/kept_lines.py): a memo that
takes them is byte for byte the memo that breaks every line, and it breaks only the
paragraphs the file lacks."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from reportlab.platypus import paragraph as rl_paragraph

import builders.memo as memo_package
from builders.loader import load
from builders.memo import kept_lines, render_memo
from builders.pattern_cache import CACHE_ENV
from tests.conftest import ENGLISH, ROOT, SHIPPED

STRESS = ROOT / "tests" / "fixtures" / "stress" / "briefing.yaml"
BRIEFINGS = pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, STRESS],
                                    ids=["shipped", "english", "stress"])


@pytest.fixture(autouse=True)
def lines_kept(tmp_path, monkeypatch):
    """Each test as a fresh process on a machine of its own: nothing carried, an empty
    cache folder, and lines kept (the rest of the suite turns them off)."""
    monkeypatch.delenv(kept_lines.SWITCH, raising=False)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    memo_package._CARRIED.clear()
    yield
    memo_package._CARRIED.clear()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fresh_memo(briefing) -> tuple[bytes, int]:
    """The memo as a new process typesets it, and how many paragraphs it broke."""
    memo_package._CARRIED.clear()
    real, broken = rl_paragraph.Paragraph.breakLines, []

    def counted(self, width):
        broken.append(self)
        return real(self, width)

    rl_paragraph.Paragraph.breakLines = counted
    try:
        pdf = render_memo(load(briefing, check=False))
    finally:
        rl_paragraph.Paragraph.breakLines = real
    return pdf, len(broken)


def memo_breaking_every_line(briefing, monkeypatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setenv(kept_lines.SWITCH, "0")
        memo_package._CARRIED.clear()
        return render_memo(load(briefing, check=False))


def lines_files() -> list[Path]:
    return sorted(Path(os.environ[CACHE_ENV]).glob("memo-lines-*"))


@BRIEFINGS
def test_a_memo_from_kept_lines_is_the_memo_that_breaks_them(briefing, monkeypatch):
    plain = memo_breaking_every_line(briefing, monkeypatch)
    assert lines_files() == []
    first, broken_first = fresh_memo(briefing)       # keeps its lines
    assert len(lines_files()) == 1
    second, broken_second = fresh_memo(briefing)     # takes them
    assert sha(first) == sha(second) == sha(plain)
    assert broken_first > 100
    # still broken, in each of the passes: paragraphs wrapped at two widths (table cells
    # whose width reportlab computes twice, a last digit apart: never kept)
    assert broken_second < broken_first * 0.75


def test_a_seeded_memo_breaks_only_what_was_never_kept(monkeypatch):
    """A build of an unchanged briefing: one pass, from its own layout."""
    loaded = load(SHIPPED, check=False)
    monkeypatch.setenv(kept_lines.SWITCH, "0")
    _, layout = memo_package.typeset_memo(loaded)
    counts = []
    for keep in (False, True, True):
        monkeypatch.setenv(kept_lines.SWITCH, "1" if keep else "0")
        memo_package._CARRIED.clear()
        real, broken = rl_paragraph.Paragraph.breakLines, []
        monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines",
                            lambda self, width: broken.append(self) or real(self, width))
        pdf, _ = memo_package.typeset_memo(loaded, memo_package.OwnLayout(layout))
        monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines", real)
        counts.append((sha(pdf), len(broken)))
    (plain, every), (_, keeping), (kept, taking) = counts
    assert plain == kept
    assert every > 300 and keeping == every and taking < every / 5


def test_an_edited_briefing_takes_what_is_unchanged(tmp_path, monkeypatch):
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    briefing = tmp_path / "briefing.yaml"
    (tmp_path / "seeds").symlink_to(SHIPPED.parent / "seeds")

    def save():
        briefing.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")

    save()
    fresh_memo(briefing)
    _, broken_unchanged = fresh_memo(briefing)
    before = set(kept_lines._read(lines_files()[0]))
    data["sessions"][0]["topics"][0]["key_messages"][0] += " Dat is afgesproken."
    save()
    plain = memo_breaking_every_line(briefing, monkeypatch)
    pdf, broken_edited = fresh_memo(briefing)
    after = set(kept_lines._read(lines_files()[0]))
    assert sha(pdf) == sha(plain)
    assert broken_unchanged < broken_edited <= broken_unchanged + 3   # the edited paragraph
    added, gone = after - before, before - after
    assert len(added) == len(gone) == 1
    assert "Dat is afgesproken." in next(iter(added))[1]


def test_nothing_new_writes_nothing(monkeypatch):
    fresh_memo(SHIPPED)
    path = lines_files()[0]
    before = path.stat().st_mtime_ns, path.read_bytes()
    os.utime(path, ns=(1, 1))
    fresh_memo(SHIPPED)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == (1, before[1])


def test_a_damaged_file_is_not_used_and_is_written_again(monkeypatch):
    fresh_memo(SHIPPED)
    path = lines_files()[0]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))
    plain = memo_breaking_every_line(SHIPPED, monkeypatch)
    pdf, broken = fresh_memo(SHIPPED)
    assert sha(pdf) == sha(plain) and broken > 100
    assert kept_lines._read(path) != {}


class NotALine:
    def __reduce__(self):
        return (os.system, ("echo the file ran code > ran",))


def test_a_file_that_names_any_other_class_is_not_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fresh_memo(SHIPPED)
    path = lines_files()[0]
    stored = kept_lines._read(path)
    key = next(iter(stored))
    stored[key] = [NotALine()]
    from builders.pattern_cache import store_checked
    store_checked(path, pickle.dumps(stored), prefix=".test-")
    assert kept_lines._read(path) == {}
    assert not (tmp_path / "ran").exists()
    with pytest.raises(pickle.UnpicklingError, match="posix.system is not part of a line"):
        import io
        kept_lines.LineUnpickler(io.BytesIO(pickle.dumps(NotALine()))).load()
    plain = memo_breaking_every_line(SHIPPED, monkeypatch)
    assert sha(fresh_memo(SHIPPED)[0]) == sha(plain)


def test_entries_of_another_shape_are_not_taken(monkeypatch):
    fresh_memo(SHIPPED)
    path = lines_files()[0]
    stored = kept_lines._read(path)
    for key in stored:
        stored[key] = [entry[:4] for entry in stored[key]]     # no size
    from builders.pattern_cache import store_checked
    store_checked(path, pickle.dumps(stored), prefix=".test-")
    plain = memo_breaking_every_line(SHIPPED, monkeypatch)
    pdf, broken = fresh_memo(SHIPPED)
    assert sha(pdf) == sha(plain) and broken > 100


def test_another_briefing_language_or_theme_has_a_file_of_its_own(tmp_path):
    loaded = load(SHIPPED, check=False)
    theme = loaded.theme
    other = theme.model_copy(update={"palette": theme.palette.model_copy(
        update={"text": "#000001"})})
    names = {kept_lines.lines_file(SHIPPED, theme, "nl"),
             kept_lines.lines_file(SHIPPED, theme, "en"),
             kept_lines.lines_file(SHIPPED, other, "nl"),
             kept_lines.lines_file(tmp_path / "briefing.yaml", theme, "nl")}
    assert len(names) == 4
    assert kept_lines.lines_file(SHIPPED, theme, "nl") == kept_lines.lines_file(SHIPPED, theme, "nl")


def test_old_files_and_left_temporaries_are_removed():
    folder = Path(os.environ[CACHE_ENV])
    folder.mkdir(parents=True)
    now = time.time()
    for index in range(20):
        path = folder / f"memo-lines-{index:024d}.v1"
        path.write_bytes(b"x")
        os.utime(path, (now - 100 - index, now - 100 - index))
    old_temporary, new_temporary = folder / ".memo-lines-old.tmp", folder / ".memo-lines-new.tmp"
    for path, age in ((old_temporary, 7200), (new_temporary, 10)):
        path.write_bytes(b"x")
        os.utime(path, (now - age, now - age))
    other = folder / "chart-0.v1"
    other.write_bytes(b"x")
    os.utime(other, (0, 0))
    fresh_memo(SHIPPED)                       # writes its file, then prunes
    left = sorted(path.name for path in folder.iterdir())
    written = kept_lines.lines_file(SHIPPED, load(SHIPPED, check=False).theme, "nl").name
    assert kept_lines.MAX_FILES == 16
    assert left == sorted([".memo-lines-new.tmp", "chart-0.v1", written,
                           *(f"memo-lines-{index:024d}.v1" for index in range(15))])


def test_a_process_that_asks_keeps_the_lines_only_when_told(monkeypatch):
    monkeypatch.setattr(memo_package, "_STORE_LATER", False)
    memo_package.keep_lines_after_hand_over()
    pdf = render_memo(load(SHIPPED, check=False))
    assert lines_files() == [] and len(memo_package._PENDING_LINES) == 1
    memo_package.store_kept_lines()
    assert memo_package._PENDING_LINES == []
    stored = kept_lines._read(lines_files()[0])
    assert len(stored) > 200
    monkeypatch.setattr(memo_package, "_STORE_LATER", False)
    assert sha(fresh_memo(SHIPPED)[0]) == sha(pdf)


def test_a_build_keeps_the_lines_after_handing_over_the_memo(tmp_path):
    """In a real build the memo's process keeps the lines (after the hand-over); the
    next build's memo takes them, the same bytes."""
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    env.pop(kept_lines.SWITCH, None)
    outputs = []
    for run in range(2):
        out = tmp_path / f"out{run}"
        subprocess.run([sys.executable, "-m", "builders", "build", "--briefing", str(SHIPPED),
                        "--out", str(out), "-q"], cwd=ROOT, env=env, check=True)
        outputs.append((out / "memo.pdf").read_bytes())
        files = sorted((tmp_path / "cache").glob("memo-lines-*"))
        assert len(files) == 1
        stored = kept_lines._read(files[0])
        assert any("Oekraïne" in key[1] for key in stored)
    assert outputs[0] == outputs[1]


def test_a_file_holds_lines_up_to_its_budget(monkeypatch):
    monkeypatch.setattr(kept_lines, "BUDGET", 60_000)
    pdf, _ = fresh_memo(SHIPPED)
    stored = kept_lines._read(lines_files()[0])
    size = sum(entry[4] for entries in stored.values() for entry in entries)
    assert 0 < size <= 60_000 and 0 < len(stored) < 100      # of about 300
    assert sha(fresh_memo(SHIPPED)[0]) == sha(pdf)
