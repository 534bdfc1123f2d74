"""Benchmarks: cold builds of the shipped briefing and synthetic ones, against pandoc + Typst.

Every figure is one whole process, started cold, as a user meets it: wall time (median of
the runs) and peak resident memory of that process (its own rusage, from `os.wait4`).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "kamerstuk-28676-446.txt"
SCALES = (1, 10, 20, 50)
QUICK_SCALES = (1, 10)
TIMEOUT = 600

TARGET_SHIPPED_WALL = 0.4
TARGET_PEAK_MB = 200.0
TARGET_WATCH = 0.15
"""A rebuild in `invoke watch` after an ordinary edit, seconds."""
PEER_SCALE = 20
PEER_RATIO_TARGET = 1.3
"""The whole build at 20× may take this many times pandoc + Typst; 1.0 is the aim."""
LINEAR_TOLERANCE = 1.15
"""Linear enough when the marginal cost per session from 10× to 50× grows by at most this."""

MEMO_DRIVER = ("import sys; from builders.loader import load; from builders.memo import "
               "render_memo; sys.stdout.write(str(len(render_memo(load(sys.argv[1])))))")
DECKS_DRIVER = ("import sys; from builders.loader import load; from builders.deck import "
                "render_decks; sys.stdout.write(str(len(render_decks(load(sys.argv[1])))))")
TYPST_DRIVER = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"
WATCH_DRIVER = "import sys; from builders.bench import watch_rebuilds; watch_rebuilds(sys.argv[1], int(sys.argv[2]))"


@dataclass(frozen=True)
class Run:
    """One process: how long it took, its peak memory, and whether it succeeded."""

    seconds: float
    peak_mb: float
    returncode: int
    stderr: str = ""
    cpu_seconds: float = 0.0


@dataclass(frozen=True)
class Row:
    """The runs of one workload at one scale, summarised."""

    scale: int
    sessions: int
    what: str
    runs: tuple[Run, ...]

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.returncode == 0 for run in self.runs)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu_seconds(self) -> float:
        """User + system time: less disturbed than wall time by other work on the machine."""
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)

    def failure(self) -> str:
        failed = next(run for run in self.runs if run.returncode != 0)
        lines = [line for line in failed.stderr.strip().splitlines() if line.strip()]
        return f"exit {failed.returncode}: {lines[-1] if lines else 'no message'}"


@dataclass
class Report:
    """Every row measured, in order; the figures the targets are judged on."""

    rows: list[Row] = field(default_factory=list)
    units: dict[tuple[str, int], int] = field(default_factory=dict)
    """(what, scale) → pages or slides made: "memo pages", "slides", "typst pages",
    "pandoc slides"."""

    def find(self, what: str, scale: int) -> Row | None:
        return next((r for r in self.rows if r.what == what and r.scale == scale and r.ok), None)


LAUNCHER = """
import os, sys, time
argv = sys.argv[1:]
null = os.open(os.devnull, os.O_RDWR)
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(null, 0)
    os.dup2(null, 1)
    try:
        os.execvp(argv[0], argv)
    except OSError as error:
        os.write(2, f"cannot run {argv[0]}: {error}\\n".encode())
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
print(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
      os.waitstatus_to_exitcode(status))
"""
"""Starts the measured process from a bare interpreter. On Linux a child's peak RSS
starts at the RSS of the process it was forked from (kept across exec), so launching
from this (large) process would put a floor under every figure."""


def run_process(argv: list[str], cwd: Path | None = None, timeout: float = TIMEOUT,
                env: dict[str, str] | None = None) -> Run:
    """Run one process to the end; its wall time, CPU time and own peak RSS."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, *argv],
                                   cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=errors, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.communicate()
            return Run(timeout, 0.0, -9, f"killed after {timeout:.0f} s")
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace")
    try:
        seconds, peak_kb, cpu, status = output.split()[-4:]
        return Run(float(seconds), int(peak_kb) / 1024, int(status), message, float(cpu))
    except ValueError:
        return Run(0.0, 0.0, process.returncode or 1, message or "the launcher failed")


def measure(argv: list[str], runs: int, cwd: Path | None = None) -> tuple[Run, ...]:
    """`runs` cold runs of one command; stops early when one fails."""
    results = []
    for _ in range(runs):
        results.append(run_process(argv, cwd=cwd))
        if results[-1].returncode != 0:
            break
    return tuple(results)


