"""Atomic outputs: all files are moved into place together, or none is; stale decks go."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from builders import build as building
from builders import cli
from builders import outputs
from builders.errors import EXIT_INTERNAL, BriefingError, OutputError
from builders.outputs import MANIFEST
from tests.conftest import ENGLISH, SHIPPED, minimal_data

import yaml


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def temporaries(directory: Path) -> list[Path]:
    return sorted(directory.rglob(".*.tmp"))


def two_sessions() -> dict:
    data = minimal_data()
    data["sessions"].append({
        "id": "sessie-2", "title": "Tweede sessie", "date": "2023-11-29",
        "topics": [{"id": "tweede", "title": "Tweede", "key_messages": ["Twee."]}]})
    return data


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A small two-session briefing built once; tests copy its dist/ and try to break it."""
    directory = tmp_path_factory.mktemp("previous")
    briefing = write(directory / "briefing.yaml", two_sessions())
    building.build(briefing, directory / "dist")
    return briefing, snapshot(directory / "dist")


@pytest.fixture
def dist(tmp_path, previous):
    """A fresh copy of the previous outputs, and a changed briefing to build over them."""
    _, files = previous
    out = tmp_path / "dist"
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    data = two_sessions()
    data["sessions"][0]["topics"][0]["key_messages"] = ["Een andere boodschap."]
    return write(tmp_path / "changed.yaml", data), out


def test_previous_outputs_are_the_memo_the_deck_and_one_deck_per_session(previous):
    _, files = previous
    assert sorted(files) == [MANIFEST, "deck.pptx", "memo.pdf", "sessions/1-sessie-1.pptx",
                             "sessions/2-sessie-2.pptx"]
    assert files["memo.pdf"].startswith(b"%PDF-")
    assert all(files[name].startswith(b"PK") for name in files if name.endswith(".pptx"))


def test_the_changed_briefing_does_change_the_outputs(dist, previous):
    briefing, out = dist
    building.build(briefing, out)
    assert snapshot(out) != previous[1]
    assert sorted(snapshot(out)) == sorted(previous[1])
    assert temporaries(out) == []


@pytest.mark.parametrize("renderer", ["builders.deck.render_decks", "builders.memo.typeset_memo"])
def test_a_renderer_that_raises_leaves_the_previous_outputs(dist, previous, monkeypatch, renderer):
    briefing, out = dist

    def broken(loaded, seed=None):
        raise RuntimeError("renderer broke halfway")

    monkeypatch.setattr(renderer, broken)
    with pytest.raises(RuntimeError, match="renderer broke halfway"):
        building.build(briefing, out)
    assert snapshot(out) == previous[1]
    assert temporaries(out) == []


def test_a_deck_that_fails_after_the_memo_was_made_leaves_the_previous_outputs(
        dist, previous, monkeypatch):
    """The memo is rendered first; the second session's deck then fails."""
    briefing, out = dist
    from builders import deck

    real = deck.render_plan

    def second_fails(plan, theme, *shared, calls=[]):
        calls.append(plan)
        if len(calls) == 2:
            raise MemoryError("out of memory in the second deck")
        return real(plan, theme, *shared)

    monkeypatch.setattr(deck, "render_plan", second_fails)
    with pytest.raises(MemoryError):
        building.build(briefing, out)
    assert snapshot(out) == previous[1]
    assert temporaries(out) == []


@pytest.mark.parametrize("failing_call", [1, 2, 4])
def test_writing_that_fails_on_a_later_file_leaves_the_previous_outputs(
        dist, previous, monkeypatch, failing_call):
    """A full disk while the n-th temporary file is written: nothing is moved into place."""
    briefing, out = dist
    real_fsync, calls = os.fsync, []

    def fsync(descriptor):
        calls.append(descriptor)
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        return real_fsync(descriptor)

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    with pytest.raises(OutputError, match="the disk is full"):
        building.build(briefing, out)
    assert snapshot(out) == previous[1]
    assert temporaries(out) == []


def test_an_invalid_briefing_never_reaches_the_renderers(dist, previous, monkeypatch):
    briefing, out = dist
    data = two_sessions()
    data["sessions"][1]["id"] = "sessie-1"
    write(briefing, data)
    monkeypatch.setattr("builders.build.render_outputs",
                        lambda loaded: pytest.fail("rendered an invalid briefing"))
    with pytest.raises(BriefingError):
        building.build(briefing, out)
    assert snapshot(out) == previous[1]


def test_the_command_line_reports_a_failing_renderer_without_a_traceback(
        dist, previous, monkeypatch):
    briefing, out = dist

    def broken(loaded):
        raise RuntimeError("renderer broke halfway")

    monkeypatch.setattr("builders.deck.render_decks", broken)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        code = cli.build(str(briefing), str(out), out=stdout, err=stderr)
    except RuntimeError:
        pytest.fail("cli.build let the renderer's exception through (a traceback for the user)")
    assert code == EXIT_INTERNAL
    assert "renderer broke halfway" in stderr.getvalue()
    assert stderr.getvalue().splitlines()[-1] == f"nothing was written; {out}/ is unchanged"
    assert snapshot(out) == previous[1]


def test_a_renamed_session_removes_its_stale_deck(dist):
    briefing, out = dist
    (out / "sessions" / "notes.txt").write_text("kept: not a session deck")
    data = two_sessions()
    data["sessions"][1]["id"] = "slot"
    data["sessions"].reverse()
    write(briefing, data)
    building.build(briefing, out)
    assert sorted(path.name for path in (out / "sessions").iterdir()) == [
        "1-slot.pptx", "2-sessie-1.pptx", "notes.txt"]


