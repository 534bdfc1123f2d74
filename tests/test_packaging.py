"""The package as users install it: the wheel carries the themes, fonts, licences and
skeletons; installed into a fresh virtual environment it starts and builds a new briefing
in a folder far from the checkout (whose path has a space in it).

Offline: the wheel is built with the setuptools of this environment, and the fresh
environment reaches its libraries through a .pth file instead of downloading them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_builders_is_listed_for_the_wheel():
    found = sorted(".".join(init.parent.relative_to(ROOT).parts)
                   for init in (ROOT / "builders").rglob("__init__.py"))
    listed = sorted(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == sorted([*found, "builders.styles"])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
                    "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = out.glob("briefing_builder-*.whl")
    return built


def test_the_wheel_carries_themes_fonts_licences_and_skeletons(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("builders/styles/default.yaml", "builders/styles/fonts/NotoSans-Regular.ttf",
                 "builders/styles/fonts/NotoSans-SemiBold.ttf", "builders/styles/fonts/OFL.txt",
                 "builders/skeleton/nl.yaml", "builders/skeleton/en.yaml",
                 "builders/skeleton/seeds-README.nl.md", "builders/cli.py"):
        assert name in names, name
    assert not [name for name in names if name.startswith(("tests/", "dist/", "styles/"))]


def test_the_wheel_declares_its_licence_and_classifiers(wheel):
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
    headers = Parser().parsestr(archive.read(metadata).decode("utf-8"))
    assert headers["License-Expression"] == "EUPL-1.2"
    assert sorted(headers.get_all("License-File")) == ["LICENSE", "styles/fonts/OFL.txt"]
    assert "Operating System :: OS Independent" in headers.get_all("Classifier")
    assert headers.get_all("Project-URL")
    licence = archive.read(metadata.replace("METADATA", "licenses/LICENSE")).decode("utf-8")
    assert licence.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Appendix" in licence and len(licence) > 12_000


def test_the_licence_files_are_the_real_texts():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith(
        "EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL © the European Union 2007, 2016")
    ofl = (ROOT / "styles" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in ofl and "Copyright 2015-2020 Google LLC." in ofl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed; its libraries come from this environment."""
    venv = tmp_path_factory.mktemp("fresh venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "libraries-of-the-test-environment.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    return venv


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = venv / ("Scripts/briefing.exe" if os.name == "nt" else "bin/briefing")
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(script), *args], cwd=cwd, capture_output=True, text=True,
                          env={**environment, "NO_COLOR": "1"}, encoding="utf-8")


def test_the_installed_tool_starts_and_builds_a_briefing_outside_the_checkout(
        installed, tmp_path):
    work = tmp_path / "Mijn briefings"
    work.mkdir()
    started = run(installed, "new", "x", "--language", "nl", cwd=work)
    assert started.returncode == 0, started.stderr
    briefing = work / "x" / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace(
        "Titel van de vergadering", "Overleg in Київ en Αθήνα met Đukanović"), encoding="utf-8")
    built = run(installed, "build", cwd=work / "x")
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[0].startswith("wrote dist/memo.pdf (")
    from tests.test_hostile import pypdf_text

    memo = (work / "x" / "dist" / "memo.pdf").read_bytes()
    assert "Overleg in Київ en Αθήνα met Đukanović" in " ".join(pypdf_text(memo).split())
    checked = run(installed, "check", "x/briefing.yaml", "-v", cwd=work)
    assert checked.returncode == 0, checked.stderr
    theme_dir = checked.stderr.split("theme: default (", 1)[1].split(")")[0]
    assert Path(theme_dir) == next((installed / "lib").glob("python*/site-packages")) / \
        "builders" / "styles", "the themes come from the installed package, not the checkout"


def test_a_styles_folder_beside_the_briefing_overrides_a_built_in_theme(installed, tmp_path):
    assert run(installed, "new", "x", cwd=tmp_path).returncode == 0
    styles = tmp_path / "x" / "styles"
    styles.mkdir()
    default = (ROOT / "styles" / "default.yaml").read_text(encoding="utf-8")
    (styles / "default.yaml").write_text(default.replace('primary: "#154273"',
                                                         'primary: "#39870C"'), encoding="utf-8")
    checked = run(installed, "check", "-v", cwd=tmp_path / "x")
    assert checked.returncode == 0, checked.stderr
    assert f"theme: default ({styles})" in checked.stderr
    (styles / "default.yaml").write_text(default.replace('primary: "#154273"',
                                                         'primary: "groen"'), encoding="utf-8")
    broken = run(installed, "check", cwd=tmp_path / "x")
    assert broken.returncode == 1
    assert "styles/default.yaml:8:12: error: palette.primary: 'groen' is not a colour" in broken.stderr


def test_the_installed_tool_tells_its_version_under_both_names(installed, tmp_path):
    result = run(installed, "--version", cwd=tmp_path)
    assert result.stdout == f"briefing {PYPROJECT['project']['version']}\n"
    python = installed / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    module = subprocess.run([str(python), "-m", "builders", "--version"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert module.stdout == result.stdout
