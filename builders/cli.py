"""The command line: `python -m builders check|build|schema|clean` (invoke calls the same)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .errors import (EXIT_ENVIRONMENT, EXIT_INTERNAL, EXIT_INTERRUPTED, BriefingError,
                     Interrupted, OutputError)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = "briefing.schema.json"


def check(briefing: str = "briefing.yaml", out=sys.stdout, err=sys.stderr) -> int:
    """Check a briefing; print every problem; 0 when it can be built, else 1."""
    from .loader import load

    try:
        loaded = load(briefing)
    except BriefingError as exc:
        _report(exc, err)
        return 1
    for warning in loaded.warnings:
        print(warning, file=err)
    print(f"{briefing}: ok ({_count(loaded)})", file=out)
    return 0


def build(briefing: str = "briefing.yaml", out_dir: str = "dist",
          out=sys.stdout, err=sys.stderr) -> int:
    """Check, then build the memo and the decks into out_dir; 0 on success."""
    from . import build as building

    from .watch import Progress

    started = time.perf_counter()
    try:
        with Progress(err):
            loaded, outputs = building.build(briefing, out_dir,
                                             report=lambda line: print(line, file=err))
    except BriefingError as exc:
        _report(exc, err)
        print(f"nothing was written; {out_dir}/ is unchanged", file=err)
        return 1
    except OutputError as exc:
        unchanged = f", {out_dir}/ is unchanged" if Path(out_dir).is_dir() else ""
        print(f"{exc}; nothing was written{unchanged}", file=err)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else 2
        name = exc.name if isinstance(exc, Interrupted) else "Ctrl-C"
        if getattr(exc, "finished", False):
            print(f"build stopped ({name}) just after it wrote every output to {out_dir}/",
                  file=err)
        else:
            print(f"build stopped ({name}); nothing was written, {out_dir}/ is unchanged",
                  file=err)
        return EXIT_INTERRUPTED + signum
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line, outputs kept
        print(f"{briefing}: error: the build failed ({type(exc).__name__}: {exc}); this is "
              "a fault in the builder, not in the briefing: please report it", file=err)
        print(f"nothing was written; {out_dir}/ is unchanged", file=err)
        return EXIT_INTERNAL
    for warning in loaded.warnings:
        print(warning, file=err)
    for output in outputs:
        print(f"wrote {output.summary()}", file=out)
    print(f"built {len(outputs)} files in {time.perf_counter() - started:.2f} s", file=out)
    return 0


def review(briefing: str = "briefing.yaml", out_dir: str = "dist",
           out=sys.stdout, err=sys.stderr) -> int:
    """Check, then write <out_dir>/review.html: claims beside the source; 0 on success."""
    from .loader import load
    from .review import write_review

    try:
        loaded = load(briefing)
    except BriefingError as exc:
        _report(exc, err)
        return 1
    for warning in loaded.warnings:
        print(warning, file=err)
    print(f"wrote {write_review(loaded, out_dir)}", file=out)
    return 0


def schema(path: str = SCHEMA_FILE, out=sys.stdout) -> int:
    """Write the JSON Schema of the briefing format, for editors."""
    from .model import Briefing

    document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                **Briefing.model_json_schema(by_alias=True, mode="validation"),
                "title": "Briefing (format 1)"}
    Path(path).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    print(f"wrote {path}", file=out)
    return 0


def clean(out_dir: str = "dist", out=sys.stdout, err=sys.stderr) -> int:
    """Remove the files a build recorded writing and nobody changed since; nothing else."""
    from .outputs import clean as clean_folder

    try:
        cleaned = clean_folder(out_dir)
    except OutputError as exc:
        print(exc, file=err)
        return EXIT_ENVIRONMENT
    for line in cleaned.left_alone:
        print(line, file=err)
    print(f"removed {len(cleaned.removed)} files from {out_dir}/", file=out)
    return 0


def _report(exc: BriefingError, err) -> None:
    for problem in exc.problems:
        print(problem, file=err)
    errors = sum(problem.severity == "error" for problem in exc.problems)
    print(f"{errors} error{'s' if errors != 1 else ''}; fix them and run again", file=err)


def _count(loaded) -> str:
    briefing = loaded.briefing
    topics = len(briefing.topics())
    warnings = len(loaded.warnings)
    return (f"{len(briefing.sessions)} sessions, {topics} topics"
            + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builders", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("check", "check a briefing"), ("build", "build memo and decks")):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("--briefing", default="briefing.yaml")
        if name == "build":
            command.add_argument("--out", default="dist")
    commands.add_parser("schema", help="write briefing.schema.json").add_argument(
        "--path", default=SCHEMA_FILE)
    commands.add_parser("clean", help="remove built outputs").add_argument("--out", default="dist")
    _add_iteration_commands(commands)
    review_command = commands.add_parser("review", help="write dist/review.html")
    review_command.add_argument("--briefing", default="briefing.yaml")
    review_command.add_argument("--out", default="dist")
    args = parser.parse_args(argv)
    if args.command == "review":
        return review(args.briefing, args.out)
    if args.command in ("watch", "preview", "bench"):
        return _run_iteration_command(args)
    if args.command == "check":
        return check(args.briefing)
    if args.command == "build":
        return build(args.briefing, args.out)
    if args.command == "schema":
        return schema(args.path)
    return clean(args.out)


def _add_iteration_commands(commands) -> None:
    """watch, preview and bench (issue 6); their code lives in their own modules."""
    for name, helptext in (("watch", "rebuild on every save of the briefing or styles"),
                           ("preview", "render pages and slides to PNG in dist/preview")):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("--briefing", default="briefing.yaml")
        command.add_argument("--out", default="dist")
    commands.choices["watch"].add_argument("--poll", type=float, default=0.3)
    bench = commands.add_parser("bench", help="time cold builds at 1×, 10×, 20×, 50×")
    bench.add_argument("--briefing", default="briefing.yaml")
    bench.add_argument("--quick", action="store_true", help="1 run, 1× and 10× only")
    bench.add_argument("--runs", type=int, default=None)
    bench.add_argument("--scales", default=None, help="e.g. 1,10,20,50")


def _run_iteration_command(args) -> int:
    if args.command == "watch":
        from .watch import main as watch

        return watch(args.briefing, args.out, poll=args.poll)
    if args.command == "preview":
        from .preview import main as preview

        return preview(args.briefing, args.out)
    from .bench import main as bench

    scales = [int(part) for part in args.scales.split(",")] if args.scales else None
    return bench(args.briefing, quick=args.quick, runs=args.runs, scales=scales)
