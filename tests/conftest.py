"""Shared fixtures: the shipped briefing, a minimal briefing to vary, system programs."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "briefing.yaml"
ENGLISH = ROOT / "tests" / "fixtures" / "english" / "briefing.yaml"

TEST_CACHE = Path(tempfile.mkdtemp(prefix="briefing-test-cache-"))
"""The builder's per-machine cache folder for this test session (and the processes its
tests start): the tests neither read what the user's builds cached nor leave anything
there, and a file a test damaged cannot break the next run."""
os.environ["BRIEFING_CACHE_DIR"] = str(TEST_CACHE)
os.environ["BRIEFING_KEPT_LINES"] = "0"
"""Every memo breaks all its lines, in this process and the ones its tests start: a test
that changes or counts how lines break sees the breaking, not the lines an earlier test
kept (tests/test_kept_lines.py tests keeping them)."""


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(TEST_CACHE, ignore_errors=True)

INSTALL_HINT = {
    "pdftoppm": "apt-get install -y poppler-utils",
    "pdffonts": "apt-get install -y poppler-utils",
    "pdftotext": "apt-get install -y poppler-utils",
    "qpdf": "apt-get install -y qpdf",
    "soffice": "apt-get install -y libreoffice-impress",
    "chromium": "apt-get install -y chromium",
}


def run_on_a_machine_of_its_own(script: str, cache: Path, *arguments) -> str:
    """What `python -c script arguments` prints, run from the checkout in a fresh process
    whose per-machine cache folder is `cache` and whose environment has nothing else of
    this one's (run it twice for a cold and a warm process)."""
    env = {"BRIEFING_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", script, *map(str, arguments)], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True).stdout


def require(program: str) -> str:
    """The program's path, or skip the test saying which line installs it."""
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed; install it with: {INSTALL_HINT[program]}")
    return path


MINIMAL = {
    "format": 1,
    "language": "nl",
    "classification": "ONGERUBRICEERD",
    "status": "definitief",
    "date": "2023-11-20",
    "memo": {"to": "Minister", "from": "Directie", "subject": "Voorbereiding"},
    "meeting": {"title": "Vergadering", "short": "VGD", "start": "2023-11-28",
                "end": "2023-11-29"},
    "source": {"title": "Brief", "citation": "Kamerstuk 1, nr. 1"},
    "glossary": {"VGD": "Vergadering"},
    "sessions": [{
        "id": "sessie-1", "title": "Eerste sessie", "date": "2023-11-28",
        "topics": [{"id": "onderwerp", "title": "Onderwerp",
                    "key_messages": ["Een boodschap."]}],
    }],
}


def minimal_data() -> dict:
    """A fresh copy of the smallest valid briefing, as plain data."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def write_briefing(tmp_path):
    """Write a briefing (plain data or YAML text) into tmp_path; returns its path."""

    def write(content: dict | str, name: str = "briefing.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(
            content, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def topic(data: dict, index: int = 0) -> dict:
    """The `index`-th topic of the first session of briefing data (minimal_data has one)."""
    return data["sessions"][0]["topics"][index]


def problem_lines(path: Path) -> list[str]:
    """What checking the briefing at `path` reports (its errors, or its warnings when it
    loads), one line each, without the file's path in front."""
    from builders.errors import BriefingError
    from builders.loader import load

    try:
        found = load(path).warnings
    except BriefingError as caught:
        found = caught.problems
    return [str(problem).replace(f"{path}:", "") for problem in found]
