"""Speaker-notes slides, made as python-pptx makes them but without its cost per slide.

python-pptx builds every notes slide by cloning the notes master's placeholders, which
searches the master's XML for each one. The first notes slide of a deck is made that
way; the later ones are copies of its blank XML, related to the same parts in the same
order, so the package is the one python-pptx would have written.
"""

from __future__ import annotations

import copy

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.slide import NotesSlidePart

from . import drawing

class NotesSlides:
    """Adds the notes slides of one deck."""

    def __init__(self, prepared=None) -> None:
        self._blank = None
        self._prepared = prepared       # a build's PreparedParts: the first one copied too

    def add(self, slide, notes, lang: str) -> None:
        """A notes slide for `slide` whose text body holds `notes` (NoteParagraphs)."""
        body = _text_body(self._new_notes_slide(slide))
        for old in body.findall(drawing.A_P):
            body.remove(old)
        for note in notes:
            drawing.note(body, note.text, note.heading, lang)

    def _new_notes_slide(self, slide):
        if self._blank is None:
            element = (slide.notes_slide._element if self._prepared is None
                       else self._prepared.notes_slide(slide))
            self._blank = copy.deepcopy(element)
            return element
        slide_part = slide.part
        package = slide_part.package
        notes_part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                                    CT.PML_NOTES_SLIDE, package, copy.deepcopy(self._blank))
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part._element


def _text_body(notes_element):
    """The notes placeholder's `p:txBody`."""
    tree = notes_element.find(f"{drawing.P_CSLD}/{drawing.P_SPTREE}")
    for sp in tree.iterchildren(drawing.P_SP):
        ph = sp.find(drawing.PH_PATH)
        if ph is not None and ph.get("type") == "body":
            return sp.find(drawing.P_TXBODY)
    raise ValueError("the notes slide has no notes placeholder")
