"""Inline markup → reportlab paragraph markup: briefing text is escaped, only our tags remain."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from builders.fonts import FontSet
from builders.memo.inline import FootnoteNumbers, InlineRenderer

FONTS = FontSet("Helvetica", "Helvetica-Oblique", "Helvetica-Bold", "Helvetica-BoldOblique",
                "Helvetica-Bold", coverage=frozenset(range(0x250)))


def renderer(notes: dict[str, str] | None = None, fonts: FontSet = FONTS) -> InlineRenderer:
    return InlineRenderer(fonts, "#01689B", FootnoteNumbers(notes or {}))


@pytest.mark.parametrize("text, expected", [
    ("<font color=red>x</font>", "&lt;font color=red&gt;x&lt;/font&gt;"),
    ('<img src="/etc/hostname"/>', '&lt;img src="/etc/hostname"/&gt;'),
    ("</para>", "&lt;/para&gt;"),
    ("&amp;", "&amp;amp;"),
    ("a & b", "a &amp; b"),
])
def test_text_is_escaped(text, expected):
    assert renderer().text(text) == expected


def test_only_generated_tags_remain():
    markup = renderer().text("**vet <b>** en *schuin </i>*")
    assert markup == "<b>vet &lt;b&gt;</b> en <i>schuin &lt;/i&gt;</i>"


def test_links_only_for_web_and_mail_with_escaped_attribute():
    r = renderer()
    assert r.text('[site](https://x.org/?a=1&b="2")') == \
        """<a href='https://x.org/?a=1&amp;b="2"' color="#01689B">site</a>"""
    assert r.text("[mail](mailto:a@b.nl)").startswith('<a href="mailto:a@b.nl"')
    assert r.text("[kwaad](file:///etc/passwd)") == "kwaad"


def test_footnotes_numbered_in_order_of_first_citation():
    r = renderer({"a": "A", "b": "B"})
    first = r.text("x[^b] y[^a] z[^b]")
    assert first.count("<super>1</super>") == 2 and "<super>2</super>" in first
    assert '<onDraw name="footnote" label="1"/>' in first
    assert r.notes.cited() == {1: "b", 2: "a"}


def test_unknown_footnote_stays_literal_and_notes_cite_nothing():
    r = renderer({"a": "A"})
    assert r.text("x[^zz]") == "x[^zz]"
    assert r.note_text("zie [^a]") == "zie "
    assert r.notes.cited() == {}


def test_fallback_font_only_for_characters_the_main_fonts_lack():
    fonts = FontSet(**{**FONTS.__dict__, "fallbacks": (("Fallback", frozenset({0x4E2D})),)})
    assert renderer(fonts=fonts).text("a中b") == 'a<font face="Fallback">中</font>b'
    assert renderer().text("a中b") == "a中b"


@pytest.mark.parametrize("text", ["<font color=red>x</font>", "</para><para>", "&#60;b&#62;",
                                  '<a href="javascript:x">y</a>', "<onDraw name=x/>"])
def test_reportlab_parses_escaped_text_as_the_same_text(text):
    paragraph = Paragraph(renderer().text(text), ParagraphStyle("t"))
    assert "".join(frag.text for frag in paragraph.frags) == text


def runs_char_by_char(fonts: FontSet, text: str) -> list[tuple[str, str | None]]:
    """The font runs as defined: each character asks `fallback_for`, neighbours merge."""
    runs: list[tuple[str, str | None]] = []
    for char in text:
        font = fonts.fallback_for(char)
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + char, font)
        else:
            runs.append((char, font))
    return runs


@given(st.text(alphabet="ab −中文\u2192\u0394é", max_size=40))
def test_font_runs_of_a_whole_text_are_those_of_its_characters(text):
    """The runs are found per text (one coverage test when no fallback is needed) and are
    the same as asking the fonts character by character."""
    fonts = FontSet(**{**FONTS.__dict__, "coverage": frozenset(map(ord, "ab é")),
                       "fallbacks": (("Math", frozenset({0x2212, 0x2192})),
                                     ("Han", frozenset({0x4E2D})))})
    assert renderer(fonts=fonts)._font_runs(text) == runs_char_by_char(fonts, text)
    assert renderer()._font_runs(text) == ([(text, None)] if text else [])
