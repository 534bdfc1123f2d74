"""`briefing new`: a skeleton briefing that checks and builds as it stands, in nl and en."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest

from builders import cli
from builders.build import render_outputs
from builders.loader import load
from builders.new import FolderNotEmpty, new_briefing, skeleton
from tests.test_hostile import deck_text, pypdf_text


@pytest.mark.parametrize("language, labels", [("nl", ("Kernboodschappen", "CONCEPT")),
                                              ("en", ("Key messages", "DRAFT"))])
def test_the_skeleton_checks_without_a_warning_and_builds(tmp_path, language, labels):
    started = new_briefing(tmp_path / "vergadering", language, today=dt.date(2025, 3, 3))
    assert sorted(str(p.relative_to(tmp_path)) for p in started.files) == [
        "vergadering/briefing.schema.json", "vergadering/briefing.yaml",
        "vergadering/seeds/README.md"]
    loaded = load(tmp_path / "vergadering" / "briefing.yaml")
    assert loaded.warnings == ()
    assert (loaded.briefing.language, loaded.briefing.date) == (language, dt.date(2025, 3, 3))
    assert loaded.briefing.meeting.start == dt.date(2025, 3, 10)
    outputs = render_outputs(loaded, parallel=False)
    memo = pypdf_text(outputs["memo.pdf"])
    for label in labels:
        assert label.upper() in memo.upper()
    assert "The first key message." in deck_text(outputs["deck.pptx"]) or \
        "De eerste kernboodschap." in deck_text(outputs["deck.pptx"])


def test_the_skeleton_names_the_schema_beside_it(tmp_path):
    new_briefing(tmp_path, "en")
    first = (tmp_path / "briefing.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=briefing.schema.json"
    assert (tmp_path / "briefing.schema.json").read_text(encoding="utf-8") == cli.schema_document()
    assert "seeds/" in (tmp_path / "seeds" / "README.md").read_text(encoding="utf-8")


def test_every_commented_field_of_the_skeleton_is_a_real_field(tmp_path):
    """Uncommenting the examples gives a briefing that still validates (apart from the source file)."""
    import yaml

    from builders.model import Briefing

    commented = re.compile(r"^(\s*)# ((?:[a-z_]+:(?:\s|$)|- |\s+\S).*)$")
    for language in ("nl", "en"):
        text = skeleton(language, dt.date(2025, 3, 3))
        lines = [commented.sub(r"\1\2", line) for line in text.splitlines()]
        assert sum(a != b for a, b in zip(lines, text.splitlines())) > 15
        data = yaml.safe_load("\n".join(lines))
        data["source"].pop("file")
        Briefing.model_validate(data)


def test_new_never_overwrites(tmp_path):
    (tmp_path / "briefing.yaml").write_text("mine", encoding="utf-8")
    with pytest.raises(FolderNotEmpty):
        new_briefing(tmp_path)
    err = io.StringIO()
    assert cli.new(str(tmp_path), out=io.StringIO(), err=err) == 2
    assert err.getvalue() == (f"{tmp_path}: error: already there, not overwritten: "
                              f"{tmp_path}/briefing.yaml; choose another folder "
                              "(briefing new FOLDER)\n")
    assert (tmp_path / "briefing.yaml").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "briefing.schema.json").exists()


def test_the_command_says_what_to_do_next(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert cli.new("my briefing", "en", out=out) == 0
    assert out.getvalue().splitlines() == [
        "wrote my briefing/briefing.yaml", "wrote my briefing/briefing.schema.json",
        "wrote my briefing/seeds/README.md",
        'next: edit my briefing/briefing.yaml, then cd "my briefing" && briefing check && '
        "briefing build"]
    assert json.loads((tmp_path / "my briefing" / "briefing.schema.json").read_text())["title"]
    assert cli.main(["new", "other", "--language", "de"]) == 2
