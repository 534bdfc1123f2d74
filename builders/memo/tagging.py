"""The tagged, archival memo: PDF/UA-1 and PDF/A-2a from the roles its flowables carry.

`TaggedCanvas` is the canvas every pass of the memo draws on. While reportlab draws a
flowable, the canvas brackets its drawing as marked content of a structure element that
the flowable's `role` decides (see flowables.with_role): P, H1–H3, Caption, LI (in an L,
with Lbl and LBody), BlockQuote, Figure (with /Alt and /BBox), Note, Table (TR, TH, TD),
TOC (TOCI). Everything drawn outside a flowable — marking, watermark, running header and
footer, page numbers, the rule above the footnotes — and everything with the role
"Artifact" is an artifact, as are the header rows a table repeats on a new page. A
footnote is a Note placed in the element that cites it; a link is a Link element with
the annotation's OBJR. A line that starts with a word respelt at a break (the Dutch
trema dropped, flowables.LineBreaks.respell) is a Span whose /ActualText is the text as
typed. On save the canvas writes the structure tree, parent tree,
MarkInfo, XMP, the sRGB output intent and the fixes of archival.py.

This is the only module that knows reportlab's internals, and it relies on these
(guarded by tests/test_memo_tagging.py, for the reportlab versions pyproject.toml allows):
- `Flowable.drawOn` opens and closes its drawing with `canvas.saveState()` and
  `canvas.restoreState()` (the canvas recognises that caller by its code object);
- a paragraph draws its bullet in `paragraph._drawBullet` with one `canvas.drawText`,
  tells its text object where a link's text starts and ends (`_linkRecord`), and keeps
  its lines in `blPara` (a word split by hyphenation ends in "-", `_SplitWordHY`; when
  the paragraph is split after such a line, the part's last word is a `_SplitWordLL`
  or its last frag a `_SplitFragLL`), so a hyphen that line breaking added can be drawn
  as a soft hyphen (U+00AD);
- a Table calls its `_renderCB` (a `TableRenderCB`) around rows and cells;
- splits keep `role` and the other tag attributes (`carry_over`, called by the
  flowables of flowables.py);
- `PDFCatalog`/`PDFPage` write extra keys listed in their `__NoDefault__`;
- a subset's ToUnicode stream is named "toUnicodeCMap:…" and made before
  `PDFDocument.format` calls `encrypt.prepare`;
- `PDFDictionary` and `PDFArray` format as `StructureWriter` writes structure elements
  (tests/test_memo_speedups.py compares the two on every kind of entry);
- a text object writes TrueType text as `LinkedText._formatText` does, and a font's
  `state[document].assignments` holds the codes `splitString` gave (`split_text`);
- the paragraph module's line breaking measures words with its own name `stringWidth`
  (`remembered_widths` puts a remembering one there while a memo is typeset).
"""

from __future__ import annotations

import html
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table, TableRenderCB

from . import archival
from .inline import FOOTNOTE_CALLBACK

_DRAW_ON = Flowable.drawOn.__code__
_DRAW_BULLET = rl_paragraph._drawBullet.__code__

LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
"""The briefing's languages as PDF /Lang values."""
STANDARD_TYPES = frozenset("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
    NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot
    Span Quote Note Reference BibEntry Code Link Annot Figure Formula Form""".split())
GROUPS = frozenset({"Table", "TOC", "L"})
"""Roles of flowables that hold other tagged flowables (tables, a list drawn as a table)."""
CELL_ROLES = frozenset({"TH", "TD", "TOCI"})
"""Roles of paragraphs that are a cell's (or a contents row's) own text."""
TAG_ATTRIBUTES = ("role", "alt", "lang", "note", "tag_key", "continued_part", "row_origin",
                  "source_text")
"""What a flowable's parts inherit when reportlab splits it across pages."""


def carry_over(source, parts: list) -> list:
    """Give the parts of a split flowable its role and one shared structure element.

    The first part of a table keeps its header rows; later parts repeat them (artifacts).
    Each part of a table knows which of the original rows it shows (`row_origin`), so a
    row split across pages stays one TR.
    """
    if not parts:
        return parts
    info = vars(source)
    info.setdefault("tag_key", object())
    if isinstance(source, Paragraph):  # the text before reportlab put hyphens into it
        info.setdefault("source_text", _plain_text(source))
    rows = _row_origin(source) if isinstance(source, Table) else None
    for index, part in enumerate(parts):
        if part is source:
            continue
        for name in TAG_ATTRIBUTES:
            if name in info:
                vars(part)[name] = info[name]
        if rows is not None and isinstance(part, Table):
            count, repeat = len(part._cellvalues), _repeat_count(part)
            vars(part)["row_origin"] = (rows[:count] if index == 0
                                        else rows[:repeat] + rows[len(rows) - (count - repeat):])
            vars(part)["continued_part"] = index > 0 or info.get("continued_part", False)
    return parts


def _tag_key(flowable) -> object:
    """What names the flowable's structure element: a token the flowable (and any part it
    is split into) carries. The structure holds the token, not the flowable: a drawn
    flowable is freed as soon as the page that shows it is done."""
    return vars(flowable).setdefault("tag_key", object())


def _row_origin(table) -> list[int]:
    return list(getattr(table, "row_origin", None) or range(len(table._cellvalues)))