def measure_first_builds(briefing: Path, runs: int, directory: Path) -> tuple[Run, ...]:
    """`runs` full builds as on a machine that never built before: each into a new folder
    (no layout recorded by an earlier build) with an empty cache folder (fonts,
    hyphenation patterns and whatever else the builder keeps per machine made again)."""
    from .pattern_cache import CACHE_ENV

    results = []
    for run in range(runs):
        cache, out = directory / f"first-cache-{run}", directory / f"first-out-{run}"
        cache.mkdir(parents=True)
        argv = [*our_workloads(briefing, out)["full build"]]
        results.append(run_process(argv, cwd=ROOT, env={**os.environ, CACHE_ENV: str(cache)}))
        if results[-1].returncode != 0:
            break
    return tuple(results)


def our_workloads(briefing: Path, out_dir: Path) -> dict[str, list[str]]:
    """The commands that build all outputs, the memo only, and the decks only."""
    python = sys.executable
    return {
        "full build": [python, "-m", "builders", "build", "--briefing", str(briefing),
                       "--out", str(out_dir)],
        "memo only": [python, "-c", MEMO_DRIVER, str(briefing)],
        "decks only": [python, "-c", DECKS_DRIVER, str(briefing)],
    }


def watch_rebuilds(briefing: str | Path, runs: int, out=sys.stdout) -> None:
    """Rebuild as `invoke watch` does (one warm process), after an ordinary edit each time:
    a word put before the first key message. Prints one line per rebuild: seconds, ok."""
    from . import watch
    from .loader import load

    briefing = Path(briefing).resolve()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as temporary:
        here = Path(temporary)
        copy = here / briefing.name
        copy.write_bytes(briefing.read_bytes())
        source = load(briefing, check=False).briefing.source.file
        if source:
            (here / source).parent.mkdir(parents=True, exist_ok=True)
            (here / source).write_bytes((briefing.parent / source).read_bytes())
        original = copy.read_text(encoding="utf-8")
        watch.rebuild(copy, here / "out")
        watch.warm(copy)
        for run in range(runs):
            copy.write_text(_edited(original, run), encoding="utf-8")
            started, cpu = time.perf_counter(), _cpu_seconds()
            lines, _ = watch.rebuild(copy, here / "out")
            print(time.perf_counter() - started, int("built" in lines[-1]),
                  _cpu_seconds() - cpu, file=out, flush=True)


def _cpu_seconds() -> float:
    """User + system time of this process and of its children that have ended (the
    memo's process of each rebuild)."""
    import resource

    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _edited(text: str, run: int) -> str:
    """The briefing with one word more at the start of its first key message."""
    return re.sub(r"(key_messages:\s*\n\s*- )", rf"\g<1>Bewerkt{run} ", text, count=1)


