"""Every speed-up leaves the outputs byte for byte as they were: each is switched off in a
fresh process and the files compared with those of a normal build."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ENGLISH, ROOT, SHIPPED

RENDER = """
import hashlib, sys
{switch_off}
from builders.build import render_outputs
from builders.loader import load
outputs = render_outputs(load(sys.argv[1]), parallel=False)
for name in sorted(outputs):
    print(name, hashlib.sha256(outputs[name]).hexdigest())
import reportlab.lib.rl_accel as accel
print("accelerated", accel.fp_str.__module__ == "_rl_accel")
"""


def digests(briefing, switch_off: str = "", env: dict | None = None) -> dict[str, str]:
    result = subprocess.run([sys.executable, "-c", RENDER.format(switch_off=switch_off), str(briefing)],
                            cwd=ROOT, capture_output=True, text=True, check=True,
                            env=None if env is None else {**os.environ, **env})
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH], ids=["shipped", "english"])
def test_reportlabs_c_accelerator_is_used_and_changes_no_byte(briefing):
    normal = digests(briefing)
    plain = digests(briefing, switch_off='sys.modules["_rl_accel"] = None')
    assert normal.pop("accelerated") == "True", "rl_accel is not installed: reportlab[accel]"
    assert plain.pop("accelerated") == "False"
    assert normal == plain
    assert len(normal) >= 3  # memo, combined deck and session decks were compared


def test_collecting_after_each_deck_changes_no_byte_and_unfreezes(monkeypatch):
    """render_decks freezes the plans and collects after each deck (the 50× peak memory);
    the decks are the same bytes as without, and nothing stays frozen afterwards."""
    import gc

    import builders.deck as deck
    from builders.loader import load

    loaded = load(SHIPPED)
    normal = deck.render_decks(loaded)
    assert gc.get_freeze_count() == 0
    calls = []
    monkeypatch.setattr(deck.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(deck.gc, "collect", lambda *args: calls.append("collect"))
    assert deck.render_decks(loaded) == normal
    assert calls.count("freeze") == 1 and calls.count("collect") == len(normal) + 1


def test_the_hyphenation_cache_changes_no_byte(tmp_path):
    """A cold cache (patterns parsed, cache written) and a warm one (patterns read) give
    the same memo as each other and as pyphen parsing its own dictionary."""
    env = {"BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    cold = digests(SHIPPED, env=env)
    assert list((tmp_path / "cache").iterdir())
    warm = digests(SHIPPED, env=env)
    parsed = digests(SHIPPED, env=env, switch_off=(
        "import builders.pattern_cache as cache, pyphen; "
        "cache.hyphenator = lambda code: pyphen.Pyphen(lang=code)"))
    assert cold == warm == parsed


def test_deflating_each_distinct_member_once_changes_no_byte(monkeypatch):
    """The decks share one DeflatedMembers: each distinct member is deflated once, and the
    decks are the same bytes as when zipfile deflates every member itself."""
    import builders.deck as deck
    import builders.deck.package as package
    from builders.loader import load

    loaded = load(SHIPPED)
    deflated = []
    real_deflate = package.deflate
    monkeypatch.setattr(package, "deflate", lambda blob: deflated.append(blob) or real_deflate(blob))
    cached = deck.render_decks(loaded)
    assert len(deflated) == len(set(deflated))          # no member deflated twice
    members = sum(len(zipfile.ZipFile(io.BytesIO(data)).namelist()) for data in cached.values())
    assert len(deflated) < members * 0.6                # the decks really share members
    monkeypatch.setattr(deck, "DeflatedMembers", lambda: None)
    assert deck.render_decks(loaded) == cached


def test_a_small_deflate_budget_drops_the_oldest_and_changes_no_byte():
    from builders.deck.package import DeflatedMembers, deflate

    members = DeflatedMembers(budget=len(deflate(b"a" * 1000)) + 1)
    assert members.deflate(b"a" * 1000) == deflate(b"a" * 1000)
    assert members.deflate(b"b" * 1000) == deflate(b"b" * 1000)
    assert len(members._compressed) == 1                # the first was dropped
    assert members.deflate(b"a" * 1000) == deflate(b"a" * 1000)