def _repeat_count(table) -> int:
    repeat = table.repeatRows
    return repeat if isinstance(repeat, int) else len(repeat)


@dataclass(eq=False, slots=True)
class Element:
    """One structure element: its type, parent, kids and attributes, in reading order."""

    role: str
    parent: "Element | None"
    kids: list = field(default_factory=list)
    """Element, `Content` (an MCID on a page) or `Annotation`."""
    entries: dict = field(default_factory=dict)
    """Extra dictionary entries: Alt, Lang, ID."""
    layout: dict = field(default_factory=dict)
    """Attributes: Table (Scope, RowSpan, ColSpan) or Layout (BBox)."""
    implicit: bool = False
    """An L or BlockQuote made to hold consecutive items that have no group of their own."""

    def add(self, role: str, **options) -> "Element":
        child = Element(role, self, **options)
        self.kids.append(child)
        return child


@dataclass(frozen=True, slots=True)
class Content:
    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Annotation:
    page: int
    reference: object
    """The annotation's PDF reference."""


TREE_ROOT = "StructTreeRoot"
"""The name of the structure tree root's PDF object."""
ARTIFACT = None
"""The marking of content that is no part of the structure."""


class Structure:
    """The structure tree being built as the pages are drawn; reportlab-free bookkeeping."""

    def __init__(self):
        self.root = Element("Document", None)
        self.keyed: dict[int, tuple[object, Element]] = {}
        self.notes: dict[int, Element] = {}
        self.headings: dict[str, str] = {}
        self.marks: list[list[Element]] = [[]]
        """Per page: MCID → the element that owns it."""

    def element(self, key, make) -> Element:
        """The element for `key` (a flowable, or what its split parts share), made once."""
        found = self.keyed.get(id(key))
        if found is not None:
            return found[1]
        element = make()
        self.keyed[id(key)] = (key, element)
        return element

    def mark(self, page: int, element: Element) -> int:
        """A new MCID on `page` for content of `element`."""
        while len(self.marks) <= page:
            self.marks.append([])
        mcid = len(self.marks[page])
        self.marks[page].append(element)
        element.kids.append(Content(page, mcid))
        return mcid

    def note(self, number: int, parent: Element | None) -> Element:
        """The Note element of footnote `number`, placed in `parent` on its first citation."""
        if number not in self.notes:
            holder = parent if parent is not None else self.root
            self.notes[number] = holder.add("Note", entries={"ID": f"note-{number}"})
        return self.notes[number]


def group_in(parent: Element, role: str) -> Element:
    """The implicit group (L, BlockQuote) that `parent` ends with, or a new one."""
    last = parent.kids[-1] if parent.kids else None
    if isinstance(last, Element) and last.implicit and last.role == role:
        return last
    return parent.add(role, implicit=True)


class TableEvents(TableRenderCB):
    """reportlab's table callback: rows become TR (or TOCI), cells TH or TD."""

    def __call__(self, table, command, *args):
        canvas = getattr(table, "canv", None)
        if isinstance(canvas, TaggedCanvas):
            getattr(canvas, "_table_" + command, lambda *_: None)(table, *args)


TABLE_EVENTS = TableEvents()


class LinkedText(PDFTextObject):
    """A paragraph's text object: reportlab's paragraph tells it where a link's text
    starts and ends (`_linkRecord`), and the canvas marks that text as Link content."""

    _tag_before = 0
    """Where in the code the last piece of text began (a link starts after its first piece
    was written, so its mark goes in before that piece)."""

    def _textOut(self, text, TStar=0):
        self._tag_before = len(self._code)
        canvas = self._canvas
        typed = canvas._typed(text)
        if typed is None:
            return super()._textOut(text, TStar)
        owner = canvas._open_element
        mcid = canvas.structure.mark(canvas._page, owner.add("Span"))
        self._code += ["EMC", f"/Span <</MCID {mcid} /ActualText {_text_string(typed)}>> BDC"]
        super()._textOut(text, TStar)
        mcid = canvas.structure.mark(canvas._page, owner)
        self._code += ["EMC", f"/{owner.role} <</MCID {mcid}>> BDC"]

    def _linkRecord(self, link, event: str) -> None:
        self._canvas._link_event(self, link, event)

    def _formatText(self, text):
        """reportlab's operators for `text` in a TrueType font, its characters looked up
        at once (`SubsetCodes`) instead of one by one (`TTFont.splitString`)."""
        font = getFont(self._fontname)
        if not font._dynamicFont or isinstance(text, ShapedStr) or not isinstance(text, str):
            return super()._formatText(text)
        canvas = self._canvas
        operators, size = [], None
        for subset, chunk in canvas._split_text(font, text):
            if subset != self._curSubset:
                if size is None:
                    size = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
                operators.append(f"{font.getSubsetInternalName(subset, canvas._doc)} {size}")
                self._curSubset = subset
            operators.append(f"({canvas._escape(chunk)}) Tj")
        return " ".join(operators)


class _Unassigned(Exception):
    """A character without a code in the font's first subset (yet)."""


class SubsetCodes(dict):
    """Character → code of a font's first subset, for `str.translate`: a character
    without one stops the translation (reportlab's `splitString` then assigns it)."""

    def __missing__(self, key):
        raise _Unassigned