def measure_watch(briefing: Path, runs: int, sessions: int) -> Row:
    """The watch rebuilds as a row: each rebuild one run (its seconds; peak not measured)."""
    result = subprocess.run([sys.executable, "-c", WATCH_DRIVER, str(briefing), str(runs)],
                            cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    timings = [line.split() for line in result.stdout.splitlines() if line.strip()]
    runs_done = tuple(Run(float(seconds), 0.0, 0 if ok == "1" else 1, result.stderr,
                          float(cpu)) for seconds, ok, cpu in timings)
    if result.returncode != 0 or not runs_done:
        runs_done = (Run(0.0, 0.0, result.returncode or 1, result.stderr or "no rebuild timed"),)
    return Row(1, sessions, "watch rebuild", runs_done)


def peer_tools() -> tuple[str | None, bool]:
    """The pandoc binary (from pypandoc-binary) and whether typst-py is importable."""
    try:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        pandoc = None
    try:
        import typst  # noqa: F401

        has_typst = True
    except ImportError:
        has_typst = False
    return pandoc, has_typst


def seed_blocks(text: str) -> list[tuple[str, str]]:
    """The seed as (kind, text) blocks: short unpunctuated single lines are headings."""
    blocks = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        joined = re.sub(r"-\n(?=[a-zà-ÿ])", "", "\n".join(lines)).replace("\n", " ")
        heading = len(lines) == 1 and len(joined) < 80 and not joined.endswith((".", ":", ";"))
        blocks.append(("heading" if heading else "paragraph", joined))
    return blocks


def seed_markdown(text: str, factor: int) -> str:
    """The seed's text `factor` times, as Markdown for pandoc (one part per copy)."""
    return _repeated(text, factor, [], ("#", "##"), r"([\\`*_{}\[\]<>#+!|])")


def seed_typst(text: str, factor: int) -> str:
    """The same text as a Typst document: A4, justified, Dutch hyphenation, contents."""
    preamble = ['#set page(paper: "a4")', '#set text(lang: "nl", hyphenate: true)',
                "#set par(justify: true)", "#outline()", ""]
    return _repeated(text, factor, preamble, ("=", "=="), r"([\\#$*_`<>@\[\]~/=+-])")


def _repeated(text: str, factor: int, preamble: list[str], markers: tuple[str, str],
              special: str) -> str:
    """The seed's blocks `factor` times under part headings, special characters escaped."""
    part, heading = markers
    blocks = [(kind, re.sub(special, r"\\\1", block)) for kind, block in seed_blocks(text)]
    out = list(preamble)
    for k in range(1, factor + 1):
        out.append(f"{part} Deel {k}\n")
        out += [f"{heading} {block}\n" if kind == "heading" else f"{block}\n"
                for kind, block in blocks]
    return "\n".join(out)


def peer_workloads(factor: int, directory: Path, seed: Path = SEED) -> dict[str, list[str]]:
    """pandoc (Markdown → PPTX) and Typst (→ PDF) on the seed's text at this scale."""
    pandoc, has_typst = peer_tools()
    text = seed.read_text(encoding="utf-8")
    commands = {}
    if pandoc:
        source = directory / f"seed-{factor}x.md"
        source.write_text(seed_markdown(text, factor), encoding="utf-8")
        commands["pandoc pptx"] = [pandoc, "-f", "markdown", "-t", "pptx",
                                   "-o", str(directory / f"seed-{factor}x.pptx"), str(source)]
    if has_typst:
        source = directory / f"seed-{factor}x.typ"
        source.write_text(seed_typst(text, factor), encoding="utf-8")
        commands["typst pdf"] = [sys.executable, "-c", TYPST_DRIVER, str(source),
                                 str(directory / f"seed-{factor}x.pdf")]
    return commands


def run_bench(briefing: str | Path = "briefing.yaml", *, scales: Iterable[int] = SCALES,
              runs: int = 5, peers: bool = True, watch: bool = True,
              on_row: Callable[[Row], None] | None = None) -> Report:
    """Measure every workload at every scale; call `on_row` as each row is done."""
    from .synthetic import write_synthetic

    report = Report()
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        directory = Path(temporary)
        for scale in scales:
            path = Path(briefing) if scale == 1 else write_synthetic(
                briefing, scale, directory / f"{scale}x")
            sessions = _sessions(path)
            commands = peer_workloads(scale, directory) if peers else {}
            commands.update(our_workloads(path, directory / f"out-{scale}x"))
            for what, argv in commands.items():
                row = Row(scale, sessions, what, measure(argv, runs, cwd=ROOT))
                report.rows.append(row)
                if on_row:
                    on_row(row)
            report.units.update(count_units(directory, scale))
            if scale == 1:
                row = Row(1, sessions, "first build", measure_first_builds(path, runs, directory))
                report.rows.append(row)
                if on_row:
                    on_row(row)
            if watch and scale == 1:
                row = measure_watch(path, runs, sessions)
                report.rows.append(row)
                if on_row:
                    on_row(row)
    return report


def count_units(directory: Path, scale: int) -> dict[tuple[str, int], int]:
    """Pages and slides that this scale's runs made: ours (the full build's outputs) and
    the peers'. A file that is missing counts nothing."""
    ours = directory / f"out-{scale}x"
    decks = [ours / "deck.pptx", *sorted((ours / "sessions").glob("*.pptx"))]
    found = {("memo pages", scale): _pdf_pages(ours / "memo.pdf"),
             ("slides", scale): sum(_pptx_slides(deck) for deck in decks),
             ("typst pages", scale): _pdf_pages(directory / f"seed-{scale}x.pdf"),
             ("pandoc slides", scale): _pptx_slides(directory / f"seed-{scale}x.pptx")}
    return {key: count for key, count in found.items() if count}


def _pdf_pages(path: Path) -> int:
    """Pages of a PDF: with pypdf when it is there (the test extra), else its page objects."""
    if not path.is_file():
        return 0
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))
    return len(PdfReader(path).pages)


def _pptx_slides(path: Path) -> int:
    import zipfile

    if not path.is_file():
        return 0
    with zipfile.ZipFile(path) as package:
        return sum(bool(re.fullmatch(r"ppt/slides/slide\d+\.xml", name))
                   for name in package.namelist())


