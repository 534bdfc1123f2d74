"""The package: part names without quadratic search, and a zip that is the same every build."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

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


def save(package, moment: dt.datetime) -> bytes:
    """The package as a zip that is the same every build: fixed member times, fixed order.

    Written once, in python-pptx's member order ([Content_Types].xml, _rels/.rels, then
    each part and its relationships), instead of saving and then re-zipping the result.
    """
    out = io.BytesIO()
    _StampedPackageWriter(out, package._rels, tuple(package.iter_parts()),
                          _zip_time(moment))._write()
    return out.getvalue()


class _StampedPackageWriter(PackageWriter):
    """python-pptx's package writer, writing into a zip whose members carry `stamp`."""

    def __init__(self, pkg_file, pkg_rels, parts, stamp: tuple[int, ...]):
        super().__init__(pkg_file, pkg_rels, parts)
        self._stamp = stamp

    def _write(self) -> None:
        with zipfile.ZipFile(self._pkg_file, "w", zipfile.ZIP_DEFLATED) as archive:
            members = _StampedMembers(archive, self._stamp)
            self._write_content_types_stream(members)
            self._write_pkg_rels(members)
            self._write_parts(members)


class _StampedMembers:
    """Writes each member with the same time, permissions and compression."""

    def __init__(self, archive: zipfile.ZipFile, stamp: tuple[int, ...]):
        self._archive, self._stamp = archive, stamp

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self._archive.writestr(_member(pack_uri.membername, self._stamp), blob,
                               compresslevel=6)


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
