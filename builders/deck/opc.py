"""The package as bytes, without python-pptx: relationships, content types and a zip that
is the same every build, and a small package model (`Package`, `Part`) that a warm build
writes its decks with (see `lean`).

The model keeps the names python-pptx's package uses for what the writer reads (a part's
`partname`, `content_type`, `blob`, `rels`, `relate_to`; a relationship's `reltype`,
`target_part`, `target_ref`; the private `_rels`, `_target`, `_target_mode` and
`_base_uri` that `parts_in_order` and `rels_xml` walk), so the code that keeps, places
and saves parts serves both. It numbers relationships and parts as python-pptx does.
Nothing here imports python-pptx: a warm build does not load it (~60 ms).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from functools import lru_cache

from lxml import etree


class NeedsPptx(Exception):
    """What the lean writer does not write itself: the deck is written with python-pptx."""


# python-pptx's constants (pptx.opc.constants, pptx.oxml.ns), as plain strings: importing
# any of its modules imports all of python-pptx. Compared with python-pptx's in the tests.
EXTERNAL = "External"
RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_CHART = RT_BASE + "chart"
RT_EXTENDED_PROPERTIES = RT_BASE + "extended-properties"
RT_HYPERLINK = RT_BASE + "hyperlink"
RT_NOTES_MASTER = RT_BASE + "notesMaster"
RT_NOTES_SLIDE = RT_BASE + "notesSlide"
RT_PACKAGE = RT_BASE + "package"
RT_SLIDE = RT_BASE + "slide"
RT_SLIDE_LAYOUT = RT_BASE + "slideLayout"
RT_SLIDE_MASTER = RT_BASE + "slideMaster"
RT_THEME = RT_BASE + "theme"
CT_OOXML = "application/vnd.openxmlformats-officedocument."
CT_CHART = CT_OOXML + "drawingml.chart+xml"
CT_NOTES_MASTER = CT_OOXML + "presentationml.notesMaster+xml"
CT_NOTES_SLIDE = CT_OOXML + "presentationml.notesSlide+xml"
CT_SHEET = CT_OOXML + "spreadsheetml.sheet"
CT_SLIDE = CT_OOXML + "presentationml.slide+xml"
CT_THEME = CT_OOXML + "theme+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
CHART_PARTNAME = "/ppt/charts/chart%d.xml"
WORKBOOK_PARTNAME = "/ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx"
NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
THEME_PARTNAME = "/ppt/theme/theme%d.xml"
NOTES_MASTER_PARTNAME = "/ppt/notesMasters/notesMaster1.xml"
MIN_SLIDE_ID = 256
"""The first id PowerPoint (and python-pptx) gives a slide in the slide list."""
SLIDE_PARTNAME = "/ppt/slides/slide%d.xml"
DEFAULT_CONTENT_TYPES = frozenset({
    ("bin", CT_OOXML + "presentationml.printerSettings"),
    ("bin", CT_OOXML + "spreadsheetml.printerSettings"),
    ("bin", CT_OOXML + "wordprocessingml.printerSettings"),
    ("bmp", "image/bmp"), ("emf", "image/x-emf"), ("fntdata", "application/x-fontdata"),
    ("gif", "image/gif"), ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"), ("mov", "video/quicktime"), ("mp4", "video/mp4"),
    ("mpg", "video/mpeg"), ("png", "image/png"), ("rels", CT_RELATIONSHIPS),
    ("tif", "image/tiff"), ("tiff", "image/tiff"), ("vid", "video/unknown"),
    ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"), ("wmv", "video/x-ms-wmv"),
    ("xlsx", CT_SHEET), ("xml", CT_XML)})
"""python-pptx's `default_content_types` (pptx.opc.spec)."""
NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def qn(tag: str) -> str:
    """A prefixed tag (`a:p`) as its Clark name, as python-pptx's `qn` gives it."""
    prefix, name = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{name}"


# ------------------------------------------------------------------ the model


class Relationship:
    """One relationship from a part (or the package), as python-pptx's `_Relationship`."""

    __slots__ = ("_base_uri", "_rId", "_reltype", "_target_mode", "_target")

    def __init__(self, base_uri: str, rId: str, reltype: str, target_mode: str, target):
        self._base_uri, self._rId, self._reltype = base_uri, rId, reltype
        self._target_mode, self._target = target_mode, target

    @property
    def rId(self) -> str:
        return self._rId

    @property
    def reltype(self) -> str:
        return self._reltype

    @property
    def is_external(self) -> bool:
        return self._target_mode == EXTERNAL

    @property
    def target_part(self):
        if self.is_external:
            raise ValueError("an external relationship has no target part")
        return self._target

    @property
    def target_ref(self) -> str:
        return self._target if self.is_external else _relative(
            str(self._target.partname), self._base_uri)