def test_a_removed_session_removes_its_deck(dist):
    briefing, out = dist
    data = two_sessions()
    del data["sessions"][1]
    write(briefing, data)
    building.build(briefing, out)
    assert sorted(snapshot(out)) == [MANIFEST, "deck.pptx", "memo.pdf", "sessions/1-sessie-1.pptx"]


def test_the_output_directory_is_created(tmp_path, previous):
    briefing, files = previous
    loaded, outputs = building.build(briefing, tmp_path / "new" / "dist")
    assert sorted(snapshot(tmp_path / "new" / "dist")) == sorted(files)
    assert [output.path.name for output in outputs] == [
        "memo.pdf", "deck.pptx", "1-sessie-1.pptx", "2-sessie-2.pptx"]


@pytest.fixture(scope="module", params=[SHIPPED, ENGLISH], ids=["shipped", "english"])
def real_build(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("real")
    stdout, stderr = io.StringIO(), io.StringIO()
    code = cli.build(str(request.param), str(out), out=stdout, err=stderr)
    return request.param, out, code, stdout.getvalue(), stderr.getvalue()


def test_real_briefings_build_every_output(real_build):
    briefing, out, code, stdout, stderr = real_build
    assert code == 0, stderr
    from builders.loader import load

    sessions = load(briefing).briefing.sessions
    expected = [MANIFEST, "deck.pptx", "memo.pdf"] + [
        f"sessions/{n}-{session.id}.pptx" for n, session in enumerate(sessions, 1)]
    assert sorted(snapshot(out)) == sorted(expected)
    assert temporaries(out) == []
    lines = stdout.splitlines()
    assert lines[0].startswith(f"wrote {out / 'memo.pdf'} (") and lines[0].endswith(" pages)")
    assert lines[-1].startswith(f"built {len(expected) - 1} files in ")
    assert "Traceback" not in stderr


def test_a_memo_process_that_dies_leaves_the_previous_outputs(dist, previous, monkeypatch):
    """With two cores the memo is typeset in a forked process; if it dies, nothing moves."""
    briefing, out = dist
    parent = os.getpid()

    def die(loaded, seed=None):
        if os.getpid() == parent:  # not forked (one core): fail without killing pytest
            raise RuntimeError("the memo process ended without a result")
        os._exit(3)

    monkeypatch.setattr("builders.memo.typeset_memo", die)
    with pytest.raises(RuntimeError, match="ended without a result"):
        building.build(briefing, out)
    assert snapshot(out) == previous[1]
    assert temporaries(out) == []


def test_sequential_and_parallel_rendering_give_the_same_bytes(previous):
    from builders.loader import load

    loaded = load(previous[0])
    assert building.render_outputs(loaded, parallel=False) == building.render_outputs(
        loaded, parallel=True)


def test_kept_decks_are_the_decks_a_fresh_build_writes_and_an_edit_is_never_missed(tmp_path):
    """A watch process keeps its decks (`KeptDecks`): after each edit, the decks it gives
    are byte for byte those `render_decks` writes afresh, and only a deck whose plan,
    theme and theme files are unchanged is taken as it was."""
    import shutil

    from PIL import Image

    from builders.deck import render_decks
    from builders.loader import load
    from builders.theme import STYLES_DIR

    styles = tmp_path / "styles"
    shutil.copytree(STYLES_DIR, styles)
    theme = styles / "default.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace(
        "  logo: null              # your own logo", "  logo: logo.png              # your own logo"),
        encoding="utf-8")
    logo = styles / "logo.png"
    Image.new("RGB", (40, 20), (21, 66, 115)).save(logo)
    shutil.copytree(SHIPPED.parent / "seeds", tmp_path / "seeds")
    briefing = tmp_path / "briefing.yaml"
    shipped = SHIPPED.read_text(encoding="utf-8")
    kept = building.KeptDecks()

    def decks_after(text: str) -> tuple[dict, set[str]]:
        briefing.write_text(text, encoding="utf-8")
        loaded = load(briefing, styles_dir=styles)
        before = {path: entry[1] for path, entry in kept._decks.items()}
        decks = kept.render(loaded)
        assert decks == render_decks(loaded)               # what a fresh build writes
        return decks, {path for path, data in decks.items() if before.get(path) is data}

    first, reused = decks_after(shipped)
    assert reused == set() and len(first) == 4
    edited = shipped.replace("Wij pleiten voor internationale coördinatie",
                             "Wij pleiten voor brede internationale coördinatie")
    decks, reused = decks_after(edited)
    changed = {path for path in decks if decks[path] != first[path]}
    assert changed == {"deck.pptx", "sessions/1-voorbespreking-washington.pptx"}
    assert reused == set(decks) - changed                 # the others were not written again
    decks, reused = decks_after(edited.replace("to: Minister van Buitenlandse Zaken",
                                               "to: De Minister van Buitenlandse Zaken"))
    assert reused == set(decks)                           # the memo's header: no deck shows it
    Image.new("RGB", (40, 20), (200, 30, 30)).save(logo)   # the same file, other pixels
    again, reused = decks_after(edited)
    assert reused == set() and all(again[path] != decks[path] for path in decks)
    theme.write_text(theme.read_text(encoding="utf-8").replace("#154273", "#154274", 1),
                     encoding="utf-8")
    _, reused = decks_after(edited)
    assert reused == set()
