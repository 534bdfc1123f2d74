"""Reproducible outputs: the same input gives the same bytes; the one timestamp the files
carry is SOURCE_DATE_EPOCH when set, else the briefing's date."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from builders import build as building
from tests.conftest import ENGLISH, SHIPPED

EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC
EPOCH_MOMENT = dt.datetime(2023, 11, 14, 22, 13, 20)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def build_into(tmp_path_factory, briefing: Path, epoch: int | None) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("out")
    with pytest.MonkeyPatch.context() as patch:
        if epoch is None:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        building.build(briefing, out)
    return snapshot(out)


@pytest.fixture(scope="module", params=[SHIPPED, ENGLISH], ids=["shipped", "english"])
def twice(request, tmp_path_factory):
    """The same briefing built twice, into two directories, without SOURCE_DATE_EPOCH."""
    return (request.param, build_into(tmp_path_factory, request.param, None),
            build_into(tmp_path_factory, request.param, None))


@pytest.fixture(scope="module")
def english_with_epoch(tmp_path_factory):
    """The English briefing built twice with SOURCE_DATE_EPOCH, and once without."""
    return (build_into(tmp_path_factory, ENGLISH, EPOCH),
            build_into(tmp_path_factory, ENGLISH, EPOCH),
            build_into(tmp_path_factory, ENGLISH, None))


def pdf_creation(data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(data)).metadata
    return info["/CreationDate"], info["/ModDate"]


def core_times(data: bytes) -> tuple[dt.datetime, dt.datetime]:
    from pptx import Presentation

    core = Presentation(io.BytesIO(data)).core_properties
    return core.created, core.modified


def zip_times(data: bytes) -> set[tuple]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.date_time for info in archive.infolist()}


def test_two_builds_give_byte_identical_outputs(twice):
    _, first, second = twice
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds"


def test_without_source_date_epoch_the_briefing_date_is_the_timestamp(twice):
    briefing, outputs, _ = twice
    from builders.loader import load

    date = load(briefing).briefing.date
    stamp = f"D:{date:%Y%m%d}000000"
    created, modified = pdf_creation(outputs["memo.pdf"])
    assert created.startswith(stamp) and modified.startswith(stamp)
    midnight = dt.datetime(date.year, date.month, date.day)
    for name, data in outputs.items():
        if name.endswith(".pptx"):
            assert core_times(data) == (midnight, midnight), name
            assert zip_times(data) == {(date.year, date.month, date.day, 0, 0, 0)}, name


def test_source_date_epoch_gives_byte_identical_outputs_too(english_with_epoch):
    first, second, _ = english_with_epoch
    assert first == second


def test_source_date_epoch_changes_the_bytes(english_with_epoch):
    with_epoch, _, unset = english_with_epoch
    assert sorted(with_epoch) == sorted(unset)
    for name in with_epoch:
        assert with_epoch[name] != unset[name], f"{name} ignores SOURCE_DATE_EPOCH"


def test_source_date_epoch_is_the_pdf_creation_date(english_with_epoch):
    outputs, _, _ = english_with_epoch
    created, modified = pdf_creation(outputs["memo.pdf"])
    assert created.startswith("D:20231114221320") and modified.startswith("D:20231114221320")


def test_source_date_epoch_is_the_decks_created_date(english_with_epoch):
    outputs, _, _ = english_with_epoch
    for name, data in outputs.items():
        if name.endswith(".pptx"):
            assert core_times(data) == (EPOCH_MOMENT, EPOCH_MOMENT), name
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                core = archive.read("docProps/core.xml").decode()
            assert ">2023-11-14T22:13:20Z</dcterms:created>" in core, name
            assert zip_times(data) == {(2023, 11, 14, 22, 13, 20)}, name


def test_a_bad_source_date_epoch_falls_back_to_the_briefing_date(monkeypatch):
    from builders.reproducible import build_timestamp

    for value in ("", "  ", "not-a-number", "-5"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        assert build_timestamp(dt.date(2023, 11, 20)) == dt.datetime(
            2023, 11, 20, tzinfo=dt.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", f" {EPOCH}\n")
    assert build_timestamp(dt.date(2023, 11, 20)) == EPOCH_MOMENT.replace(tzinfo=dt.timezone.utc)
