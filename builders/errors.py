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
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity == "error"]


EXIT_OK = 0
EXIT_BRIEFING = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3
EXIT_INTERNAL = 4
