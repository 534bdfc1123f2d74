"""Problems found in a user's file, located by file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file: `PATH:LINE:COL: error: message`."""

    file: str
    line: int
    column: int
    message: str
    severity: Literal["error", "warning"] = "error"
    path: str = field(default="", compare=False)
    """The field the problem is about (`sessions[0].topics[2].id`); "" for the whole file."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


class BriefingError(Exception):
    """A briefing or theme that cannot be built; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def format_path(path: Path_) -> str:
    """sessions[0].topics[2].key_messages"""
    out = ""
    for part in path:
        if isinstance(part, bool) or part is None:
            part = "null" if part is None else str(part).lower()   # a key YAML read so
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity == "error"]


EXIT_OK = 0
"""Exit code: the command did what was asked."""
EXIT_BRIEFING = 1
"""Exit code: the briefing (or its theme) has errors; nothing was written."""
EXIT_USAGE = 2
"""Exit code: the command line itself is wrong (unknown option, missing value)."""
EXIT_ENVIRONMENT = 3
"""Exit code: the outputs cannot be written (permissions, full disk, a folder or a
program in the way, another build running); nothing was written."""
EXIT_INTERNAL = 4
"""Exit code: a fault in the builder itself; please report it."""
EXIT_INTERRUPTED = 128
"""Exit code base for a build stopped by a signal: 128 + the signal's number (130 for
Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), as shells report it."""


class OutputError(Exception):
    """The outputs cannot be written because of the machine, not the briefing: one line
    naming the path, what is wrong and what to do (exit code EXIT_ENVIRONMENT)."""

    def __init__(self, path, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: error: {message}")


class Interrupted(KeyboardInterrupt):
    """A build stopped by Ctrl-C, SIGTERM or SIGHUP; carries the signal's number."""

    def __init__(self, signum: int, name: str, finished: bool = False):
        self.signum = signum
        self.name = name
        self.finished = finished
        """True when the signal came while the outputs were swapped, which was completed."""
        super().__init__(name)