def _sessions(path: Path) -> int:
    from .yamlsource import load_yaml

    try:
        data, _ = load_yaml(Path(path))
        return len(data.get("sessions") or [])
    except Exception:  # noqa: BLE001 - the build itself will report the problem
        return 0


HEADER = (f"{'scale':>5} {'sessions':>8}  {'what':<12} {'wall s':>8} {'cpu s':>7} "
          f"{'peak MB':>8}  note")


def format_row(row: Row, report: Report | None = None) -> str:
    """One table line: median wall time, peak memory, and ours/theirs at this scale."""
    start = f"{row.scale:>4}× {row.sessions:>8}  {row.what:<12}"
    if not row.ok:
        return f"{start} {'—':>8} {'—':>7} {'—':>8}  failed ({row.failure()})"
    note = ""
    if report is not None and row.what == "full build":
        theirs = peer_seconds(report, row.scale)
        if theirs:
            note = f"ours/theirs {row.seconds / theirs:.2f} (pandoc+typst {theirs:.2f} s)"
    if row.what == "first build":
        note = "empty machine caches, no earlier build in the folder"
    if row.what == "watch rebuild":  # timed inside one warm process: no peak of its own
        return (f"{start} {row.seconds:>8.3f} {row.cpu_seconds:>7.2f} {'—':>8}  median of "
                f"{len(row.runs)} edits (cpu: the watch process and its memo process)")
    return (f"{start} {row.seconds:>8.3f} {row.cpu_seconds:>7.2f} {row.peak_mb:>8.0f}  "
            f"{note}").rstrip()


def peer_seconds(report: Report, scale: int) -> float | None:
    pandoc, typst = report.find("pandoc pptx", scale), report.find("typst pdf", scale)
    if not pandoc or not typst:
        return None
    return pandoc.seconds + typst.seconds


def format_table(report: Report) -> str:
    return "\n".join([HEADER] + [format_row(row, report) for row in report.rows])


def judge(report: Report) -> list[str]:
    """One line per target: met, or missed by how much; or why it could not be judged."""
    return [_judge_shipped(report), _judge_peers(report), _judge_watch(report),
            _judge_memory(report), *_judge_linear(report), *per_unit(report)]


def _verdict(name: str, value: str, met: bool, missed: str) -> str:
    return f"{name}: {value}: " + ("target met" if met else f"missed by {missed}")


def _judge_shipped(report: Report) -> str:
    name = f"shipped full build ≤ {TARGET_SHIPPED_WALL} s"
    row = report.find("full build", 1)
    if not row:
        return f"{name}: not measured"
    over = row.seconds - TARGET_SHIPPED_WALL
    return _verdict(name, f"{row.seconds:.2f} s", over <= 0,
                    f"{over:.2f} s ({row.seconds / TARGET_SHIPPED_WALL:.1f}×)")


def _judge_peers(report: Report) -> str:
    name = f"{PEER_SCALE}× ≤ {PEER_RATIO_TARGET}× pandoc+typst"
    row, theirs = report.find("full build", PEER_SCALE), peer_seconds(report, PEER_SCALE)
    if not row or not theirs:
        return f"{name}: not measured"
    ratio = row.seconds / theirs
    aim = "; the aim of 1.0× met" if ratio <= 1.0 else f"; {ratio - 1.0:.2f}× from the aim of 1.0×"
    return _verdict(name, f"{row.seconds:.2f} s vs {theirs:.2f} s = {ratio:.2f}×",
                    ratio <= PEER_RATIO_TARGET,
                    f"{row.seconds - theirs * PEER_RATIO_TARGET:.2f} s "
                    f"({ratio / PEER_RATIO_TARGET:.2f}× the target)") + aim


def _judge_watch(report: Report) -> str:
    name = f"watch rebuild ≤ {TARGET_WATCH} s"
    row = report.find("watch rebuild", 1)
    if not row:
        return f"{name}: not measured"
    return _verdict(name, f"{row.seconds:.3f} s", row.seconds <= TARGET_WATCH,
                    f"{row.seconds - TARGET_WATCH:.3f} s ({row.seconds / TARGET_WATCH:.1f}×)")


