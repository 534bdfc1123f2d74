"""The font cache (builders/font_cache.py): a font read from it is the font reportlab
parses, byte for byte in the memo; a changed, damaged or unreadable file is checked again."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from builders import font_cache, fonts, pattern_cache
from builders.errors import BriefingError
from builders.loader import load, load_theme
from builders.theme import STYLES_DIR
from tests.conftest import ROOT, SHIPPED, minimal_data
from tests.test_speedups import digests

NOTO = STYLES_DIR / "fonts" / "NotoSans-Italic.ttf"
MATH = STYLES_DIR / "fonts" / "NotoSansMath-Regular.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and no font registered in this process yet (reportlab's
    registries as they were are given back afterwards, for the tests that follow)."""
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "_KNOWN", {})
    monkeypatch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", dict(pdfmetrics._dynFaceNames))
    return tmp_path / "cache"


def checks(calls: list):
    def check(path, font):
        calls.append(path)
        fonts._read_tables(path, font)
    return check


def checked(path) -> TTFont:
    """The font as fonts.py used it before the cache: parsed, then checked (the check's
    test subset moves the face's read position, which the cache keeps as it was)."""
    font = TTFont("Probe", str(path))
    fonts._read_tables(path, font)
    return font


def comparable(font: TTFont) -> dict:
    """Everything a TTFont holds, the unit scale by what it does (a face read from the
    cache is read whole when first used: here)."""
    font.face.ascent
    face = dict(vars(font.face))
    scale = face.pop("_pdfScale")
    face["scaled"] = [scale(value) for value in (0, 1, 517, -293)]
    face["name types"] = {key: (type(value).__name__, getattr(value, "ustr", None))
                          for key, value in face.items()}
    own = {key: value for key, value in vars(font).items() if key not in ("face", "state")}
    own["encoding"] = vars(font.encoding)
    return {"font": own, "face": face, "state": type(font.state).__name__}


@pytest.mark.parametrize("path", [NOTO, MATH], ids=["noto", "math"])
def test_a_cached_font_is_the_font_reportlab_parses(cache, path):
    calls = []
    parsed = font_cache.parsed_font("Probe", path, checks(calls))
    assert calls == [path] and len(list(cache.iterdir())) == 2   # parsed, checked, cached
    cached = font_cache.parsed_font("Probe", path, checks(calls))
    assert calls == [path]                                        # not parsed, not checked
    assert comparable(cached) == comparable(parsed) == comparable(checked(path))
    assert cached.face.makeSubset(list(range(32, 127))) == parsed.face.makeSubset(
        list(range(32, 127)))


