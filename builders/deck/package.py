"""The package: part names without quadratic search, and a zip that is the same every build.

The only module that uses python-pptx's package internals (pinned in pyproject.toml):
slides and notes slides added without its O(n) searches, the parts every deck shares
prepared once per build (`PreparedParts`), relationships and content types written as
text, each distinct member deflated once.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import posixpath
import re
import zipfile
import zlib
from collections import OrderedDict
from functools import lru_cache

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part, XmlPart, _Relationship, _Relationships
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.serialized import PackageWriter, _ContentTypesItem
from pptx.oxml.slide import CT_Slide
from pptx.parts.slide import (NotesMasterPart, NotesSlidePart, SlideLayoutPart, SlideMasterPart,
                              SlidePart)
from pptx.util import lazyproperty


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
        taken = {str(part.partname) for part in parts_in_order(self)
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


def parts_in_order(package) -> list:
    """The package's parts in python-pptx's order (`iter_parts`: depth first, each part
    where it is first related), walked over the relationship dicts directly: python-pptx's
    nested generators cost more than the save itself at scale, and it is asked for at
    every save and at each first numbering of a kind of part."""
    order: list = []
    seen: set[int] = set()

    def walk(rels) -> None:
        for rel in rels._rels.values():
            if rel._target_mode == RTM.EXTERNAL:
                continue
            part = rel._target
            if id(part) not in seen:
                seen.add(id(part))
                order.append(part)
                walk(part._rels)

    walk(package._rels)
    return order


def next_relationship_id(part) -> str:
    """The id python-pptx gives the next relationship from `part`."""
    return part._rels._next_rId


# ------------------------------------------------------------------ slides

MIN_SLIDE_ID = 256


def add_slide(presentation, layout_part, element=None):
    """A new slide after the last one, made from `layout_part`, as python-pptx adds it.

    python-pptx relates a new slide by first searching all the presentation's
    relationships for one to it, and numbers it after searching all slide ids: both
    O(n) per slide. A new part has no relationship yet, and the ids are counted on here.
    With `element` (a copy of a blank slide made from the same layout XML) the slide is
    that; without, python-pptx clones the layout's placeholders onto an empty slide. Same
    part names, relationship ids, slide ids and XML either way.
    """
    presentation_part = presentation.part
    package = presentation_part.package
    fresh = element is None
    slide_part = SlidePart(presentation_part._next_slide_partname, CT.PML_SLIDE, package,
                           CT_Slide.new() if fresh else element)
    slide_part.relate_to(layout_part, RT.SLIDE_LAYOUT)
    slide = slide_part.slide
    if fresh:           # the slide's XML only: the order against relating does not matter
        slide.shapes.clone_layout_placeholders(layout_part.slide_layout)
    append_slide(presentation, slide_part)
    return slide


def append_slide(presentation, slide_part) -> None:
    """Relate a new slide part to the presentation and list it last (see `add_slide`)."""
    presentation_part = presentation.part
    rId = presentation_part._rels._add_relationship(RT.SLIDE, slide_part)
    id_list = presentation_part._element.get_or_add_sldIdLst()
    id_list._add_sldId(id=_next_slide_id(presentation_part.package, id_list), rId=rId)


def _next_slide_id(package, id_list) -> int:
    """The id python-pptx would give: one above the highest in use (at least 256).

    Counted on from the last slide added here while the list has only grown by those;
    searched again when anything else changed its length.
    """
    count, last = getattr(package, "_slide_ids", (None, None))
    if count != len(id_list):
        last = max([MIN_SLIDE_ID - 1] + [int(value) for value in id_list.xpath("./p:sldId/@id")])
    package._slide_ids = (len(id_list) + 1, last + 1)
    return last + 1


class PreparedParts:
    """What every deck of a build starts from, made once for all of them.

    The presentation with its master, layouts and theme (the same for every deck with
    the same furniture) is built once and each deck gets a copy (`copied`), which keeps
    the parts and relationships in their order (one reopened from saved bytes would not).
    A blank slide made from a layout (python-pptx clones the layout's placeholders onto
    it) is kept by the layout's XML and copied for each later slide of that layout.
    """

    def __init__(self) -> None:
        self._presentations: dict = {}
        self._blanks: dict[bytes, object] = {}
        self._notes_blanks: dict[bytes, object] = {}
        self._default_notes_master = None     # (its XML, its theme's XML) as python-pptx made it

    def presentation(self, key, make):
        """A fresh copy of the presentation `make()` returns for `key` (made once)."""
        prepared = self._presentations.get(key)
        if prepared is None:
            prepared = self._presentations[key] = make()
        return copied(prepared)

    def add_slide(self, presentation, layout_part):
        """A new slide from `layout_part` (see `add_slide`), its blank copied when known."""
        key = etree.tostring(layout_part._element)
        blank = self._blanks.get(key)
        if blank is not None:
            return add_slide(presentation, layout_part, copy.deepcopy(blank))
        slide = add_slide(presentation, layout_part)
        self._blanks[key] = copy.deepcopy(slide._element)
        return slide

    def notes_slide(self, slide):
        """A notes slide for `slide` (which has none), as python-pptx adds it
        (`slide.notes_slide`); returns its XML. When the deck has no notes master yet, it
        gets a copy of the one python-pptx made for an earlier deck; the notes slide is a
        copy of a blank made from the same notes master XML."""
        slide_part = slide.part
        presentation_part = slide_part.package.presentation_part
        master = self._notes_master(presentation_part)
        blank = None if master is None else self._notes_blanks.get(etree.tostring(master._element))
        if blank is None:
            made = master is None
            element = slide.notes_slide._element
            master = presentation_part.notes_master_part
            if made:
                self._default_notes_master = (copy.deepcopy(master._element), copy.deepcopy(
                    master.part_related_by(RT.THEME)._element))
            self._notes_blanks[etree.tostring(master._element)] = copy.deepcopy(element)
            return element
        return add_notes_slide(slide_part, master, copy.deepcopy(blank))

    def _notes_master(self, presentation_part):
        """The deck's notes master; made as python-pptx makes its default (the theme's
        name first, then the relationships) from copies when known; else None."""
        if any(rel.reltype == RT.NOTES_MASTER for rel in presentation_part._rels.values()):
            return presentation_part.notes_master_part
        if self._default_notes_master is None:
            return None
        package = presentation_part.package
        master_xml, theme_xml = self._default_notes_master
        master = NotesMasterPart(PackURI(NOTES_MASTER_PARTNAME), CT.PML_NOTES_MASTER, package,
                                 copy.deepcopy(master_xml))
        theme = XmlPart(package.next_partname(THEME_PARTNAME), CT.OFC_THEME, package,
                        copy.deepcopy(theme_xml))
        master.relate_to(theme, RT.THEME)
        presentation_part.relate_to(master, RT.NOTES_MASTER)
        return master


NOTES_MASTER_PARTNAME = "/ppt/notesMasters/notesMaster1.xml"
NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
THEME_PARTNAME = "/ppt/theme/theme%d.xml"


def add_notes_part(slide_part, master, blob: bytes) -> None:
    """A notes slide written as bytes, related as `add_notes_slide` relates one."""
    package = slide_part.package
    notes_part = Part(package.next_partname(NOTES_PARTNAME), CT.PML_NOTES_SLIDE, package, blob)
    notes_part.relate_to(master, RT.NOTES_MASTER)
    notes_part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(notes_part, RT.NOTES_SLIDE)


def add_notes_slide(slide_part, master, element):
    """A notes slide with XML `element` for a slide, related as python-pptx relates one:
    to the notes master, to its slide, and from its slide."""
    package = slide_part.package
    notes_part = NotesSlidePart(package.next_partname(NOTES_PARTNAME), CT.PML_NOTES_SLIDE,
                                package, element)
    notes_part.relate_to(master, RT.NOTES_MASTER)
    notes_part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
    return element


def copied(presentation):
    """A copy of a presentation's package: every part with a copy of its XML (or the same
    bytes), every relationship in the same order, and none of python-pptx's cached wrapper
    objects (`lazyproperty` values), which would still point into the original's trees.
    """
    package = presentation.part.package
    originals = parts_in_order(package)
    twin = _bare(package)
    parts = {id(part): _copied_part(part, twin) for part in originals}
    _copy_rels(package, twin, PACKAGE_URI.baseURI, parts)
    for part in originals:
        _copy_rels(part, parts[id(part)], part.partname.baseURI, parts)
    return parts[id(presentation.part)].presentation


def _bare(original):
    """A shallow copy without the values python-pptx computed and cached on the original."""
    cls = type(original)
    lazy = _lazy_names(cls)
    twin = cls.__new__(cls)
    twin.__dict__.update((name, value) for name, value in original.__dict__.items()
                         if name not in lazy)
    return twin


@lru_cache(maxsize=256)
def _lazy_names(cls: type) -> frozenset[str]:
    """The names of a class's `lazyproperty` attributes (their values sit in __dict__)."""
    return frozenset(name for klass in cls.__mro__ for name, value in vars(klass).items()
                     if isinstance(value, lazyproperty))


