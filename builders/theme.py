"""The theme: palette, fonts, sizes and geometry that both builders read from `styles/`."""

# No `from __future__ import annotations` here: pydantic would compile and evaluate
# every field's annotation string when the classes are made (about 5 ms of every
# start-up for the model and the theme); written as objects, it reads them as they are.

import importlib.util
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .model import Frozen

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Points = Annotated[float, Field(gt=0, strict=False)]


def _builtin_styles() -> Path:
    """The shipped themes: `builders/styles/` in an installed wheel, `styles/` in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "styles"
    return installed if installed.is_dir() else package.parent / "styles"


STYLES_DIR = _builtin_styles()
"""The built-in themes (and their fonts); a `styles/` folder beside a briefing adds to them."""


class Palette(Frozen):
    primary: Colour
    secondary: Colour
    accent: Colour
    light: Colour
    tint: Colour
    text: Colour
    muted: Colour
    rule: Colour
    table_stripe: Colour
    marking: Colour
    alert: Colour
    watermark: Colour
    white: Colour


class MemoFonts(Frozen):
    regular: str
    italic: str
    bold: str
    bold_italic: str
    semibold: str


class Page(Frozen):
    size: Literal["A4", "letter"] = "A4"
    margin_top_mm: Points
    margin_bottom_mm: Points
    margin_left_mm: Points
    margin_right_mm: Points


class MemoSizes(Frozen):
    body: Points
    leading: Points
    small: Points
    marking: Points
    title: Points
    h1: Points
    h2: Points
    h3: Points


class MemoTheme(Frozen):
    fonts: MemoFonts
    fallback_fonts: tuple[str, ...] = ()
    page: Page
    sizes: MemoSizes
    logo: str | None = None


class SlideGeometry(Frozen):
    width_in: Points
    height_in: Points
    margin_in: Points
    band_in: Points
    footer_in: Points


class DeckSizes(Frozen):
    title_slide: Points
    title: Points
    body: Points
    minimum: Points
    footer: Points
    sparse: Points = 26      # a list with room to spare is set up to this size


class DeckLayouts(Frozen):
    """The slide layouts a deck uses, by name: the deck's own master has these five; an
    organisation's template (`deck.template`) must have a layout of each name given here."""

    title: str = "Title"
    section: str = "Section"
    content: str = "Title and Content"
    chart: str = "Chart"
    closing: str = "Closing"


class DeckTheme(Frozen):
    font: str
    metrics_font: Literal["Helvetica", "Times-Roman", "Courier"] = "Helvetica"
    template: str | None = None
    layouts: DeckLayouts = DeckLayouts()
    logo: str | None = None
    slide: SlideGeometry
    sizes: DeckSizes
    max_bullets: Annotated[int, Field(ge=1, le=12)] = 6


class Theme(Frozen):
    """A whole theme, as in `styles/<name>.yaml`."""

    name: str
    palette: Palette
    memo: MemoTheme
    deck: DeckTheme
    base_dir: Path = Field(default=STYLES_DIR, exclude=True)

    def resolve(self, reference: str) -> Path:
        """The file a theme names: relative to the theme, or `package:<pkg>/<path>`."""
        if reference.startswith("package:"):
            package, _, inner = reference[len("package:") :].partition("/")
            if not package.isidentifier():
                raise ValueError(f"{package!r} is not the name of an installed package")
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                raise FileNotFoundError(f"package {package!r} is not installed")
            return Path(list(spec.submodule_search_locations)[0]) / inner
        beside = (self.base_dir / reference).resolve()
        builtin = (STYLES_DIR / reference).resolve()
        if not beside.exists() and builtin.is_file() and not Path(reference).is_absolute():
            return builtin  # a user's theme may use the built-in fonts by their own names
        return beside


def theme_path(name: str, styles_dir: Path = STYLES_DIR) -> Path:
    """Where the theme called `name` lives."""
    return styles_dir / f"{name}.yaml"


def theme_dirs(briefing_dir: Path) -> tuple[Path, ...]:
    """Where a briefing's themes are looked for: `styles/` beside it first, then the built-in."""
    beside = (briefing_dir / "styles").resolve()
    return (beside, STYLES_DIR) if beside != STYLES_DIR.resolve() else (STYLES_DIR,)


def find_theme(name: str, directories: tuple[Path, ...]) -> Path | None:
    """The first `<name>.yaml` in the directories, or None."""
    for directory in directories:
        path = theme_path(name, directory)
        if path.is_file():
            return path
    return None


def available_themes(directories: tuple[Path, ...]) -> list[str]:
    return sorted({path.stem for directory in directories for path in directory.glob("*.yaml")})
