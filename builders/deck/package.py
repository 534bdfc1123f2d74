"""The package: part names without quadratic search, and a zip that is the same every build."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from pptx.opc.packuri import PackURI

FIRST_MEMBERS = ("[Content_Types].xml", "_rels/.rels")


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


def deterministic_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same archive with fixed member times and a fixed member order."""
    stamp = _zip_time(moment)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = [name for name in FIRST_MEMBERS if name in names]
    ordered += [name for name in names if name not in FIRST_MEMBERS]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second - moment.second % 2)