def per_unit(report: Report) -> list[str]:
    """Cost per unit of output at each scale: ms per memo page beside Typst's ms per page,
    ms per slide beside pandoc's, so that the comparison is honest about volume."""
    lines = []
    for scale in sorted({row.scale for row in report.rows}):
        parts = []
        for ours, pages, theirs, their_pages, unit in (
                ("memo only", "memo pages", "typst pdf", "typst pages", "page"),
                ("decks only", "slides", "pandoc pptx", "pandoc slides", "slide")):
            part = _unit_cost(report, ours, pages, scale, unit)
            if part:
                peer = _unit_cost(report, theirs, their_pages, scale, unit)
                parts.append(part + (f" ({theirs.split()[0]} {peer})" if peer else ""))
        if parts:
            lines.append(f"per unit at {scale}×: " + "; ".join(parts))
    return lines


def _unit_cost(report: Report, what: str, units: str, scale: int, unit: str) -> str:
    row, count = report.find(what, scale), report.units.get((units, scale), 0)
    if not row or not count:
        return ""
    return f"{row.seconds / count * 1000:.1f} ms per {unit} × {count}"


def _judge_memory(report: Report) -> str:
    rows = [report.find(what, 50) for what in ("full build", "memo only", "decks only")]
    rows = [row for row in rows if row]
    if not rows:
        return f"peak memory ≤ {TARGET_PEAK_MB:.0f} MB at 50×: not measured"
    peak = max(row.peak_mb for row in rows)
    return _verdict(f"peak memory ≤ {TARGET_PEAK_MB:.0f} MB at 50×", f"{peak:.0f} MB", peak <= TARGET_PEAK_MB,
                    f"{peak - TARGET_PEAK_MB:.0f} MB")


def _judge_linear(report: Report) -> list[str]:
    points = sorted((row.sessions, row.seconds) for row in report.rows
                    if row.what == "full build" and row.ok)
    if len(points) < 2:
        return ["time linear in sessions: not measured"]
    slope = _slope(points)
    lines = [f"time per session (least squares over {len(points)} scales): "
             f"{slope * 1000:.1f} ms"]
    by_scale = {row.scale: row for row in report.rows if row.what == "full build" and row.ok}
    if 10 in by_scale and 50 in by_scale:
        ratio = by_scale[50].seconds / by_scale[10].seconds
        lines.append(f"ratio 50×/10× = {ratio:.2f} (5.00 for pure proportion; "
                     "less when start-up weighs in)")
    if len(points) >= 3:
        # from the second scale on: the step from 1× carries the start-up, not sessions
        top = points[1:] if len(points) >= 4 else points
        low = (top[1][1] - top[0][1]) / (top[1][0] - top[0][0])
        high = (top[-1][1] - top[-2][1]) / (top[-1][0] - top[-2][0])
        growth = high / low if low > 0 else float("inf")
        lines.append(_verdict("time linear in sessions",
                              f"marginal cost {low * 1000:.1f} → {high * 1000:.1f} ms/session "
                              f"({growth:.2f}×)", growth <= LINEAR_TOLERANCE,
                              f"{growth - LINEAR_TOLERANCE:.2f}× (superlinear; growth up to "
                              f"{LINEAR_TOLERANCE}× allowed)"))
        lines.append(_marginal_cpu(report))
    return lines


def _marginal_cpu(report: Report) -> str:
    """The same marginal cost in CPU time (user + system of the build and its memo
    process): what the sessions cost the machine, less shaken than wall time by other
    work on it or by how the two processes happen to overlap."""
    points = sorted((row.sessions, row.cpu_seconds) for row in report.rows
                    if row.what == "full build" and row.ok)
    top = points[1:] if len(points) >= 4 else points
    low = (top[1][1] - top[0][1]) / (top[1][0] - top[0][0])
    high = (top[-1][1] - top[-2][1]) / (top[-1][0] - top[-2][0])
    growth = f"{high / low:.2f}×" if low > 0 else "—"
    return (f"marginal cpu per session {low * 1000:.1f} → {high * 1000:.1f} ms/session "
            f"({growth}; for reference, not the target)")