def split_text(font, text: str, document, known: dict) -> list[tuple[int, bytes]]:
    """What `font.splitString(text, document)` returns, in one `str.translate` when every
    character already has a code in the first subset (after the first pages, nearly
    always); `known` keeps each font state's table, rebuilt when characters were added."""
    state = font.state.get(document)
    if state is None or not text:
        return font.splitString(text, document)
    assignments = state.assignments
    entry = known.get(id(state))
    if entry is None or entry[1] != len(assignments):
        codes = SubsetCodes({code: n for code, n in assignments.items() if n < 256})
        if assignments.get(32, 256) < 256:
            codes[0xA0] = assignments[32]  # reportlab sets a no-break space as a space
        entry = known[id(state)] = (state, len(assignments), codes)
    try:
        return [(0, text.translate(entry[2]).encode("latin-1"))]
    except _Unassigned:
        return font.splitString(text, document)


class TaggedCanvas(Canvas):
    """A canvas that writes tagged, archival PDF (see the module docstring)."""

    def __init__(self, *args, **options):
        super().__init__(*args, **options)
        self.structure = Structure()
        self._markings: list = [ARTIFACT]
        """Stack of what the content being drawn belongs to: an Element, or ARTIFACT."""
        self._parents: list = [self.structure.root]
        """Stack of the elements new elements go into (ARTIFACT inside repeated rows)."""
        self._frames: list[tuple[bool, bool]] = []
        """Per flowable being drawn: (whether it changed the marking, pushed a parent)."""
        self._cell_content: list[bool] = []
        self._cells: dict[tuple, tuple[Element, object]] = {}
        self._restore: list = []
        """Per flowable being drawn: what undoes its soft hyphens after drawing, or None."""
        self._line_links: dict[tuple, Element] = {}
        """Links whose text this line drew, waiting for their annotations."""
        self._page_keys: list[int] = []
        self._annotation_keys: list[tuple[int, Element]] = []
        self._link_parts: dict[tuple, tuple] = {}
        """A link's destination, text and border as formatted (`QuickLink`), by object."""
        self._links: list[tuple[object, str, str]] = []
        self._next_key = 0
        self._subset_codes: dict[int, tuple] = {}
        """Per font state: its first subset's codes (`split_text`)."""
        self._begin_page()

    # -- pages -------------------------------------------------------------------------

    @property
    def _page(self) -> int:
        return self._pageNumber - 1

    def _begin_page(self) -> None:
        self._page_keys.append(self._new_key())
        self._code.append("/Artifact BMC")
        self._open_element = ARTIFACT

    def _new_key(self) -> int:
        self._next_key += 1
        return self._next_key - 1

    def showPage(self):
        self._code.append("EMC")
        key = self._page_keys[-1]
        super().showPage()
        page = self._doc.Pages.pages[-1]
        if page.compression:  # Flate only: ASCII85 on top costs a quarter more bytes and time
            page.Contents = pdfdoc.PDFStream(content=page.stream, filters=[pdfdoc.PDFZCompress])
        page.__NoDefault__ = list(type(page).__NoDefault__) + ["StructParents", "Tabs"]
        page.StructParents = key
        page.Tabs = _name("S")
        self._begin_page()

    # -- marked content ----------------------------------------------------------------

    def saveState(self):
        caller = sys._getframe(1)
        if caller.f_code is not _DRAW_ON:
            return super().saveState()
        drawing = caller.f_locals  # a snapshot of drawOn's variables: taken once
        flowable = drawing["self"]
        marking, parent = self._plan(flowable, drawing.get("x", 0), drawing.get("y", 0))
        changes = marking is not self._markings[-1] or marking is not ARTIFACT
        if changes:
            self._close()
        if isinstance(flowable, Paragraph) and marking is not ARTIFACT:
            self._restore.append(soft_line_end_hyphens(flowable))
        else:
            self._restore.append(None)
        super().saveState()
        self._markings.append(marking)
        if changes:
            self._open()
        if parent is not None:
            self._parents.append(parent)
        self._frames.append((changes, parent is not None))

    def restoreState(self):
        caller = sys._getframe(1)
        if caller.f_code is not _DRAW_ON or not self._frames:
            return super().restoreState()
        changes, pushed = self._frames.pop()
        restore = self._restore.pop()
        if restore:
            restore()
        if pushed:
            self._parents.pop()
        if changes:
            self._close()
        self._markings.pop()
        super().restoreState()
        if changes:
            self._open()

    def _open(self) -> None:
        marking = self._markings[-1]
        if marking is ARTIFACT:
            self._code.append("/Artifact BMC")
        else:
            mcid = self.structure.mark(self._page, marking)
            self._code.append(f"/{marking.role} <</MCID {mcid}>> BDC")
        self._open_element = marking

    def _close(self) -> None:
        self._code.append("EMC")

    def _switch(self, marking) -> None:
        """Change what the content drawn next belongs to, within one flowable."""
        self._close()
        self._markings[-1] = marking
        self._open()

    def _plan(self, flowable, x: float, y: float) -> tuple[object, Element | None]:
        """(marking, parent to push) for a flowable about to be drawn."""
        role = getattr(flowable, "role", None)
        parent = self._parents[-1]
        if role is None and not isinstance(flowable, Paragraph):
            return self._markings[-1], None
        if role == "Artifact" or (parent is ARTIFACT and role != "Note"):
            return ARTIFACT, None
        key = _tag_key(flowable)
        heading = getattr(flowable, "heading_key", None)
        if heading:
            self.structure.headings[heading] = getattr(flowable, "outline_title", heading)
        if role in GROUPS and isinstance(flowable, Table):
            flowable._renderCB = TABLE_EVENTS
            return ARTIFACT, self.structure.element(key, lambda: parent.add(role))
        element = self._content_element(flowable, role or "P", key, parent, x, y)
        lang = getattr(flowable, "lang", None)
        if lang:
            element.entries["Lang"] = lang
        if _wholly_linked(flowable):
            element = self._keyed_tuple(("link", id(key)), lambda: element.add("Link"), key)
        return element, None

    def _content_element(self, flowable, role: str, key, parent: Element, x: float,
                         y: float) -> Element:
        structure = self.structure
        if role == "Note":
            number = _note_number(flowable)
            if number is None:
                return structure.element(key, lambda: structure.root.add("Note"))
            return structure.note(number, None)
        if role in CELL_ROLES and parent.role in ("TH", "TD", "TOCI"):
            return parent
        if role == "LI":
            def make_item() -> Element:
                holder = parent if parent.role == "L" else group_in(parent, "L")
                return holder.add("LI")
            item = structure.element(key, make_item)
            return item.kids[-1] if item.kids and item.kids[-1].role == "LBody" else item.add("LBody")
        if role == "BlockQuote":
            return structure.element(key, lambda: group_in(parent, "BlockQuote").add("P"))
        if role == "Caption" and parent.kids and getattr(parent.kids[-1], "implicit", False) \
                and parent.kids[-1].role == "BlockQuote":
            quote = parent.kids[-1]
            quote.implicit = False  # its source ends a quote: the next one is a new BlockQuote
            return structure.element(key, lambda: quote.add("Caption"))
        if role not in STANDARD_TYPES or role in GROUPS or role in CELL_ROLES:
            role = "P"
        element = structure.element(key, lambda: parent.add(role))
        if role == "Figure":
            element.entries["Alt"] = getattr(flowable, "alt", None) or ""
            left, bottom = self.absolutePosition(x, y)
            width, height = getattr(flowable, "width", 0), getattr(flowable, "height", 0)
            element.layout.setdefault("BBox", [round(v, 2) for v in
                                               (left, bottom, left + width, bottom + height)])
        return element

    def read_as_typed(self, respelt: list[tuple[str, str]]) -> None:
        """The paragraph about to be drawn starts lines with words respelt at a break
        (the Dutch trema dropped: "Oekra-" / "iense"): (as drawn, as typed). Each line
        that starts so is drawn with the typed text as its /ActualText, so that the text
        layer reads the word as written ("Oekraïense")."""
        self._respelt = [pair for pair in respelt if pair[0] and pair[0] != pair[1]]

    _respelt: list = []
    _open_element = ARTIFACT
    """The element whose marked content is open (ARTIFACT: an artifact's)."""

    def _typed(self, text: str) -> str | None:
        """`text` as typed when it starts with the next respelt word, else None."""
        respelt = self._respelt
        if not respelt or self._open_element is ARTIFACT:
            return None
        shown, typed = respelt[0]
        stripped = text.lstrip(" ")
        if not stripped.startswith(shown):
            return None
        del respelt[0]
        return text[:len(text) - len(stripped)] + typed + stripped[len(shown):]

    def _split_text(self, font, text: str) -> list[tuple[int, bytes]]:
        return split_text(font, text, self._doc, self._subset_codes)

    def beginText(self, x=0, y=0, direction=None):
        """A text object that marks its links' text as Link content (see `LinkedText`)."""
        return LinkedText(self, x, y, direction=direction)

    def _link_event(self, text, link, event: str) -> None:
        """A link's text starts (after its first piece was written) or ends, in a line."""
        owner = self._markings[-1]
        if owner is ARTIFACT or owner.role in ("Lbl", "Link"):
            return
        if event == "start":
            element = self._keyed_tuple(("link", id(owner), link), lambda: owner.add("Link"))
            self._line_links[link] = element
            mcid = self.structure.mark(self._page, element)
            text._code[text._tag_before:0] = [
                "EMC", f"/Link <</MCID {mcid}>> BDC"]
            self._open_element = element
        elif link in self._line_links:
            mcid = self.structure.mark(self._page, owner)
            text._code += ["EMC", f"/{owner.role} <</MCID {mcid}>> BDC"]
            self._open_element = owner

    def drawText(self, aTextObject):
        """A list item's bullet is its Lbl; the text after it its LBody."""
        body = self._markings[-1]
        if sys._getframe(1).f_code is not _DRAW_BULLET or body is ARTIFACT \
                or body.role != "LBody":
            return super().drawText(aTextObject)
        item = body.parent
        label = next((kid for kid in item.kids if getattr(kid, "role", "") == "Lbl"), None)
        if label is None:
            label = Element("Lbl", item)
            item.kids.insert(0, label)
        self._switch(label)
        super().drawText(aTextObject)
        self._switch(body)

    # -- tables --------------------------------------------------------------------------

    def _table_startRow(self, table, row: int) -> None:
        element = self.structure.keyed.get(id(getattr(table, "tag_key", None) or table))
        group = element[1] if element else None
        if group is None or self._parents[-1] is ARTIFACT:
            self._parents.append(self._parents[-1])
            return
        if getattr(table, "continued_part", False) and row < _repeat_count(table):
            self._parents.append(ARTIFACT)
            return
        if group.role not in ("Table", "TOC"):
            self._parents.append(group)
            return
        origin = _row_origin(table)[row]
        kind = "TR" if group.role == "Table" else "TOCI"
        key = (id(group), "row", origin)
        self._parents.append(self._keyed_tuple(key, lambda: group.add(kind)))

    def _table_endRow(self, table) -> None:
        self._parents.pop()

    def _table_startCell(self, table, row, column, value, style, position, size) -> None:
        parent = self._parents[-1]
        if parent is ARTIFACT or parent.role != "TR":
            self._parents.append(parent)
            self._cell_content.append(False)
            return
        origin = _row_origin(table)[row]
        role = "TH" if _cell_role(value) == "TH" else "TD"

        def make() -> Element:
            cell = parent.add(role)
            if role == "TH":
                header_row = row < _repeat_count(table) and table.repeatRows
                cell.layout["Scope"] = "Column" if header_row else "Row"
            span = getattr(table, "_spanRanges", {}).get((column, row))
            if span and span[3] > span[1]:
                cell.layout["RowSpan"] = span[3] - span[1] + 1
            if span and span[2] > span[0]:
                cell.layout["ColSpan"] = span[2] - span[0] + 1
            return cell

        cell = self._keyed_tuple((id(parent), "cell", origin, column), make)
        self._parents.append(cell)
        text = isinstance(value, str) and value.strip()
        self._cell_content.append(bool(text))
        if text:
            self._switch(cell)

    def _table_endCell(self, table) -> None:
        self._parents.pop()
        if self._cell_content.pop():
            self._switch(ARTIFACT)

    def _keyed_tuple(self, key: tuple, make, keep: object = None) -> Element:
        """The row, cell or link element `key` names, made once (a row split across pages).

        `keep` is the object whose id() is in the key: held, so that no other object can
        take that id while the pass runs.
        """
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = (make(), keep)
        return found[0]

    # -- footnotes and links -----------------------------------------------------------

    def getNamedCB(self, name):
        callback = super().getNamedCB(name)
        if name != FOOTNOTE_CALLBACK or callback is None:
            return callback

        def cited(canvas, kind, label):
            marking = self._markings[-1]
            holder = marking if marking is not ARTIFACT else self._parents[-1]
            if label and str(label).isdigit():
                self.structure.note(int(label), holder)
            return callback(canvas, kind, label)

        return cited

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None,
                 relative=1, **options):
        self._pending_link = ("internal", destinationname)
        return super().linkRect(contents, destinationname, Rect, addtopage, name, relative,
                                **options)

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None,
                kind="URI", **options):
        self._pending_link = ("external", url)
        return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **options)

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        if type(annotation) is pdfdoc.LinkAnnotation:
            annotation.__class__ = QuickLink
            annotation.known = self._link_parts
        super()._addAnnotation(annotation, name, addtopage)
        kind, target = getattr(self, "_pending_link", ("external", ""))
        self._pending_link = ("external", "")
        marking = self._markings[-1]
        if self._line_links:
            link = self._line_links.pop(min(self._line_links))
        elif marking is not ARTIFACT and marking.role == "Link":
            link = marking
        else:
            marking = self._markings[-1]
            holder = marking if marking is not ARTIFACT else self._parents[-1]
            link = (holder if holder is not ARTIFACT else self.structure.root).add("Link")
        reference = self._annotationrefs[-1]
        link.kids.append(Annotation(self._page, reference))
        key = self._new_key()
        self._annotation_keys.append((key, link))
        self._links.append((annotation, kind, target))
        if isinstance(annotation, pdfdoc.PDFDictionary):
            annotation["F"] = 4
            annotation["StructParent"] = key
        else:
            annotation.permitted = tuple(annotation.permitted) + ("StructParent",)
            annotation.otherkw.update(F=4, StructParent=key)

    # -- saving ----------------------------------------------------------------------

    def save(self):
        if self._code == ["/Artifact BMC"]:
            self._code = []
        if len(self._code):
            self.showPage()
            self._code = []
        self._page_keys.pop()
        self._write_structure()
        self._doc.encrypt = _Finishing(self._doc.encrypt)
        data = archival.with_stream_eols(self._doc.GetPDFData(self))
        target = self._filename
        if hasattr(target, "write"):
            target.write(data)
        else:
            with open(target, "wb") as handle:
                handle.write(data)

    def _write_structure(self) -> None:
        doc, structure = self._doc, self.structure
        for annotation, kind, target in self._links:
            text = structure.headings.get(target, target) if kind == "internal" else target
            text = text or "link"
            if isinstance(annotation, pdfdoc.PDFDictionary):
                annotation["Contents"] = pdfdoc.PDFString(text)
            else:
                annotation.Contents = text
        references = _number_elements(doc, structure.root)
        writer = StructureWriter(references, doc)
        for element, reference in references.items():
            doc.Reference(_StructureElement(element, writer), reference.name)
        nums: list = []
        pages = {key: page for page, key in enumerate(self._page_keys)}
        links = dict(self._annotation_keys)
        for key in sorted(set(pages) | set(links)):
            if key in pages:
                marks = structure.marks[pages[key]] if pages[key] < len(structure.marks) else []
                nums += [key, pdfdoc.PDFArray([references[element] for element in marks])]
            else:
                nums += [key, references[links[key]]]
        root = pdfdoc.PDFDictionary({
            "Type": _name("StructTreeRoot"), "K": references[structure.root],
            "ParentTree": pdfdoc.PDFDictionary({"Nums": pdfdoc.PDFArray(nums)}),
            "ParentTreeNextKey": self._next_key})
        ids = sorted((element.entries["ID"], element) for element in references
                     if "ID" in element.entries)
        if ids:
            root["IDTree"] = pdfdoc.PDFDictionary({"Names": pdfdoc.PDFArray(
                [item for ident, element in ids for item in
                 (pdfdoc.PDFString(ident), references[element])])})
        catalog = doc.Catalog
        catalog.__NoDefault__ = list(type(catalog).__NoDefault__) + ["OutputIntents"]
        catalog.StructTreeRoot = doc.Reference(root, TREE_ROOT)
        catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": _Literal(b"true")})
        catalog.Metadata = doc.Reference(self._metadata_stream(), "XMPMetadata")
        catalog.OutputIntents = pdfdoc.PDFArray([_output_intent(doc)])

    def _metadata_stream(self) -> pdfdoc.PDFStream:
        info = self._doc.info
        formatter = info._dateFormatter
        date = formatter(0, 0, 0, 0, 0, 0) if formatter else "D:20000101000000+00'00'"
        keywords = info.keywords if isinstance(info.keywords, str) else ", ".join(info.keywords)
        described = archival.DocumentInfo(str(info.title), str(info.author), str(info.subject),
                                          keywords, str(info.creator), str(info.producer), date)
        dictionary = pdfdoc.PDFDictionary({"Type": _name("Metadata"),
                                           "Subtype": _name("XML")})
        lang = getattr(self._doc.Catalog.Lang, "s", "") or ""
        return pdfdoc.PDFStream(dictionary, archival.xmp_packet(described, str(lang)))


