"""The benchmark's code paths: process measurement, peers' inputs, table and targets.

Benchmarks only: nothing here asserts how fast anything is.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from builders import bench
from builders.bench import Report, Row, Run
from tests.conftest import minimal_data


def test_run_process_measures_that_process_only():
    small = bench.run_process([sys.executable, "-c", "pass"])
    large = bench.run_process([sys.executable, "-c", "x = bytearray(80_000_000); x[::4096] = "
                               "b'1' * len(x[::4096])"])
    again = bench.run_process([sys.executable, "-c", "pass"])

    assert small.returncode == large.returncode == 0
    assert large.peak_mb > 80
    assert again.peak_mb < large.peak_mb  # not the maximum over all children so far
    assert small.seconds > 0 and large.cpu_seconds > 0


def test_run_process_reports_a_failure_with_its_message():
    run = bench.run_process([sys.executable, "-c", "raise SystemExit('kaput')"])

    row = Row(1, 3, "full build", (run,))

    assert run.returncode == 1
    assert not row.ok
    assert "failed (exit 1: kaput)" in bench.format_row(row)


def test_seed_text_for_pandoc_and_typst_repeats_per_scale():
    text = bench.SEED.read_text(encoding="utf-8")

    markdown = bench.seed_markdown(text, 3)
    typst = bench.seed_typst(text, 3)

    assert re.findall(r"^# Deel \d+$", markdown, re.M) == ["# Deel 1", "# Deel 2", "# Deel 3"]
    assert re.findall(r"^= Deel \d+$", typst, re.M) == ["= Deel 1", "= Deel 2", "= Deel 3"]
    assert "Buitenlandse Zaken" in markdown  # words split at line ends are joined
    body = [line for line in typst.splitlines() if line and not line.startswith(("#", "="))]
    assert not [line for line in body if re.search(r"(?<!\\)[#$@\[\]]", line)]


def fake(scale: int, sessions: int, what: str, seconds: float, peak: float = 80.0,
         cpu: float = 0.0) -> Row:
    return Row(scale, sessions, what, (Run(seconds, peak, 0, "", cpu),))


def test_targets_say_met_or_missed_by_how_much():
    report = Report([
        fake(1, 3, "full build", 0.40), fake(1, 3, "watch rebuild", 0.2),
        fake(10, 30, "full build", 1.3), fake(20, 60, "pandoc pptx", 0.4),
        fake(20, 60, "typst pdf", 0.5), fake(20, 60, "full build", 1.2),
        fake(50, 150, "full build", 6.0, peak=250.0),
    ])

    lines = bench.judge(report)

    assert lines[0] == "shipped full build ≤ 0.4 s: 0.40 s: target met"
    assert lines[1] == ("20× ≤ 1.3× pandoc+typst: 1.20 s vs 0.90 s = 1.33×: missed by 0.03 s "
                        "(1.03× the target); 0.33× from the aim of 1.0×")
    assert lines[2] == "watch rebuild ≤ 0.15 s: 0.200 s: missed by 0.050 s (1.3×)"
    assert lines[3] == "peak memory ≤ 200 MB at 50×: 250 MB: missed by 50 MB"
    assert any(line.startswith("time per session") for line in lines)
    assert "ratio 50×/10× = 4.62" in "\n".join(lines)
    linear = next(line for line in lines if line.startswith("time linear in sessions"))
    # from 10× on: (1.2 - 1.3) / 30 then (6.0 - 1.2) / 90 per session
    assert "marginal cost -3.3 → 53.3 ms/session" in linear and "missed by" in linear


def test_cost_per_unit_of_output_sits_beside_the_peers():
    report = Report([fake(20, 60, "memo only", 1.0), fake(20, 60, "typst pdf", 0.6),
                     fake(20, 60, "decks only", 0.9), fake(20, 60, "pandoc pptx", 0.3)],
                    units={("memo pages", 20): 200, ("typst pages", 20): 86,
                           ("slides", 20): 450, ("pandoc slides", 20): 100})

    assert bench.per_unit(report) == [
        "per unit at 20×: 5.0 ms per page × 200 (typst 7.0 ms per page × 86); "
        "2.0 ms per slide × 450 (pandoc 3.0 ms per slide × 100)"]


def test_units_are_counted_from_the_files_made(tmp_path):
    from builders.build import build
    from tests.conftest import SHIPPED

    build(SHIPPED, tmp_path / "out-1x")
    units = bench.count_units(tmp_path, 1)

    assert units[("memo pages", 1)] >= 10
    assert units[("slides", 1)] > 2 * len(list((tmp_path / "out-1x" / "sessions").glob("*.pptx")))
    assert ("typst pages", 1) not in units  # no peer ran: nothing counted


def test_watch_rebuilds_are_timed_after_a_real_edit(write_briefing):
    briefing = write_briefing(minimal_data())
    text = briefing.read_text(encoding="utf-8")
    assert "Bewerkt3 " in bench._edited(text, 3) and bench._edited(text, 3) != text

    row = bench.measure_watch(briefing, 2, 1)

    assert row.ok and len(row.runs) == 2 and row.what == "watch rebuild"
    assert all(0 < run.cpu_seconds for run in row.runs)
    assert f"{row.cpu_seconds:.2f}" in bench.format_row(row)


def test_targets_not_measured_are_said_so():
    assert all("not measured" in line for line in bench.judge(Report()))


def test_full_build_row_shows_ours_over_theirs():
    report = Report([fake(1, 3, "pandoc pptx", 0.1), fake(1, 3, "typst pdf", 0.1),
                     fake(1, 3, "full build", 0.5)])

    assert "ours/theirs 2.50 (pandoc+typst 0.20 s)" in bench.format_row(report.rows[-1], report)


def test_quick_bench_prints_the_table_and_the_targets(write_briefing):
    briefing = write_briefing(minimal_data())
    out = io.StringIO()

    code = bench.main(str(briefing), quick=True, out=out)

    text = out.getvalue()
    rows = [line for line in text.splitlines() if re.match(r"\s+\d+×", line)]
    assert code == 0, text
    assert {row.split()[0] for row in rows} == {"1×", "10×"}
    assert {"full", "memo", "decks"} <= {row.split()[2] for row in rows}
    assert "shipped full build" in text and "time per session" in text
    assert re.search(r"tagging \(PDF/UA-1 \+ PDF/A-2a\).*size [\d,]+ vs [\d,]+ bytes", text)
    assert re.search(r"^host speed: a fixed CPU loop took \d+ ms before the rows and \d+ ms "
                     r"after \(median of 5 processes", text, re.M)


def test_the_host_speed_is_the_median_time_of_a_fixed_loop(monkeypatch):
    times = iter(["0.30\n", "0.10\n", "oops", "0.20\n", "0.40\n"])
    monkeypatch.setattr(bench.subprocess, "run", lambda *a, **k: type(
        "Done", (), {"stdout": next(times)})())
    assert bench.host_speed() == 0.25
    assert bench.format_host_speed(0.25, 0.1404).startswith(
        "host speed: a fixed CPU loop took 250 ms before the rows and 140 ms after")


def test_the_cost_of_tagging_reads_as_time_and_size():
    line = bench.format_tagging_cost(0.3, 0.2, 170_000, 90_000)

    assert "cpu 0.300 s vs 0.200 s untagged (+50 %)" in line
    assert "size 170,000 vs 90,000 bytes (×1.89)" in line


def test_our_modules_are_byte_compiled_before_timing(tmp_path):
    """A cold process of an installed package reads bytecode; the bench compiles ours
    first so that it does not time ~50 compilations no user pays (PYTHONDONTWRITEBYTECODE
    environments)."""
    import importlib.util

    from builders.bench import compile_as_installed

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py"):
        (package / name).write_text("VALUE = 1\n", encoding="utf-8")
    assert compile_as_installed(package) == 4
    cached = Path(importlib.util.cache_from_source(str(package / "sub" / "b.py")))
    assert cached.read_bytes()[:4] == importlib.util.MAGIC_NUMBER


def test_marginal_cost_is_also_given_in_cpu_time():
    report = Report([fake(1, 3, "full build", 0.4, cpu=0.6), fake(10, 30, "full build", 1.3, cpu=2.0),
                     fake(20, 60, "full build", 2.0, cpu=3.5), fake(50, 150, "full build", 5.0, cpu=8.9)])

    line = next(line for line in bench.judge(report) if line.startswith("marginal cpu"))

    # from 10× on: (3.5 - 2.0) / 30 then (8.9 - 3.5) / 90 per session
    assert line == ("marginal cpu per session 50.0 → 60.0 ms/session (1.20×; for reference, "
                    "not the target)")


def test_a_first_build_starts_with_empty_caches_and_no_earlier_layout(tmp_path, monkeypatch):
    seen = []

    def fake_run(argv, cwd=None, timeout=bench.TIMEOUT, env=None):
        cache = Path(env[bench_cache_env()])
        out = Path(argv[argv.index("--out") + 1])
        seen.append((sorted(cache.iterdir()), out.exists(), cache))
        cache.joinpath("fonts.bin").write_bytes(b"made by this run")
        return Run(0.5, 70.0, 0, "", 0.8)
    monkeypatch.setattr(bench, "run_process", fake_run)

    runs = bench.measure_first_builds(Path("briefing.yaml"), 3, tmp_path)

    assert len(runs) == 3 and [s[:2] for s in seen] == [([], False)] * 3
    assert len({s[2] for s in seen}) == 3
    row = Row(1, 3, "first build", runs)
    assert bench.format_row(row).endswith("empty machine caches, no earlier build in the folder")


def bench_cache_env() -> str:
    from builders.pattern_cache import CACHE_ENV

    return CACHE_ENV


def test_run_process_passes_the_environment_given():
    from builders.pattern_cache import CACHE_ENV
    import os

    script = f"import os, sys; sys.exit(0 if os.environ.get({CACHE_ENV!r}) == '/x' else 3)"
    run = bench.run_process([sys.executable, "-c", script], env={**os.environ, CACHE_ENV: "/x"})

    assert run.returncode == 0
    assert bench.run_process([sys.executable, "-c", script]).returncode == 3