def test_the_font_cache_changes_no_byte_of_the_memo(tmp_path):
    """Cold (fonts parsed, cache written), warm (fonts read) and without the cache: the
    same memo and decks."""
    env = {"BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    cold = digests(SHIPPED, env=env)
    assert any(path.name.startswith("font-") for path in (tmp_path / "cache").iterdir())
    warm = digests(SHIPPED, env=env)
    parsed = digests(SHIPPED, env=env, switch_off=(
        "import builders.font_cache as cache\n"
        "from reportlab.pdfbase.ttfonts import TTFont\n"
        "def parse(name, path, check):\n"
        "    font = TTFont(name, str(path)); check(path, font); return font\n"
        "cache.parsed_font = parse\n"
        "import builders.fonts as fonts; fonts.parsed_font = parse"))
    assert cold == warm == parsed


def test_a_font_file_changed_after_it_was_cached_is_checked_again(cache, tmp_path,
                                                                  write_briefing):
    """The cache is keyed by the file's bytes: a font that was cached and is then damaged
    (same name, same place) is parsed and checked again, with the usual message."""
    styles = tmp_path / "styles"
    shutil.copytree(STYLES_DIR, styles)
    data = minimal_data()
    data["style"] = "default"
    path = write_briefing(data)
    load(path, styles_dir=styles, check=False)                 # every font cached
    italic = styles / "fonts" / "NotoSans-Italic.ttf"
    intact = italic.read_bytes()
    italic.write_bytes(intact[:len(intact) // 2])
    fonts.forget_changed_files()
    with pytest.raises(BriefingError) as caught:
        load(path, styles_dir=styles, check=False)
    (problem,) = caught.value.problems
    text = str(problem).replace(str(styles), "styles")
    assert text.startswith("styles/default.yaml:25:13: error: memo.fonts.italic: "
                           "'fonts/NotoSans-Italic.ttf': the font file is ")
    assert text.endswith("use an intact TrueType (.ttf) file")


def test_a_font_replaced_by_another_is_read_afresh(cache):
    calls = []
    other = cache.parent / "Probe.ttf"
    other.write_bytes(NOTO.read_bytes())
    font_cache.parsed_font("Probe", other, checks(calls))
    font_cache.parsed_font("Probe", other, checks(calls))
    assert calls == [other]                                    # the same bytes: cached
    other.write_bytes(MATH.read_bytes())                       # same path, other bytes
    replaced = font_cache.parsed_font("Probe", other, checks(calls))
    assert calls == [other, other]                             # parsed and checked again
    assert comparable(replaced) == comparable(checked(other))


@pytest.mark.parametrize("content", [
    b"", b"\x00garbage", marshal.dumps([1, 2]), marshal.dumps({"unitsPerEm": 1000}),
    marshal.dumps({font_cache.NAMES: {}, "unitsPerEm": 1000})],
    ids=["empty", "garbage", "not-a-dict", "no-names", "incomplete"])
def test_a_damaged_cache_file_is_ignored(cache, content):
    calls = []
    expected = comparable(font_cache.parsed_font("Probe", NOTO, checks(calls)))
    for entry in cache.iterdir():
        entry.write_bytes(content)
    assert comparable(font_cache.parsed_font("Probe", NOTO, checks(calls))) == expected
    assert calls == [NOTO, NOTO]                               # parsed again, then rewritten


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(pattern_cache.CACHE_ENV, str(blocker / "cache"))
    calls = []
    font = font_cache.parsed_font("Probe", NOTO, checks(calls))
    assert calls == [NOTO] and comparable(font) == comparable(checked(NOTO))


def test_a_cached_face_is_read_whole_only_when_the_memo_uses_it(cache):
    """The checking process registers the memo's fonts and asks what they cover: that
    much is read from a small file beside the cached face; the face itself is read on
    first use, and then is the face reportlab parses."""
    calls = []
    parsed = font_cache.parsed_font("Probe", NOTO, checks(calls))
    cached = font_cache.parsed_font("Probe", NOTO, checks(calls))
    assert calls == [NOTO]
    assert font_cache.PENDING in vars(cached.face) and "charWidths" not in vars(cached.face)
    assert set(font_cache.covered_codes(cached)) == set(parsed.face.charToGlyph)
    assert cached.face.name == parsed.face.name                 # what registering reads
    assert comparable(cached) == comparable(parsed)
    assert font_cache.PENDING not in vars(cached.face)


def test_a_face_whose_cache_file_went_is_parsed_from_the_checked_bytes(cache):
    calls = []
    parsed = font_cache.parsed_font("Probe", NOTO, checks(calls))
    cached = font_cache.parsed_font("Probe", NOTO, checks(calls))
    (face_file,) = [entry for entry in cache.iterdir() if not entry.name.endswith(".cover")]
    face_file.unlink()
    assert cached.face.makeSubset(list(range(32, 127))) == parsed.face.makeSubset(
        list(range(32, 127)))
    assert calls == [NOTO]
    assert cached.face.charWidths == parsed.face.charWidths


def test_a_summary_without_its_face_is_not_used(cache):
    calls = []
    font_cache.parsed_font("Probe", NOTO, checks(calls))
    (face_file,) = [entry for entry in cache.iterdir() if not entry.name.endswith(".cover")]
    face_file.unlink()
    font = font_cache.parsed_font("Probe", NOTO, checks(calls))
    assert calls == [NOTO, NOTO]                               # parsed and checked again
    assert comparable(font) == comparable(checked(NOTO))


def test_a_damaged_face_behind_a_good_summary_is_parsed_and_then_cached_anew(cache):
    """A face file cut short (a crash while the disk wrote it) behind an intact summary:
    the face is parsed from the checked bytes when first used, and the damaged entry is
    removed, so that the next process parses, checks and caches it again instead of
    parsing it on every use from then on."""
    calls = []
    parsed = font_cache.parsed_font("Probe", NOTO, checks(calls))
    (face_file,) = [entry for entry in cache.iterdir() if not entry.name.endswith(".cover")]
    face_file.write_bytes(face_file.read_bytes()[:100])
    damaged = font_cache.parsed_font("Probe", NOTO, checks(calls))
    assert damaged.face.charWidths == parsed.face.charWidths       # read whole: parsed
    assert not face_file.exists() and not list(cache.glob("*.cover"))
    again = font_cache.parsed_font("Probe", NOTO, checks(calls))
    assert calls == [NOTO, NOTO]                                    # checked once more
    assert comparable(again) == comparable(checked(NOTO))
    assert font_cache._read(face_file) is not None                  # cached anew, whole


def test_the_checks_know_a_checked_font_by_its_summary_without_reportlab(tmp_path):
    """Loading (and checking) the shipped briefing with its fonts cached imports none of
    reportlab's font code and no Pillow; with an empty cache it parses the fonts (and
    then caches them)."""
    probe = ("import sys; from builders.loader import load; load(sys.argv[1]); "
             "print(sorted(name for name in sys.modules if name.startswith(('reportlab.', "
             "'PIL'))))")
    env = {**os.environ, pattern_cache.CACHE_ENV: str(tmp_path / "cache")}

    def imported() -> str:
        return subprocess.run([sys.executable, "-c", probe, str(SHIPPED)], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True).stdout.strip()

    assert "'reportlab.pdfbase.ttfonts'" in imported()         # cold: parsed and cached
    assert imported() == "[]"                                  # warm: summaries only


def test_a_font_set_from_summaries_is_the_registered_one(cache):
    """The checks' fonts (names, each style's and each fallback's characters) are the
    memo's, whether read from summaries or registered; and a font known by its summary
    registers under the name the checks gave it."""
    theme = load_theme("default")
    cold = fonts.memo_font_set(theme)                   # parsed, checked, cached
    assert all(known.font is not None for known in fonts._KNOWN.values())
    fonts._KNOWN.clear()
    warm = fonts.memo_font_set(theme)                   # from the summaries
    assert all(known.font is None for known in fonts._KNOWN.values())
    registered = fonts.register_memo_fonts(theme)
    assert cold == warm == registered
    assert registered.regular == "NotoSans-Regular" and len(registered.fallbacks) == 2
    assert all(known.font is not None for known in fonts._KNOWN.values())
    from reportlab.pdfbase import pdfmetrics

    assert pdfmetrics.getFont(registered.bold).face.filename.endswith("NotoSans-Bold.ttf")


def test_a_summarised_font_changed_on_disk_is_checked_again(cache, tmp_path):
    copy = tmp_path / "Probe.ttf"
    copy.write_bytes(NOTO.read_bytes())
    fonts.check_font(copy)                                   # parsed, cached
    fonts._KNOWN.clear()
    fonts.check_font(copy)                                   # known by its summary
    assert fonts._KNOWN[copy.resolve()].font is None
    copy.write_bytes(NOTO.read_bytes()[:5000])
    with pytest.raises(fonts.FontError, match="damaged or incomplete|incomplete"):
        fonts.check_font(copy)
