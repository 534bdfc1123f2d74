"""Themes are validated data, read the same way as briefings."""

import shutil

import pytest

from builders.errors import BriefingError
from builders.loader import load, load_theme
from builders.theme import STYLES_DIR
from tests.conftest import minimal_data


def test_default_theme_uses_the_central_government_palette():
    theme = load_theme("default")
    assert (theme.palette.primary, theme.palette.secondary, theme.palette.accent) == (
        "#154273", "#01689B", "#007BC7")
    assert theme.deck.sizes.minimum >= 18
    assert theme.resolve(theme.memo.fonts.regular).is_file()


def test_a_broken_theme_is_reported_with_file_and_line(tmp_path):
    styles = tmp_path / "styles"
    shutil.copytree(STYLES_DIR, styles)
    text = (styles / "default.yaml").read_text()
    text = text.replace('primary: "#154273"', 'primary: "lintblauw"').replace(
        "  max_bullets: 6", "  max_bulets: 6")
    (styles / "default.yaml").write_text(text)
    with pytest.raises(BriefingError) as caught:
        load_theme("default", styles)
    lines = [str(problem).split("styles/default.yaml:", 1)[1] for problem in caught.value.problems]
    primary_line = text.splitlines().index('  primary: "lintblauw"      # lintblauw: headings, bands, title slides') + 1
    assert lines == [
        f"{primary_line}:12: error: palette.primary: 'lintblauw' is not a colour; write "
        "#RRGGBB, e.g. #154273",
        f"{len(text.splitlines())}:3: error: deck.max_bulets: unknown field; did you mean max_bullets?",
    ]


def test_a_briefing_names_its_theme(tmp_path, write_briefing):
    styles = tmp_path / "styles"
    shutil.copytree(STYLES_DIR, styles)
    (styles / "sober.yaml").write_text((styles / "default.yaml").read_text().replace(
        "name: default", "name: sober"))
    data = minimal_data()
    data["style"] = "sober"
    assert load(write_briefing(data), styles_dir=styles, check=False).theme.name == "sober"


def test_files_a_theme_names_must_exist(tmp_path):
    styles = tmp_path / "styles"
    shutil.copytree(STYLES_DIR, styles)
    text = (styles / "default.yaml").read_text()
    text = text.replace("NotoSans-Bold.ttf", "NotoSans-Missing.ttf").replace(
        "  template: null", "  template: huisstijl.pptx").replace(
        "regular: fonts/", "regular: package:os.path/fonts/")
    (styles / "default.yaml").write_text(text)
    lines = text.splitlines()

    def at(needle):
        number = next(i for i, line in enumerate(lines, 1) if needle in line)
        return f"{number}:{lines[number - 1].index(needle.split(': ')[-1]) + 1}"

    with pytest.raises(BriefingError) as caught:
        load_theme("default", styles)
    found = [str(problem).split("default.yaml:", 1)[1] for problem in caught.value.problems]
    assert found == [
        f"{at('regular: package:os.path/')}: error: memo.fonts.regular: "
        "'package:os.path/fonts/NotoSans-Regular.ttf': 'os.path' is not the name of an "
        "installed package",
        f"{at('bold: fonts')}: error: memo.fonts.bold: file "
        "'fonts/NotoSans-Missing.ttf' not found; the path "
        "is relative to the theme",
        f"{at('template: huisstijl.pptx')}: error: deck.template: file 'huisstijl.pptx' not "
        "found; the path is relative to the theme",
    ]


def theme_file_problem(tmp_path, write_briefing, name: str, content: bytes, old: str, new: str):
    """Load a briefing whose default theme names `name` (with `content`) in place of `old`;
    the one problem, with the theme file's path shortened to `styles/default.yaml`."""
    styles = tmp_path / "styles"
    shutil.copytree(STYLES_DIR, styles)
    (styles / name).write_bytes(content)
    text = (styles / "default.yaml").read_text()
    assert old in text
    (styles / "default.yaml").write_text(text.replace(old, new))
    data = minimal_data()
    data["style"] = "default"
    path = write_briefing(data)
    with pytest.raises(BriefingError) as caught:
        load(path, styles_dir=styles)
    (problem,) = caught.value.problems
    return path, str(problem).replace(str(styles), "styles")


ITALIC = "fonts/NotoSans-Italic.ttf"
LOGO = ("  logo: null              # a logo", "  logo: logo.png              # a logo")


def test_a_font_reportlab_cannot_embed_is_a_located_error(tmp_path, write_briefing):
    _, problem = theme_file_problem(tmp_path, write_briefing, "kapot.ttf",
                                    b"OTTO" + b"\0" * 100, ITALIC, "kapot.ttf")
    assert problem.startswith("styles/default.yaml:25:13: error: memo.fonts.italic: "
                              "'kapot.ttf': cannot embed this font (")
    assert problem.endswith("use a TrueType (.ttf) file, not a CFF-based .otf")


def source_font() -> bytes:
    from builders.loader import load_theme

    theme = load_theme("default")
    return theme.resolve(theme.memo.fonts.italic).read_bytes()


