"""What a command's start-up need not pay for: cycle collections while modules are
imported, and a standard-library module that pydantic imports but a command never uses.

Both are for imports only. `imports_uncollected` pauses the cycle collector while a block
imports modules: importing the builder's modules for a build made about 50 young
collections before the memo's process is forked, 8–13 ms of the critical path, and
another 4–5 ms while that process imports the memo's; modules are not garbage, so there
was nothing for them to find. (Its callers are processes that end after a command, or a
watch, whose modules live as long as it does: so freezing them at the end is safe.)
`metadata_deferred` keeps `importlib.metadata` unloaded while pydantic is imported (see
the function). Neither changes what a build makes.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import types
from contextlib import contextmanager

METADATA = "importlib.metadata"
PLUGINS_OFF = ("__all__", "1", "true")
"""The values of PYDANTIC_DISABLE_PLUGINS with which pydantic looks for no plugin."""


@contextmanager
def imports_uncollected():
    """While the block runs (imports), no cycle collection; then what the process holds
    is frozen (`gc.freeze`: out of the collector's view; modules live to the end anyway)
    and the collector's state restored. Without the freeze, the first collection after
    the block would walk everything the block made, all at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def metadata_deferred():
    """While the block runs, `importlib.metadata` is a stand-in that loads the real module
    when anything in it is used, and afterwards it is as if never imported.

    pydantic imports `importlib.metadata.entry_points` when its first model class is made
    (`pydantic.plugin._loader`), to find plugins, and calls it only when plugins are on.
    The commands turn them off (PYDANTIC_DISABLE_PLUGINS, `cli.py`), so the import only
    loaded the module and what it imports (email, csv, zipfile's neighbours): about 37
    million instructions, 6–8 ms, before the memo's process is forked. The stand-in's
    `entry_points` imports the real module when called; any other name read from it does
    so at once. Where plugins are on, or the module is already imported, nothing changes.
    """
    if (os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in PLUGINS_OFF
            or METADATA in sys.modules):
        yield
        return
    stand_in = _StandIn(METADATA, "importlib.metadata, loaded when first used")
    stand_in.entry_points = entry_points
    sys.modules[METADATA] = stand_in
    importlib.metadata = stand_in
    try:
        yield
    finally:
        if sys.modules.get(METADATA) is stand_in:
            del sys.modules[METADATA]
        if getattr(importlib, "metadata", None) is stand_in:
            del importlib.metadata


class _StandIn(types.ModuleType):
    """`importlib.metadata` until used: reading a name it lacks loads the real module."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(real_metadata(), name)


def entry_points(**selection):
    """`importlib.metadata.entry_points`, imported when first called."""
    return real_metadata().entry_points(**selection)


def real_metadata() -> types.ModuleType:
    """The real `importlib.metadata`, imported now if the stand-in holds its place."""
    if isinstance(sys.modules.get(METADATA), _StandIn):
        del sys.modules[METADATA]
    return importlib.import_module(METADATA)
