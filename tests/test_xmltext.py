"""Our own escaping (memo markup, deck master): what `xml.sax.saxutils` makes of any text, without its imports."""

from __future__ import annotations

import subprocess
import sys
import xml.sax.saxutils as saxutils

from hypothesis import given, strategies as st

from builders import xmltext
from tests.conftest import ROOT

MARKUP_TEXT = st.text(alphabet=st.sampled_from(list("&<>\"'\n\r\t ;a#1xé")) | st.characters(),
                      max_size=40)
ENTITIES = st.dictionaries(st.sampled_from(["\"", "'", "é", "a", "&quot;", "&#10;", "x"]),
                           st.sampled_from(["&quot;", "&apos;", "&#233;", "b", "\"", "'"]),
                           max_size=3)


@given(MARKUP_TEXT, ENTITIES)
def test_escape_is_saxutils_escape(text, entities):
    assert xmltext.escape(text) == saxutils.escape(text)
    assert xmltext.escape(text, entities) == saxutils.escape(text, entities)


@given(MARKUP_TEXT, ENTITIES)
def test_unescape_is_saxutils_unescape(text, entities):
    assert xmltext.unescape(text) == saxutils.unescape(text)
    assert xmltext.unescape(text, entities) == saxutils.unescape(text, entities)


@given(MARKUP_TEXT, ENTITIES)
def test_quoteattr_is_saxutils_quoteattr(text, entities):
    assert xmltext.quoteattr(text) == saxutils.quoteattr(text)
    assert xmltext.quoteattr(text, entities) == saxutils.quoteattr(text, entities)


def test_each_kind_of_quoting():
    assert xmltext.quoteattr('a "b"') == "'a \"b\"'"
    assert xmltext.quoteattr("it's \"x\"\n") == '"it\'s &quot;x&quot;&#10;"'
    assert xmltext.escape("<a & b>") == "&lt;a &amp; b&gt;"
    assert xmltext.unescape("&amp;lt;") == "&lt;"


def test_typesetting_a_memo_imports_no_url_or_network_module():
    script = ("import sys\nimport builders.memo\nfrom builders.loader import load\n"
              "from builders.memo import render_memo\n"
              "render_memo(load(sys.argv[1], check=False))\n"
              "print(sorted(m for m in ('xml.sax.saxutils', 'urllib.request', 'http.client', 'ssl')"
              " if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script, str(ROOT / "briefing.yaml")],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
