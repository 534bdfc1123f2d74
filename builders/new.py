"""`briefing new`: a folder with a commented skeleton briefing that checks and builds as it
stands, the schema beside it for editor help, and `seeds/` for the source documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

SKELETONS = Path(__file__).resolve().parent / "skeleton"
LANGUAGES = ("nl", "en")
BRIEFING = "briefing.yaml"
SCHEMA = "briefing.schema.json"
SEEDS_README = Path("seeds") / "README.md"


class FolderNotEmpty(Exception):
    """The target already holds a briefing (or another file `new` would write)."""


@dataclass(frozen=True)
class Started:
    """What `new` wrote."""

    folder: Path
    files: tuple[Path, ...]


def skeleton(language: str, today: dt.date) -> str:
    """The skeleton briefing in `language`, dated today, its meeting a week later."""
    start = today + dt.timedelta(days=7)
    text = (SKELETONS / f"{language}.yaml").read_text(encoding="utf-8")
    for name, value in (("{date}", today), ("{start}", start),
                        ("{end}", start + dt.timedelta(days=1))):
        text = text.replace(name, value.isoformat())
    return text


def new_briefing(folder: str | Path = ".", language: str = "nl",
                 today: dt.date | None = None) -> Started:
    """Write a new briefing folder; refuse to overwrite any file that is already there."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of: {', '.join(LANGUAGES)}")
    from .cli import schema_document

    folder = Path(folder)
    contents = {
        BRIEFING: skeleton(language, today or dt.date.today()),
        SCHEMA: schema_document(),
        SEEDS_README: (SKELETONS / f"seeds-README.{language}.md").read_text(encoding="utf-8"),
    }
    existing = [folder / name for name in contents if (folder / name).exists()]
    if existing:
        raise FolderNotEmpty(", ".join(str(path) for path in existing))
    written = []
    for name, text in contents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        written.append(path)
    return Started(folder, tuple(written))
