"""What a command's start-up skips: cycle collections during its imports, and
`importlib.metadata` for pydantic's plugin lookup when plugins are off."""

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from builders.startup import METADATA, _StandIn, imports_uncollected, metadata_deferred

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "briefing.yaml"


def test_no_collection_runs_inside_the_block_and_the_state_is_restored():
    collections = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        with imports_uncollected():
            assert not gc.isenabled()
            for _ in range(5000):       # cycles enough for several young collections
                cycle = []
                cycle.append(cycle)
            inside = list(collections)
        assert gc.isenabled()
        with imports_uncollected():
            pass
        gc.disable()
        with imports_uncollected():
            pass
        assert not gc.isenabled()      # a collector paused before stays paused
    finally:
        gc.enable()
        gc.callbacks.remove(seen)
    assert inside == []


def test_the_collector_is_restored_when_the_block_raises():
    with pytest.raises(ImportError):
        with imports_uncollected():
            raise ImportError("no such module")
    assert gc.isenabled()


IN_A_FRESH_PROCESS = """
import os, sys
os.environ["PYDANTIC_DISABLE_PLUGINS"] = sys.argv[1]
from builders.startup import metadata_deferred
with metadata_deferred():
    import pydantic
    from pydantic.plugin._loader import entry_points as taken
    class Model(pydantic.BaseModel):
        x: int
    inside = "importlib.metadata" in sys.modules and type(sys.modules["importlib.metadata"]).__name__
after = "importlib.metadata" in sys.modules
import importlib, importlib.metadata
real = sys.modules["importlib.metadata"]
print(inside, after, importlib.metadata is real, hasattr(real, "PackageNotFoundError"),
      taken(group="console_scripts") == real.entry_points(group="console_scripts"),
      Model(x=1).x)
"""


def run_fresh(plugins: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", IN_A_FRESH_PROCESS, plugins], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_with_plugins_off_pydantic_imports_a_stand_in_and_the_real_module_comes_later():
    # inside: the stand-in; after the block: not imported at all; then the real module,
    # and the function pydantic took still answers as the real one does
    assert run_fresh("__all__") == ["_StandIn", "False", "True", "True", "True", "1"]


def test_with_plugins_on_nothing_is_deferred():
    assert run_fresh("") == ["module", "True", "True", "True", "True", "1"]


def test_a_name_read_from_the_stand_in_loads_the_real_module(monkeypatch):
    monkeypatch.delitem(sys.modules, METADATA)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    with metadata_deferred():
        stand_in = sys.modules[METADATA]
        assert isinstance(stand_in, _StandIn)
        version = stand_in.version            # any name but entry_points: loads it now
        assert not isinstance(sys.modules[METADATA], _StandIn)
    assert version("pyyaml") == sys.modules[METADATA].version("pyyaml")
    with pytest.raises(AttributeError):
        _StandIn(METADATA).__path__            # no dunder loads it (nor makes it a package)


COUNTED_BUILD = """
import gc, os, sys
from builders import cli
collections = []
gc.callbacks.append(lambda phase, info: collections.append(info["generation"])
                    if phase == "start" and "builders.model" in sys.modules else None)
freeze = gc.freeze
at_fork = []
os.register_at_fork(after_in_child=lambda: at_fork.append(len(collections)))

def noted_freeze():
    # the build's process freezes once its modules are imported, just before it forks
    # the memo's process; that process freezes once it has imported the memo's modules
    with open(sys.argv[2], "a") as stream:
        since = len(collections) - (at_fork[0] if at_fork else 0)
        stream.write(f"{since} {'importlib.metadata' in sys.modules}\\n")
    freeze()

gc.freeze = noted_freeze
status = cli.main(["build", "--briefing", sys.argv[1], "--out", sys.argv[3], "-q"])
print(status, "importlib.metadata" in sys.modules)
"""


def test_a_build_imports_its_modules_uncollected_and_without_importlib_metadata(tmp_path):
    """From the first import of the model to the fork of the memo's process, and in that
    process until the memo's modules are imported: no cycle collection, and `importlib.metadata` loaded in neither process
    (the decks load zipfile, not it)."""
    seen = tmp_path / "seen"
    result = subprocess.run([sys.executable, "-c", COUNTED_BUILD, str(SHIPPED), str(seen),
                             str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "False"]
    notes = seen.read_text().splitlines()
    assert notes[:2] == ["0 False", "0 False"], notes   # build process, then memo process