class Relationships:
    """A part's relationships in the order they were added, numbered as python-pptx
    numbers them (`_Relationships`: the highest free `rIdN` up to one past their count)."""

    def __init__(self, base_uri: str) -> None:
        self._base_uri = base_uri
        self._rels: dict[str, Relationship] = {}

    def __len__(self) -> int:
        return len(self._rels)

    def __bool__(self) -> bool:
        return bool(self._rels)

    def __contains__(self, rId: str) -> bool:
        return rId in self._rels

    def __getitem__(self, rId: str) -> Relationship:
        return self._rels[rId]

    def get(self, rId: str, default=None):
        return self._rels.get(rId, default)

    def items(self):
        return self._rels.items()

    def values(self):
        return self._rels.values()

    @property
    def xml(self) -> bytes:
        raise NeedsPptx("a relationship target that is no XML text")

    @property
    def _next_rId(self) -> str:
        for number in range(len(self._rels) + 1, 0, -1):
            candidate = f"rId{number}"
            if candidate not in self._rels:
                return candidate
        raise AssertionError("more distinct rIds than relationships")

    def add(self, reltype: str, target, external: bool = False) -> str:
        rId = self._next_rId
        self._rels[rId] = Relationship(self._base_uri, rId, reltype,
                                       EXTERNAL if external else "Internal", target)
        return rId

    def get_or_add(self, reltype: str, target, external: bool = False) -> str:
        """The rId of the first relationship of `reltype` to `target` (the same part, or an
        equal address), else of a new one (python-pptx's `relate_to`)."""
        for rel in self._rels.values():
            if rel._reltype == reltype and rel.is_external == external and (
                    rel._target == target if external else rel._target is target):
                return rel._rId
        return self.add(reltype, target, external)


class Part:
    """A part: its name, content type, and bytes or an lxml element (serialised when
    saved, as python-pptx serialises an XML part)."""

    lean = True

    def __init__(self, partname: str, content_type: str, package, blob: bytes | None = None,
                 element=None) -> None:
        self.partname, self.content_type, self.package = partname, content_type, package
        self._blob, self._element = blob, element
        self._rels = Relationships(posixpath.split(partname)[0])

    @property
    def blob(self) -> bytes:
        if self._element is not None:
            return serialize_xml(self._element)
        return self._blob

    @property
    def rels(self) -> Relationships:
        return self._rels

    def relate_to(self, target, reltype: str, is_external: bool = False) -> str:
        return self._rels.get_or_add(reltype, target, is_external)

    def part_related_by(self, reltype: str):
        found = [rel._target for rel in self._rels.values()
                 if rel._reltype == reltype and not rel.is_external]
        if len(found) != 1:
            raise KeyError(f"{len(found)} relationships of type {reltype!r}")
        return found[0]


class Package:
    """The parts of one deck, reached from the package's relationships; names new parts
    as python-pptx's `next_partname` (the first number free of that kind, counted on)."""

    def __init__(self) -> None:
        self._rels = Relationships("/")
        self._counters: dict[str, tuple[int, set[str]]] = {}
        self.presentation_part = None

    def next_partname(self, template: str) -> str:
        return counted_partname(self, self._counters, template)


def counted_partname(package, counters: dict, template: str) -> str:
    """The part name python-pptx's `next_partname` gives `template` (e.g.
    "/ppt/slides/slide%d.xml"): the first number no part of that kind has. The names
    taken are collected from the package once per kind, then counted on (python-pptx
    collects every part name of the package at each call, O(n²) for a deck)."""
    if template not in counters:
        prefix = template[: (template % 42).find("42")]
        taken = {str(part.partname) for part in parts_in_order(package)
                 if str(part.partname).startswith(prefix)}
        counters[template] = (1, taken)
    number, taken = counters[template]
    while template % number in taken:
        number += 1
    counters[template] = (number + 1, taken)
    return template % number


def new_part(package, partname: str, content_type: str, blob: bytes):
    """A part of bytes in our package, or in python-pptx's (see `package`)."""
    if isinstance(package, Package):
        return Part(partname, content_type, package, blob)
    from .package import bytes_part

    return bytes_part(package, partname, content_type, blob)


