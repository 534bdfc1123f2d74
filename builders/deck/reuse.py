"""Slides written once per build: a slide shared by two decks reuses its parts' bytes.

Every session slide stands in the combined deck and in its session deck, the same but
for its number ("3 / 21" against "2 / 6"). The first deck that writes such a slide keeps
its parts as bytes: the slide's XML with holes where the number goes, its notes, chart
and workbook, and the order of its relationships. The next deck adds those bytes as
parts and relates them in the same order, so that part names, relationship ids and
every member of the zip are what writing the slide again would give. Bytes only: lxml
trees kept across decks would weigh several times more. An entry goes once it was used
as often as the plans use it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart

from .package import append_slide

NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
HOLE = "\ue000slide-number-%d\ue000"
"""Stands for a slide's number while its XML is kept; a slide whose text holds one
anyway is not kept (the hole would not be found exactly once)."""


@dataclass(frozen=True)
class KeptPart:
    """A part as bytes, and the parts it relates to (in relationship order)."""

    content_type: str
    partname_template: str
    blob: bytes
    related: tuple[tuple[str, str, "KeptPart | None"], ...] = ()   # rId, reltype, part


@dataclass(frozen=True)
class KeptSlide:
    """A slide's XML around its number, its layout, and its relationships in order."""

    pieces: tuple[bytes, ...]          # XML before the field id, number, total, after
    layout: str                        # the layout's part name
    rels: tuple[tuple[str, str, object], ...]    # rId, reltype, url | KeptPart | None


class SlideStore:
    """The slides of one build's decks that more than one deck shows, kept until used."""

    def __init__(self, plans) -> None:
        self._keys = {(id(plan), id(slide)): SlideKey(slide_key(plan, slide))
                      for plan in plans for slide in plan.slides}
        self._plans = list(plans)       # the ids above stay theirs while the store lives
        self._uses = Counter(self._keys.values())
        self._kept: dict[SlideKey, KeptSlide] = {}

    def key(self, plan, slide) -> "SlideKey":
        """The slide's key (`slide_key`), made once: hashing a slide's plan walks all of it."""
        found = self._keys.get((id(plan), id(slide)))
        return found if found is not None else SlideKey(slide_key(plan, slide))

    def wanted(self, key: tuple) -> bool:
        """Whether a slide just written will be shown again by a later deck."""
        self._uses[key] -= 1
        return self._uses[key] > 0 and key not in self._kept

    def take(self, key: tuple) -> KeptSlide | None:
        """The kept parts of a slide, if an earlier deck kept them; gone once used up."""
        kept = self._kept.get(key)
        if kept is not None:
            self._uses[key] -= 1
            if self._uses[key] <= 0:
                del self._kept[key]
        return kept

    def keep(self, key: tuple, slide_part, number_field, total_run) -> None:
        kept = _kept_slide(slide_part, number_field, total_run)
        if kept is not None:
            self._kept[key] = kept


def slide_key(plan, slide) -> tuple:
    """What a slide's parts are made from, but for its number: the slide and the deck's
    furniture (footer, font, language, size, the timestamp a chart's workbook carries)."""
    return (replace(slide, number=0), plan.footer, plan.font, plan.language,
            plan.properties.language, plan.properties.timestamp, plan.width, plan.height)


class SlideKey:
    """A slide key that is hashed once (a dict asks for the hash at every lookup)."""

    __slots__ = ("parts", "_hash")

    def __init__(self, parts: tuple) -> None:
        self.parts, self._hash = parts, hash(parts)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return (isinstance(other, SlideKey) and self._hash == other._hash
                and self.parts == other.parts)


def field_id(number: int, namespace) -> str:
    import uuid

    return "{" + str(uuid.uuid5(namespace, str(number))).upper() + "}"


# ------------------------------------------------------------------- keeping


def _kept_slide(slide_part, number_field, total_run) -> KeptSlide | None:
    pieces = _pieces(slide_part._element, number_field, total_run)
    if pieces is None:
        return None
    layout, rels = None, []
    for rId, rel in slide_part.rels.items():
        if rel.reltype == RT.SLIDE_LAYOUT and layout is None and rId == "rId1":
            layout = str(rel.target_part.partname)
            continue
        if rel.is_external and rel.reltype == RT.HYPERLINK:
            rels.append((rId, rel.reltype, rel.target_ref))
        elif rel.reltype == RT.CHART:
            chart = kept_chart(rel.target_part)
            if chart is None:
                return None
            rels.append((rId, rel.reltype, chart))
        elif rel.reltype == RT.NOTES_SLIDE:
            notes = _kept_notes(rel.target_part, slide_part)
            if notes is None:
                return None
            rels.append((rId, rel.reltype, notes))
        else:
            return None                 # a relationship this store does not know
    return KeptSlide(pieces, layout, tuple(rels)) if layout else None