@pytest.mark.parametrize("cut", [1000, 20000, "half"])
def test_a_truncated_truetype_font_is_a_located_error(tmp_path, write_briefing, cut):
    data = source_font()
    data = data[: len(data) // 2 if cut == "half" else cut]
    _, problem = theme_file_problem(tmp_path, write_briefing, "half.ttf", data, ITALIC,
                                    "half.ttf")
    assert problem.startswith("styles/default.yaml:25:13: error: memo.fonts.italic: "
                              "'half.ttf': the font file is ")
    assert problem.endswith("use an intact TrueType (.ttf) file")
    assert "Traceback" not in problem


def test_a_font_without_a_table_reportlab_needs_is_named(tmp_path, write_briefing):
    data = bytearray(source_font())
    index = data.index(b"hmtx", 12)             # rename the table in the directory
    data[index:index + 4] = b"xmtx"
    _, problem = theme_file_problem(tmp_path, write_briefing, "nohmtx.ttf", bytes(data),
                                    ITALIC, "nohmtx.ttf")
    assert problem.startswith("styles/default.yaml:25:13: error: memo.fonts.italic: "
                              "'nohmtx.ttf': ")
    assert "hmtx" in problem


def test_a_logo_that_is_not_an_image_is_a_located_error(tmp_path, write_briefing):
    _, problem = theme_file_problem(tmp_path, write_briefing, "logo.png", b"not an image", *LOGO)
    assert problem == ("styles/default.yaml:47:9: error: memo.logo: 'logo.png': not an "
                       "image; export the logo as PNG or JPEG")


def png(width: int, height: int, body: bytes | None = None) -> bytes:
    """A PNG of the given size: a 1-bit grey image whose rows are all 0 (or `body`)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    if body is None:
        row = b"\0" + b"\0" * ((width + 7) // 8)
        body = zlib.compress(row * height, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_a_damaged_png_logo_is_a_located_error(tmp_path, write_briefing):
    import io
    import random

    from PIL import Image

    noise = random.Random(13).randbytes(200 * 200 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (200, 200), noise).save(buffer, "PNG")
    damaged = buffer.getvalue()[: len(buffer.getvalue()) // 2]   # the pixel data cut off
    _, problem = theme_file_problem(tmp_path, write_briefing, "logo.png", damaged, *LOGO)
    assert problem.startswith("styles/default.yaml:47:9: error: memo.logo: 'logo.png': the "
                              "image is damaged or incomplete (")
    assert problem.endswith("); export it again as PNG or JPEG")


@pytest.mark.parametrize("width, height", [(10000, 10000), (20000, 10000), (6000, 5000)])
def test_a_huge_logo_is_refused_before_it_is_decoded(tmp_path, write_briefing, width, height,
                                                    recwarn):
    """Pillow warns at 89 million pixels and refuses at 179 million; a logo needs far fewer."""
    huge = png(width, height, body=b"x")        # the header alone says how large
    _, problem = theme_file_problem(tmp_path, write_briefing, "logo.png", huge, *LOGO)
    assert problem == (f"styles/default.yaml:47:9: error: memo.logo: 'logo.png': the image is "
                       f"{width:,} × {height:,} pixels, more than a logo needs (at most "
                       "25,000,000 pixels); save it smaller")
    assert [str(w.message) for w in recwarn.list] == []


TEMPLATE = ("  template: null", "  template: huisstijl.pptx")


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b""])
def test_a_template_that_is_not_a_presentation_is_a_located_error(tmp_path, write_briefing,
                                                                  content):
    _, problem = theme_file_problem(tmp_path, write_briefing, "huisstijl.pptx", content,
                                    *TEMPLATE)
    assert problem == ("styles/default.yaml:52:13: error: deck.template: 'huisstijl.pptx': "
                       "is not a PowerPoint presentation (a .pptx file is a zip archive, this "
                       "one is not); save it from PowerPoint as a .pptx presentation")


def test_a_word_document_as_template_is_a_located_error(tmp_path, write_briefing):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"><Override '
                         'PartName="/word/document.xml" ContentType="application/vnd.'
                         'openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                         '</Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/relationships"><Relationship'
                         ' Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                         '2006/relationships/officeDocument" Target="word/document.xml"/>'
                         '</Relationships>')
        archive.writestr("word/document.xml", "<document/>")
    _, problem = theme_file_problem(tmp_path, write_briefing, "huisstijl.pptx",
                                    buffer.getvalue(), *TEMPLATE)
    assert problem.startswith("styles/default.yaml:52:13: error: deck.template: "
                              "'huisstijl.pptx': cannot be opened as a PowerPoint presentation (")


def test_a_real_presentation_is_a_usable_template(tmp_path):
    from pptx import Presentation

    from builders.themefiles import template_problem

    path = tmp_path / "huisstijl.pptx"
    Presentation().save(str(path))
    assert template_problem(path) is None


def test_a_styles_folder_beside_the_briefing_adds_a_theme_using_the_built_in_fonts(
        tmp_path, write_briefing):
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "huis.yaml").write_text((STYLES_DIR / "default.yaml").read_text(
        encoding="utf-8").replace("name: default", "name: huis"), encoding="utf-8")
    data = minimal_data()
    data["style"] = "huis"
    loaded = load(write_briefing(data))
    assert (loaded.theme.name, loaded.theme.base_dir) == ("huis", styles)
    assert loaded.theme.resolve(loaded.theme.memo.fonts.regular) == (
        STYLES_DIR / "fonts" / "NotoSans-Regular.ttf").resolve()
    data["style"] = "onbekend"
    with pytest.raises(BriefingError) as caught:
        load(write_briefing(data))
    (problem,) = caught.value.problems
    assert problem.message.startswith("style: no theme 'onbekend' in ")
    assert problem.message.endswith("; available: default, huis")
