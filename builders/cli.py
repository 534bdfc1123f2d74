"""The command line: `briefing check|build|new|schema|clean|watch|preview|bench` (also
`python -m builders …`; invoke's tasks call the same functions).

Exit codes: 0 ok; 1 the briefing (or its theme) has problems; 2 the command line is
wrong; 3 the outputs cannot be written or the environment is missing something;
4 a fault in the builder itself; 128 + n stopped by signal n (130 for Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from pathlib import Path

from .errors import (EXIT_BRIEFING, EXIT_ENVIRONMENT, EXIT_INTERNAL, EXIT_INTERRUPTED,
                     EXIT_OK, EXIT_USAGE, BriefingError, Interrupted, OutputError, Problem)

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
"""The commands validate briefings with no pydantic plugin: pydantic would otherwise scan
every installed package's entry points for its plugin group when the first model is made
(5 ms here, more in a larger environment), and a plugin (tracing, say) would see, or
send elsewhere, the briefing's text. pydantic documents the variable; a value set before
(an empty one turns plugins back on) is kept. Set here, in the command layer, it leaves
programs that import the library modules alone."""


@contextlib.contextmanager
def command_imports():
    """Around a command's first imports of the builder's modules: no cycle collections
    meanwhile, and no `importlib.metadata` for pydantic's plugin lookup, which the
    setting above turns off (`startup.py`)."""
    from .startup import imports_uncollected, metadata_deferred

    with imports_uncollected(), metadata_deferred():
        yield


ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = "briefing.schema.json"
DEFAULT_BRIEFING = "briefing.yaml"
FORMATS = ("text", "json", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
QUIET, NORMAL, VERBOSE = 0, 1, 2


class Reporter:
    """Where and how a command speaks: problems on err, results on out, colour on a terminal."""

    def __init__(self, out=None, err=None, verbosity: int = NORMAL, form: str = "text",
                 strict: bool = False):
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.verbosity = verbosity
        self.form = form
        self.strict = strict
        self.colour = form == "text" and wants_colour(self.err)

    def say(self, text: str) -> None:
        """A result line (what was written, ok), left out with -q."""
        if self.verbosity >= NORMAL and self.form == "text":
            print(text, file=self.out)

    def detail(self, text: str) -> None:
        """A line only -v shows."""
        if self.verbosity >= VERBOSE and self.form == "text":
            print(text, file=self.err)

    def problems(self, problems, closing: str | None = None) -> None:
        """Every problem, as `file:line:col: severity: message` lines or one JSON document."""
        problems = list(problems)
        if self.form in ("json", "sarif"):
            document = diagnostics(problems) if self.form == "json" else sarif(problems)
            print(json.dumps(document, indent=2, ensure_ascii=False), file=self.out)
            return
        for problem in problems:
            print(self._paint(problem), file=self.err)
        if closing:
            print(closing, file=self.err)

    def warnings(self, warnings) -> None:
        """The warnings of a briefing that can be built (always shown, even with -q)."""
        self.problems(warnings)

    def fault(self, text: str) -> None:
        """A failure that is not a problem of the briefing (exit 3 or 4)."""
        if self.form == "json":
            print(json.dumps({"diagnostics": [], "fault": text}, indent=2, ensure_ascii=False),
                  file=self.out)
        elif self.form == "sarif":
            document = sarif([])
            document["runs"][0]["invocations"] = [{"executionSuccessful": False,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": text}}]}]
            print(json.dumps(document, indent=2, ensure_ascii=False), file=self.out)
        else:
            print(self._red(text), file=self.err)

    def _paint(self, problem: Problem) -> str:
        if not self.colour:
            return str(problem)
        colour = "31" if problem.severity == "error" else "33"
        return (f"\x1b[1m{problem.file}:{problem.line}:{problem.column}:\x1b[0m "
                f"\x1b[1;{colour}m{problem.severity}:\x1b[0m {problem.message}")

    def _red(self, text: str) -> str:
        return f"\x1b[31m{text}\x1b[0m" if self.colour else text


def wants_colour(stream) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def diagnostics(problems) -> dict:
    """The machine-readable form of problems, for CI and editors."""
    items = []
    for problem in problems:
        message = problem.message
        if problem.path and message.startswith(problem.path + ": "):
            message = message[len(problem.path) + 2:]
        items.append({"file": problem.file, "line": problem.line, "column": problem.column,
                      "severity": problem.severity, "path": problem.path, "message": message})
    errors = sum(item["severity"] == "error" for item in items)
    return {"diagnostics": items, "errors": errors, "warnings": len(items) - errors}


def sarif(problems) -> dict:
    """The problems as a SARIF 2.1.0 log, which code-scanning services show on the lines."""
    results = []
    for item in diagnostics(problems)["diagnostics"]:
        location = {"physicalLocation": {
            "artifactLocation": {"uri": Path(item["file"]).as_posix()},
            "region": {"startLine": item["line"], "startColumn": item["column"]}}}
        if item["path"]:
            location["logicalLocations"] = [{"fullyQualifiedName": item["path"]}]
        results.append({"level": item["severity"], "message": {"text": item["message"]},
                        "locations": [location]})
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "briefing", "version": version()}},
        "results": results}]}


def _closing(problems) -> str:
    errors = sum(problem.severity == "error" for problem in problems)
    return f"{errors} error{'s' if errors != 1 else ''}; fix them and run again"


def _strict_failure(warnings, reporter: Reporter) -> bool:
    """With --strict, warnings stop the command as errors would."""
    if not (reporter.strict and warnings):
        return False
    count = len(warnings)
    reporter.problems(warnings, f"{count} warning{'s' if count != 1 else ''} "
                                "(--strict treats warnings as errors); fix them and run again")
    return True


def check(briefing: str = DEFAULT_BRIEFING, out=None, err=None,
          reporter: Reporter | None = None) -> int:
    """Check a briefing; print every problem; 0 when it can be built, else 1."""
    reporter = reporter or Reporter(out, err)
    loaded = _checked(briefing, reporter)
    if loaded is None:
        return EXIT_BRIEFING
    reporter.say(f"{briefing}: ok ({_count(loaded)})")
    return EXIT_OK


def _checked(briefing: str, reporter: Reporter):
    """The loaded briefing with its warnings printed; or None, its problems printed (with
    --strict, warnings count as problems)."""
    with command_imports():
        from .loader import load

    try:
        loaded = load(briefing)
    except BriefingError as exc:
        reporter.problems(exc.problems, _closing(exc.problems))
        return None
    reporter.detail(f"theme: {loaded.theme.name} ({loaded.theme.base_dir})")
    if _strict_failure(loaded.warnings, reporter):
        return None
    reporter.warnings(loaded.warnings)
    return loaded


def build(briefing: str = DEFAULT_BRIEFING, out_dir: str = "dist", out=None, err=None,
          reporter: Reporter | None = None) -> int:
    """Check, then build the memo and the decks into out_dir; 0 on success."""
    with command_imports():
        from . import build as building
        from .watch import Progress

    reporter = reporter or Reporter(out, err)
    started = time.perf_counter()
    unchanged = f"nothing was written; {out_dir}/ is unchanged"
    try:
        if reporter.strict:
            from .loader import load

            if _strict_failure(load(briefing).warnings, reporter):
                _closing_note(reporter, unchanged)
                return EXIT_BRIEFING
        quiet = reporter.form != "text" or reporter.verbosity == QUIET
        with contextlib.nullcontext() if quiet else Progress(reporter.err):
            loaded, outputs = building.build(briefing, out_dir,
                                             report=lambda line: print(line, file=reporter.err))
    except BriefingError as exc:
        reporter.problems(exc.problems, _closing(exc.problems))
        _closing_note(reporter, unchanged)
        return EXIT_BRIEFING
    except (OutputError, OSError) as exc:
        if not isinstance(exc, OutputError):   # one the output folder did not put in words
            from .environment import environment_error

            exc = environment_error(exc, Path(exc.filename or out_dir))
        kept = f", {out_dir}/ is unchanged" if Path(out_dir).is_dir() else ""
        reporter.fault(f"{exc}; nothing was written{kept}")
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else 2
        name = exc.name if isinstance(exc, Interrupted) else "Ctrl-C"
        if getattr(exc, "finished", False):
            reporter.fault(f"build stopped ({name}) just after it wrote every output to "
                           f"{out_dir}/")
        else:
            reporter.fault(f"build stopped ({name}); nothing was written, {out_dir}/ is "
                           "unchanged")
        return EXIT_INTERRUPTED + signum
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line, outputs kept
        reporter.fault(f"{briefing}: error: the build failed ({type(exc).__name__}: {exc}); "
                       "this is a fault in the builder, not in the briefing: please report it")
        _closing_note(reporter, unchanged)
        return EXIT_INTERNAL
    reporter.warnings(loaded.warnings)
    reporter.detail(f"theme: {loaded.theme.name} ({loaded.theme.base_dir})")
    for output in outputs:
        reporter.say(f"wrote {output.summary()}")
    reporter.say(f"built {len(outputs)} files in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def review(briefing: str = DEFAULT_BRIEFING, out_dir: str = "dist", out=None, err=None,
           reporter: Reporter | None = None) -> int:
    """Check, then write <out_dir>/review.html: claims beside the source; 0 on success."""
    from .review import write_review

    reporter = reporter or Reporter(out, err)
    loaded = _checked(briefing, reporter)
    if loaded is None:
        return EXIT_BRIEFING
    try:
        written = write_review(loaded, out_dir)
    except OSError as exc:
        from .environment import environment_error

        reporter.fault(str(environment_error(exc, Path(exc.filename or out_dir))))
        return EXIT_ENVIRONMENT
    reporter.say(f"wrote {written}")
    return EXIT_OK


def _closing_note(reporter: Reporter, text: str) -> None:
    if reporter.form == "text":
        print(text, file=reporter.err)


def schema_document() -> str:
    """The JSON Schema of the briefing format, with a description of every field."""
    from .field_docs import describe_schema
    from .model import Briefing

    document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                **Briefing.model_json_schema(by_alias=True, mode="validation"),
                "title": "Briefing (format 1)"}
    return json.dumps(describe_schema(document), indent=2, ensure_ascii=False) + "\n"


def schema(path: str = SCHEMA_FILE, out=None) -> int:
    """Write the JSON Schema of the briefing format, for editors."""
    out = out if out is not None else sys.stdout
    Path(path).write_text(schema_document(), encoding="utf-8", newline="\n")
    print(f"wrote {path}", file=out)
    return EXIT_OK


def new(folder: str = ".", language: str = "nl", out=None, err=None) -> int:
    """Start a new briefing in `folder`: skeleton briefing.yaml, its schema, seeds/."""
    from .new import FolderNotEmpty, new_briefing

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    try:
        started = new_briefing(folder, language)
    except FolderNotEmpty as exc:
        print(f"{folder}: error: already there, not overwritten: {exc}; choose another "
              "folder (briefing new FOLDER)", file=err)
        return EXIT_USAGE
    except OSError as exc:
        print(f"{folder}: error: cannot write the new briefing ({exc.strerror or exc})", file=err)
        return EXIT_ENVIRONMENT
    for path in started.files:
        print(f"wrote {path}", file=out)
    briefing = started.folder / "briefing.yaml"
    go = f"cd {_quoted(str(started.folder))} && " if str(started.folder) != "." else ""
    print(f"next: edit {briefing}, then {go}briefing check && briefing build", file=out)
    return EXIT_OK


def _quoted(text: str) -> str:
    return f'"{text}"' if re.search(r"\s", text) else text


def clean(out_dir: str = "dist", out=None, err=None) -> int:
    """Remove the files a build recorded writing and nobody changed since; nothing else.
    Says on err what it left alone."""
    from .outputs import clean as clean_folder

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    try:
        cleaned = clean_folder(out_dir)
    except OutputError as exc:
        print(exc, file=err)
        return EXIT_ENVIRONMENT
    for line in cleaned.left_alone:
        print(line, file=err)
    print(f"removed {len(cleaned.removed)} files from {out_dir}/", file=out)
    return EXIT_OK


def _count(loaded) -> str:
    briefing = loaded.briefing
    topics = len(briefing.topics())
    warnings = len(loaded.warnings)
    return (f"{len(briefing.sessions)} sessions, {topics} topics"
            + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""))


def version() -> str:
    """The installed version of the builder."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("briefing-builder")
    except PackageNotFoundError:
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """`--version`, as argparse's own action prints it, with the version looked up only
    when asked: `importlib.metadata` and the distribution lookup cost every other command
    15-30 ms of start-up."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"briefing {version()}", file=sys.stdout)
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """The command line, with a help text on every option."""
    top = argparse.ArgumentParser(
        prog=_program_name(), description="Turn one curated briefing.yaml into a typeset PDF memo "
        "and slide decks.", epilog="Exit codes: 0 ok; 1 problems in the briefing or its "
        "theme; 2 wrong command line; 3 outputs cannot be written or something is missing "
        "on this computer; 4 a fault in the builder; 128 + n stopped by signal n (130 for "
        "Ctrl-C). Colour only on a terminal; set NO_COLOR to turn it off.")
    top.add_argument("--version", action=_VersionAction, help="print the version and exit")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, helptext in (("check", "check a briefing and print every problem"),
                           ("build", "check, then build the memo and the decks")):
        command = commands.add_parser(name, help=helptext, description=helptext)
        _briefing_arguments(command)
        _output_arguments(command)
        if name == "build":
            command.add_argument("--out", default="dist", metavar="DIR",
                                 help="the folder the outputs go to (default: dist)")
    new_command = commands.add_parser(
        "new", help="start a new briefing in a folder",
        description="Write a commented skeleton briefing.yaml that checks and builds as it "
        "stands, briefing.schema.json beside it for editor help, and seeds/ for the sources.")
    new_command.add_argument("folder", nargs="?", default=".", metavar="FOLDER",
                             help="the folder to start in (default: the current folder)")
    new_command.add_argument("--language", choices=("nl", "en"), default="nl",
                             help="the briefing's language (default: nl)")
    commands.add_parser("schema", help="write briefing.schema.json",
                        description="Write the JSON Schema of the briefing format."
                        ).add_argument("--path", default=SCHEMA_FILE, metavar="FILE",
                                       help=f"where to write it (default: {SCHEMA_FILE})")
    commands.add_parser("clean", help="remove built outputs",
                        description="Remove the files builds and previews recorded writing, if "
                        "unchanged since; say what was left alone."
                        ).add_argument("--out", default="dist", metavar="DIR",
                                       help="the output folder (default: dist)")
    _add_iteration_commands(commands)
    review_command = commands.add_parser(
        "review", help="write dist/review.html: the claims beside the source",
        description="Check, then write review.html: per topic what the briefing claims beside "
        "the source passages it draws on, with untraced numbers and changed hedges marked.")
    _briefing_arguments(review_command)
    _output_arguments(review_command)
    review_command.add_argument("--out", default="dist", metavar="DIR",
                                help="the folder review.html goes to (default: dist)")
    return top


def _program_name() -> str:
    """`briefing`, or `python -m builders` when run that way, as usage lines should say."""
    return "python -m builders" if Path(sys.argv[0]).name == "__main__.py" else "briefing"


def _briefing_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("briefing_file", nargs="?", metavar="BRIEFING",
                         help=f"the briefing file (default: {DEFAULT_BRIEFING})")
    command.add_argument("--briefing", metavar="BRIEFING",
                         help="the briefing file, as an option (the same as BRIEFING)")


def _output_arguments(command: argparse.ArgumentParser) -> None:
    volume = command.add_mutually_exclusive_group()
    volume.add_argument("-q", "--quiet", action="store_true",
                        help="print only problems, no summary or list of files")
    volume.add_argument("-v", "--verbose", action="store_true",
                        help="also print the theme used")
    command.add_argument("--format", choices=FORMATS, default="text",
                         help="how problems are printed: text lines (default), one JSON "
                         "document on standard output with file, line, column, severity, "
                         "path and message of each, or a SARIF 2.1.0 log (for code scanning)")
    command.add_argument("--strict", action="store_true",
                         help="treat warnings as errors: exit 1 and, for build, write nothing")


def _briefing_of(args) -> str | None:
    """BRIEFING or --briefing (the same file may be given both ways); None if they differ."""
    given = [value for value in (args.briefing_file, args.briefing) if value]
    if len(given) == 2 and given[0] != given[1]:
        print(f"briefing {args.command}: error: two briefings given ({given[0]} and "
              f"--briefing {given[1]}); give one", file=sys.stderr)
        return None
    return given[0] if given else DEFAULT_BRIEFING


def _reporter(args) -> Reporter:
    verbosity = QUIET if args.quiet else VERBOSE if args.verbose else NORMAL
    return Reporter(verbosity=verbosity, form=args.format, strict=args.strict)


def main(argv: list[str] | None = None) -> int:
    safe_console()
    top = parser()
    try:
        args = top.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code in (0, None) else EXIT_USAGE
    try:
        return _run(args)
    except KeyboardInterrupt:  # Ctrl-C outside a build (which says more): one line, no trace
        print(f"{args.command} stopped (Ctrl-C)", file=sys.stderr)
        return EXIT_INTERRUPTED + 2


def _run(args) -> int:
    if args.command in ("watch", "preview", "bench"):
        return _run_iteration_command(args)
    if args.command in ("check", "build", "review"):
        briefing = _briefing_of(args)
        if briefing is None:
            return EXIT_USAGE
        if args.command == "check":
            return check(briefing, reporter=_reporter(args))
        if args.command == "review":
            return review(briefing, args.out, reporter=_reporter(args))
        return build(briefing, args.out, reporter=_reporter(args))
    if args.command == "new":
        return new(args.folder, args.language)
    if args.command == "schema":
        return schema(args.path)
    return clean(args.out)


def quick_exit(code: int) -> int:
    """The command's exit code, after taking the whole heap out of the collector's view:
    the interpreter's last full collection at exit (tens of milliseconds after a build)
    finds nothing to walk. Only for a process that ends now (the `briefing` command,
    `python -m builders`, invoke's tasks): the outputs are written, the folder's lock is
    released and the memo's process has ended by then; exit handlers still run."""
    import gc

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    gc.freeze()
    return code


def command() -> int:
    """`briefing …`: `main()` for a process that ends when it returns."""
    return quick_exit(main())


def safe_console() -> None:
    """Any text survives any console: what the console's encoding lacks is escaped."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _add_iteration_commands(commands) -> None:
    """watch, preview and bench (issue 6); their code lives in their own modules."""
    for name, helptext in (("watch", "rebuild on every save of the briefing or styles"),
                           ("preview", "render pages and slides to PNG in dist/preview")):
        command = commands.add_parser(name, help=helptext, description=helptext)
        command.add_argument("--briefing", default=DEFAULT_BRIEFING, metavar="BRIEFING",
                             help=f"the briefing file (default: {DEFAULT_BRIEFING})")
        command.add_argument("--out", default="dist", metavar="DIR",
                             help="the output folder (default: dist)")
    commands.choices["watch"].add_argument("--poll", type=float, default=0.3, metavar="SECONDS",
                                           help="seconds between looks for a save (default: 0.3)")
    bench = commands.add_parser("bench", help="time cold builds at 1×, 10×, 20×, 50×",
                                description="time cold builds at 1×, 10×, 20×, 50×")
    bench.add_argument("--briefing", default=DEFAULT_BRIEFING, metavar="BRIEFING",
                       help=f"the briefing to time (default: {DEFAULT_BRIEFING})")
    bench.add_argument("--quick", action="store_true", help="1 run, 1× and 10× only")
    bench.add_argument("--runs", type=int, default=None,
                       help="cold runs per row; the median is reported (default: 5)")
    bench.add_argument("--scales", default=None,
                       help="comma-separated session multiples, e.g. 1,10,20,50")


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
