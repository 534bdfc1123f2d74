"""DrawingML built directly with lxml: text boxes, rectangles, paragraphs and runs.

The writer used python-pptx's shape and text API for every run, which walks the schema
for each child it inserts; that was most of the time a deck took. These builders write
the same elements, attributes and order that python-pptx wrote (the decks stay
byte-identical), straight into the slide's shape tree. A slide the lean writer writes gets its text
bodies as text instead (`TextBody`: the bytes lxml serialises those elements to, written
into the slide's XML where an empty `p:txBody` stands for each, see `with_bodies`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from .opc import NOT_XML, NeedsPptx, qn, xml_attribute, xml_text

EMU_PER_POINT = 12700
EMU_PER_CENTIPOINT = 127
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")

# Clark names, looked up once instead of for every element.
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
A_ALPHA = qn("a:alpha")
A_AVLST = qn("a:avLst")
A_BODYPR = qn("a:bodyPr")
A_BR = qn("a:br")
A_BUCHAR = qn("a:buChar")
A_BUCLR = qn("a:buClr")
A_BUFONT = qn("a:buFont")
A_BUNONE = qn("a:buNone")
A_EXT = qn("a:ext")
A_EXTLST = qn("a:extLst")
A_EXT_ITEM = qn("a:ext")
A_SPLOCKS = qn("a:spLocks")
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
ADEC_DECORATIVE = f"{{{DECORATIVE_NS}}}decorative"
CHART_NAME = "Chart"
A_FLD = qn("a:fld")
A_HLINKCLICK = qn("a:hlinkClick")
A_LATIN = qn("a:latin")
A_LN = qn("a:ln")
A_LNSPC = qn("a:lnSpc")
A_LSTSTYLE = qn("a:lstStyle")
A_NOAUTOFIT = qn("a:noAutofit")
A_NOFILL = qn("a:noFill")
A_OFF = qn("a:off")
A_P = qn("a:p")
A_PPR = qn("a:pPr")
A_PRSTGEOM = qn("a:prstGeom")
A_R = qn("a:r")
A_RPR = qn("a:rPr")
A_SOLIDFILL = qn("a:solidFill")
A_SPCAFT = qn("a:spcAft")
A_SPCBEF = qn("a:spcBef")
A_SPCPTS = qn("a:spcPts")
A_SRGBCLR = qn("a:srgbClr")
A_T = qn("a:t")
A_TAB = qn("a:tab")
A_TABLST = qn("a:tabLst")
A_XFRM = qn("a:xfrm")
P_CNVPR = qn("p:cNvPr")
P_CNVSPPR = qn("p:cNvSpPr")
P_CSLD = qn("p:cSld")
P_NVPR = qn("p:nvPr")
P_NVSPPR = qn("p:nvSpPr")
P_PH = qn("p:ph")
P_SP = qn("p:sp")
P_SPPR = qn("p:spPr")
P_SPTREE = qn("p:spTree")
P_TXBODY = qn("p:txBody")
R_ID = qn("r:id")
PH_PATH = f"{P_NVSPPR}/{P_NVPR}/{P_PH}"       # a placeholder shape's p:ph


def emu(points: float) -> int:
    return int(round(points * EMU_PER_POINT))


def centipoints(points: float) -> str:
    """A size or spacing as python-pptx writes `Pt(points)`: whole hundredths of a point."""
    return str(int(points * EMU_PER_POINT) // EMU_PER_CENTIPOINT)


def hex_colour(colour: str) -> str:
    return colour.lstrip("#").upper()


@dataclass(frozen=True)
class RunStyle:
    """How a run looks; `font` and `lang` are the deck's."""

    size: float
    colour: str
    font: str
    lang: str
    bold: bool = False
    italic: bool = False


# ------------------------------------------------------------------ shapes


def textbox(tree, shape_id: int, box, anchor: str = "t", rotation: float = 0.0,
            decorative: bool = False, bodies: dict | None = None):
    """A text box with a text body that does no fitting of its own; returns the body
    (a `TextBody` kept in `bodies`, when given)."""
    sp = _shape(tree, shape_id, f"TextBox {shape_id - 1}", box, rotation, text_box=True)
    if decorative:
        mark_decorative(sp.find(f"{P_NVSPPR}/{P_CNVPR}"))
    etree.SubElement(sp.find(P_SPPR), A_NOFILL)
    return text_body(sp, anchor, bodies)


