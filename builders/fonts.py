"""The memo's theme files: its TrueType fonts (registered with reportlab once, and the
characters they can show) and its logo. The checks read a font checked before from its
summary (`memo_font_set`), without importing reportlab's font code; the memo registers
the fonts (`register_memo_fonts`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .font_summary import checked_cover
from .theme import Theme

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

STYLES = ("regular", "italic", "bold", "bold_italic", "semibold")


@dataclass
class _Known:
    """A font file this process checked: its stamp when read, the name it registers
    under, the characters it draws, and the reportlab font once registered."""

    stamp: tuple
    name: str
    coverage: frozenset[int]
    font: "TTFont | None" = None
    """The registered font; None while the file is known by its summary only."""


_KNOWN: dict[Path, _Known] = {}
"""The font files checked or registered with reportlab, by file: registering is slow and
global; a file replaced since (a watch session) is read again. A file checked before
(see `font_summary.py`) is known by its summary alone until the memo registers it: the
checks import no reportlab font code. Its name is given when it is first known, so a
font registers under the same name whether the checks read it first or not."""

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


def _known(path: Path, register: bool = False) -> _Known:
    """The font file at `path`, checked (FontError if the memo cannot use it); with
    `register`, also registered with reportlab (on first use, and again when the file
    changed since)."""
    path = path.resolve()
    stamp = _stamp(path)
    known = _KNOWN.get(path)
    if known is not None and known.stamp != stamp:
        _forget(path, known)
        known = None
    if stamp is None:
        raise FontError(f"font file not found: {path}")
    if known is None:
        name = _unique_name(path)
        cover = None if register else checked_cover(path)
        if cover is None:
            font = _registered(name, path)
            known = _Known(stamp, name, _covered(font), font)
        else:
            known = _Known(stamp, name, _drawn(cover))
        _KNOWN[path] = known
    elif register and known.font is None:
        known.font = _registered(known.name, path)
    return known


def _registered(name: str, path: Path) -> "TTFont":
    """The font file parsed and checked (once per machine, see `font_cache.py`), and
    registered with reportlab under `name`."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from .font_cache import parsed_font

    try:
        font = parsed_font(name, path, _read_tables)
    except FontError:
        raise
    except TTFError as error:
        raise FontError(f"{path}: cannot embed this font ({error}); "
                        "use a TrueType (.ttf) file, not a CFF-based .otf") from error
    except Exception as error:  # noqa: BLE001 - a damaged file fails in many ways
        raise FontError(_damaged(path, error)) from error
    pdfmetrics.registerFont(font)
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


def _forget(path: Path, known: _Known) -> None:
    """Unregister a font whose file changed, so that its name can be given to the new
    one: the same name as a cold build gives, hence the same PDF."""
    del _KNOWN[path]
    font = known.font
    if font is None:
        return                                    # never registered
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics._fonts.pop(font.fontName, None)    # the name may serve another file's face
    faces = pdfmetrics._dynFaceNames              # reportlab shares fonts by face name
    if faces.get(font.face.name) is font:
        del faces[font.face.name]


def check_font(path: Path) -> None:
    """Raise FontError unless the file is a TrueType font the memo can measure and embed."""
    _known(path)


def forget_changed_files() -> list[Path]:
    """Drop the fonts whose files changed or went since they were read (for watch)."""
    changed = [path for path, known in _KNOWN.items() if _stamp(path) != known.stamp]
    for path in changed:
        _forget(path, _KNOWN[path])
    return changed


def _unique_name(path: Path) -> str:
    """The file's stem as font name, made unique if another file already uses it."""
    taken = {known.name for known in _KNOWN.values()}
    name, number = path.stem, 1
    while name in taken:
        number += 1
        name = f"{path.stem}-{number}"
    return name


CONTROLS = frozenset(range(0x20)) | frozenset(range(0x7F, 0xA0))
"""Control codes: never counted as drawn, whatever a font's cmap maps."""


@lru_cache(maxsize=16)
def _covered(font: "TTFont") -> frozenset[int]:
    """The characters the font draws. Kept per font object (a font read again is another
    object), as every check asks."""
    from .font_cache import covered_codes

    return _drawn(covered_codes(font))


def _drawn(codes) -> frozenset[int]:
    return frozenset(codes).difference(CONTROLS)


def register_memo_fonts(theme: Theme) -> FontSet:
    """Register the theme's memo fonts (and fallbacks) and return their names."""
    from reportlab.pdfbase import pdfmetrics

    names = {style: _known(theme.resolve(getattr(theme.memo.fonts, style)), True).name
             for style in STYLES}
    pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"],
                                  bold=names["bold"], italic=names["italic"],
                                  boldItalic=names["bold_italic"])
    return _font_set(theme, register=True)      # the styles' fonts are registered now


def memo_font_set(theme: Theme) -> FontSet:
    """The names and characters of the theme's memo fonts, as `register_memo_fonts` gives
    them, for the checks: a font file checked before is known by its summary, without
    reportlab; any other is parsed, checked and registered."""
    return _font_set(theme, register=False)


def _font_set(theme: Theme, register: bool) -> FontSet:
    fonts = {style: _known(theme.resolve(getattr(theme.memo.fonts, style)), register)
             for style in STYLES}
    coverage = frozenset.intersection(*(known.coverage for known in fonts.values()))
    fallbacks = tuple((known.name, known.coverage) for known in (
        _known(theme.resolve(reference), register) for reference in theme.memo.fallback_fonts))
    return FontSet(**{style: known.name for style, known in fonts.items()},
                   coverage=coverage, fallbacks=fallbacks,
                   by_style=tuple((style, known.coverage) for style, known in fonts.items()))


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
