"""invoke tasks: a thin layer over `builders.cli` (the same as `briefing …` and
`python -m builders …`)."""

import subprocess
import sys

from invoke import Exit, task

OUTPUT_HELP = {
    "quiet": "print only problems, no summary or list of files",
    "verbose": "also print the theme used",
    "format": "text (default), json (one JSON document with file, line, column, severity, "
              "path and message of each problem) or sarif (a SARIF 2.1.0 log)",
    "strict": "treat warnings as errors: exit 1 and, for build, write nothing",
}


def _run(code: int) -> None:
    from builders.cli import quick_exit

    code = quick_exit(code)
    if code:
        raise Exit(code=code)


def _reporter(quiet: bool, verbose: bool, format: str, strict: bool):
    from builders import cli

    if format not in cli.FORMATS:
        raise Exit(f"--format is one of: {', '.join(cli.FORMATS)}; not {format!r}",
                   code=cli.EXIT_USAGE)
    verbosity = cli.QUIET if quiet else cli.VERBOSE if verbose else cli.NORMAL
    return cli.Reporter(verbosity=verbosity, form=format, strict=strict)


@task(help={"briefing": "the briefing to check (default briefing.yaml)", **OUTPUT_HELP})
def check(c, briefing="briefing.yaml", quiet=False, verbose=False, format="text", strict=False):
    """Check a briefing and print every problem as file:line:col."""
    from builders import cli

    cli.safe_console()
    _run(cli.check(briefing, reporter=_reporter(quiet, verbose, format, strict)))


@task(help={"briefing": "the briefing to build (default briefing.yaml)",
            "out": "the output directory (default dist)", **OUTPUT_HELP})
def build(c, briefing="briefing.yaml", out="dist", quiet=False, verbose=False, format="text",
          strict=False):
    """Check, then build the PDF memo and the slide decks."""
    from builders import cli

    cli.safe_console()
    _run(cli.build(briefing, out, reporter=_reporter(quiet, verbose, format, strict)))


@task(help={"briefing": "the briefing to review (default briefing.yaml)",
            "out": "the output directory (default dist)", **OUTPUT_HELP})
def review(c, briefing="briefing.yaml", out="dist", quiet=False, verbose=False, format="text",
           strict=False):
    """Write dist/review.html: each claim beside its source passage, for a reviewer."""
    from builders import cli

    cli.safe_console()
    _run(cli.review(briefing, out, reporter=_reporter(quiet, verbose, format, strict)))


@task(help={"folder": "the folder to start the briefing in (default: the current folder)",
            "language": "nl (default) or en"})
def new(c, folder=".", language="nl"):
    """Start a new briefing: skeleton briefing.yaml, its schema and seeds/, in a folder."""
    from builders import cli

    if language not in ("nl", "en"):
        raise Exit(f"--language is nl or en, not {language!r}", code=cli.EXIT_USAGE)
    _run(cli.new(folder, language))


@task(help={"path": "where to write the schema (default briefing.schema.json)"})
def schema(c, path="briefing.schema.json"):
    """Write briefing.schema.json from the model and its field descriptions (commit it)."""
    from builders import cli

    _run(cli.schema(path))


@task(help={"out": "the folder the wheel goes to (default build/wheel, not dist/)"})
def wheel(c, out="build/wheel"):
    """Build the installable wheel (pip install <wheel>, or pipx install <wheel>)."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, "."]
    _run(subprocess.run(command).returncode)


@task(help={"out": "the output directory (default dist)"})
def clean(c, out="dist"):
    """Remove built outputs."""
    from builders import cli

    _run(cli.clean(out))


@task
def test(c):
    """Run the test suite."""
    _run(subprocess.run([sys.executable, "-m", "pytest"]).returncode)  # a path with spaces too


@task(help={"briefing": "the briefing to benchmark (default briefing.yaml)",
            "quick": "one run at 1× and 10× only (a smoke test, not a measurement)",
            "runs": "cold runs per row, median reported (default 5)",
            "scales": "comma-separated session multiples (default 1,10,20,50)",
            "profile": "instead, print a cProfile of one in-process build"})
def bench(c, briefing="briefing.yaml", quick=False, runs=0, scales="", profile=False):
    """Time cold builds at 1×, 10×, 20×, 50× the sessions, against pandoc + Typst."""
    from builders import bench as benchmark

    if profile:
        print(benchmark.profile_build(briefing))
        return
    try:
        chosen = [int(part) for part in scales.split(",")] if scales else None
    except ValueError:
        raise Exit(f"--scales takes whole numbers separated by commas, not {scales!r}")
    _run(benchmark.main(briefing, quick=quick, runs=runs or None, scales=chosen))


@task(help={"briefing": "the briefing to watch (default briefing.yaml)",
            "out": "the output directory (default dist)",
            "poll": "seconds between checks for a save (default 0.3)"})
def watch(c, briefing="briefing.yaml", out="dist", poll=0.3):
    """Rebuild on every save of the briefing or styles/, until Ctrl-C."""
    from builders import watch as watching

    _run(watching.main(briefing, out, poll=float(poll)))


@task(help={"briefing": "the briefing (default briefing.yaml)",
            "out": "the output directory (default dist); PNGs go to <out>/preview"})
def preview(c, briefing="briefing.yaml", out="dist"):
    """Render the memo's pages and the decks' slides to PNG, plus a contact sheet."""
    from builders import preview as previewing

    _run(previewing.main(briefing, out))
