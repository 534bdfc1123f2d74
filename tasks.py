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