@contextmanager
def remembered_widths():
    """While the block runs, reportlab's line breaker measures a word it measured before
    from memory: it asks `stringWidth` for every word of every paragraph it breaks
    (140,000 times in a 20× pass), a pure function of the text, font and size, and most
    words recur. The fonts cannot change while a memo is typeset."""
    measure = rl_paragraph.stringWidth
    widths: dict[tuple, float] = {}

    def width(text, font_name, font_size, encoding="utf8"):
        key = (text, font_name, font_size, encoding)
        found = widths.get(key)
        if found is None:
            found = widths[key] = measure(text, font_name, font_size, encoding)
        return found

    rl_paragraph.stringWidth = width
    try:
        yield widths
    finally:
        rl_paragraph.stringWidth = measure


class MeasuringCanvas(Canvas):
    """The canvas of a pass that is never kept (one from an empty layout, which cannot
    settle): untagged, and paragraphs on it are not drawn; only their footnote citations
    are told, in the order drawing would tell them (`cite_only`)."""

    measures_only = True


DRAWN_CALLBACKS = ("img", "anchor")
"""Kinds of paragraph callbacks that draw (an image, a bookmark) instead of calling back."""


def cite_only(paragraph, canvas) -> None:
    """Call the named callbacks (`<onDraw>`: footnote citations) of a wrapped paragraph as
    drawing it would, line by line and word by word, without drawing it."""
    lines = paragraph.blPara
    if lines.kind != 1:  # one style throughout: words only, no callbacks
        return
    for line in lines.lines:
        for frag in line.words:
            definition = getattr(frag, "cbDefn", None)
            if definition is None or definition.kind in DRAWN_CALLBACKS:
                continue
            callback = canvas.getNamedCB(definition.name)
            if not callback:
                raise AttributeError(f"Missing {definition.kind} callback attribute "
                                     f"{definition.name!r}")
            callback(canvas, definition.kind, getattr(definition, "label", None))


