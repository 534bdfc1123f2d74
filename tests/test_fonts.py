"""The memo's fonts: registered once, embedded as TrueType, and what they can show."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders.fonts import FontError, font_coverage, register_memo_fonts
from builders.loader import load_theme

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def theme():
    return load_theme("default")


def test_coverage_of_the_default_theme(theme):
    coverage = font_coverage(theme)
    for char in "Aé€č ćĐ–“”‘’•·КиївΑθήνα≥≤−→✓":
        assert ord(char) in coverage, char
    for char in "中\u0007😀":
        assert ord(char) not in coverage, char


def test_registering_twice_gives_the_same_names(theme):
    first, second = register_memo_fonts(theme), register_memo_fonts(theme)
    assert first == second
    assert first.regular == "NotoSans-Regular"
    assert [name for name, _ in first.fallbacks] == ["NotoSansMath-Regular",
                                                     "NotoSansSymbols2-Regular"]


def test_missing_or_cff_font_is_a_clear_error(theme, tmp_path):
    missing = theme.memo.model_copy(update={"fallback_fonts": (str(tmp_path / "nope.ttf"),)})
    with pytest.raises(FontError, match="not found"):
        register_memo_fonts(theme.model_copy(update={"memo": missing}))
    otf = tmp_path / "postscript.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 200)  # the signature of CFF (PostScript) outlines
    fonts = theme.memo.fonts.model_copy(update={"regular": str(otf)})
    with pytest.raises(FontError, match="TrueType"):
        register_memo_fonts(theme.model_copy(update={"memo": theme.memo.model_copy(
            update={"fonts": fonts})}))


def test_fallback_fonts_add_to_the_coverage(theme):
    if not DEJAVU.exists():
        pytest.skip("DejaVu Sans is not installed (apt-get install -y fonts-dejavu-core)")
    memo = theme.memo.model_copy(update={"fallback_fonts": (str(DEJAVU),)})
    themed = theme.model_copy(update={"memo": memo})
    assert ord("Ա") in font_coverage(themed)
    assert ord("Ա") not in font_coverage(theme)
    assert register_memo_fonts(themed).fallback_for("Ա") == "DejaVuSans"
    assert register_memo_fonts(themed).fallback_for("a") is None
