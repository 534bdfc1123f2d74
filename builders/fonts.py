"""The memo's theme files: its TrueType fonts (registered with reportlab once, and the
characters they can show) and its logo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .theme import Theme

STYLES = ("regular", "italic", "bold", "bold_italic", "semibold")

_REGISTERED: dict[Path, TTFont] = {}
"""Fonts already registered with reportlab, by file: registering is slow and global."""


class ThemeFileError(RuntimeError):
    """A theme names a file that is missing or that the memo cannot use."""


class FontError(ThemeFileError):
    """A theme names a font file that is missing or that reportlab cannot embed."""


class LogoError(ThemeFileError):
    """A theme names a logo that is missing or not a PNG or JPEG image."""


LOGO_FORMATS = ("PNG", "JPEG")


@dataclass(frozen=True)
class FontSet:
    """The registered names of the memo's fonts, and which characters each can show."""

    regular: str
    italic: str
    bold: str
    bold_italic: str
    semibold: str
    coverage: frozenset[int]
    fallbacks: tuple[tuple[str, frozenset[int]], ...] = ()

    def fallback_for(self, char: str) -> str | None:
        """The fallback font that draws `char`, if the main fonts cannot and one can."""
        code = ord(char)
        if code in self.coverage:
            return None
        for name, covered in self.fallbacks:
            if code in covered:
                return name
        return None


def _font(path: Path) -> TTFont:
    """The registered reportlab font for a TrueType file, registering it on first use."""
    path = path.resolve()
    font = _REGISTERED.get(path)
    if font is not None:
        return font
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    name = _unique_name(path)
    try:
        font = TTFont(name, str(path))
    except TTFError as error:
        raise FontError(f"{path}: cannot embed this font ({error}); "
                        "use a TrueType (.ttf) file, not a CFF-based .otf") from error
    pdfmetrics.registerFont(font)
    _REGISTERED[path] = font
    return font


def _unique_name(path: Path) -> str:
    """The file's stem as font name, made unique if another file already uses it."""
    taken = {font.fontName for font in _REGISTERED.values()}
    name, number = path.stem, 1
    while name in taken:
        number += 1
        name = f"{path.stem}-{number}"
    return name


def _covered(font: TTFont) -> frozenset[int]:
    """The characters the font draws; control codes never count, whatever its cmap maps."""
    return frozenset(code for code in font.face.charToGlyph
                     if code >= 0x20 and not 0x7F <= code <= 0x9F)


def register_memo_fonts(theme: Theme) -> FontSet:
    """Register the theme's memo fonts (and fallbacks) and return their names."""
    fonts = {style: _font(theme.resolve(getattr(theme.memo.fonts, style))) for style in STYLES}
    pdfmetrics.registerFontFamily(
        fonts["regular"].fontName, normal=fonts["regular"].fontName,
        bold=fonts["bold"].fontName, italic=fonts["italic"].fontName,
        boldItalic=fonts["bold_italic"].fontName)
    coverage = frozenset.intersection(*(_covered(font) for font in fonts.values()))
    fallbacks = tuple((font.fontName, _covered(font))
                      for font in (_font(theme.resolve(ref)) for ref in theme.memo.fallback_fonts))
    return FontSet(**{style: font.fontName for style, font in fonts.items()},
                   coverage=coverage, fallbacks=fallbacks)


def font_coverage(theme: Theme) -> frozenset[int]:
    """Every code point that the memo's fonts (all styles) or a fallback font can show."""
    fonts = register_memo_fonts(theme)
    return fonts.coverage.union(*(covered for _, covered in fonts.fallbacks))


def memo_logo(theme: Theme) -> tuple[Path, float] | None:
    """The memo's logo (`memo.logo`) and its aspect ratio (width / height); None if unset."""
    reference = theme.memo.logo
    if reference is None:
        return None
    try:
        path = theme.resolve(reference)
    except (FileNotFoundError, ValueError) as error:
        raise LogoError(f"logo {reference!r}: {error}") from error
    if not path.is_file():
        raise LogoError(f"logo file not found: {path}")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except (OSError, UnidentifiedImageError) as error:
        raise LogoError(f"{path}: the logo must be a PNG or JPEG image ({error})") from error
    if kind not in LOGO_FORMATS or not width or not height:
        raise LogoError(f"{path}: the logo must be a PNG or JPEG image, not {kind}")
    return path, width / height