OXML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
"""python-pptx's parser options (`oxml_parser`), without its element classes."""
EXACT_PARSER = etree.XMLParser(resolve_entities=False)
"""For bytes lxml serialised: parsed back to the same tree."""


def parse_oxml(xml: bytes):
    """XML as python-pptx's `parse_xml` parses it (the same tree, plain lxml elements)."""
    return etree.fromstring(xml, OXML_PARSER)


def parse_exact(xml: bytes):
    return etree.fromstring(xml, EXACT_PARSER)


def next_relationship_id(part) -> str:
    """The id python-pptx (or our package) gives the next relationship from `part`."""
    return part._rels._next_rId


def serialize_xml(element) -> bytes:
    """An XML part's bytes as python-pptx writes them (`serialize_part_xml`)."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def parts_in_order(package) -> list:
    """The package's parts in python-pptx's order (`iter_parts`: depth first, each part
    where it is first related), walked over the relationship dicts directly: python-pptx's
    nested generators cost more than the save itself at scale, and it is asked for at
    every save and at each first numbering of a kind of part. For python-pptx's package
    and ours alike."""
    order: list = []
    seen: set[int] = set()
    pending = [iter(package._rels._rels.values())]     # no recursive closure: no cycle
    while pending:
        for rel in pending[-1]:
            if rel._target_mode == EXTERNAL:
                continue
            part = rel._target
            if id(part) not in seen:
                seen.add(id(part))
                order.append(part)
                pending.append(iter(part._rels._rels.values()))
                break
        else:
            pending.pop()
    return order


def write_package(package_rels, parts, stamp: tuple[int, ...],
                  deflated: "DeflatedMembers | None" = None) -> bytes:
    """The zip python-pptx's `PackageWriter` writes ([Content_Types].xml, _rels/.rels, then
    each part and its relationships), each member stamped with the same time."""
    members = [("[Content_Types].xml", content_types_xml(parts)),
               ("_rels/.rels", rels_xml(package_rels))]
    for part in parts:
        name = str(part.partname)
        members.append((member_name(name), part.blob))
        if part._rels:
            members.append((rels_member(name), rels_xml(part._rels)))
    if deflated is not None:
        written = zipped(members, stamp, deflated)
        if written is not None:
            return written
    return stamped_zip(members, stamp, deflated)


def stamped_zip(members, stamp: tuple[int, ...],
                deflated: "DeflatedMembers | None" = None) -> bytes:
    """The zip of (name, bytes) members, in this order, each stamped with the same time."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        stamped = _StampedMembers(archive, stamp, deflated)
        for name, blob in members:
            stamped.write(name, blob)
    return out.getvalue()


_LOCAL_HEADER = struct.Struct(zipfile.structFileHeader)
_CENTRAL_HEADER = struct.Struct(zipfile.structCentralDir)
_END_RECORD = struct.Struct(zipfile.structEndArchive)
_MEMBER_ATTRIBUTES = 0o644 << 16


