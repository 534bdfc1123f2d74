"""The memo's theme files: its TrueType fonts (registered with reportlab once, and the
characters they can show) and its logo."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .font_cache import covered_codes, parsed_font
from .theme import Theme

STYLES = ("regular", "italic", "bold", "bold_italic", "semibold")

_REGISTERED: dict[Path, tuple[tuple, TTFont]] = {}
"""Fonts already registered with reportlab, by file, with the file's stamp when read:
registering is slow and global; a file replaced since (a watch session) is read again."""

REQUIRED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")
"""The TrueType tables reportlab reads to measure and embed a font."""


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
    by_style: tuple[tuple[str, frozenset[int]], ...] = ()
    """Each style's own characters: text drawn in one style without fallback (the page
    marking, the running title, chart labels) needs its glyphs there."""

    def style_coverage(self, style: str) -> frozenset[int]:
        return dict(self.by_style).get(style, self.coverage)

    def covers(self, text: str) -> bool:
        """Whether the main fonts draw every character of `text` (no fallback needed)."""
        return self.coverage.issuperset(map(ord, text))

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
    """The registered reportlab font for a TrueType file, registering it on first use
    (and again when the file changed since)."""
    path = path.resolve()
    stamp = _stamp(path)
    known = _REGISTERED.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    if known is not None:
        _forget(path, known[1])
    if stamp is None:
        raise FontError(f"font file not found: {path}")
    name = _unique_name(path)
    try:
        font = parsed_font(name, path, _read_tables)   # parsed and checked once per machine
    except FontError:
        raise
    except TTFError as error:
        raise FontError(f"{path}: cannot embed this font ({error}); "
                        "use a TrueType (.ttf) file, not a CFF-based .otf") from error
    except Exception as error:  # noqa: BLE001 - a damaged file fails in many ways
        raise FontError(_damaged(path, error)) from error
    pdfmetrics.registerFont(font)
    _REGISTERED[path] = (stamp, font)
    return font


def _damaged(path: Path, error: Exception) -> str:
    return (f"{path}: the font file is damaged or incomplete ({type(error).__name__}: "
            f"{error}); use an intact TrueType (.ttf) file")


def _read_tables(path: Path, font: TTFont) -> None:
    """Every table inside the file, the ones reportlab needs present, and the glyphs of
    the printable ASCII characters readable: a truncated file fails here, at check,
    instead of in the middle of a build."""
    face = font.face
    size = len(face._ttf_data)
    missing = [tag for tag in REQUIRED_TABLES if tag not in face.table]
    if missing:
        raise FontError(f"{path}: the font lacks the table(s) {', '.join(missing)}; use a "
                        "complete TrueType (.ttf) file")
    for tag, entry in face.table.items():
        if entry["offset"] + entry["length"] > size:
            raise FontError(f"{path}: the font file is incomplete (table {tag} runs past "
                            "its end); use an intact TrueType (.ttf) file")
    try:
        face.makeSubset([code for code in range(32, 127) if code in face.charToGlyph])
    except Exception as error:  # noqa: BLE001 - as above
        raise FontError(_damaged(path, error)) from error


def _stamp(path: Path) -> tuple | None:
    try:
        status = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


def _forget(path: Path, font: TTFont) -> None:
    """Unregister a font whose file changed, so that its name can be given to the new
    one: the same name as a cold build gives, hence the same PDF."""
    del _REGISTERED[path]
    pdfmetrics._fonts.pop(font.fontName, None)    # the name may serve another file's face
    faces = pdfmetrics._dynFaceNames              # reportlab shares fonts by face name
    if faces.get(font.face.name) is font:
        del faces[font.face.name]


def check_font(path: Path) -> None:
    """Raise FontError unless the file is a TrueType font the memo can measure and embed."""
    _font(path)


def forget_changed_files() -> list[Path]:
    """Drop the fonts whose files changed or went since they were read (for watch)."""
    changed = [path for path, (stamp, _) in _REGISTERED.items() if _stamp(path) != stamp]
    for path in changed:
        _forget(path, _REGISTERED[path][1])
    return changed


def _unique_name(path: Path) -> str:
    """The file's stem as font name, made unique if another file already uses it."""
    taken = {font.fontName for _, font in _REGISTERED.values()}
    name, number = path.stem, 1
    while name in taken:
        number += 1
        name = f"{path.stem}-{number}"
    return name


@lru_cache(maxsize=16)
def _covered(font: TTFont) -> frozenset[int]:
    """The characters the font draws; control codes never count, whatever its cmap maps.
    Kept per font object (a font read again is another object), as every check asks."""
    return frozenset(covered_codes(font)).difference(range(0x20), range(0x7F, 0xA0))


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
                   coverage=coverage, fallbacks=fallbacks,
                   by_style=tuple((style, _covered(font)) for style, font in fonts.items()))


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
    kind, width, height = read_image(path)
    if kind not in LOGO_FORMATS:
        raise LogoError(f"{path}: the logo must be a PNG or JPEG image, not {kind}")
    return path, width / height


MAX_IMAGE_PIXELS = 25_000_000
"""5000 × 5000: far more than a logo printed a few centimetres wide needs; larger
images take seconds and a gigabyte to decode (or are decompression bombs)."""


_IMAGES: dict[tuple, tuple[str, int, int]] = {}
"""Images already decoded, by file and stamp (a changed file is decoded again)."""


def read_image(path: Path, limit: int = MAX_IMAGE_PIXELS) -> tuple[str, int, int]:
    """The image's format and size, after decoding it whole within `limit` pixels;
    LogoError naming the file for anything unreadable, too large or damaged."""
    key = (path.resolve(), _stamp(path.resolve()), limit)
    if key not in _IMAGES:
        _IMAGES.clear()
        _IMAGES[key] = _decode(path, limit)
    return _IMAGES[key]


def _decode(path: Path, limit: int) -> tuple[str, int, int]:
    import warnings

    from PIL import Image, UnidentifiedImageError

    bound = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None          # our own, lower bound is checked before decoding
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if not width or not height:
                    raise LogoError(f"{path}: the image has no pixels; export it again")
                if width * height > limit:
                    raise LogoError(_too_large(path, width, height, limit))
                image.load()
    except LogoError:
        raise
    except UnidentifiedImageError as error:
        raise LogoError(f"{path}: not an image; export the logo as PNG or JPEG") from error
    except Exception as error:  # noqa: BLE001 - Pillow fails in many ways on bad files
        raise LogoError(f"{path}: the image is damaged or incomplete ({type(error).__name__}"
                        f": {error}); export it again as PNG or JPEG") from error
    finally:
        Image.MAX_IMAGE_PIXELS = bound
    return kind, width, height


def _too_large(path: Path, width: int, height: int, limit: int) -> str:
    return (f"{path}: the image is {width:,} × {height:,} pixels, more than a logo needs "
            f"(at most {limit:,} pixels); save it smaller")
