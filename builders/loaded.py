"""A loaded briefing: what every builder reads. Apart from the loader, so that a process
that only receives one (the memo's, forked before the loader is imported) imports the
model and the theme, not the YAML reader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem
from .model import Briefing
from .theme import Theme

if TYPE_CHECKING:
    from .yamlsource import Locator


@dataclass(frozen=True)
class Loaded:
    """A valid briefing with its theme, where it came from, and any warnings."""

    briefing: Briefing
    theme: Theme
    path: Path
    locator: Locator | None      # None where it was not handed over (the memo's process)
    warnings: tuple[Problem, ...] = ()

    @property
    def base_dir(self) -> Path:
        return self.path.parent
