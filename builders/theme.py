"""The theme: palette, fonts, sizes and geometry that both builders read from `styles/`."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .model import Frozen

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Points = Annotated[float, Field(gt=0, strict=False)]
STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"


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
        return (self.base_dir / reference).resolve()


def theme_path(name: str, styles_dir: Path = STYLES_DIR) -> Path:
    """Where the theme called `name` lives."""
    return styles_dir / f"{name}.yaml"
