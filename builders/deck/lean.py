"""The lean deck writer: a deck written in our own package (`opc`), without python-pptx.

Every deck starts from the same parts (master, layouts, themes, presentation, document
properties), each layout's blank slide, and, for notes, python-pptx's default notes master
and a blank notes slide. python-pptx makes those once (`package.skeleton_of`); they are
kept as bytes (a `skeleton`), in this process and on disk, keyed by the deck's furniture
and the code's stamp. A deck whose skeleton is known is then written here: slides are a
copy of the layout's blank (parsed once per process) drawn on (`writer`, `drawing`; their
text bodies written as text, `drawing.TextBody`), notes are text between the blank's
pieces, charts come from the chart cache, document properties are the values written
between the pieces python-pptx's serialisation gave, and the parts are numbered, related
and saved as python-pptx would. The decks are the same bytes (tests compare them deck by
deck). What this writer does not write itself (a chart not cached, a layout or notes it
has no blank for, a text python-pptx refuses) raises `NeedsPptx`, and the deck is
written with python-pptx. A warm build imports no python-pptx at all (~60 ms).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

from lxml import etree

from ..pattern_cache import CHECKSUM, cache_dir, read_checked, store_checked  # noqa: F401
from .opc import (CT_NOTES_MASTER, CT_SLIDE, CT_THEME, MIN_SLIDE_ID, NOT_XML,
                  NOTES_MASTER_PARTNAME, RT_NOTES_MASTER, RT_SLIDE, RT_SLIDE_LAYOUT, RT_THEME,
                  SLIDE_PARTNAME, THEME_PARTNAME, NeedsPptx, Package, Part, parse_exact,
                  parts_in_order, qn, serialize_xml, write_package, xml_text, zip_time)
from .drawing import with_bodies

ENABLED = True
"""Whether decks are written here when they can be (tests compare with python-pptx's)."""
FORMAT = 2
"""Bump when the skeleton's layout changes; old files are then ignored."""
KEPT_FILES = 40
"""Skeleton files kept in the cache folder (about 90 KB each: one per theme, footer and
code version); more, and the oldest written go."""
CORE_HOLE = "\ue000core-%d\ue000"
CORE_MOMENT = dt.datetime(1987, 6, 5, 4, 3, 2)
"""Stand for the document properties while their XML is cut (title, author, subject,
language; the moment the three dates carry)."""
LOCALISED = "localised in this process"
"""The skeleton's entry (not kept on disk) for its notes master as each theme and
language localise it (see `Deck.localise_notes`)."""
P_SLDIDLST, P_SLDID, R_ID = qn("p:sldIdLst"), qn("p:sldId"), qn("r:id")
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
SPTREE_PATH = f"{qn('p:cSld')}/{qn('p:spTree')}"


# ------------------------------------------------------------------ skeletons


def skeleton(furniture: tuple, prepared) -> dict | None:
    """The skeleton of decks with this furniture: made in this process, else kept on disk
    by an earlier one (and checked), else None (python-pptx writes the deck and makes it)."""
    known = getattr(prepared, "skeletons", None)
    if known is None:                   # python-pptx's own prepared parts
        return None
    found = known.get(furniture)
    if found is None and furniture not in known:
        found = known[furniture] = read(skeleton_key(furniture))
    return found


def skeleton_key(furniture: tuple) -> str:
    from .chart_cache import CODE_STAMP

    theme, rest = furniture[0], furniture[1:]
    text = repr((FORMAT, CODE_STAMP, theme.model_dump_json(), rest))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _cache_file(key: str):
    return cache_dir() / f"deck-{key}.v{FORMAT}"


def read(key: str) -> dict | None:
    """A kept skeleton, or None (none kept, or a file that is not one: its digest, then
    making a deck of it)."""
    found = read_checked(_cache_file(key))
    if found is None:
        return None
    try:
        Deck(found).close()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, etree.LxmlError,
            NeedsPptx):
        return None
    return found


def write(key: str, found: dict) -> None:
    from .chart_cache import prune

    store_checked(_cache_file(key), found, prefix=".deck-")
    prune(cache_dir(), KEPT_FILES, kind="deck")


def forget(furniture: tuple, prepared) -> None:
    """A skeleton a deck could not be written from (it is not what python-pptx made):
    not used again in this process, its file removed, so that the next deck written with
    python-pptx makes and keeps it anew."""
    prepared.skeletons[furniture] = None
    try:
        _cache_file(skeleton_key(furniture)).unlink()
    except OSError:
        pass