def _text_string(text: str) -> str:
    """A PDF text string for a content stream: UTF-16BE with its byte order mark, in hex."""
    return "<" + ("\ufeff" + text).encode("utf-16-be").hex().upper() + ">"


@lru_cache(maxsize=None)
def _name(name: str) -> str:
    """A PDF name, made once (reportlab's PDFName escapes it character by character)."""
    return pdfdoc.PDFName(name)


def _cell_role(value) -> str | None:
    if isinstance(value, (list, tuple)):
        return next((role for role in map(_cell_role, value) if role), None)
    return getattr(value, "role", None)


SOFT_HYPHEN = "\u00ad"
_ADDED_HYPHEN_WORDS = (rl_paragraph._SplitWordHY, rl_paragraph._SplitWordLL)
"""reportlab's classes of a line's last word that ends in a hyphen line breaking added
(LL: the last line of a paragraph's part that continues on the next page)."""


def soft_line_end_hyphens(paragraph):
    """Draw the hyphens that hyphenation added at line ends as soft hyphens (U+00AD), as
    tagged PDF asks: text extraction and search then find the whole word. A hyphen that
    the text itself has ("defensie-uitgaven") stays. Returns what restores the lines (the
    paragraph may be wrapped again); None when nothing changed.
    """
    lines = getattr(getattr(paragraph, "blPara", None), "lines", None)
    if not lines or len(lines) < 2:
        return None
    source = getattr(paragraph, "source_text", None) or _plain_text(paragraph)
    undo: list = []
    for line, following in zip(lines, lines[1:] + [None]):
        if isinstance(line, tuple):  # one style throughout: (width, words)
            words = line[1]
            if words and isinstance(words[-1], _ADDED_HYPHEN_WORDS) \
                    and words[-1].endswith("-") and _has_soft_hyphen(paragraph.style.fontName):
                undo.append((words, len(words) - 1, words[-1]))
                words[-1] = rl_paragraph._SplitWordHY(words[-1][:-1] + SOFT_HYPHEN)
            continue
        texts = [frag for frag in line.words if getattr(frag, "text", "")]
        if not texts or not texts[-1].text.endswith("-"):
            continue
        if following is None:  # the last line of a part that continues on the next page
            frags = getattr(paragraph, "frags", None)
            added = bool(frags) and isinstance(frags[-1], rl_paragraph._SplitFragLL)
        else:
            nexts = [frag for frag in following.words if getattr(frag, "text", "")]
            head = texts[-1].text[:-1].rsplit(" ", 1)[-1]
            tail = nexts[0].text.lstrip().split(" ", 1)[0] if nexts else ""
            added = bool(head and tail and head + tail in source
                         and head + "-" + tail not in source)
        if added and _has_soft_hyphen(texts[-1].fontName):
            undo.append((texts[-1], "text", texts[-1].text))
            texts[-1].text = texts[-1].text[:-1] + SOFT_HYPHEN
    if not undo:
        return None

    def restore() -> None:
        for owner, place, value in reversed(undo):
            if isinstance(place, int):
                owner[place] = value
            else:
                setattr(owner, place, value)

    return restore