def _pieces(element, number_field, total_run) -> tuple[bytes, ...] | None:
    """The slide's XML cut at the field id, the number and the total."""
    number_text, total_text = number_field.find(_T), total_run.find(_T)
    saved = (number_field.get("id"), number_text.text, total_text.text)
    number_field.set("id", HOLE % 0)
    number_text.text, total_text.text = HOLE % 1, HOLE % 2
    try:
        xml = serialize_part_xml(element)
    finally:
        number_field.set("id", saved[0])
        number_text.text, total_text.text = saved[1], saved[2]
    pieces, rest = [], xml
    for index in range(3):
        hole = (HOLE % index).encode("utf-8")
        if xml.count(hole) != 1:
            return None
        before, rest = rest.split(hole)
        pieces.append(before)
    return (*pieces, rest)


def kept_chart(chart_part) -> KeptPart | None:
    """A chart part and its workbook as bytes; None for a chart related otherwise."""
    rels = list(chart_part.rels.items())
    if len(rels) != 1 or rels[0][1].reltype != RT.PACKAGE or rels[0][1].is_external:
        return None
    rId, rel = rels[0]
    workbook = rel.target_part
    if workbook.rels:
        return None
    return KeptPart(CT.DML_CHART, ChartPart.partname_template, chart_part.blob, (
        (rId, RT.PACKAGE, KeptPart(workbook.content_type, EmbeddedXlsxPart.partname_template,
                                   workbook.blob)),))


def _kept_notes(notes_part, slide_part) -> KeptPart | None:
    """A notes slide relates to the notes master, then back to its slide (python-pptx's
    order); those two are the deck's own, so they are kept as None."""
    rels = [(rId, rel.reltype, rel.target_part) for rId, rel in notes_part.rels.items()]
    master = notes_part.package.presentation_part.notes_master_part
    if rels != [("rId1", RT.NOTES_MASTER, master), ("rId2", RT.SLIDE, slide_part)]:
        return None
    return KeptPart(CT.PML_NOTES_SLIDE, NOTES_PARTNAME, notes_part.blob,
                    (("rId1", RT.NOTES_MASTER, None), ("rId2", RT.SLIDE, None)))


_T = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"


# ------------------------------------------------------------------- placing


def place(presentation, kept: KeptSlide, layout_part, number: int, total: int,
          number_id: str) -> None:
    """Add a kept slide to the presentation as its next slide, numbered `number`."""
    if str(layout_part.partname) != kept.layout:
        raise ValueError(f"a kept slide was made from {kept.layout}, not "
                         f"{layout_part.partname}")
    presentation_part = presentation.part
    package = presentation_part.package
    before_id, before_number, before_total, after = kept.pieces
    blob = b"".join((before_id, number_id.encode(), before_number, str(number).encode(),
                     before_total, f" / {total}".encode(), after))
    slide_part = Part(presentation_part._next_slide_partname, CT.PML_SLIDE, package, blob)
    _related(slide_part, "rId1", layout_part, RT.SLIDE_LAYOUT)
    append_slide(presentation, slide_part)
    for rId, reltype, target in kept.rels:
        if isinstance(target, str):
            _check(rId, slide_part.relate_to(target, reltype, is_external=True))
        elif reltype == RT.NOTES_SLIDE:
            master = presentation_part.notes_master_part   # made with the first notes
            notes = _part(package, target)
            _related(notes, "rId1", master, RT.NOTES_MASTER)
            _related(notes, "rId2", slide_part, RT.SLIDE)
            _related(slide_part, rId, notes, reltype)
        else:
            add_chart_parts(slide_part, rId, target)


def add_chart_parts(slide_part, rId: str, kept: KeptPart) -> None:
    """A kept chart part and its workbook added to the slide's package, related from the
    slide as `rId` (which must be the next relationship id the slide gives out)."""
    package = slide_part.package
    chart = _part(package, kept)
    for inner_rId, inner_type, inner in kept.related:
        _related(chart, inner_rId, _part(package, inner), inner_type)
    _related(slide_part, rId, chart, RT.CHART)


def _part(package, kept: KeptPart) -> Part:
    return Part(package.next_partname(kept.partname_template), kept.content_type, package,
                kept.blob)


def _related(source, rId: str, target, reltype: str) -> None:
    _check(rId, source.relate_to(target, reltype))


def _check(expected: str, got: str) -> None:
    if expected != got:
        raise ValueError(f"a kept slide's relationship {expected} came out as {got}")