def rectangle(tree, shape_id: int, box, colour: str, decorative: bool = False,
              shape: str = "rect") -> None:
    """A filled shape without outline or shadow, as python-pptx draws MSO_SHAPE.RECTANGLE;
    `decorative` furniture is skipped by screen readers and accessibility checkers."""
    sp = _shape(tree, shape_id, f"{shape.capitalize()} {shape_id - 1}", box, shape=shape)
    if decorative:
        mark_decorative(sp.find(f"{P_NVSPPR}/{P_CNVPR}"))
    sp_pr = sp.find(P_SPPR)
    fill = etree.SubElement(sp_pr, A_SOLIDFILL)
    etree.SubElement(fill, A_SRGBCLR, val=hex_colour(colour))
    etree.SubElement(etree.SubElement(sp_pr, A_LN), A_NOFILL)
    body = etree.SubElement(sp, P_TXBODY)
    etree.SubElement(body, A_BODYPR, rtlCol="0", anchor="ctr")
    etree.SubElement(body, A_LSTSTYLE)
    etree.SubElement(etree.SubElement(body, A_P), A_PPR, algn="ctr")


def mark_decorative(c_nv_pr) -> None:
    """`adec:decorative`: PowerPoint's mark for a shape that carries no content."""
    ext = etree.SubElement(etree.SubElement(c_nv_pr, A_EXTLST), A_EXT_ITEM,
                           uri=DECORATIVE_URI)
    etree.SubElement(ext, ADEC_DECORATIVE, nsmap={"adec": DECORATIVE_NS}, val="1")


def placeholder(tree, shape_id: int, kind: str, idx: int, box, anchor: str):
    """A slide's footer (`ftr`) or slide-number (`sldNum`) placeholder; returns its body."""
    name = {"ftr": "Footer Placeholder", "sldNum": "Slide Number Placeholder"}[kind]
    sp = etree.SubElement(tree, P_SP)
    nv = etree.SubElement(sp, P_NVSPPR)
    etree.SubElement(nv, P_CNVPR, id=str(shape_id), name=f"{name} {shape_id - 1}")
    etree.SubElement(etree.SubElement(nv, P_CNVSPPR), A_SPLOCKS, noGrp="1")
    etree.SubElement(etree.SubElement(nv, P_NVPR), P_PH, type=kind, sz="quarter", idx=str(idx))
    place(etree.SubElement(sp, P_SPPR), box)
    return text_body(sp, anchor)


def _shape(tree, shape_id: int, name: str, box, rotation: float = 0.0,
           text_box: bool = False, shape: str = "rect"):
    sp = etree.SubElement(tree, P_SP)
    nv = etree.SubElement(sp, P_NVSPPR)
    etree.SubElement(nv, P_CNVPR, id=str(shape_id), name=name)
    c_nv = etree.SubElement(nv, P_CNVSPPR)
    if text_box:
        c_nv.set("txBox", "1")
    etree.SubElement(nv, P_NVPR)
    sp_pr = etree.SubElement(sp, P_SPPR)
    place(sp_pr, box, rotation)
    geometry = etree.SubElement(sp_pr, A_PRSTGEOM, prst=shape)
    etree.SubElement(geometry, A_AVLST)
    return sp


def place(sp_pr, box, rotation: float = 0.0) -> None:
    """The shape's position and size (and rotation) as `a:xfrm`, first in its `p:spPr`."""
    xfrm = etree.Element(A_XFRM)
    if rotation:
        xfrm.set("rot", str(int(round(rotation * 60000)) % (360 * 60000)))
    etree.SubElement(xfrm, A_OFF, x=str(emu(box.left)), y=str(emu(box.top)))
    etree.SubElement(xfrm, A_EXT, cx=str(emu(box.width)), cy=str(emu(box.height)))
    sp_pr.insert(0, xfrm)


def text_body(sp, anchor: str, bodies: dict | None = None):
    """A fresh `p:txBody` for the shape (replacing any it had), without insets or autofit;
    with `bodies`, an empty one standing for the `TextBody` returned (kept there)."""
    old = sp.find(P_TXBODY)
    body = etree.Element(P_TXBODY)
    if old is not None:
        old.addprevious(body)
        sp.remove(old)
    else:
        sp.append(body)
    if bodies is not None:
        written = bodies[body] = TextBody(anchor)
        return written
    body_pr = etree.SubElement(body, A_BODYPR, wrap="square", anchor=anchor, lIns="0",
                               rIns="0", tIns="0", bIns="0")
    etree.SubElement(body_pr, A_NOAUTOFIT)
    etree.SubElement(body, A_LSTSTYLE)
    return body


# -------------------------------------------------------------- paragraphs