def _plain_text(paragraph) -> str:
    """The paragraph's text without markup, as written (no hyphens from line breaking)."""
    markup = getattr(paragraph, "text", None)
    if isinstance(markup, str) and markup:
        return html.unescape(re.sub(r"<[^>]*>", "", markup))
    return "".join(getattr(frag, "text", "") for frag in getattr(paragraph, "frags", ()))


def _has_soft_hyphen(font_name: str) -> bool:
    """Whether the font draws U+00AD as wide as its hyphen (the line was measured with it)."""
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    face = getattr(getFont(font_name), "face", None)
    return (face is not None and 0xAD in getattr(face, "charToGlyph", {})
            and stringWidth(SOFT_HYPHEN, font_name, 10) == stringWidth("-", font_name, 10))


def _wholly_linked(flowable) -> bool:
    """A paragraph of one piece of text that is a link: reportlab links it line by line,
    without telling where the link's text starts (see `_link_event` for the others)."""
    frags = getattr(flowable, "frags", None) if isinstance(flowable, Paragraph) else None
    return bool(frags) and len(frags) == 1 and bool(getattr(frags[0], "link", None))


def _note_number(flowable) -> int | None:
    number = getattr(flowable, "note", None)
    if number is None:
        bullet = getattr(flowable, "bulletText", None)
        number = int(bullet) if isinstance(bullet, str) and bullet.isdigit() else None
    return number


