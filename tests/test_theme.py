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
    """Load a briefing whose default theme names `name` (with `content`) in place of `old`."""
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
    return path, str(problem)


def test_a_font_reportlab_cannot_embed_is_a_located_error(tmp_path, write_briefing):
    path, problem = theme_file_problem(
        tmp_path, write_briefing, "kapot.ttf", b"OTTO" + b"\0" * 100,
        "fonts/NotoSans-Italic.ttf", "kapot.ttf")
    assert problem.startswith(f"{path}:") and "error: style: theme 'default': " in problem
    assert "kapot.ttf" in problem


def test_a_logo_that_is_not_an_image_is_a_located_error(tmp_path, write_briefing):
    path, problem = theme_file_problem(
        tmp_path, write_briefing, "logo.png", b"not an image",
        "  logo: null              # a logo", "  logo: logo.png              # a logo")
    assert problem.startswith(f"{path}:") and "error: style: theme 'default': " in problem
    assert "logo.png" in problem


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
