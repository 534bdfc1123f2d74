"""The files a theme names, opened the way the builders will open them: each font parsed
and its tables read, each image decoded within a pixel bound, the template opened as a
presentation and its layouts listed. `check` finds here what would otherwise fail a
build (as a "fault in the builder")."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .fonts import STYLES, FontError, LogoError, check_font, read_image
from .theme import Theme

MAX_TEMPLATE_BYTES = 50_000_000


def theme_file_problems(theme: Theme) -> Iterator[tuple[tuple, str]]:
    """(field path, message) for each named file that is present but cannot be used."""
    fonts = [(("memo", "fonts", style), getattr(theme.memo.fonts, style)) for style in STYLES]
    fonts += [(("memo", "fallback_fonts", index), font)
              for index, font in enumerate(theme.memo.fallback_fonts)]
    for field, reference in fonts:
        try:
            check_font(theme.resolve(reference))
        except FontError as error:
            yield field, f"{reference!r}: {_without_path(error, theme.resolve(reference))}"
    for field in (("memo", "logo"), ("deck", "logo")):
        reference = getattr(getattr(theme, field[0]), field[1])
        if reference is None:
            continue
        try:
            read_image(theme.resolve(reference))
        except LogoError as error:
            yield field, f"{reference!r}: {_without_path(error, theme.resolve(reference))}"
    if theme.deck.template is not None:
        problem = template_problem(theme.resolve(theme.deck.template))
        if problem:
            yield ("deck", "template"), f"{theme.deck.template!r}: {problem}"


def _without_path(error: Exception, path: Path) -> str:
    text = str(error)
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def template_problem(path: Path) -> str | None:
    """Why the file cannot serve as the decks' template; None when it can."""
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        return (f"the template is over {MAX_TEMPLATE_BYTES // 1_000_000} MB; remove its "
                "pictures and example slides")
    import zipfile

    if not zipfile.is_zipfile(path):
        return ("is not a PowerPoint presentation (a .pptx file is a zip archive, this one "
                "is not); save it from PowerPoint as a .pptx presentation")
    try:
        from pptx import Presentation

        presentation = Presentation(str(path))
        layouts = [(layout.name, len(layout.placeholders))
                   for layout in presentation.slide_layouts]
    except Exception as error:  # noqa: BLE001 - a damaged or foreign file fails in many ways
        return (f"cannot be opened as a PowerPoint presentation ({type(error).__name__}: "
                f"{_short(error)}); save it from PowerPoint as a .pptx presentation")
    if not layouts:
        return "the presentation has no slide layouts; use one with the usual layouts"
    return None


def _short(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 120 else text[:117] + "…"
