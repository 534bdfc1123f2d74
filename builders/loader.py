"""Load a briefing and its theme: YAML → located validation → checks on meaning."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .errors import BriefingError, Problem, errors_only
from .loaded import Loaded
from .model import Briefing
from .theme import STYLES_DIR, Theme, available_themes, find_theme, theme_dirs, theme_path
from .validation import validate
from .yamlsource import Locator, load_yaml


def display_name(path: Path) -> str:
    """The path as the user will recognise it: relative to the working directory if inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_theme(name: str, styles_dir: Path = STYLES_DIR) -> Theme:
    """The theme `styles/<name>.yaml`, validated like a briefing."""
    path = theme_path(name, styles_dir)
    data, locator = load_yaml(path, display_name(path))
    theme = validate(Theme, data, locator).model_copy(update={"base_dir": path.parent})
    missing = [locator.problem(field, problem) for field, problem in missing_theme_files(theme)]
    if missing:
        raise BriefingError(missing)
    from .themefiles import theme_file_problems

    unusable = [locator.problem(field, problem) for field, problem in theme_file_problems(theme)]
    if unusable:
        raise BriefingError(unusable)
    if not theme.deck.logo and not theme.deck.template:
        return theme               # nothing for the deck's check to open: its modules stay out
    from .deck.master import deck_theme_problems  # the files are sound: now what they hold

    layouts = [locator.problem(field, problem) for field, problem in deck_theme_problems(theme)]
    if layouts:
        raise BriefingError(layouts)
    return theme


def missing_theme_files(theme: Theme):
    """(field path, message) for each font, template or logo the theme names but lacks."""
    references = [(("memo", "fonts", style), getattr(theme.memo.fonts, style))
                  for style in type(theme.memo.fonts).model_fields]
    references += [(("memo", "fallback_fonts", index), font)
                   for index, font in enumerate(theme.memo.fallback_fonts)]
    references += [(("memo", "logo"), theme.memo.logo), (("deck", "logo"), theme.deck.logo),
                   (("deck", "template"), theme.deck.template)]
    for field, reference in references:
        if reference is None:
            continue
        try:
            found = theme.resolve(reference).is_file()
        except (FileNotFoundError, ValueError) as exc:
            yield field, f"{reference!r}: {exc}"
            continue
        if not found:
            yield field, f"file {reference!r} not found; the path is relative to the theme"


def meaning_of_valid_parts(data, locator: Locator, path: Path,
                           styles_dir: Path | None) -> list[Problem]:
    """The checks on meaning, run on the parts of an invalid briefing that did validate."""
    from .checks import check_briefing
    from .partial import MappedLocator, not_caused_by_pruning, valid_part

    pruned = valid_part(Briefing, data)
    if pruned is None:
        return []
    directories = (styles_dir,) if styles_dir is not None else theme_dirs(path.parent)
    found = find_theme(pruned.model.style, directories)
    try:
        theme = load_theme(pruned.model.style, found.parent) if found else None
    except BriefingError:
        theme = None
    if theme is None:
        return []
    loaded = Loaded(pruned.model, theme, path, MappedLocator(locator, pruned))
    return not_caused_by_pruning(check_briefing(loaded), data)


def load(path: str | Path, styles_dir: Path | None = None, check: bool = True,
         on_valid: Callable[[Loaded], None] | None = None) -> Loaded:
    """Load and check a briefing; raise BriefingError listing every problem found.

    `on_valid` hears the valid briefing with its theme before the checks on meaning run
    (a build starts on the memo then)."""
    from .checks import checked

    display = str(path)
    path = Path(path).resolve()
    data, locator = load_yaml(path, display)
    try:
        briefing = validate(Briefing, data, locator)
    except BriefingError as exc:
        if not check:
            raise
        meaning = meaning_of_valid_parts(data, locator, path, styles_dir)
        known = set(exc.problems)
        raise BriefingError(exc.problems + [p for p in meaning if p not in known]) from None
    directories = (styles_dir,) if styles_dir is not None else theme_dirs(path.parent)
    found = find_theme(briefing.style, directories)
    if found is None:
        where = " or ".join(f"{display_name(directory)}/" for directory in directories
                            if directory.is_dir())
        available = ", ".join(available_themes(directories))
        raise BriefingError([locator.problem(("style",),
            f"no theme {briefing.style!r} in {where}; available: {available}")])
    theme = load_theme(briefing.style, found.parent)
    loaded = Loaded(briefing, theme, path, locator)
    if on_valid is not None:
        on_valid(loaded)
    if not check:
        return loaded
    problems, briefing = checked(loaded)
    if errors_only(problems):
        raise BriefingError(problems)
    return Loaded(in_reading_order(briefing), theme, path, locator, tuple(problems))


def key_date_order(key_date) -> tuple:
    """Key dates by date, a range after a single day that starts with it; else file order."""
    return key_date.date, key_date.end or key_date.date


def in_reading_order(briefing: Briefing) -> Briefing:
    """The briefing as every output shows it: key dates in date order (sorted here, once,
    so the memo and the decks cannot differ). Checked before, so that problems point at
    the key dates as the file orders them."""
    ordered = tuple(sorted(briefing.key_dates, key=key_date_order))
    if ordered == briefing.key_dates:
        return briefing
    return briefing.model_copy(update={"key_dates": ordered})
