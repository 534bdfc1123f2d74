"""Pillow's image module loaded at its first use: a memo without a logo never runs it, a
memo with one is the same as when Pillow was imported first."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import yaml

from builders import pillow
from tests.conftest import ROOT, SHIPPED, minimal_data

MEMO = """
import hashlib, json, sys
{first}
import builders.memo
from builders.loader import load
from builders import pillow
from builders.memo import render_memo
import dataclasses
loaded = load(sys.argv[1], check=False)
if len(sys.argv) > 2:
    theme = loaded.theme
    memo = theme.memo.model_copy(update={{"logo": sys.argv[2]}})
    loaded = dataclasses.replace(loaded, theme=theme.model_copy(update={{"memo": memo}}))
pdf = render_memo(loaded)
print(json.dumps([hashlib.sha256(pdf).hexdigest(), pillow.is_deferred()]))
"""


def memo_in_a_process(*arguments, first: str = "") -> list:
    result = subprocess.run([sys.executable, "-c", MEMO.format(first=first), *map(str, arguments)],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_a_memo_without_a_logo_never_runs_pillows_image_module():
    memo_in_a_process(SHIPPED)     # the first on this machine makes (and keeps) the profile
    deferred = memo_in_a_process(SHIPPED)
    imported = memo_in_a_process(SHIPPED, first="import PIL.Image")
    assert deferred == [imported[0], True]
    assert imported[1] is False


def test_a_memo_with_a_logo_reads_it_as_when_pillow_was_imported_first(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (21, 66, 115)).save(logo)
    briefing = tmp_path / "briefing.yaml"
    briefing.write_text(yaml.safe_dump(minimal_data(), allow_unicode=True), encoding="utf-8")

    deferred = memo_in_a_process(briefing, logo)
    imported = memo_in_a_process(briefing, logo, first="import PIL.Image")
    assert deferred == [imported[0], False]  # loaded when the logo was read
    without = memo_in_a_process(briefing)
    assert without[0] != deferred[0]


def test_nothing_is_deferred_once_pillow_is_imported():
    import PIL.Image  # noqa: F401 - imported in this process already

    assert pillow.defer_pillow() is False
    assert not pillow.is_deferred()


DECKS = """
import hashlib, json, sys
{first}
from builders.deck import render_decks
from builders.loader import load
decks = render_decks(load(sys.argv[1]))
digest = hashlib.sha256(b"".join(decks[name] for name in sorted(decks))).hexdigest()
image = sys.modules.get("PIL.Image")      # not builders.pillow, which would defer it itself
print(json.dumps([digest, type(image).__name__ == "_LazyModule"]))
"""


def test_decks_without_a_logo_never_run_pillows_image_module():
    def decks_in_a_process(first: str = "") -> list:
        result = subprocess.run([sys.executable, "-c", DECKS.format(first=first), str(SHIPPED)],
                                cwd=ROOT, capture_output=True, text=True, check=True)
        return json.loads(result.stdout)

    deferred, imported = decks_in_a_process(), decks_in_a_process("import PIL.Image")
    assert deferred == [imported[0], True]
    assert imported[1] is False
