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
