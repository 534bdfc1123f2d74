"""Charts made once per machine: what a chart adds to its slide, kept on disk.

A chart slide's chart costs python-pptx's chart XML writer and xlsxwriter's workbook:
importing the two (~20 ms per process) and making the chart (~5 ms each), paid by every
build for the same chart again. Here what `Writer._chart` adds — the shapes it appends to
the slide's shape tree (the graphic frame; a target's line and label), the chart part's
bytes and its workbook's — is kept in a cache file (marshal: plain data, no code) keyed
by a hash of everything that makes them: the chart's plan and alternative text, the
theme, the build timestamp, the languages, the shape id and relationship id the chart
starts from, the versions of python-pptx, lxml, xlsxwriter, Python and zlib (the workbook
is deflated), and a stamp of this package's code (every module's path, size and time of
change, taken when this module is imported: code changed on disk later, by a checkout or
an upgrade while a `watch` runs, does not lend its stamp to charts the old code makes).
A hit adds the same shapes and parts; a miss, or a cache file that cannot be read or
written, makes the chart as before. Each file is a few kilobytes, one per distinct chart;
when a write finds more than `KEPT_FILES`, the least recently written go (and
temporary files left by a killed build).
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..code_stamp import PACKAGE_STAMP, files_stamp
from ..pattern_cache import cache_dir, store_atomically
from ..pattern_cache import prune as prune_files
from .reuse import KeptPart

FORMAT = 1
"""Bump when the cached layout changes; old files are then ignored."""
"""Every module of the package may shape a chart (its plan, labels, theme, model): all
of them are in the key's stamp, not a list that a new import would outgrow."""
KEPT_FILES = 2000
"""Chart files kept in the cache folder (a few MB); more, and the oldest written go."""
STALE_TEMPORARY = 3600.0
"""Seconds after which a temporary chart file is a killed build's leftover."""


@dataclass(frozen=True)
class KeptChart:
    """A chart's shapes (XML, in tree order) and its part, related from the slide as rId."""

    shapes: tuple[bytes, ...]
    rId: str
    part: KeptPart


def chart_key(*inputs) -> str:
    """The cache key of a chart made from `inputs` (their reprs) by this code."""
    text = repr((FORMAT, _code_version(), inputs))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def code_stamp(package: Path | None = None) -> str:
    """A digest of the package's files as they are on disk (path, size, time of change:
    a stat each, not a read; `package` walked now, by default the stamp taken when the
    builder was imported), and of the libraries' versions."""
    digest = hashlib.sha256((files_stamp(package) if package else PACKAGE_STAMP).encode())
    for library in ("xlsxwriter", "pptx"):        # not imported: a warm build needs neither
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin:      # its __init__ carries its version
            digest.update(Path(spec.origin).read_bytes())
    digest.update(f"{etree.LXML_VERSION} {sys.version} "
                  f"{zlib.ZLIB_RUNTIME_VERSION}".encode())   # the workbook is a zip too
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_version() -> str:
    return CODE_STAMP


CODE_STAMP = code_stamp()
"""The stamp of the code this process runs, taken at import."""


def _cache_file(key: str) -> Path:
    return cache_dir() / f"chart-{key}.v{FORMAT}"


def read(key: str) -> KeptChart | None:
    """The chart kept under `key`, or None (none kept, or a file that is not ours)."""
    try:
        shapes, rId, part = marshal.loads(_cache_file(key).read_bytes())
        kept = KeptChart(tuple(shapes), rId, _part_from(part))
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (kept.shapes and all(isinstance(shape, bytes) for shape in kept.shapes)
            and isinstance(rId, str)):
        return None
    return kept


def write(key: str, chart: KeptChart) -> None:
    store_atomically(_cache_file(key), marshal.dumps(
        (list(chart.shapes), chart.rId, _part_data(chart.part))), prefix=".chart-")
    if not _PRUNED:                       # once per process: a cold build writes many
        _PRUNED.append(True)
        prune(cache_dir())


_PRUNED: list = []


def prune(folder: Path, kept: int = KEPT_FILES, stale: float = STALE_TEMPORARY,
          kind: str = "chart") -> None:
    """Keep the `kept` chart files (or files of another `kind`) written last; remove
    temporary ones older than `stale` seconds (`pattern_cache.prune`)."""
    prune_files(folder, kept, kind, stale)


def _part_data(part: KeptPart) -> tuple:
    return (part.content_type, part.partname_template, part.blob,
            [(rId, reltype, _part_data(target)) for rId, reltype, target in part.related])


def _part_from(data) -> KeptPart:
    content_type, template, blob, related = data
    if not (isinstance(content_type, str) and isinstance(template, str)
            and isinstance(blob, bytes)):
        raise ValueError("not a kept part")
    return KeptPart(content_type, template, blob, tuple(
        (rId, reltype, _part_from(target)) for rId, reltype, target in related))


def shapes_xml(elements) -> tuple[bytes, ...]:
    return tuple(etree.tostring(element) for element in elements)


def shapes_from(kept: KeptChart, parse) -> list:
    """The kept shapes as elements, parsed with `parse` (python-pptx's parser)."""
    return [parse(shape) for shape in kept.shapes]