def _slope(points: list[tuple[int, float]]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    denominator = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / denominator if denominator else 0.0


def tagging_cost(briefing: str | Path, runs: int = 5) -> str:
    """What tagging (PDF/UA-1 + PDF/A-2a) costs the memo: in-process medians of CPU time
    and the file size, on the tagging canvas against reportlab's plain one."""
    from unittest import mock

    from reportlab.pdfgen.canvas import Canvas

    from .loader import load
    from .memo import render_memo
    from .memo.document import MemoDocument

    loaded = load(briefing)
    render_memo(loaded)  # warm: fonts registered, modules imported

    def timed() -> tuple[float, int]:
        start = time.process_time()
        size = len(render_memo(loaded))
        return time.process_time() - start, size

    tagged, plain = [], []
    for _ in range(max(runs, 1)):
        tagged.append(timed())
        with mock.patch.object(MemoDocument, "canvas_class", Canvas):
            plain.append(timed())
    return format_tagging_cost(statistics.median(t for t, _ in tagged),
                               statistics.median(t for t, _ in plain), tagged[0][1], plain[0][1])


def format_tagging_cost(tagged_s: float, plain_s: float, tagged_bytes: int,
                        plain_bytes: int) -> str:
    more = (tagged_s / plain_s - 1) * 100 if plain_s else 0.0
    return (f"tagging (PDF/UA-1 + PDF/A-2a), memo in-process: cpu {tagged_s:.3f} s vs "
            f"{plain_s:.3f} s untagged ({more:+.0f} %); size {tagged_bytes:,} vs "
            f"{plain_bytes:,} bytes (×{tagged_bytes / plain_bytes:.2f})")


def profile_build(briefing: str | Path, top: int = 25, sort: str = "cumulative") -> str:
    """cProfile of one in-process build (imports excluded): the top functions, as text."""
    from .build import render_outputs
    from .loader import load

    profiler = cProfile.Profile()
    profiler.enable()
    render_outputs(load(briefing))
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats(sort).print_stats(top)
    return stream.getvalue()


def compile_as_installed(package: Path = ROOT / "builders") -> int:
    """Byte-compile our own modules, as `pip install` does for a wheel and as a first
    run does in an editable install; without it (PYTHONDONTWRITEBYTECODE set) every cold
    process would compile ~50 modules again (~0.1 s each side of the fork), a cost no
    installed user pays. Returns how many modules have their bytecode."""
    import compileall
    import importlib.util

    compileall.compile_dir(str(package), quiet=1)
    return sum(1 for source in package.rglob("*.py")
               if Path(importlib.util.cache_from_source(str(source))).exists())


def main(briefing: str = "briefing.yaml", *, quick: bool = False, runs: int | None = None,
         scales: Iterable[int] | None = None, peers: bool = True, out=sys.stdout) -> int:
    """Print the table row by row, then the targets; 1 when a build failed."""
    scales = tuple(scales or (QUICK_SCALES if quick else SCALES))
    runs = runs or (1 if quick else 5)
    pandoc, has_typst = peer_tools()
    if peers and not (pandoc and has_typst):
        print("pandoc+typst not timed: install them with "
              "pip install 'pypandoc-binary>=1.13' 'typst>=0.11'", file=out)
    print(f"{runs} cold run{'s' if runs != 1 else ''} per row (medians); cpu = user+system; "
          f"peak = max RSS of that one process; {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f} at start", file=out)
    print(f"our {compile_as_installed()} modules byte-compiled first, as an installed "
          "package has them", file=out)
    before = host_speed()
    print(HEADER, file=out, flush=True)
    report = Report()

    def show(row: Row) -> None:
        report.rows.append(row)
        print(format_row(row, report), file=out, flush=True)

    measured = run_bench(briefing, scales=scales, runs=runs, peers=peers, on_row=show)
    report.units = measured.units
    print("", file=out)
    for line in judge(report):
        print(line, file=out)
    print(tagging_cost(briefing, runs), file=out)
    print(format_host_speed(before, host_speed()), file=out)
    return 0 if all(row.ok for row in report.rows) else 1


HOST_LOOP = "import time; t = time.process_time(); sum(i * i for i in range(3 * 10**6)); " \
            "print(time.process_time() - t)"
"""A fixed piece of CPU work, timed in a process of its own: the same on every host
speed, so its time tells how fast the (shared, noisy) host ran the rows."""


def host_speed(runs: int = 5) -> float:
    """The median seconds of `HOST_LOOP` (`runs` processes)."""
    import statistics

    times = []
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-c", HOST_LOOP], capture_output=True, text=True)
        try:
            times.append(float(result.stdout.split()[-1]))
        except (IndexError, ValueError):
            continue
    return statistics.median(times) if times else float("nan")


def format_host_speed(before: float, after: float) -> str:
    return (f"host speed: a fixed CPU loop took {before * 1000:.0f} ms before the rows and "
            f"{after * 1000:.0f} ms after (median of 5 processes; slower means a busier "
            "host, and every row slower with it: compare runs with like figures)")
