"""Property-based tests: every briefing the model accepts builds both outputs, and any
mutation of the shipped briefing gives either a build or located errors, never a crash."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings, strategies as st

from builders.build import render_outputs
from builders.errors import BriefingError
from builders.fonts import font_coverage
from builders.loader import load, load_theme
from builders.model import has_visible_text
from tests.conftest import ROOT, SHIPPED, minimal_data

BOUNDED = settings(max_examples=25, deadline=None, derandomize=True, print_blob=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much])

COVERED = sorted(chr(code) for code in font_coverage(load_theme("default"))
                 if chr(code).isprintable() and not chr(code).isspace())
"""Printable characters every memo font style can show."""

TEXT = st.text(alphabet=st.sampled_from(COVERED) | st.just(" "), min_size=1,
               max_size=60).filter(has_visible_text)
LONG_TEXT = st.text(alphabet=st.sampled_from(COVERED) | st.just(" "), min_size=1,
                    max_size=400).filter(has_visible_text)
SLUG = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?\Z")


@st.composite
def topics(draw, ids):
    topic = {"id": draw(ids), "title": draw(TEXT),
             "key_messages": draw(st.lists(LONG_TEXT, min_size=1, max_size=14))}
    if draw(st.booleans()):
        topic["position"] = "\n\n".join(draw(st.lists(TEXT, min_size=1, max_size=3)))
    if draw(st.booleans()):
        topic["speaking_points"] = draw(st.lists(TEXT, min_size=1, max_size=3))
    if draw(st.booleans()):
        values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
        topic["figures"] = [{
            "id": draw(ids), "kind": draw(st.sampled_from(["bar", "line"])), "title": draw(TEXT),
            "series": draw(st.dictionaries(TEXT, values, min_size=1, max_size=6))}]
    return topic


@st.composite
def briefings(draw):
    """Small briefings the model should accept: 1–3 sessions of 1–4 topics."""
    used: set[str] = set()
    ids = SLUG.filter(lambda slug: slug not in used).map(lambda slug: used.add(slug) or slug)
    data = minimal_data()
    data["language"] = draw(st.sampled_from(["nl", "en"]))
    data["status"] = draw(st.sampled_from(["concept", "definitief", "draft", "final"]))
    data["classification"] = draw(TEXT)
    data["meeting"]["title"] = draw(TEXT)
    data["memo"]["subject"] = draw(TEXT)
    start = draw(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)))
    data["meeting"]["start"], data["meeting"]["end"] = start, start + dt.timedelta(days=2)
    data["sessions"] = [{
        "id": draw(ids), "title": draw(TEXT),
        "date": start + dt.timedelta(days=draw(st.integers(0, 2))),
        "topics": [draw(topics(ids)) for _ in range(draw(st.integers(1, 4)))],
    } for _ in range(draw(st.integers(1, 3)))]
    return data


def load_data(data: dict, directory: Path, allow_unicode: bool = True, check: bool = True):
    path = directory / "briefing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=allow_unicode, sort_keys=False),
                    encoding="utf-8")
    return load(path, check=check)


@BOUNDED
@given(briefings())
def test_every_briefing_the_model_accepts_builds_both_outputs(data):
    with tempfile.TemporaryDirectory() as directory:
        loaded = load_data(data, Path(directory), check=False)  # the model accepts it: so must the builders
        outputs = render_outputs(loaded)
    sessions = len(loaded.briefing.sessions)
    assert sorted(outputs) == sorted(["memo.pdf", "deck.pptx"] + [
        f"sessions/{n}-{session.id}.pptx" for n, session in enumerate(loaded.briefing.sessions, 1)])
    assert len(outputs) == sessions + 2
    assert outputs["memo.pdf"].startswith(b"%PDF-") and outputs["memo.pdf"].rstrip().endswith(b"%%EOF")
    assert all(outputs[name].startswith(b"PK\x03\x04") for name in outputs if name != "memo.pdf")


# ------------------------------------------------------------------ mutations of the shipped file

SHIPPED_DATA = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
SOURCE_FILE = SHIPPED_DATA["source"]["file"]

ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
"""Every plane: control characters, surrogates (written as escapes), astral characters."""

OTHER_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.floats()
    | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)) | st.text(ANY_CHARACTER, max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(ANY_CHARACTER, max_size=8), children, max_size=3),
    max_leaves=6)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


def parent_of(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw):
    """The shipped briefing with 1–3 random mutations; and whether to escape non-ASCII."""
    data = copy.deepcopy(SHIPPED_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in paths(data) if p]))
        parent, key = parent_of(data, path), path[-1]
        kind = draw(st.sampled_from(["delete", "retype", "unicode", "insert"]))
        if kind == "delete":
            del parent[key]
        elif kind == "retype":
            parent[key] = draw(OTHER_VALUES)
        elif kind == "unicode":
            text = draw(st.text(ANY_CHARACTER, min_size=1, max_size=12))
            old = parent[key]
            parent[key] = (old[:len(old) // 2] + text + old[len(old) // 2:]
                           if isinstance(old, str) else text)
        else:
            target = parent[key]
            if isinstance(target, dict):
                target[draw(st.text(ANY_CHARACTER, min_size=1, max_size=10))] = draw(OTHER_VALUES)
            elif isinstance(target, list):
                target.insert(draw(st.integers(0, len(target))), draw(OTHER_VALUES))
            else:
                parent[key] = [target, draw(OTHER_VALUES)]
    return data, draw(st.booleans())


def has_surrogate(value) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(has_surrogate(k) or has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_surrogate(item) for item in value)
    return False


@BOUNDED
@given(mutated())
def test_mutations_of_the_shipped_briefing_build_or_give_located_errors(case):
    data, escaped = case
    escaped = escaped or has_surrogate(data)  # a surrogate can only be written as an escape
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        (directory / SOURCE_FILE).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / SOURCE_FILE, directory / SOURCE_FILE)
        try:
            loaded = load_data(data, directory, allow_unicode=not escaped)
        except BriefingError as error:
            lines = len((directory / "briefing.yaml").read_text(encoding="utf-8").splitlines())
            assert error.problems, "an error without problems"
            for problem in error.problems:
                assert 1 <= problem.line <= max(lines, 1) and problem.column >= 1, str(problem)
                assert problem.file.endswith("briefing.yaml") and problem.message
            event("located errors")
            return
        event("built")
        outputs = render_outputs(loaded)
    assert outputs["memo.pdf"].startswith(b"%PDF-")
    assert len(outputs) == len(loaded.briefing.sessions) + 2


def test_the_shipped_briefing_is_the_mutations_starting_point():
    assert isinstance(SHIPPED_DATA, dict) and SHIPPED_DATA["sessions"]
    assert (ROOT / SOURCE_FILE).is_file()


@pytest.mark.parametrize("series, target", [
    ({"2024": float("nan"), "2025": 1.0}, None),
    ({"2024": float("inf")}, None),
    ({"2024": 1.0}, float("-inf")),
    ({"2024": -1e308, "2025": 1e308}, None),
], ids=["nan", "inf", "target-inf", "huge"])
def test_figure_values_that_cannot_be_drawn_are_located_errors(tmp_path, series, target):
    data = minimal_data()
    figure = {"id": "cijfers", "kind": "bar", "title": "Cijfers", "series": series}
    if target is not None:
        figure["target"] = {"label": "Norm", "value": target}
    data["sessions"][0]["topics"][0]["figures"] = [figure]
    with pytest.raises(BriefingError) as caught:
        load_data(data, tmp_path)
    errors = [problem for problem in caught.value.problems if problem.severity == "error"]
    assert errors  # warnings of the meaning checks on the valid rest may come with them
    for problem in errors:
        assert problem.line >= 1 and "sessions[0].topics[0].figures[0]." in problem.message
        text = (tmp_path / "briefing.yaml").read_text(encoding="utf-8").splitlines()
        assert any(word in text[problem.line - 1] for word in ("2024", "2025", "value"))