def core_pieces(xml: bytes) -> tuple[tuple[bytes, ...], tuple[int, ...]] | None:
    """The document properties' XML cut at the holes (`CORE_HOLE`, index 0-3; the moment,
    index 4): the pieces between, and which value goes into each gap."""
    marks = [(CORE_HOLE % index).encode() for index in range(4)]
    marks.append(CORE_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ").encode())
    if xml.count(marks[4]) != 3 or any(xml.count(mark) not in (1, 2) for mark in marks[:4]):
        return None
    pieces, slots, rest = [], [], xml
    while True:
        found = [(rest.find(mark), index) for index, mark in enumerate(marks)
                 if rest.find(mark) >= 0]
        if not found:
            break
        at, index = min(found)
        pieces.append(rest[:at])
        slots.append(index)
        rest = rest[at + len(marks[index]):]
    pieces.append(rest)
    return tuple(pieces), tuple(slots)


class Prepared:
    """What the decks of a build start from: skeletons by furniture, and python-pptx's
    prepared parts (`package.PreparedParts`) for a deck written with it, made when first
    needed (and then a skeleton of them for the next decks and builds)."""

    def __init__(self) -> None:
        self.skeletons: dict = {}
        self._parts = None
        self.last_lean = False          # whether the lean writer wrote the last deck

    @property
    def parts(self):
        if self._parts is None:
            from .package import PreparedParts

            self._parts = PreparedParts()
        return self._parts

    def presentation(self, key, make):
        parts = self.parts
        new = key not in parts._presentations
        presentation = parts.presentation(key, make)
        if new and ENABLED and self.skeletons.get(key) is None and possible(key[0]):
            from .package import skeleton_of

            made = skeleton_of(parts._presentations[key])
            if made is not None:
                self.skeletons[key] = made
                write(skeleton_key(key), made)
        return presentation

    def add_slide(self, presentation, layout_part):
        return self.parts.add_slide(presentation, layout_part)

    def notes_slide(self, slide):
        return self.parts.notes_slide(slide)


def possible(theme) -> bool:
    """Our master, drawn without files of the theme's (an organisation's template, a
    logo): what the lean writer knows how to start from."""
    return not theme.deck.template and not theme.deck.logo


# ------------------------------------------------------------------ the deck


class Layout:
    """A slide layout as the writer asks for it (`layout.part`)."""

    __slots__ = ("part",)

    def __init__(self, part) -> None:
        self.part = part


class Slide:
    """A slide being drawn: its part, its shape tree, its deck, and the largest shape id
    its blank holds (`drawing.max_shape_id`, found once per blank)."""

    lean = True
    __slots__ = ("deck", "part", "tree", "max_id")

    def __init__(self, deck: "Deck", part: Part, tree, max_id: int) -> None:
        self.deck, self.part, self.tree, self.max_id = deck, part, tree, max_id


class SlidePart(Part):
    """A slide's part: its XML, with the text bodies the writer wrote as text
    (`drawing.TextBody`, by the empty `p:txBody` standing for each) written in."""

    def __init__(self, partname: str, package, element) -> None:
        super().__init__(partname, CT_SLIDE, package, element=element)
        self.bodies: dict = {}

    @property
    def blob(self) -> bytes:
        if self._element is None:
            return self._blob
        return with_bodies(serialize_xml(self._element), self._element, self.bodies)


_BLANK_IDS: dict[bytes, int] = {}
"""A blank slide's largest shape id, by its XML (a few blanks per process)."""


class PresentationPart(Part):
    """`ppt/presentation.xml`: lists the slides; relates the notes master once made."""

    deck: "Deck"

    @property
    def _next_slide_partname(self) -> str:
        return SLIDE_PARTNAME % (len(self.deck.id_list) + 1)

    @property
    def notes_master_part(self):
        """The deck's notes master: made as python-pptx makes its default when the first
        notes slide asks for it (its theme numbered first, then the relationships)."""
        for rel in self._rels.values():
            if rel._reltype == RT_NOTES_MASTER:
                return rel._target
        notes = self.deck.skeleton["notes"]
        if notes is None:
            raise NeedsPptx("no notes master kept")
        package = self.package
        master = Part(NOTES_MASTER_PARTNAME, CT_NOTES_MASTER, package, notes[0])
        theme = Part(package.next_partname(THEME_PARTNAME), CT_THEME, package, notes[1])
        master.relate_to(theme, RT_THEME)
        self.relate_to(master, RT_NOTES_MASTER)
        return master


class Deck:
    """One deck in our package, made from a skeleton; the writer adds its slides."""

    lean = True

    def __init__(self, kept: dict) -> None:
        self.skeleton = kept
        package = self.package = Package()
        parts = []
        presentation_index, core_index = kept["presentation"], kept["core"][0]
        for index, (partname, content_type, blob) in enumerate(kept["parts"]):
            if index == presentation_index:
                part = PresentationPart(partname, content_type, package,
                                        element=parsed_copy(blob))
                part.deck = self
            else:
                part = Part(partname, content_type, package, blob)
            parts.append(part)
        for source, rels in zip([package, *parts], kept["rels"]):
            for rId, reltype, external, target in rels:
                source._rels._rels[rId] = _relationship(source, rId, reltype, external,
                                                        target if external else parts[target])
        self.part = package.presentation_part = parts[presentation_index]
        self._core = parts[core_index]
        self.slide_layouts = [Layout(parts[index]) for index in kept["layouts"]]
        self.id_list = self.part._element.find(P_SLDIDLST)
        if self.id_list is None:
            raise NeedsPptx("a presentation without a slide list")
        self._last_id = max([MIN_SLIDE_ID - 1] + [int(element.get("id")) for element
                                                  in self.id_list.findall(P_SLDID)])

    def add_slide(self, layout_part) -> Slide:
        """A new slide after the last one, the layout's blank (python-pptx's `add_slide`)."""
        blank = self.skeleton["blanks"].get(str(layout_part.partname))
        if blank is None:
            raise NeedsPptx("no blank slide kept for the layout")
        element = parsed_copy(blank)
        part = SlidePart(self.part._next_slide_partname, self.package, element)
        part.relate_to(layout_part, RT_SLIDE_LAYOUT)
        self.append_slide(part)
        tree = element.find(SPTREE_PATH)
        max_id = _BLANK_IDS.get(blank)
        if max_id is None:
            from .drawing import max_shape_id

            max_id = _BLANK_IDS[blank] = max_shape_id(tree)
        return Slide(self, part, tree, max_id)

    def append_slide(self, slide_part) -> None:
        """Relate a new slide part to the presentation and list it last, as python-pptx
        does (`package.append_slide`)."""
        rId = self.part._rels.add(RT_SLIDE, slide_part)
        self._last_id += 1
        slide_id = etree.Element(P_SLDID, nsmap={"p": P_NS})
        slide_id.set("id", str(self._last_id))
        slide_id.set(R_ID, rId)
        self.id_list.append(slide_id)

    def notes_pieces(self) -> tuple[bytes, bytes]:
        """A blank notes slide's XML around its paragraphs (see `notes`); the deck's notes
        master is made first, as python-pptx makes it before its first notes slide."""
        notes = self.skeleton["notes"]
        if notes is None:
            raise NeedsPptx("no notes slide kept")
        self.part.notes_master_part
        return notes[2], notes[3]

    def localise_notes(self, localise, theme, language: str) -> None:
        """The notes master and its theme as `localise` (`master.localise_notes_master`)
        makes them, made once per skeleton, theme and language: their bytes are the
        same in every deck."""
        master = self.part.notes_master_part
        themes = [rel._target for rel in master._rels.values() if rel._reltype == RT_THEME]
        made = self.skeleton.setdefault(LOCALISED, {})
        found = made.get((theme, language))
        if found is None:
            if master._element is None:     # kept as bytes until localised (below)
                master._element = parsed_copy(master._blob)
            localise(self, theme, language)
            made[(theme, language)] = (master.blob, tuple(part.blob for part in themes))
            return
        master._element, master._blob = None, found[0]
        for part, blob in zip(themes, found[1], strict=True):
            part._element, part._blob = None, blob

    def set_core_properties(self, props) -> None:
        """The document properties, written between the kept pieces (`core_pieces`)."""
        moment = props.timestamp.replace(tzinfo=None)
        values = [props.title, props.author, props.subject, props.language]
        for value in values:
            if not isinstance(value, str) or not value or len(value) > 255 or NOT_XML.search(value):
                raise NeedsPptx("a document property python-pptx writes (or refuses) itself")
        written = [xml_text(value).encode("utf-8") for value in values]
        written.append(moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode())
        pieces, slots = self.skeleton["core"][1:]
        out = [pieces[0]]
        for slot, piece in zip(slots, pieces[1:]):
            out += (written[slot], piece)
        self._core._blob = b"".join(out)

    def save(self, moment: dt.datetime, deflated=None) -> bytes:
        if not len(self.id_list):       # python-pptx adds the slide list with slide 1
            raise NeedsPptx("a deck without slides")
        package = self.package
        try:
            return write_package(package._rels, tuple(parts_in_order(package)),
                                 zip_time(moment), deflated)
        finally:
            self.close()

    def close(self) -> None:
        """Undo the deck's reference cycles (parts and their package, the presentation
        and its deck): once saved it is freed as soon as the writer lets it go, with no
        collection of the cycle collector's (python-pptx's decks need one each)."""
        for part in parts_in_order(self.package):
            part._rels._rels.clear()
        self.package._rels._rels.clear()
        self.package.presentation_part = None
        self.part.deck = None


def parsed_copy(xml: bytes):
    """A fresh tree of `xml`: a copy of the tree parsed once per process (a deck's
    presentation and its slides' blanks are the same few texts; copying is ~4 times
    faster than parsing)."""
    return _parsed(xml).__deepcopy__(None)


@lru_cache(maxsize=64)
def _parsed(xml: bytes):
    """Parsed once; never changed itself (only its copies are)."""
    return parse_exact(xml)


def _relationship(source, rId: str, reltype: str, external: bool, target):
    from .opc import EXTERNAL, Relationship

    return Relationship(source._rels._base_uri, rId, reltype,
                        EXTERNAL if external else "Internal", target)
