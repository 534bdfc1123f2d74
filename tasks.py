"""invoke tasks: a thin layer over `builders.cli` (the same as `python -m builders …`)."""

import sys

from invoke import Exit, task


def _run(code: int) -> None:
    if code:
        raise Exit(code=code)


@task(help={"briefing": "the briefing to check (default briefing.yaml)"})
def check(c, briefing="briefing.yaml"):
    """Check a briefing and print every problem as file:line:col."""
    from builders import cli

    _run(cli.check(briefing))


@task(help={"briefing": "the briefing to build (default briefing.yaml)",
            "out": "the output directory (default dist)"})
def build(c, briefing="briefing.yaml", out="dist"):
    """Check, then build the PDF memo and the slide decks."""
    from builders import cli

    _run(cli.build(briefing, out))


@task(help={"briefing": "the briefing to review (default briefing.yaml)",
            "out": "the output directory (default dist)"})
def review(c, briefing="briefing.yaml", out="dist"):
    """Write dist/review.html: each claim beside its source passage, for a reviewer."""
    from builders import cli

    _run(cli.review(briefing, out))


@task
def schema(c):
    """Write briefing.schema.json from the model (commit the result)."""
    from builders import cli

    _run(cli.schema())


@task(help={"out": "the output directory (default dist)"})
def clean(c, out="dist"):
    """Remove built outputs."""
    from builders import cli

    _run(cli.clean(out))


@task
def test(c):
    """Run the test suite."""
    c.run(f"{sys.executable} -m pytest", pty=False)


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