def paragraph(body, align: str):
    """A paragraph with its alignment; returns (paragraph, its pPr).

    Add the pPr's children in schema order: `spaced`, then `bullet` or `no_bullet`, then
    `tab_stop`.
    """
    if type(body) is TextBody:
        written = TextParagraph(align)
        body.paragraphs.append(written)
        return written, written
    p = etree.SubElement(body, A_P)
    return p, etree.SubElement(p, A_PPR, algn=align)


def spaced(p_pr, line: float, before: float, indent: int = 0, hanging: int = 0) -> None:
    """Exact line spacing, space before (none after), left margin and first-line indent."""
    if type(p_pr) is TextParagraph:
        p_pr.attributes = f' marL="{indent}" indent="{hanging}"'
        p_pr.properties.append(_spacing_text(line, before))
        return
    p_pr.set("marL", str(indent))
    p_pr.set("indent", str(hanging))
    for element in _spacing(line, before):
        p_pr.append(element.__deepcopy__(None))


@lru_cache(maxsize=1024)
def _spacing(line: float, before: float) -> tuple:
    """The three spacing elements of `spaced`, copied for each paragraph (never changed)."""
    holder = etree.Element(A_PPR, nsmap={"a": A_NS})
    for tag, points in ((A_LNSPC, line), (A_SPCBEF, before), (A_SPCAFT, 0)):
        etree.SubElement(etree.SubElement(holder, tag), A_SPCPTS, val=centipoints(points))
    return tuple(holder)


@lru_cache(maxsize=1024)
def _spacing_text(line: float, before: float) -> str:
    return (f'<a:lnSpc><a:spcPts val="{centipoints(line)}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{centipoints(before)}"/></a:spcBef>'
            f'<a:spcAft><a:spcPts val="{centipoints(0)}"/></a:spcAft>')


def no_bullet(p_pr) -> None:
    if type(p_pr) is TextParagraph:
        p_pr.properties.append("<a:buNone/>")
        return
    etree.SubElement(p_pr, A_BUNONE)


def bullet(p_pr, font: str, colour: str) -> None:
    if type(p_pr) is TextParagraph:
        p_pr.properties.append(_bullet_text(font, colour))
        return
    etree.SubElement(etree.SubElement(p_pr, A_BUCLR), A_SRGBCLR, val=hex_colour(colour))
    etree.SubElement(p_pr, A_BUFONT, typeface=font)
    etree.SubElement(p_pr, A_BUCHAR, char="•")


@lru_cache(maxsize=64)
def _bullet_text(font: str, colour: str) -> str:
    return (f'<a:buClr><a:srgbClr val="{_attribute(hex_colour(colour))}"/></a:buClr>'
            f'<a:buFont typeface="{_attribute(font)}"/><a:buChar char="•"/>')


def tab_stop(p_pr, position: int) -> None:
    if type(p_pr) is TextParagraph:
        p_pr.properties.append(f'<a:tabLst><a:tab pos="{int(position)}" algn="l"/></a:tabLst>')
        return
    etree.SubElement(etree.SubElement(p_pr, A_TABLST), A_TAB, pos=str(position), algn="l")


def line_break(p) -> None:
    if type(p) is TextParagraph:
        p.content.append("<a:br/>")
        return
    etree.SubElement(p, A_BR)


def run(p, text: str, style: RunStyle, link: str | None = None, tag: str = A_R):
    """A run (or, with `tag` a:fld, a field) in `style`; `link` is a relationship id.
    In a `TextParagraph`, a run (not a field) written as text; returns None."""
    if type(p) is TextParagraph and tag == A_R:
        p.content += (_run_head(style), "" if link is None else _link_text(link),
                      "</a:rPr><a:t>", _element_text(escape_controls(text)), "</a:t></a:r>")
        return None
    r = _run_template(style, tag).__deepcopy__(None)    # one C call for its six elements
    p.append(r)
    if link is not None:
        etree.SubElement(r[0], A_HLINKCLICK).set(R_ID, link)
    r[-1].text = escape_controls(text)
    return r


@lru_cache(maxsize=512)
def _run_template(style: RunStyle, tag: str):
    """An empty run in `style`, copied for each run (never changed itself)."""
    holder = etree.Element(A_P, nsmap={"a": A_NS})
    r = etree.SubElement(holder, tag)
    r_pr = etree.SubElement(r, A_RPR, sz=centipoints(style.size),
                            b="1" if style.bold else "0", i="1" if style.italic else "0",
                            lang=style.lang, cap="none", spc="0", baseline="0")
    fill = etree.SubElement(r_pr, A_SOLIDFILL)
    etree.SubElement(fill, A_SRGBCLR, val=hex_colour(style.colour))
    etree.SubElement(r_pr, A_LATIN, typeface=style.font)
    etree.SubElement(r, A_T)
    return r