def zipped(members, stamp: tuple[int, ...], deflated: "DeflatedMembers") -> bytes | None:
    """The zip of (name, bytes) members that zipfile writes with `_StampedMembers`' member
    settings (deflated, no data descriptor, version 2.0, MS-DOS, rw-r--r--, the stamp's
    time), its headers packed here with zipfile's own formats: zipfile builds a ZipInfo,
    a local header and a central directory entry per member, in Python. None for an
    archive that needs what this does not write (Zip64, a name zipfile would change or
    write twice): zipfile writes it."""
    dosdate = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    dostime = stamp[3] << 11 | stamp[4] << 5 | (stamp[5] // 2)
    version, deflate_type = zipfile.DEFAULT_VERSION, zipfile.ZIP_DEFLATED
    limit = zipfile.ZIP64_LIMIT
    out, central, names, offset = [], [], set(), 0
    for name, blob in members:
        if len(blob) * 1.05 > limit or "\x00" in name or name in names:
            return None
        names.add(name)
        compressed, crc = deflated.deflated(blob)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        header = _LOCAL_HEADER.pack(zipfile.stringFileHeader, version, 0, flags, deflate_type,
                                    dostime, dosdate, crc, len(compressed), len(blob),
                                    len(encoded), 0)
        out += (header, encoded, compressed)
        central += (_CENTRAL_HEADER.pack(
            zipfile.stringCentralDir, version, 0, version, 0, flags, deflate_type, dostime,
            dosdate, crc, len(compressed), len(blob), len(encoded), 0, 0, 0, 0,
            _MEMBER_ATTRIBUTES, offset), encoded)
        offset += len(header) + len(encoded) + len(compressed)
        if offset > limit:
            return None
    directory = b"".join(central)
    if len(members) > zipfile.ZIP_FILECOUNT_LIMIT or len(directory) > limit:
        return None
    out += (directory, _END_RECORD.pack(zipfile.stringEndArchive, 0, 0, len(members),
                                        len(members), len(directory), offset, 0))
    return b"".join(out)


COMPRESS_LEVEL = 6
DEFLATED_BUDGET = 32 * 1024 * 1024
"""Bytes of compressed members a DeflatedMembers keeps (the 50× decks need about 2 MB)."""


class DeflatedMembers:
    """Each distinct zip member deflated once per build: member bytes → compressed bytes.

    The decks of one build share most members (the master, its layouts and themes in
    every deck; a session's notes, chart and workbook in the combined deck and its own).
    Keyed by the member's SHA-256, so only compressed bytes are kept; the oldest go
    first beyond `budget`. Deflate is deterministic, so a hit is the same bytes as a miss.
    Members deflated by an earlier build (`known`, see `deflate_cache`) are taken when
    their compressed bytes still carry their check.
    """

    def __init__(self, budget: int = DEFLATED_BUDGET):
        self._budget, self._size = budget, 0
        self._compressed: OrderedDict[bytes, tuple[bytes, int]] = OrderedDict()
        self.known: dict = {}           # key → (compressed, CRC, CRC of the compressed)
        self.deflated_anew = 0          # members this build deflated itself

    def deflate(self, blob: bytes) -> bytes:
        return self.deflated(blob)[0]

    def deflated(self, blob: bytes) -> tuple[bytes, int]:
        """The member's deflated bytes and its CRC-32 (as zipfile computes it)."""
        key = hashlib.sha256(blob).digest()
        found = self._compressed.get(key)
        if found is not None:
            self._compressed.move_to_end(key)
            return found
        earlier = self.known.pop(key, None)
        if (earlier is not None and zlib.crc32(blob) == earlier[1]
                and zlib.crc32(earlier[0]) == earlier[2]):    # the member's and the bytes' CRCs
            found = (earlier[0], earlier[1])
        else:
            found = (deflate(blob), zlib.crc32(blob))
            self.deflated_anew += 1
        self._compressed[key] = found
        self._size += len(found[0])
        while self._size > self._budget and len(self._compressed) > 1:
            self._size -= len(self._compressed.popitem(last=False)[1][0])
        return found

    def kept(self) -> dict:
        """The members this build used, as `known` takes them."""
        return {key: (compressed, crc, zlib.crc32(compressed))
                for key, (compressed, crc) in self._compressed.items()}


def deflate(blob: bytes) -> bytes:
    """Raw deflate as zipfile writes a member at COMPRESS_LEVEL."""
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(blob) + compressor.flush()


RELS_HEAD = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"')
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def rels_xml(rels) -> bytes:
    """A part's relationships as python-pptx serialises them (`_Relationships.xml`),
    written as text: python-pptx parses a small XML string for every relationship.
    A target that is no XML text is left to python-pptx (which refuses it)."""
    entries = rels._rels
    numbered = sorted((int(rId[3:]) if rId.startswith("rId") and rId[3:].isdigit() else 0, rId)
                      for rId in entries)
    items = []
    for _, rId in numbered:
        rel = entries[rId]
        if rel._target_mode == EXTERNAL:
            item = _relationship(rId, rel._reltype, rel._target, True)
        else:
            item = _relationship(rId, rel._reltype,
                                 _relative(rel._target.partname, rel._base_uri), False)
        if item is None:
            return rels.xml             # python-pptx's rels write it, or refuse it
        items.append(item)
    if not items:
        return (RELS_HEAD + "/>").encode("utf-8")
    return (RELS_HEAD + ">" + "".join(items) + "</Relationships>").encode("utf-8")


@lru_cache(maxsize=8192)
def _relationship(rId: str, reltype: str, target: str, external: bool) -> str | None:
    """One `Relationship` element, remembered: the decks of a build repeat most of them."""
    if _NOT_XML.search(target) or _NOT_XML.search(rId):
        return None
    mode = ' TargetMode="External"' if external else ""
    return (f'<Relationship Id="{_attribute(rId)}" Type="{_attribute(reltype)}" '
            f'Target="{_attribute(target)}"{mode}/>')


TYPES_HEAD = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"')


def content_types_xml(parts) -> bytes:
    """`[Content_Types].xml` as python-pptx serialises it (`_ContentTypesItem`), written as
    text: a part whose extension and content type python-pptx lists as a default is
    covered by its extension's `Default` (rels and xml always are), every other part gets
    an `Override`; each sorted. A name or type that is no XML text is refused (NeedsPptx:
    python-pptx then writes, or refuses, it)."""
    defaults = {"rels": CT_RELATIONSHIPS, "xml": CT_XML}
    overrides: dict[str, str] = {}
    for part in parts:
        partname, content_type = str(part.partname), part.content_type
        ext = extension(partname)
        if (ext.lower(), content_type) in DEFAULT_CONTENT_TYPES:
            defaults[ext.lower()] = content_type
        else:
            overrides[partname] = content_type
    items = [f'<Default Extension="{_attribute(ext)}" '
             f'ContentType="{_attribute(content_type)}"/>'
             for ext, content_type in sorted(defaults.items())]
    items += [f'<Override PartName="{_attribute(partname)}" '
              f'ContentType="{_attribute(content_type)}"/>'
              for partname, content_type in sorted(overrides.items())]
    if any(_NOT_XML.search(item) for item in items):
        raise NeedsPptx("a part name or content type that is no XML text")
    return (TYPES_HEAD + ">" + "".join(items) + "</Types>").encode("utf-8")


def extension(partname: str) -> str:
    """`PackURI.ext`: the extension without its dot."""
    raw = posixpath.splitext(partname)[1]
    return raw[1:] if raw.startswith(".") else raw


def member_name(partname: str) -> str:
    """`PackURI.membername`: the zip member of a part name."""
    return partname[1:]


def rels_member(partname: str) -> str:
    """`PackURI.rels_uri.membername`: the zip member of a part's relationships."""
    base, filename = posixpath.split(partname)
    return posixpath.join(base, "_rels", f"{filename}.rels")[1:]


def _attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE_ESCAPES)


