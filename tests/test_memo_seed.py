"""Seeded layouts: an earlier build's settled layout saves passes and never changes a byte."""

from __future__ import annotations

import json

import pytest
import yaml

import builders.memo.document as document
from builders.loader import load
from builders.memo import Layout, layout_from_data, layout_to_data, typeset_memo
from tests.conftest import SHIPPED


@pytest.fixture
def passes(monkeypatch):
    """Counts the typesetting passes of the builds that follow."""
    count = []
    one_pass = document._one_pass
    monkeypatch.setattr(document, "_one_pass", lambda *a: (count.append(1), one_pass(*a))[1])
    return count


def shipped_with(tmp_path, edit) -> load:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "briefing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "seeds").mkdir(exist_ok=True)
    for seed in (SHIPPED.parent / "seeds").iterdir():
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    return load(path, check=False)


def first_background(data: dict) -> dict:
    return next(topic for session in data["sessions"] for topic in session["topics"]
                if topic.get("background"))


def typo(data: dict) -> None:
    topic = first_background(data)
    topic["background"] = topic["background"].replace("e", "é", 1)


def sentence_added(data: dict) -> None:
    topic = first_background(data)
    topic["background"] = topic["background"].rstrip() + " Dit is één zin meer.\n"


def pages_added(data: dict) -> None:
    topic = first_background(data)
    topic["background"] += "\n\n".join(["Een lange alinea die de pagina's verschuift. " * 30] * 6)


@pytest.fixture(scope="module")
def shipped():
    loaded = load(SHIPPED, check=False)
    return loaded, typeset_memo(loaded)


def test_its_own_layout_settles_in_one_pass(shipped, passes):
    loaded, (pdf, layout) = shipped
    assert typeset_memo(loaded, layout) == (pdf, layout)
    assert len(passes) == 1


@pytest.mark.parametrize("edit, hit", [(typo, True), (sentence_added, True), (pages_added, False)],
                         ids=["typo", "sentence", "pages"])
def test_a_seeded_build_is_the_cold_build_whether_the_seed_hits_or_misses(
        shipped, tmp_path, passes, edit, hit):
    _, (_, seed) = shipped
    edited = shipped_with(tmp_path, edit)
    cold = typeset_memo(edited)
    cold_passes = len(passes)
    passes.clear()

    seeded = typeset_memo(edited, seed)

    assert seeded == cold  # the same bytes and the same layout
    assert (len(passes) == 1) is hit
    assert len(passes) == (1 if hit else cold_passes + 1)


def test_a_wrong_seed_costs_one_pass_and_changes_nothing(shipped, passes):
    loaded, (pdf, layout) = shipped
    wrong = Layout(layout.total_pages + 3, {key: page + 1 for key, page in layout.headings.items()},
                   {1: 40.0}, layout.text_pages, 1)
    assert typeset_memo(loaded, wrong) == (pdf, layout)


def test_the_layout_round_trips_through_json(shipped):
    _, (_, layout) = shipped
    assert layout.reserve  # the shipped memo keeps room for footnotes somewhere
    assert layout_from_data(json.loads(json.dumps(layout_to_data(layout)))) == layout


@pytest.mark.parametrize("data", [None, [], {}, {"total_pages": "x"}, {"total_pages": 3}, "layout"])
def test_anything_but_a_written_layout_is_no_seed(data):
    assert layout_from_data(data) is None
