"""Speaker-notes slides (builders/deck/notes.py): after a deck's first notes slide the
notes are written as text into its blank; the bytes are lxml's and the decks unchanged."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from pptx import Presentation
from pptx.opc.oxml import serialize_part_xml

from builders.deck import drawing
from builders.deck.notes import _pieces, _text_body, notes_paragraphs
from builders.deck.plan import NoteParagraph
from tests.conftest import ENGLISH, ROOT, SHIPPED

EVERY_CHARACTER = "".join(chr(code) for code in range(0x20, 0xD800)) + "".join(
    chr(code) for code in range(0xE000, 0xFFFE)) + "\U0001F600\U00010000\U0010FFFD"


@pytest.fixture(autouse=True)
def python_pptx_writes_the_decks(monkeypatch):
    """The shortcuts tested here are python-pptx's path's (a cold build's first deck, and
    each deck the lean writer leaves to it); tests/test_deck_lean.py compares the two."""
    import builders.deck.lean as lean

    monkeypatch.setattr(lean, "ENABLED", False)


def _blank():
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    return slide.notes_slide._element


def _as_lxml_writes_them(blank, notes, lang):
    element = copy.deepcopy(blank)
    body = _text_body(element)
    for old in body.findall(drawing.A_P):
        body.remove(old)
    for note in notes:
        drawing.note(body, note.text, note.heading, lang)
    return serialize_part_xml(element)


@pytest.mark.parametrize("texts", [
    ["Eén & twee < drie > vier \"vijf\" 'zes'"],
    ["tab\there", "line\nbreak", "carriage\rreturn", "bell\x07 and \x1f", ""],
    [EVERY_CHARACTER],
    ["<a:t>not markup</a:t>", "&amp; stays &amp;amp;", "]]> end"],
], ids=["escapes", "controls", "every-character", "markup-like"])
@pytest.mark.parametrize("lang", ["nl-NL", "en-GB"])
def test_notes_written_as_text_are_the_bytes_lxml_gives(texts, lang):
    blank = _blank()
    notes = [NoteParagraph(text, heading=index % 2 == 0) for index, text in enumerate(texts)]
    before, after = _pieces(blank)
    assert before + notes_paragraphs(notes, lang) + after == _as_lxml_writes_them(
        blank, notes, lang)


def test_a_note_lxml_refuses_is_left_to_lxml():
    """Text XML cannot hold is not written as text: lxml refuses it as it always did."""
    for text in ("\ufffe", "\ud800", "x\uffff"):
        assert notes_paragraphs([NoteParagraph(text)], "nl-NL") is None
        with pytest.raises(ValueError):
            _as_lxml_writes_them(_blank(), [NoteParagraph(text)], "nl-NL")


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, ROOT / "tests" / "fixtures" / "stress"
                                      / "briefing.yaml"], ids=["shipped", "english", "stress"])
def test_decks_with_notes_written_as_text_are_the_same_bytes(briefing, monkeypatch, tmp_path):
    import builders.deck as deck
    import builders.deck.notes as notes
    from builders.loader import load
    from tests.test_deck_template import template_theme

    loaded = load(briefing)
    on_template = dataclasses.replace(loaded, theme=template_theme(tmp_path))
    written, real_add = [], notes.add_notes_part
    monkeypatch.setattr(notes, "add_notes_part",
                        lambda *args: written.append(args) or real_add(*args))
    as_text = deck.render_decks(loaded), deck.render_decks(on_template)
    assert len(written) > 2 * len(as_text[0])      # most notes slides went as text
    monkeypatch.setattr(notes, "_pieces", lambda blank: None)
    assert (deck.render_decks(loaded), deck.render_decks(on_template)) == as_text
