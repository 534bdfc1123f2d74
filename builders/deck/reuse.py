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

from .opc import (CHART_PARTNAME, CT_CHART, CT_NOTES_SLIDE, CT_SLIDE, NOTES_PARTNAME,
                  RT_CHART, RT_HYPERLINK, RT_NOTES_MASTER, RT_NOTES_SLIDE, RT_PACKAGE, RT_SLIDE,
                  RT_SLIDE_LAYOUT, WORKBOOK_PARTNAME, new_part)
from .opc import serialize_xml as serialize_part_xml
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
        self._undo: list | None = None  # changes since the last checkpoint (see restore)

    def key(self, plan, slide) -> "SlideKey":
        """The slide's key (`slide_key`), made once: hashing a slide's plan walks all of it."""
        found = self._keys.get((id(plan), id(slide)))
        return found if found is not None else SlideKey(slide_key(plan, slide))

    def wanted(self, key: tuple) -> bool:
        """Whether a slide just written will be shown again by a later deck."""
        self._note(key)
        self._uses[key] -= 1
        return self._uses[key] > 0 and key not in self._kept

    def take(self, key: tuple) -> KeptSlide | None:
        """The kept parts of a slide, if an earlier deck kept them; gone once used up."""
        kept = self._kept.get(key)
        if kept is not None:
            self._note(key)
            self._uses[key] -= 1
            if self._uses[key] <= 0:
                del self._kept[key]
        return kept

    def checkpoint(self) -> list:
        """Begin a deck that may be written otherwise after all (see `writer.render`):
        until the next checkpoint, each change is noted, and `restore` undoes them (a
        note per slide changed, not a copy of the store per deck)."""
        self._undo: list = []
        return self._undo

    def restore(self, checkpoint: list) -> None:
        """The store as it was at `checkpoint`."""
        for key, uses, kept in reversed(checkpoint):
            self._uses[key] = uses
            if kept is None:
                self._kept.pop(key, None)
            else:
                self._kept[key] = kept
        checkpoint.clear()

    def _note(self, key) -> None:
        undo = self._undo
        if undo is not None:
            undo.append((key, self._uses[key], self._kept.get(key)))

    def keep(self, key: tuple, slide_part, number_field, total_run) -> None:
        kept = _kept_slide(slide_part, number_field, total_run)
        if kept is not None:
            self._note(key)
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
    pieces = _pieces(slide_part._element, number_field, total_run,
                     _saved_xml(slide_part) if getattr(slide_part, "lean", False)
                     else serialize_part_xml)
    if pieces is None:
        return None
    layout, rels = None, []
    for rId, rel in slide_part.rels.items():
        if rel.reltype == RT_SLIDE_LAYOUT and layout is None and rId == "rId1":
            layout = str(rel.target_part.partname)
            continue
        if rel.is_external and rel.reltype == RT_HYPERLINK:
            rels.append((rId, rel.reltype, rel.target_ref))
        elif rel.reltype == RT_CHART:
            chart = kept_chart(rel.target_part)
            if chart is None:
                return None
            rels.append((rId, rel.reltype, chart))
        elif rel.reltype == RT_NOTES_SLIDE:
            notes = _kept_notes(rel.target_part, slide_part)
            if notes is None:
                return None
            rels.append((rId, rel.reltype, notes))
        else:
            return None                 # a relationship this store does not know
    return KeptSlide(pieces, layout, tuple(rels)) if layout else None


def _saved_xml(slide_part):
    """A lean slide's XML as its part saves it (with the text bodies written as text)."""
    return lambda element: slide_part.blob


def _pieces(element, number_field, total_run,
            serialise=serialize_part_xml) -> tuple[bytes, ...] | None:
    """The slide's XML (`serialise`d) cut at the field id, the number and the total."""
    number_text, total_text = number_field.find(_T), total_run.find(_T)
    saved = (number_field.get("id"), number_text.text, total_text.text)
    number_field.set("id", HOLE % 0)
    number_text.text, total_text.text = HOLE % 1, HOLE % 2
    try:
        xml = serialise(element)
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
    if len(rels) != 1 or rels[0][1].reltype != RT_PACKAGE or rels[0][1].is_external:
        return None
    rId, rel = rels[0]
    workbook = rel.target_part
    if workbook.rels:
        return None
    return KeptPart(CT_CHART, CHART_PARTNAME, chart_part.blob, (
        (rId, RT_PACKAGE, KeptPart(workbook.content_type, WORKBOOK_PARTNAME,
                                   workbook.blob)),))


def _kept_notes(notes_part, slide_part) -> KeptPart | None:
    """A notes slide relates to the notes master, then back to its slide (python-pptx's
    order); those two are the deck's own, so they are kept as None."""
    rels = [(rId, rel.reltype, rel.target_part) for rId, rel in notes_part.rels.items()]
    master = notes_part.package.presentation_part.notes_master_part
    if rels != [("rId1", RT_NOTES_MASTER, master), ("rId2", RT_SLIDE, slide_part)]:
        return None
    return KeptPart(CT_NOTES_SLIDE, NOTES_PARTNAME, notes_part.blob,
                    (("rId1", RT_NOTES_MASTER, None), ("rId2", RT_SLIDE, None)))


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
    slide_part = new_part(package, presentation_part._next_slide_partname, CT_SLIDE, blob)
    _related(slide_part, "rId1", layout_part, RT_SLIDE_LAYOUT)
    _append_slide(presentation, slide_part)
    for rId, reltype, target in kept.rels:
        if isinstance(target, str):
            _check(rId, slide_part.relate_to(target, reltype, is_external=True))
        elif reltype == RT_NOTES_SLIDE:
            master = presentation_part.notes_master_part   # made with the first notes
            notes = _part(package, target)
            _related(notes, "rId1", master, RT_NOTES_MASTER)
            _related(notes, "rId2", slide_part, RT_SLIDE)
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
    _related(slide_part, rId, chart, RT_CHART)


def _part(package, kept: KeptPart):
    return new_part(package, package.next_partname(kept.partname_template),
                    kept.content_type, kept.blob)


def _append_slide(presentation, slide_part) -> None:
    """List a new slide last: in our package (`lean`), or python-pptx's."""
    if getattr(presentation, "lean", False):
        presentation.append_slide(slide_part)
        return
    from .package import append_slide

    append_slide(presentation, slide_part)


def _related(source, rId: str, target, reltype: str) -> None:
    _check(rId, source.relate_to(target, reltype))


def _check(expected: str, got: str) -> None:
    if expected != got:
        raise ValueError(f"a kept slide's relationship {expected} came out as {got}")