NOT_XML = _NOT_XML
"""Characters lxml refuses in text and attributes (after control characters are written
as python-pptx writes them)."""
xml_attribute = _attribute
"""An attribute value as lxml escapes it."""
def xml_text(value: str) -> str:
    """Element text as lxml escapes it (str.replace: translate looks up every character)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


@lru_cache(maxsize=4096)
def _relative(partname: str, base_uri: str) -> str:
    """`PackURI.relative_ref`, remembered: every deck relates the same names."""
    return partname[1:] if base_uri == "/" else posixpath.relpath(partname, base_uri)


class _StampedMembers:
    """Writes each member with the same time, permissions and compression."""

    def __init__(self, archive: zipfile.ZipFile, stamp: tuple[int, ...],
                 deflated: DeflatedMembers | None = None):
        self._archive, self._stamp, self._deflated = archive, stamp, deflated

    def write(self, name: str, blob: bytes) -> None:
        info = _member(name, self._stamp)
        if self._deflated is None:
            self._archive.writestr(info, blob, compresslevel=COMPRESS_LEVEL)
            return
        # As writestr does, but the member's deflated bytes and CRC come from the build's
        # cache, and its local header is written once: zipfile's own header (FileHeader)
        # and, at close, its central directory. A member zipfile would write as Zip64 is
        # left to zipfile.
        info._compresslevel = COMPRESS_LEVEL
        info.file_size = len(blob)
        archive = self._archive
        if info.file_size * 1.05 > zipfile.ZIP64_LIMIT or archive._writing:
            with archive.open(info, "w") as member:
                member._compressor = _Precompressed(self._deflated.deflate(blob))
                member.write(blob)
            return
        compressed, info.CRC = self._deflated.deflated(blob)
        info.compress_size = len(compressed)
        info.flag_bits = 0x00
        stream = archive.fp
        stream.seek(archive.start_dir)
        info.header_offset = stream.tell()
        archive._writecheck(info)
        archive._didModify = True
        stream.write(info.FileHeader(False))
        stream.write(compressed)
        archive.start_dir = stream.tell()
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info


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


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second - moment.second % 2)
