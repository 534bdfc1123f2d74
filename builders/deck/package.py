"""The package: part names without quadratic search, and a zip that is the same every build.

The only module that uses python-pptx's package internals (pinned in pyproject.toml):
slides and notes slides added without its O(n) searches, the parts every deck shares
prepared once per build (`PreparedParts`), and the skeleton the lean writer makes decks
of (`skeleton_of`, see `lean`). Relationships, content types and the zip (each distinct
member deflated once) are written by `opc`, for python-pptx's package and ours alike.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from functools import lru_cache

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part, XmlPart, _Relationship, _Relationships
from pptx.opc.packuri import PACKAGE_URI, PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.slide import CT_Slide
from pptx.parts.slide import (NotesMasterPart, NotesSlidePart, SlideLayoutPart, SlideMasterPart,
                              SlidePart)
from pptx.util import lazyproperty

from .opc import (COMPRESS_LEVEL, MIN_SLIDE_ID, NOT_XML, NOTES_MASTER_PARTNAME,
                  NOTES_PARTNAME, THEME_PARTNAME, DeflatedMembers, NeedsPptx,
                  content_types_xml, counted_partname, deflate, parts_in_order, rels_xml,
                  stamped_zip, write_package, xml_attribute, xml_text, zip_time)

__all__ = ["COMPRESS_LEVEL", "NOT_XML", "DeflatedMembers", "content_types_xml", "deflate",
           "parts_in_order", "rels_xml", "xml_attribute", "xml_text"]
"""Re-exported from `opc` (where they moved, free of python-pptx) for this module's readers."""


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
    return PackURI(counted_partname(self, self._partname_counters, tmpl))


# ------------------------------------------------------------------ slides


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




def bytes_part(package, partname: str, content_type: str, blob: bytes) -> Part:
    """A part of python-pptx's package that holds bytes."""
    return Part(PackURI(partname), content_type, package, blob)


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


def save(package, moment: dt.datetime, deflated: DeflatedMembers | None = None) -> bytes:
    """The package as a zip that is the same every build: fixed member times, fixed order.

    Written once, in python-pptx's member order ([Content_Types].xml, _rels/.rels, then
    each part and its relationships), instead of saving and then re-zipping the result.
    `deflated`, shared by the decks of a build, compresses each distinct member once.
    """
    parts = tuple(parts_in_order(package))
    try:
        return write_package(package._rels, parts, zip_time(moment), deflated)
    except NeedsPptx:           # a name python-pptx's writer escapes, or refuses: its
        out = io.BytesIO()      # members, in its order, stamped as every other deck
        PackageWriter.write(out, package._rels, parts)
        with zipfile.ZipFile(out) as written:
            members = [(info.filename, written.read(info)) for info in written.infolist()]
        return stamped_zip(members, zip_time(moment), deflated)


# ------------------------------------------------------------------ skeletons


def skeleton_of(prepared) -> dict | None:
    """What the lean writer makes decks of (`lean`), from a prepared presentation (left
    as it is): its parts as bytes in order and their relationships; the blank slide of
    each layout; python-pptx's default notes master, its theme and a blank notes slide
    cut around its paragraphs; the document properties' XML cut around their values.
    None when a piece cannot be cut exactly."""
    from . import lean, notes, writer

    scratch = copied(prepared)
    package = scratch.part.package

    def rels_of(source) -> list:
        return [(rId, rel._reltype, rel._target_mode == RTM.EXTERNAL,
                 rel._target if rel._target_mode == RTM.EXTERNAL else index[id(rel._target)])
                for rId, rel in source._rels._rels.items()]

    core = package.core_properties      # python-pptx's, made if the template lacks one
    scratch.part._element.get_or_add_sldIdLst()     # where python-pptx puts it with slide 1
    parts = parts_in_order(package)
    index = {id(part): number for number, part in enumerate(parts)}
    kept = {"parts": [(str(part.partname), part.content_type, part.blob) for part in parts],
            "rels": [rels_of(package)] + [rels_of(part) for part in parts],
            "presentation": index[id(scratch.part)],
            "layouts": [index[id(layout.part)] for layout in scratch.slide_layouts]}
    counting_partnames(package)
    blanks, first = {}, None
    for layout in scratch.slide_layouts:
        slide = add_slide(scratch, layout.part)
        blanks.setdefault(str(layout.part.partname), serialize_part_xml(slide._element))
        first = first or slide
    kept["blanks"] = blanks
    kept["notes"] = None
    if first is not None:
        element = first.notes_slide._element
        master = scratch.part.notes_master_part
        pieces = notes._pieces(copy.deepcopy(element))
        if pieces is not None:
            kept["notes"] = (serialize_part_xml(master._element),
                             master.part_related_by(RT.THEME).blob, *pieces)
    holes = _CoreHoles(*(lean.CORE_HOLE % number for number in range(4)))
    writer.set_core_properties(core, holes)
    cut = lean.core_pieces(core.blob)
    if cut is None or id(core) not in index:
        return None
    kept["core"] = (index[id(core)], *cut)
    return kept


class _CoreHoles:
    """Document properties that are holes, for `skeleton_of`."""

    def __init__(self, title: str, author: str, subject: str, language: str) -> None:
        self.title, self.author, self.subject, self.language = title, author, subject, language
        from .lean import CORE_MOMENT

        self.timestamp = CORE_MOMENT
