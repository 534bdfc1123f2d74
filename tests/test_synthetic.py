"""Synthetic briefings: N× the sessions, fresh ids, references and dates still valid."""

from __future__ import annotations

import datetime as dt

import pytest

from builders.loader import load
from builders.synthetic import multiply, write_synthetic
from tests.conftest import SHIPPED, minimal_data


def with_references() -> dict:
    data = minimal_data()
    session = data["sessions"][0]
    session["topics"][0]["figures"] = [{"id": "cijfers", "kind": "bar", "title": "Cijfers",
                                        "series": {"2023": 1.0}}]
    session["topics"].append({"id": "tweede", "title": "Tweede", "key_messages": ["B."],
                              "see_also": ["onderwerp", "sessie-1"]})
    return data


def all_ids(data: dict) -> list[str]:
    ids = []
    for session in data["sessions"]:
        ids.append(session["id"])
        for topic in session["topics"]:
            ids.append(topic["id"])
            ids += [figure["id"] for figure in topic.get("figures", [])]
    return ids


def test_multiplies_the_sessions_with_unique_ids():
    data = multiply(with_references(), 4)

    assert len(data["sessions"]) == 4
    assert len(all_ids(data)) == len(set(all_ids(data))) == 4 * 4
    assert [s["id"] for s in data["sessions"]] == ["sessie-1", "sessie-1-k2", "sessie-1-k3",
                                                   "sessie-1-k4"]
    assert data["sessions"][2]["title"] == "Eerste sessie (3)"


def test_see_also_points_into_the_same_copy():
    data = multiply(with_references(), 3)

    assert data["sessions"][0]["topics"][1]["see_also"] == ["onderwerp", "sessie-1"]
    assert data["sessions"][2]["topics"][1]["see_also"] == ["onderwerp-k3", "sessie-1-k3"]
    assert data["sessions"][2]["topics"][0]["figures"][0]["id"] == "cijfers-k3"


def test_leaves_the_original_untouched():
    original = with_references()
    multiply(original, 3)

    assert original == with_references()


def test_session_dates_stay_within_the_meeting():
    data = minimal_data()
    data["meeting"]["start"], data["meeting"]["end"] = dt.date(2023, 11, 28), dt.date(2023, 11, 29)
    data["sessions"][0]["date"] = dt.date(2023, 12, 5)

    dates = {session["date"] for session in multiply(data, 3)["sessions"]}

    assert dates == {dt.date(2023, 11, 29)}


def test_factor_one_is_a_copy_and_zero_is_refused():
    assert multiply(minimal_data(), 1)["sessions"] == minimal_data()["sessions"]
    with pytest.raises(ValueError, match="at least 1"):
        multiply(minimal_data(), 0)


def test_written_briefing_loads_with_its_source_text(tmp_path):
    if not SHIPPED.exists():
        pytest.skip("briefing.yaml is not there yet")
    shipped = load(SHIPPED)

    path = write_synthetic(SHIPPED, 3, tmp_path / "out")
    loaded = load(path)  # raises BriefingError if anything no longer validates

    assert path.name == "briefing-3x.yaml"
    assert len(loaded.briefing.sessions) == 3 * len(shipped.briefing.sessions)
    assert len(loaded.briefing.topics()) == 3 * len(shipped.briefing.topics())
    assert (path.parent / shipped.briefing.source.file).is_file()
    assert len(loaded.warnings) == len(shipped.warnings)


def test_source_text_outside_the_folder_is_copied_by_name(tmp_path, write_briefing):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "bron.txt").write_text("Een boodschap.\n", encoding="utf-8")
    data = minimal_data()
    data["source"]["file"] = "../elsewhere/bron.txt"
    (tmp_path / "in").mkdir()
    source = write_briefing(data, "in/briefing.yaml")

    path = write_synthetic(source, 2, tmp_path / "out")

    assert (tmp_path / "out" / "bron.txt").is_file()
    assert len(load(path).briefing.sessions) == 2
