"""The package: part names without quadratic search, and a zip that is the same every build."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
import zlib
from collections import OrderedDict

from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter


def counting_partnames(package) -> None:
    """Make `package.next_partname` count instead of walking every relationship.

    python-pptx asks for a new part name (notes slide, chart, workbook) by collecting all
    part names of the package, which makes a deck of n slides cost O(n²). Here each
    template is counted once from the package as it stands, then numbered onwards.
    """
    package.__class__ = _counting_class(type(package))
    package._partname_counters = {}


def _counting_class(base: type) -> type:
    if getattr(base, "_counts_partnames", False):
        return base
    return type(f"Counting{base.__name__}", (base,), {
        "_counts_partnames": True, "next_partname": _next_partname})


def _next_partname(self, tmpl: str) -> PackURI:
    counters = self._partname_counters
    if tmpl not in counters:
        prefix = tmpl[: (tmpl % 42).find("42")]
        taken = {str(part.partname) for part in self.iter_parts()
                 if str(part.partname).startswith(prefix)}
        number = 1
        while tmpl % number in taken:
            number += 1
        counters[tmpl] = (number, taken)
    number, taken = counters[tmpl]
    while tmpl % number in taken:
        number += 1
    counters[tmpl] = (number + 1, taken)
    return PackURI(tmpl % number)


COMPRESS_LEVEL = 6
DEFLATED_BUDGET = 32 * 1024 * 1024
"""Bytes of compressed members a DeflatedMembers keeps (the 50× decks need about 2 MB)."""


class DeflatedMembers:
    """Each distinct zip member deflated once per build: member bytes → compressed bytes.

    The decks of one build share most members (the master, its layouts and themes in
    every deck; a session's notes, chart and workbook in the combined deck and its own).
    Keyed by the member's SHA-256, so only compressed bytes are kept; the oldest go
    first beyond `budget`. Deflate is deterministic, so a hit is the same bytes as a miss.
    """

    def __init__(self, budget: int = DEFLATED_BUDGET):
        self._budget, self._size = budget, 0
        self._compressed: OrderedDict[bytes, bytes] = OrderedDict()

    def deflate(self, blob: bytes) -> bytes:
        key = hashlib.sha256(blob).digest()
        found = self._compressed.get(key)
        if found is not None:
            self._compressed.move_to_end(key)
            return found
        found = deflate(blob)
        self._compressed[key] = found
        self._size += len(found)
        while self._size > self._budget and len(self._compressed) > 1:
            self._size -= len(self._compressed.popitem(last=False)[1])
        return found


def deflate(blob: bytes) -> bytes:
    """Raw deflate as zipfile writes a member at COMPRESS_LEVEL."""
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(blob) + compressor.flush()


def save(package, moment: dt.datetime, deflated: DeflatedMembers | None = None) -> bytes:
    """The package as a zip that is the same every build: fixed member times, fixed order.

    Written once, in python-pptx's member order ([Content_Types].xml, _rels/.rels, then
    each part and its relationships), instead of saving and then re-zipping the result.
    `deflated`, shared by the decks of a build, compresses each distinct member once.
    """
    out = io.BytesIO()
    _StampedPackageWriter(out, package._rels, tuple(package.iter_parts()),
                          _zip_time(moment), deflated)._write()
    return out.getvalue()


class _StampedPackageWriter(PackageWriter):
    """python-pptx's package writer, writing into a zip whose members carry `stamp`."""

    def __init__(self, pkg_file, pkg_rels, parts, stamp: tuple[int, ...],
                 deflated: DeflatedMembers | None = None):
        super().__init__(pkg_file, pkg_rels, parts)
        self._stamp, self._deflated = stamp, deflated

    def _write(self) -> None:
        with zipfile.ZipFile(self._pkg_file, "w", zipfile.ZIP_DEFLATED) as archive:
            members = _StampedMembers(archive, self._stamp, self._deflated)
            self._write_content_types_stream(members)
            self._write_pkg_rels(members)
            self._write_parts(members)


class _StampedMembers:
    """Writes each member with the same time, permissions and compression."""

    def __init__(self, archive: zipfile.ZipFile, stamp: tuple[int, ...],
                 deflated: DeflatedMembers | None = None):
        self._archive, self._stamp, self._deflated = archive, stamp, deflated

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        info = _member(pack_uri.membername, self._stamp)
        if self._deflated is None:
            self._archive.writestr(info, blob, compresslevel=COMPRESS_LEVEL)
            return
        # As writestr does, but the member's deflated bytes come from the build's cache:
        # zipfile still writes the headers, the CRC and the central directory itself.
        info._compresslevel = COMPRESS_LEVEL
        info.file_size = len(blob)
        with self._archive.open(info, "w") as member:
            member._compressor = _Precompressed(self._deflated.deflate(blob))
            member.write(blob)


class _Precompressed:
    """Stands in for zipfile's compressor of one member whose deflate output is known."""

    def __init__(self, compressed: bytes):
        self._compressed = compressed

    def compress(self, data) -> bytes:
        compressed, self._compressed = self._compressed, b""
        return compressed

    def flush(self) -> bytes:
        return b""


def _member(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second - moment.second % 2)
