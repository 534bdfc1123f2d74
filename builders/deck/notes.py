"""Speaker-notes slides, made as python-pptx makes them but without its cost per slide.

python-pptx builds every notes slide by cloning the notes master's placeholders, which
searches the master's XML for each one. The first notes slide of a deck is made that
way; the later ones are its blank XML with their paragraphs written in as text (the
bytes lxml gives for `drawing.note`), related to the same parts in the same order, so
the package is the one python-pptx would have written.
"""

from __future__ import annotations

import copy

from . import drawing
from .opc import (CT_NOTES_SLIDE, NOT_XML, NOTES_PARTNAME, RT_NOTES_MASTER, RT_NOTES_SLIDE,
                  RT_SLIDE, NeedsPptx, new_part, xml_attribute, xml_text)
from .opc import serialize_xml as serialize_part_xml

MARK = "\ue000notes\ue000"
"""Stands for the paragraphs while a blank notes slide is cut around them."""


class NotesSlides:
    """Adds the notes slides of one deck."""

    def __init__(self, prepared=None) -> None:
        self._blank = None
        self._pieces: tuple[bytes, bytes] | None = None    # the blank's XML around its text
        self._master = None             # the deck's notes master, once it has one
        self._prepared = prepared       # a build's PreparedParts: the first one copied too

    def add(self, slide, notes, lang: str) -> None:
        """A notes slide for `slide` whose text body holds `notes` (NoteParagraphs); in our
        package (`lean`), always as text, from the blank python-pptx made (its pieces)."""
        lean = getattr(slide, "lean", False)
        if lean and self._pieces is None:
            self._pieces = slide.deck.notes_pieces()
        if self._pieces is not None:
            paragraphs = notes_paragraphs(notes, lang)
            if paragraphs is not None:
                before, after = self._pieces
                slide_part = slide.part
                if self._master is None:    # python-pptx looks it up among all the deck's rels
                    self._master = slide_part.package.presentation_part.notes_master_part
                add_notes_part(slide_part, self._master, before + paragraphs + after)
                return
        if lean:
            raise NeedsPptx("notes python-pptx writes (or refuses) itself")
        body = _text_body(self._new_notes_slide(slide))
        for old in body.findall(drawing.A_P):
            body.remove(old)
        for note in notes:
            drawing.note(body, note.text, note.heading, lang)

    def _new_notes_slide(self, slide):
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import NotesSlidePart

        if self._blank is None:
            element = (slide.notes_slide._element if self._prepared is None
                       else self._prepared.notes_slide(slide))
            self._blank = copy.deepcopy(element)
            self._pieces = _pieces(self._blank)
            return element
        slide_part = slide.part
        package = slide_part.package
        notes_part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                                    CT.PML_NOTES_SLIDE, package, copy.deepcopy(self._blank))
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part._element


def add_notes_part(slide_part, master, blob: bytes) -> None:
    """A notes slide written as bytes, related as python-pptx relates one: to the notes
    master, to its slide, and from its slide."""
    package = slide_part.package
    notes_part = new_part(package, package.next_partname(NOTES_PARTNAME), CT_NOTES_SLIDE,
                          blob)
    notes_part.relate_to(master, RT_NOTES_MASTER)
    notes_part.relate_to(slide_part, RT_SLIDE)
    slide_part.relate_to(notes_part, RT_NOTES_SLIDE)


def _text_body(notes_element):
    """The notes placeholder's `p:txBody`."""
    tree = notes_element.find(f"{drawing.P_CSLD}/{drawing.P_SPTREE}")
    for sp in tree.iterchildren(drawing.P_SP):
        ph = sp.find(drawing.PH_PATH)
        if ph is not None and ph.get("type") == "body":
            return sp.find(drawing.P_TXBODY)
    raise ValueError("the notes slide has no notes placeholder")


def _pieces(blank) -> tuple[bytes, bytes] | None:
    """A blank notes slide's XML before and after its notes paragraphs (None when the
    notes placeholder's paragraphs cannot be cut out exactly once)."""
    element = copy.deepcopy(blank)
    body = _text_body(element)
    for old in body.findall(drawing.A_P):
        body.remove(old)
    drawing.note(body, MARK, False, "")
    mark = notes_paragraphs_text(MARK, False, "").encode("utf-8")
    xml = serialize_part_xml(element)
    if xml.count(mark) != 1:
        return None
    before, after = xml.split(mark)
    return before, after


def notes_paragraphs(notes, lang: str) -> bytes | None:
    """The notes' paragraphs as lxml serialises what `drawing.note` builds; None when a
    text holds what XML cannot (lxml refuses it, with its own message)."""
    if NOT_XML.search(lang):
        return None
    written = []
    for note in notes:
        text = drawing.escape_controls(note.text)
        if NOT_XML.search(text):
            return None
        written.append(notes_paragraphs_text(text, note.heading, lang))
    return "".join(written).encode("utf-8")


def notes_paragraphs_text(text: str, bold: bool, lang: str) -> str:
    """One notes paragraph (`drawing.note`) of text already free of control characters."""
    weight = ' b="1"' if bold else ""
    return (f'<a:p><a:r><a:rPr{weight} lang="{xml_attribute(lang)}"/>'
            f"<a:t>{xml_text(text)}</a:t></a:r></a:p>")
