"""The machine's chart cache (builders/deck/chart_cache.py): a chart made once is taken from
disk by later builds, and the decks are the same bytes either way."""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import ENGLISH, ROOT, SHIPPED, run_on_a_machine_of_its_own

STRESS = ROOT / "tests" / "fixtures" / "stress" / "briefing.yaml"


def _decks(loaded, monkeypatch, cache_on: bool = True) -> tuple[dict, list]:
    """The decks, and each chart made (not taken from the cache) on the way."""
    import builders.deck as deck
    import builders.deck.writer as writer

    made = []
    real_make = writer.Writer._make_chart
    monkeypatch.setattr(writer.Writer, "_make_chart",
                        lambda self, *args: made.append(args) or real_make(self, *args))
    real_init = writer.Writer.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self.chart_cache = cache_on

    monkeypatch.setattr(writer.Writer, "__init__", init)
    try:
        return deck.render_decks(loaded), made
    finally:
        monkeypatch.setattr(writer.Writer, "__init__", real_init)
        monkeypatch.setattr(writer.Writer, "_make_chart", real_make)


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, STRESS],
                         ids=["shipped", "english", "stress"])
def test_charts_from_a_cold_and_a_warm_cache_are_the_bytes_made_without_it(
        briefing, tmp_path, monkeypatch):
    from builders.loader import load
    from tests.test_deck_template import template_theme

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    loaded = load(briefing)
    on_template = dataclasses.replace(loaded, theme=template_theme(tmp_path))
    for case in (loaded, on_template):
        without, made_without = _decks(case, monkeypatch, cache_on=False)
        cold, made_cold = _decks(case, monkeypatch)
        warm, made_warm = _decks(case, monkeypatch)
        assert made_without, "the briefing has no chart: the test compares nothing"
        assert len(made_cold) <= len(made_without)
        assert made_warm == []                      # every chart from the cache
        assert cold == warm == without


def test_a_cache_file_that_is_not_a_chart_is_made_again(tmp_path, monkeypatch):
    from builders.loader import load

    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(cache))
    loaded = load(SHIPPED)
    written, _ = _decks(loaded, monkeypatch)
    files = sorted(cache.glob("chart-*"))
    assert files
    for number, file in enumerate(files):
        file.write_bytes([b"", b"\x00garbage", b"\xe9" * 40][number % 3])
    again, made = _decks(loaded, monkeypatch)
    assert made and again == written
    assert all(file.stat().st_size > 100 for file in files)   # made again and kept


def test_a_chart_keyed_otherwise_is_not_taken(tmp_path, monkeypatch):
    """What a chart is made from is in its key: another start shape id, relationship id,
    timestamp or language is another chart."""
    from builders.deck.chart_cache import chart_key

    base = ("plan", "alt", "theme", "Arial", "nl", "nl-NL", "2023-11-28", 7, "rId3")
    keys = {chart_key(*base)}
    for index in range(len(base)):
        changed = list(base)
        changed[index] = "other" if isinstance(base[index], str) else 8
        keys.add(chart_key(*changed))
    assert len(keys) == len(base) + 1
    assert chart_key(*base) == chart_key(*base)


def test_a_warm_build_of_the_shipped_decks_does_not_import_the_chart_libraries(tmp_path):
    probe = ("import sys; from builders.loader import load; from builders.deck import "
             "render_decks; render_decks(load(sys.argv[1])); "
             "print(sorted(name for name in ('xlsxwriter', 'pptx.chart.data', "
             "'builders.deck.charts') if name in sys.modules))")
    run = lambda: run_on_a_machine_of_its_own(probe, tmp_path / "cache", SHIPPED).strip()
    assert run() == "['builders.deck.charts', 'pptx.chart.data', 'xlsxwriter']"   # cold
    assert run() == "[]"                                                          # warm


def test_the_code_stamp_changes_with_any_module_of_the_package(tmp_path):
    """A chart kept by other code is not taken: the stamp covers every module of the
    package (a chart's labels and legend come from modules outside builders/deck too),
    and changes when one of them changes, is added or goes."""
    import os

    from builders.deck.chart_cache import code_stamp

    package = tmp_path / "builders"
    (package / "deck").mkdir(parents=True)
    (package / "chart_labels.py").write_text("LEGEND = 1\n")
    (package / "deck" / "charts.py").write_text("PAD = 2\n")
    first = code_stamp(package)
    assert code_stamp(package) == first
    (package / "chart_labels.py").write_text("LEGEND = 2\n")          # same size
    os.utime(package / "chart_labels.py", ns=(1, 1))
    changed = code_stamp(package)
    assert changed != first
    (package / "deck" / "layout.py").write_text("\n")
    assert code_stamp(package) not in (first, changed)


def test_pruning_keeps_the_charts_written_last_and_drops_stale_temporaries(tmp_path):
    import os
    import time

    from builders.deck.chart_cache import prune

    now = time.time()
    for number in range(5):
        chart = tmp_path / f"chart-{number}.v1"
        chart.write_bytes(b"x")
        os.utime(chart, (now - 100 + number, now - 100 + number))
    (tmp_path / "font-noto.v1").write_bytes(b"not a chart")
    stale, fresh = tmp_path / ".chart-a.tmp", tmp_path / ".chart-b.tmp"
    stale.write_bytes(b""), fresh.write_bytes(b"")
    os.utime(stale, (now - 7200, now - 7200))

    prune(tmp_path, kept=3)

    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".chart-b.tmp", "chart-2.v1", "chart-3.v1", "chart-4.v1", "font-noto.v1"]