def _number_elements(doc, root: Element) -> dict[Element, pdfdoc.PDFObjectReference]:
    """Every element in reading order, with the name its PDF object gets."""
    references: dict[Element, pdfdoc.PDFObjectReference] = {}
    stack = [root]
    while stack:
        element = stack.pop()
        references[element] = pdfdoc.PDFObjectReference(f"StructElem{len(references)}")
        stack += reversed([kid for kid in element.kids if isinstance(kid, Element)])
    return references


def _output_intent(doc) -> pdfdoc.PDFDictionary:
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), archival.srgb_profile(),
                               filters=[pdfdoc.PDFZCompress])
    return pdfdoc.PDFDictionary({
        "Type": _name("OutputIntent"), "S": _name("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(archival.SRGB_CONDITION),
        "Info": pdfdoc.PDFString(archival.SRGB_CONDITION),
        "DestOutputProfile": doc.Reference(profile, "OutputProfile")})


class _StructureElement(pdfdoc.PDFObject):
    """A structure element's PDF dictionary, written as the file is written: one at a
    time, nothing held (the 50× memo has some 20,000)."""

    __slots__ = ("element", "writer")

    def __init__(self, element: Element, writer: "StructureWriter"):
        self.element, self.writer = element, writer

    def format(self, document):
        return self.writer.element(self.element)


class StructureWriter:
    """Writes a structure element's dictionary as the bytes that reportlab's objects for
    it (a PDFDictionary of PDFNames, references, arrays and strings) format to, without
    making them (tests/test_memo_speedups.py builds those objects and compares): a dictionary's keys sorted,
    its entries joined by spaces with a line break before every sixth; an array's items
    likewise, a line break before every tenth; numbers by `fp_str`, names and strings
    as reportlab writes them. A third of the memo's save went to the generic objects."""

    def __init__(self, references: dict, document):
        self.references, self.document = references, document
        self.numbers = document.idToObjectNumberAndVersion
        self._pages: dict[int, bytes] = {}
        self._names: dict[str, bytes] = {}
        self._written: dict[Element | None, bytes] = {}
        """Each element's reference as written (once as a parent, once as a kid)."""

    def reference(self, element: Element | None) -> bytes:
        found = self._written.get(element)
        if found is None:
            name = self.references[element].name if element is not None else TREE_ROOT
            found = self._written[element] = b"%d %d R" % self.numbers[name]
        return found

    def page(self, page: int) -> bytes:
        found = self._pages.get(page)
        if found is None:
            found = self._pages[page] = b"%d %d R" % self.numbers[f"Page{page + 1}"]
        return found

    def name(self, name: str) -> bytes:
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = _name(name).encode("extpdfdoc")
        return found

    def element(self, element: Element) -> bytes:
        entries = {"Type": b"/StructElem", "S": self.name(element.role),
                   "P": self.reference(element.parent)}
        pages = {kid.page for kid in element.kids if isinstance(kid, (Content, Annotation))}
        single = pages.pop() if len(pages) == 1 else None
        if single is not None:
            entries["Pg"] = self.page(single)
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(self.reference(kid))
            elif isinstance(kid, Content):
                kids.append(b"%d" % kid.mcid if single is not None else _dictionary(
                    {"Type": b"/MCR", "Pg": self.page(kid.page), "MCID": b"%d" % kid.mcid}))
            else:
                kids.append(_dictionary({"Type": b"/OBJR", "Pg": self.page(kid.page),
                                         "Obj": kid.reference.format(self.document)}))
        if kids:
            entries["K"] = kids[0] if len(kids) == 1 else _array(kids)
        for name, value in element.entries.items():
            entries[name] = pdfdoc.PDFString(value).format(self.document)
        if element.layout:
            owner = "Layout" if "BBox" in element.layout else "Table"
            attributes = {"O": self.name(owner)}
            for name, value in element.layout.items():
                attributes[name] = (self.name(value) if isinstance(value, str)
                                    else _array([_number(item) for item in value])
                                    if isinstance(value, list) else _number(value))
            entries["A"] = _dictionary(attributes)
        return _dictionary(entries)


class QuickLink(pdfdoc.LinkAnnotation):
    """A link annotation written as the bytes reportlab's `LinkAnnotation` formats to
    (its dictionary of names, numbers, rectangle, text and destination), without making
    the dictionary and array objects for it: a sixth of a 20× memo's save went to the
    927 links. A link of another shape (an option this memo does not set) is formatted
    by reportlab. tests/test_memo_speedups.py compares the two on every link."""

    SIMPLE = frozenset({"F", "StructParent"})
    """Options written as whole numbers (what `TaggedCanvas._addAnnotation` adds)."""

    def format(self, document):
        extra, rect = self.otherkw, self.Rect
        if (not extra.keys() <= self.SIMPLE or not all(name in self.permitted for name in extra)
                or any(type(value) is not int for value in extra.values())
                or type(self.Contents) is not str or type(rect) is not tuple
                or any(type(value) not in (int, float) for value in rect)
                or not isinstance(self.Border, (pdfdoc.PDFArray, str))):
            return super().format(document)
        entries = {"Border": self._part("Border", self.Border, document),
                   "Contents": self._part("Contents", self.Contents, document),
                   "Dest": self._part("Dest", self.Destination, document),
                   "Rect": _array([_number(value) for value in rect]),
                   "Subtype": b"/Link", "Type": b"/Annot"}
        entries.update((name, b"%d" % value) for name, value in extra.items())
        return _dictionary(entries)

    known: dict | None = None
    """The parts formatted before, shared by the links of one canvas (links repeat a few
    destinations, texts and one border); None: nothing kept."""

    def _part(self, entry: str, value, document) -> bytes:
        known = self.known if self.known is not None else {}
        key = (entry, value if entry == "Contents" else id(value))
        found = known.get(key)
        if found is None or found[0] is not value:
            formatted = (pdfdoc.PDFString(value).format(document) if entry == "Contents"
                         else pdfdoc.format(value, document))
            found = known[key] = (value, formatted)
        return found[1]


def _number(value) -> bytes:
    return fp_str(value).encode("ascii")


def _dictionary(entries: dict[str, bytes]) -> bytes:
    """A PDF dictionary of formatted values, as `PDFDictionary.format` writes one."""
    items = [_key(key) + entries[key] for key in sorted(entries)]
    for index in reversed(range(6, len(items), 6)):
        items.insert(index, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


@lru_cache(maxsize=None)
def _key(key: str) -> bytes:
    """A dictionary key as written before its value (the keys are plain ASCII names)."""
    return b"/" + key.encode("ascii") + b" "


def _array(items: list[bytes]) -> bytes:
    """A PDF array of formatted values, as `PDFArray.format` writes one."""
    if len(items) > 10:
        items = list(items)
        for index in reversed(range(10, len(items), 10)):
            items.insert(index, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


class _Literal(pdfdoc.PDFObject):
    """A PDF token written as is (reportlab has no boolean object)."""

    def __init__(self, token: bytes):
        self.token = token

    def format(self, document):
        return self.token


class _Finishing:
    """The document's (no-)encryption, plus one step when formatting starts: the
    subsets' ToUnicode maps lose the entries of unused codes (U+0000)."""

    def __init__(self, encryption):
        self._encryption = encryption
        self.register = encryption.register  # asked once per object written: no lookup

    def __getattr__(self, name):
        return getattr(self._encryption, name)

    def prepare(self, document):
        for name, stream in list(document.idToObject.items()):
            if isinstance(name, str) and name.startswith("toUnicodeCMap:"):
                stream.content = archival.to_unicode_without_blanks(stream.content)
        return self._encryption.prepare(document)
