"""Official names spelled as their owners spell them, outside quotes.

A source may misspell a name ("Defense Investment Pledge" for NATO's Defence Investment
Pledge); a quote keeps that, but a glossary expansion or a key message that copies it
spreads the misspelling under the briefing's own voice. The names and who spells them
so are data: builders/official_names.yaml.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

from .errors import Problem
from .text import iter_strings, readable_text

NAMES_FILE = Path(__file__).with_name("official_names.yaml")
ALIKE = 0.8
"""How alike (difflib ratio) a word must be to the official one to be its misspelling."""


@lru_cache(maxsize=1)
def official_names() -> tuple[dict, ...]:
    return tuple(yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8")))


def check_official_names(briefing, locator) -> Iterator[Problem]:
    """Warn where a text outside quotes spells an official name with one word otherwise."""
    for path, text, markup in iter_strings(briefing):
        if "quotes" in path and path[-1] == "text":
            continue
        for entry in official_names():
            written = misspelled(readable_text(text, markup), entry["name"])
            if written:
                yield locator.problem(
                    path, f"'{written}' is spelled '{entry['name']}' by {entry['by']}; write "
                    "it so outside quotes (a quote keeps the source's spelling)", severity="warning")


def misspelled(text: str, name: str) -> str | None:
    """The words of `text` that spell `name` with exactly one word otherwise, or None."""
    wanted = name.split()
    words = re.findall(r"[\w-]+", text)
    for start in range(len(words) - len(wanted) + 1):
        window = words[start:start + len(wanted)]
        differing = [(ours, theirs) for ours, theirs in zip(window, wanted)
                     if ours.lower() != theirs.lower()]
        if len(differing) == 1 and _alike(*differing[0]):
            return " ".join(window)
    return None


def _alike(ours: str, theirs: str) -> bool:
    return (ours[:1].lower() == theirs[:1].lower()
            and difflib.SequenceMatcher(None, ours.lower(), theirs.lower()).ratio() >= ALIKE)