@lru_cache(maxsize=512)
def _run_head(style: RunStyle) -> str:
    """A run's XML up to the end of its properties' children (`_run_template`'s)."""
    return (f'<a:r><a:rPr sz="{centipoints(style.size)}" b="{"1" if style.bold else "0"}" '
            f'i="{"1" if style.italic else "0"}" lang="{_attribute(style.lang)}" cap="none" '
            f'spc="0" baseline="0"><a:solidFill><a:srgbClr '
            f'val="{_attribute(hex_colour(style.colour))}"/></a:solidFill>'
            f'<a:latin typeface="{_attribute(style.font)}"/>')


def _link_text(link: str) -> str:
    return f'<a:hlinkClick r:id="{_attribute(link)}"/>'


def _attribute(value: str) -> str:
    """An attribute value as lxml writes it; one lxml refuses is left to python-pptx's
    writer (which refuses it, with lxml's message)."""
    if NOT_XML.search(value):
        raise NeedsPptx("an attribute that is no XML text")
    return xml_attribute(value)


def _element_text(value: str) -> str:
    """Element text as lxml writes it (control characters already written as
    python-pptx writes them); text lxml refuses is left to python-pptx's writer."""
    if NOT_XML.search(value):
        raise NeedsPptx("a text that is no XML text")
    return xml_text(value)


class TextBody:
    """A shape's text body as text, for a slide the lean writer writes: the paragraphs
    `paragraph` and the builders after it add, as lxml serialises `text_body`'s element
    and theirs (tests compare the two)."""

    __slots__ = ("anchor", "paragraphs")

    def __init__(self, anchor: str) -> None:
        self.anchor, self.paragraphs = anchor, []

    def xml(self) -> str:
        return "".join((
            f'<p:txBody><a:bodyPr wrap="square" anchor="{_attribute(self.anchor)}" '
            'lIns="0" rIns="0" tIns="0" bIns="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>',
            *(paragraph.xml() for paragraph in self.paragraphs), "</p:txBody>"))


class TextParagraph:
    """A paragraph of a `TextBody`: its properties (alignment; margin and indent; their
    children in the order added) and its content (runs, breaks)."""

    __slots__ = ("align", "attributes", "properties", "content")

    def __init__(self, align: str) -> None:
        self.align, self.attributes = align, ""
        self.properties: list[str] = []
        self.content: list[str] = []

    def xml(self) -> str:
        head = f'<a:p><a:pPr algn="{_attribute(self.align)}"{self.attributes}'
        properties = (">" + "".join(self.properties) + "</a:pPr>") if self.properties else "/>"
        return head + properties + "".join(self.content) + "</a:p>"


EMPTY_BODY = b"<p:txBody/>"


def with_bodies(xml: bytes, tree, bodies: dict) -> bytes:
    """A slide's XML (lxml's, of `tree`'s document) with each empty `p:txBody` that
    stands for a `TextBody` replaced by the body's text; NeedsPptx when the empty ones
    are not exactly those."""
    if not bodies:
        return xml
    written = [bodies[element].xml() for element in tree.iter(P_TXBODY) if element in bodies]
    pieces = xml.split(EMPTY_BODY)
    if len(pieces) != len(written) + 1:
        raise NeedsPptx("a slide whose text bodies cannot be told apart")
    out = [pieces[0]]
    for body, piece in zip(written, pieces[1:]):
        out += (body.encode("utf-8"), piece)
    return b"".join(out)


def escape_controls(text: str) -> str:
    """Control characters as python-pptx writes them: `_x0007_`."""
    return _CONTROL.sub(lambda match: "_x%04X_" % ord(match.group(1)), text)


def note(body, text: str, bold: bool, lang: str) -> None:
    """A speaker-notes paragraph: one run in the notes' own style."""
    r = etree.SubElement(etree.SubElement(body, A_P), A_R)
    r_pr = etree.SubElement(r, A_RPR)
    if bold:
        r_pr.set("b", "1")
    r_pr.set("lang", lang)
    etree.SubElement(r, A_T).text = escape_controls(text)


# ------------------------------------------------------------ placeholders


def placeholders(tree) -> list:
    """The `p:sp` placeholders a layout put on the slide, with their idx (0: the title)."""
    found = []
    for sp in tree.iterchildren(P_SP):
        ph = sp.find(PH_PATH)
        if ph is not None:
            found.append((int(ph.get("idx", "0")), sp))
    return found


def max_shape_id(tree) -> int:
    """The largest numeric `id` in the slide's XML, as python-pptx numbers new shapes."""
    ids = [int(value) for value in tree.xpath("//@id") if value.isdigit()]
    return max(ids, default=0)
