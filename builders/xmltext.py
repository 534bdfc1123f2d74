"""Escaping text for reportlab's paragraph markup and XML attributes (the memo's markup,
the decks' master).

The same results as `xml.sax.saxutils.escape`, `unescape` and `quoteattr` (the tests
compare them on arbitrary text), without importing `xml.sax.saxutils`, which pulls in
`urllib.request`, `http.client` and `ssl`: about 8 ms at the start of every memo process,
and about 10 ms of a warm build's decks.
"""

from __future__ import annotations

ATTRIBUTE_WHITESPACE = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
"""Characters an attribute value spells as character references (XML normalises them)."""


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """`text` with `&`, `<` and `>` (and each key of `entities`) written as references."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for character, reference in (entities or {}).items():
        text = text.replace(character, reference)
    return text


def unescape(text: str, entities: dict[str, str] | None = None) -> str:
    """What `escape` made of a text, read back: `&lt;`, `&gt;` (and `entities`), then `&amp;`."""
    text = text.replace("&lt;", "<").replace("&gt;", ">")
    for reference, character in (entities or {}).items():
        text = text.replace(reference, character)
    return text.replace("&amp;", "&")


def quoteattr(text: str, entities: dict[str, str] | None = None) -> str:
    """`text` escaped and quoted as an attribute value: in double quotes, in single
    quotes when it holds a double quote but no single one, else with `&quot;`."""
    text = escape(text, {**(entities or {}), **ATTRIBUTE_WHITESPACE})
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))