SHARED_PARTS: tuple[type, ...] = (SlideMasterPart, SlideLayoutPart)
"""Parts a deck only reads once prepared (slides relate to them, blanks are made from
them): every copy shares the prepared XML and its serialisation."""


def _copied_part(part, package):
    twin = _bare(part)
    twin._package = package
    if "_element" in twin.__dict__:
        if isinstance(part, SHARED_PARTS):
            twin.__class__ = _sharing_class(type(part))
            twin.__dict__["_shared_from"] = part
        else:
            twin._element = copy.deepcopy(part._element)
    return twin


@lru_cache(maxsize=64)
def _sharing_class(base: type) -> type:
    return type(f"Shared{base.__name__}", (base,), {"blob": property(_shared_blob)})


def _shared_blob(part) -> bytes:
    """The prepared part's XML, serialised once for all the copies that share it (a copy
    whose element was replaced is serialised itself)."""
    source = part.__dict__["_shared_from"]
    if part._element is not source._element:
        return serialize_part_xml(part._element)
    blob = source.__dict__.get("_shared_blob")
    if blob is None:
        blob = source.__dict__["_shared_blob"] = serialize_part_xml(source._element)
    return blob


def _copy_rels(source, twin, base_uri: str, parts: dict) -> None:
    rels = _Relationships(base_uri)
    copies = rels._rels
    for rId, rel in source._rels.items():
        external = rel.is_external
        target = rel.target_ref if external else parts[id(rel.target_part)]
        copies[rId] = _Relationship(base_uri, rId, rel.reltype, rel._target_mode, target)
    twin.__dict__["_rels"] = rels


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
        return self.deflated(blob)[0]

    def deflated(self, blob: bytes) -> tuple[bytes, int]:
        """The member's deflated bytes and its CRC-32 (as zipfile computes it)."""
        key = hashlib.sha256(blob).digest()
        found = self._compressed.get(key)
        if found is not None:
            self._compressed.move_to_end(key)
            return found
        found = (deflate(blob), zlib.crc32(blob))
        self._compressed[key] = found
        self._size += len(found[0])
        while self._size > self._budget and len(self._compressed) > 1:
            self._size -= len(self._compressed.popitem(last=False)[1][0])
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
    _StampedPackageWriter(out, package._rels, tuple(parts_in_order(package)),
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
            members.write(CONTENT_TYPES_URI, content_types_xml(self._parts))
            members.write(PACKAGE_URI.rels_uri, rels_xml(self._pkg_rels))
            for part in self._parts:            # as PackageWriter._write_parts
                members.write(part.partname, part.blob)
                if part._rels:
                    members.write(part.partname.rels_uri, rels_xml(part._rels))


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
        if rel._target_mode == RTM.EXTERNAL:
            item = _relationship(rId, rel._reltype, rel._target, True)
        else:
            item = _relationship(rId, rel._reltype,
                                 _relative(rel._target.partname, rel._base_uri), False)
        if item is None:
            return rels.xml
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
    """`[Content_Types].xml` as python-pptx serialises it, written as text: its defaults
    and overrides, each sorted, from python-pptx's own rules."""
    defaults, overrides = _ContentTypesItem(parts)._defaults_and_overrides
    items = [f'<Default Extension="{_attribute(extension)}" '
             f'ContentType="{_attribute(content_type)}"/>'
             for extension, content_type in sorted(defaults.items())]
    items += [f'<Override PartName="{_attribute(partname)}" '
              f'ContentType="{_attribute(content_type)}"/>'
              for partname, content_type in sorted(overrides.items())]
    if any(_NOT_XML.search(item) for item in items):
        return serialize_part_xml(_ContentTypesItem.xml_for(parts))
    return (TYPES_HEAD + ">" + "".join(items) + "</Types>").encode("utf-8")


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

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        info = _member(pack_uri.membername, self._stamp)
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


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second - moment.second % 2)
