"""The deck's own slide master: a 16:9 master and five named layouts, built from the theme.

python-pptx's default package is 4:3, Calibri, en-US, with eleven Office layouts. Before
any slide is added, its master, its first five layouts, its theme and its presentation
defaults are rewritten here, so that a slide added by hand in PowerPoint or LibreOffice
gets the house layout: the band, the footer rule, the marking, the meeting, the slide
number, Arial as the theme font and the briefing's language. Furniture that carries no
meaning for a reader (band, rules, the CONCEPT mark) is marked decorative.

Layout names are the theme's (`deck.layouts`); an organisation's template is used as it
is, its layouts found by those names (see `template_layout_problems`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..theme import Theme
from ..xmltext import escape, quoteattr
from .drawing import centipoints, emu, hex_colour
from .layout import Box, Planner
from .opc import (RT_EXTENDED_PROPERTIES, RT_SLIDE_LAYOUT, RT_SLIDE_MASTER, RT_THEME,
                  parse_oxml)


def parse_xml(xml):
    """python-pptx's `parse_xml` (its element classes): for its parts, while building."""
    from pptx.oxml import parse_xml as parse

    return parse(xml)


NAMESPACES = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
              'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
LAYOUT_ROLES = ("title", "section", "content", "chart", "closing")
LAYOUT_TYPES = {"title": "title", "section": "secHead", "content": "obj",
                "chart": "chart", "closing": "titleOnly"}
DARK_ROLES = ("title", "section", "closing")     # filled with the primary colour
FOOTER_IDX, NUMBER_IDX, CHART_IDX = 11, 12, 13
FIRST_LAYOUT_ID = 2147483649
PROMPTS = {
    "nl": {"title": "Klik om de titel te bewerken", "body": "Klik om tekst toe te voegen",
           "chart": "Grafiek"},
    "en": {"title": "Click to edit the title", "body": "Click to add text", "chart": "Chart"},
}
LOGO_HEIGHT = 0.6 * 72          # points: the logo on the title layout, top right


@dataclass(frozen=True)
class MasterText:
    """What the master writes on every slide: from the briefing, measured by the plan."""

    marking: str                 # the classification marking, upper case
    marking_lines: tuple[str, ...]
    meeting: str
    draft: str | None            # CONCEPT / DRAFT, or None
    top_marking: str | None      # classified: the marking at the top too (one line)
    language: str                # nl-NL, en-GB
    prompts: str                 # nl | en: the placeholders' prompt texts


def build_master(presentation, theme: Theme, planner: Planner, text: MasterText,
                 logo: Path | None = None) -> None:
    """Rewrite python-pptx's default master, layouts, theme and defaults as ours."""
    master_part = presentation.part.part_related_by(RT_SLIDE_MASTER)  # not yet wrapped
    layout_rels = sorted(((rId, rel.target_part) for rId, rel in master_part.rels.items()
                          if rel.reltype == RT_SLIDE_LAYOUT),
                         key=lambda pair: _number(str(pair[1].partname)))
    kept = dict(zip(LAYOUT_ROLES, layout_rels))
    master_xml, layouts = _master_xml(theme, planner, text, tuple(
        (FIRST_LAYOUT_ID + index, rId) for index, (rId, _) in enumerate(kept.values())))
    master_part._element = parse_xml(master_xml)
    for rId, _ in layout_rels[len(LAYOUT_ROLES):]:
        master_part.drop_rel(rId)
    for (role, (_, part)), xml in zip(kept.items(), layouts):
        part._element = parse_xml(xml)
        if logo is not None and role == "title":
            _add_logo(part, logo, _Geometry(theme, planner, text))
    _presentation_defaults(presentation, planner, text.language)
    for part in _master_themes(master_part):
        _replace(part, _theme_bytes(part.blob, theme))
    app = presentation.part.package.part_related_by(RT_EXTENDED_PROPERTIES)
    _replace(app, _app_xml(app.blob.decode("utf-8")))


@lru_cache(maxsize=8)
def _master_xml(theme: Theme, planner: Planner, text: MasterText,
                layout_ids: tuple[tuple[int, str], ...]) -> tuple[str, tuple[str, ...]]:
    """The master's and the layouts' XML: the same for every deck of a build."""
    master = _Geometry(theme, planner, text)
    return master.master_xml(list(layout_ids)), tuple(
        master.layout_xml(role) for role in LAYOUT_ROLES)


@lru_cache(maxsize=8)
def _theme_bytes(blob: bytes, theme: Theme) -> bytes:
    return _theme_xml(blob.decode("utf-8"), theme)


def localise_notes_master(presentation, theme: Theme, language: str) -> None:
    """The notes pages in the deck's font and language too (python-pptx makes them en-US)."""
    part = presentation.part.notes_master_part
    for element in part._element.iter():
        if element.get("lang") is not None:
            element.set("lang", language)
    for theme_part in _master_themes(part):
        _replace(theme_part, _theme_bytes(theme_part.blob, theme))


def _replace(part, xml: bytes) -> None:
    """New XML for a part, whether python-pptx holds it parsed or as bytes (our package's
    parts take it parsed as python-pptx parses it, see `opc.parse_oxml`)."""
    if getattr(part, "lean", False):
        part._element = parse_oxml(xml)
    elif hasattr(part, "_element"):
        part._element = parse_xml(xml)
    else:
        part._blob = xml


def _number(partname: str) -> int:
    return int(re.search(r"(\d+)\.xml$", partname).group(1))


def _master_themes(master_part) -> list:
    return [rel.target_part for rel in master_part.rels.values() if rel.reltype == RT_THEME]


# ---------------------------------------------------------------- package-wide


def _presentation_defaults(presentation, planner: Planner, language: str) -> None:
    """Slide size as a custom 16:9 size (no 4:3 type), default text in the deck's language."""
    root = presentation.part._element
    size = root.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")
    size.set("cx", str(emu(planner.frame.width)))
    size.set("cy", str(emu(planner.frame.height)))
    size.attrib.pop("type", None)
    for element in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}defRPr"):
        element.set("lang", language)


def _theme_xml(xml: str, theme: Theme) -> bytes:
    """The theme's fonts and colours: the deck font as major and minor font, our palette."""
    palette, font = theme.palette, quoteattr(theme.deck.font)
    xml = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=)"[^"]*"', rf"\1{font}", xml)
    xml = re.sub(r'<a:theme ([^>]*)name="[^"]*"', r'<a:theme \1name="Briefing"', xml, count=1)
    xml = re.sub(r'<a:(clrScheme|fontScheme) name="[^"]*"', r'<a:\1 name="Briefing"', xml)
    colours = {"dk2": palette.primary, "lt2": palette.tint, "accent1": palette.secondary,
               "accent2": palette.accent, "accent3": palette.light, "accent4": palette.muted,
               "accent5": palette.alert, "accent6": palette.rule, "hlink": palette.secondary,
               "folHlink": palette.primary}
    for slot, colour in colours.items():
        xml = re.sub(rf"<a:{slot}>.*?</a:{slot}>",
                     f'<a:{slot}><a:srgbClr val="{hex_colour(colour)}"/></a:{slot}>', xml,
                     count=1, flags=re.S)
    return xml.encode("utf-8")


def _app_xml(xml: str) -> bytes:
    xml = re.sub(r"<PresentationFormat>[^<]*</PresentationFormat>",
                 "<PresentationFormat>Custom</PresentationFormat>", xml)
    return xml.replace("<vt:lpstr>Office Theme</vt:lpstr>",
                       "<vt:lpstr>Briefing</vt:lpstr>").encode("utf-8")


def _add_logo(part, path: Path, master: "_Geometry") -> None:
    """The theme's logo on the title layout, top right, decorative."""
    from PIL import Image

    with Image.open(path) as image:
        ratio = image.size[0] / image.size[1]
    _, rId = part.get_or_add_image_part(str(path))
    height = LOGO_HEIGHT
    width = height * ratio
    frame = master.planner.frame
    box = Box(frame.width - frame.margin - width, frame.kicker_top, width, height)
    tree = part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}cSld/"
        "{http://schemas.openxmlformats.org/presentationml/2006/main}spTree")
    tree.append(parse_xml(
        f'<p:pic {NAMESPACES}><p:nvPicPr><p:cNvPr id="20" name="Logo">{_decorative()}'
        '</p:cNvPr><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/>'
        f'</p:nvPicPr><p:blipFill><a:blip r:embed="{rId}"/><a:stretch><a:fillRect/>'
        f'</a:stretch></p:blipFill><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/>'
        '</a:prstGeom></p:spPr></p:pic>'))


# ---------------------------------------------------------------- XML pieces


def _decorative() -> str:
    return (f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative '
            f'xmlns:adec="{DECORATIVE_NS}" val="1"/></a:ext></a:extLst>')


def _xfrm(box: Box, rotation: float = 0.0) -> str:
    rot = f' rot="{int(round(rotation * 60000)) % (360 * 60000)}"' if rotation else ""
    return (f'<a:xfrm{rot}><a:off x="{emu(box.left)}" y="{emu(box.top)}"/>'
            f'<a:ext cx="{emu(box.width)}" cy="{emu(box.height)}"/></a:xfrm>')


def _fill(colour: str, alpha: int | None = None) -> str:
    inner = f'<a:alpha val="{alpha}"/>' if alpha is not None else ""
    return f'<a:solidFill><a:srgbClr val="{hex_colour(colour)}">{inner}</a:srgbClr></a:solidFill>'


def _run_pr(tag: str, size: float, colour: str, font: str, lang: str, bold: bool = False,
            alpha: int | None = None) -> str:
    return (f'<a:{tag} lang="{lang}" sz="{centipoints(size)}" b="{int(bold)}">'
            f'{_fill(colour, alpha)}<a:latin typeface={quoteattr(font)}/></a:{tag}>')


class _Geometry:
    """The master's and layouts' XML for one theme, geometry and briefing text."""

    def __init__(self, theme: Theme, planner: Planner, text: MasterText):
        self.theme, self.planner, self.text = theme, planner, text
        self.palette, self.sizes = theme.palette, theme.deck.sizes
        self.font, self.lang = theme.deck.font, text.language
        self.prompt = PROMPTS[text.prompts]
        self.ids = iter(range(2, 10_000))

    # -------------------------------------------------------------- shapes

    def rectangle(self, name: str, box: Box, colour: str) -> str:
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{next(self.ids)}" name="{name}">'
                f'{_decorative()}</p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
                f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                f'{_fill(colour)}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')

    def text_shape(self, name: str, box: Box, paragraphs: str, anchor: str = "ctr",
                   decorative: bool = False, rotation: float = 0.0) -> str:
        """A text box (not a placeholder): furniture the layout draws on every slide."""
        extra = _decorative() if decorative else ""
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{next(self.ids)}" name="{name}">{extra}'
                f'</p:cNvPr><p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr>'
                f'<p:spPr>{_xfrm(box, rotation)}<a:prstGeom prst="rect"><a:avLst/>'
                f'</a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square" '
                f'lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}"><a:noAutofit/>'
                f'</a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody></p:sp>')

    def placeholder(self, name: str, ph: str, box: Box, anchor: str, level: str,
                    paragraph: str) -> str:
        """A placeholder with its position, anchor and first-level style."""
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{next(self.ids)}" name="{name}"/>'
                f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr>'
                f'</p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/>'
                f'</a:prstGeom></p:spPr><p:txBody><a:bodyPr vert="horz" wrap="square" '
                f'lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}"><a:noAutofit/>'
                f'</a:bodyPr><a:lstStyle>{level}</a:lstStyle>{paragraph}</p:txBody></p:sp>')

    def prompt_paragraph(self, prompt: str) -> str:
        return (f'<a:p><a:r><a:rPr lang="{self.lang}"/><a:t>{escape(prompt)}</a:t></a:r>'
                f'<a:endParaRPr lang="{self.lang}"/></a:p>')

    def level(self, size: float, colour: str, bold: bool = False, align: str = "l",
              bullet: str | None = None) -> str:
        """An `a:lvl1pPr`: alignment, spacing, bullet and the run defaults."""
        if bullet:
            indent = emu(round(size * 1.1, 1))
            head = f'<a:lvl1pPr marL="{indent}" indent="-{indent}" algn="{align}">'
            bullet_xml = (f'<a:buClr><a:srgbClr val="{hex_colour(bullet)}"/></a:buClr>'
                          f'<a:buFont typeface={quoteattr(self.font)}/><a:buChar char="•"/>')
        else:
            head, bullet_xml = f'<a:lvl1pPr marL="0" indent="0" algn="{align}">', "<a:buNone/>"
        return (f'{head}<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts '
                f'val="{centipoints(round(size * 0.45, 1))}"/></a:spcBef>{bullet_xml}'
                f'{_run_pr("defRPr", size, colour, self.font, self.lang, bold)}</a:lvl1pPr>')

    # ------------------------------------------------------------ furniture

    def footer(self, dark: bool) -> str:
        """Marking (static: on every slide, also one added by hand), meeting and draft (the
        footer placeholder), slide number (its placeholder)."""
        sizes = self.sizes
        marking_cell, meeting_cell, number_cell = self.planner.frame.footer_cells()
        muted = self.palette.light if dark else self.palette.muted
        marking = self.text_shape("Marking", marking_cell, self.marking_paragraph(dark))
        meeting = self.placeholder(
            "Footer Placeholder", f'<p:ph type="ftr" sz="quarter" idx="{FOOTER_IDX}"/>',
            meeting_cell, "ctr", self.level(sizes.footer, muted, align="ctr"),
            f'<a:p><a:pPr algn="ctr"/>{self.meeting_runs(dark)}</a:p>')
        number = self.placeholder(
            "Slide Number Placeholder", f'<p:ph type="sldNum" sz="quarter" idx="{NUMBER_IDX}"/>',
            number_cell, "ctr", self.level(sizes.footer, muted, align="r"),
            f'<a:p><a:pPr algn="r"/><a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" '
            f'type="slidenum">{_run_pr("rPr", sizes.footer, muted, self.font, self.lang)}'
            f'<a:t>‹#›</a:t></a:fld></a:p>')
        return marking + meeting + number

    def marking_paragraph(self, dark: bool) -> str:
        """The marking bold, on the lines the plan measured for its cell."""
        size = self.sizes.footer
        colour = self.palette.white if dark else self.palette.marking
        run = _run_pr("rPr", size, colour, self.font, self.lang, True)
        lines = "".join((f"<a:br>{run}</a:br>" if index else "")
                        + f"<a:r>{run}<a:t>{escape(line)}</a:t></a:r>"
                        for index, line in enumerate(self.text.marking_lines))
        spacing = centipoints(round(size * 1.2, 1))
        return (f'<a:p><a:pPr algn="l"><a:lnSpc><a:spcPts val="{spacing}"/></a:lnSpc>'
                f'</a:pPr>{lines}</a:p>')

    def meeting_runs(self, dark: bool) -> str:
        """The meeting's short name and, for a concept, the draft word in a colour that
        meets contrast (the large mark is decorative)."""
        size, muted = self.sizes.footer, self.palette.light if dark else self.palette.muted
        runs = (f'<a:r>{_run_pr("rPr", size, muted, self.font, self.lang)}'
                f'<a:t>{escape(self.text.meeting)}</a:t></a:r>')
        if self.text.draft:
            draft_colour = self.palette.white if dark else self.palette.alert
            runs += (f'<a:r>{_run_pr("rPr", size, muted, self.font, self.lang)}'
                     f'<a:t>  ·  </a:t></a:r>'
                     f'<a:r>{_run_pr("rPr", size, draft_colour, self.font, self.lang, True)}'
                     f'<a:t>{escape(self.text.draft)}</a:t></a:r>')
        return runs

    def top_marking(self, dark: bool) -> str:
        """A classified deck carries its marking at the top of every slide as well."""
        if not self.text.top_marking:
            return ""
        frame, size = self.planner.frame, self.sizes.footer
        box = Box(frame.margin, frame.band + 2, frame.content_width, frame.kicker_top - frame.band - 4)
        colour = self.palette.white if dark else self.palette.marking
        return self.text_shape(
            "Top marking", box, f'<a:p><a:pPr algn="ctr"/><a:r>'
            f'{_run_pr("rPr", size, colour, self.font, self.lang, True)}'
            f'<a:t>{escape(self.text.top_marking)}</a:t></a:r></a:p>')

    def draft_mark(self, dark: bool) -> str:
        """CONCEPT / DRAFT: a large, light, diagonal word behind the content; decorative
        (the footer says it in words, in a colour that meets contrast)."""
        if not self.text.draft:
            return ""
        frame = self.planner.frame
        width, height = frame.width * 0.6, 150.0
        box = Box((frame.width - width) / 2, (frame.height - height) / 2 - 10, width, height)
        colour = self.palette.white if dark else self.palette.watermark
        run = _run_pr("rPr", 110, colour, self.font, self.lang, True,
                      alpha=12000 if dark else 40000)
        return self.text_shape(
            "Draft mark", box, f'<a:p><a:pPr algn="ctr"/><a:r>{run}'
            f'<a:t>{escape(self.text.draft)}</a:t></a:r></a:p>', decorative=True, rotation=-24)

    # -------------------------------------------------------------- master

    def master_xml(self, layout_ids: list[tuple[int, str]]) -> str:
        frame, palette, sizes = self.planner.frame, self.palette, self.sizes
        rule = Box(frame.margin, frame.height - frame.footer, frame.content_width, 0.75)
        shapes = (self.rectangle("Band", Box(0, 0, frame.width, frame.band), palette.primary)
                  + self.rectangle("Footer rule", rule, palette.rule)
                  + self.draft_mark(False) + self.top_marking(False)
                  + self.title_placeholder(self.planner.title_zone(), palette.primary,
                                           sizes.title, "b")
                  + self.placeholder("Text Placeholder", '<p:ph type="body" idx="1"/>',
                                     self.planner.body_zone(), "t",
                                     self.level(sizes.body, palette.text, bullet=palette.secondary),
                                     self.prompt_paragraph(self.prompt["body"]))
                  + self.footer(False))
        ids = "".join(f'<p:sldLayoutId id="{number}" r:id="{rId}"/>' for number, rId in layout_ids)
        return (f'<p:sldMaster {NAMESPACES}><p:cSld name="Briefing"><p:bg><p:bgPr>'
                f'{_fill(palette.white)}<a:effectLst/></p:bgPr></p:bg>{self.tree(shapes)}'
                '</p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" '
                'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
                'accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
                f'<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst><p:hf hdr="0" dt="0"/>'
                f'{self.text_styles()}</p:sldMaster>')

    def tree(self, shapes: str) -> str:
        return ('<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
                '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
                '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
                f'{shapes}</p:spTree>')

    def title_placeholder(self, box: Box, colour: str, size: float, anchor: str) -> str:
        return self.placeholder("Title Placeholder", '<p:ph type="title"/>', box, anchor,
                                self.level(size, colour, bold=True),
                                self.prompt_paragraph(self.prompt["title"]))

    def text_styles(self) -> str:
        palette, sizes = self.palette, self.sizes

        def style(tag: str, size: float, colour: str, bold: bool, major: bool,
                  bullet: bool) -> str:
            levels = []
            for level in range(1, 10):
                indent = emu(round(size * 1.1, 1)) if bullet else 0
                margin = indent * level if bullet else 0
                bullet_xml = (f'<a:buClr><a:srgbClr val="{hex_colour(palette.secondary)}"/>'
                              f'</a:buClr><a:buFont typeface={quoteattr(self.font)}/>'
                              '<a:buChar char="•"/>') if bullet else "<a:buNone/>"
                face = "+mj-lt" if major else "+mn-lt"
                levels.append(
                    f'<a:lvl{level}pPr marL="{margin}" indent="{-indent}" algn="l">'
                    f'<a:spcBef><a:spcPts val="{centipoints(round(size * 0.45, 1))}"/></a:spcBef>'
                    f'{bullet_xml}<a:defRPr lang="{self.lang}" sz="{centipoints(size)}" '
                    f'b="{int(bold)}">{_fill(colour)}<a:latin typeface="{face}"/>'
                    f'<a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr>'
                    f'</a:lvl{level}pPr>')
            return (f'<p:{tag}><a:defPPr><a:defRPr lang="{self.lang}"/></a:defPPr>'
                    f'{"".join(levels)}</p:{tag}>')

        return ("<p:txStyles>"
                + style("titleStyle", sizes.title, palette.primary, True, True, False)
                + style("bodyStyle", sizes.body, palette.text, False, False, True)
                + style("otherStyle", sizes.body, palette.text, False, False, False)
                + "</p:txStyles>")

    # ------------------------------------------------------------- layouts

    def layout_xml(self, role: str) -> str:
        name = quoteattr(getattr(self.theme.deck.layouts, role))
        dark = role in DARK_ROLES
        palette, sizes, frame = self.palette, self.sizes, self.planner.frame
        self.ids = iter(range(2, 10_000))
        if dark:
            top = frame.height * 0.26
            title_box = Box(frame.margin, top, frame.content_width,
                            2 * sizes.title_slide * 1.1)
            body_box = Box(frame.margin, title_box.bottom + 24, frame.content_width,
                           frame.body_bottom - title_box.bottom - 24)
            shapes = (self.draft_mark(True) + self.top_marking(True)
                      + self.title_placeholder(title_box, palette.white, sizes.title_slide, "t")
                      + self.placeholder(
                          "Text Placeholder",
                          '<p:ph type="subTitle" idx="1"/>' if role == "title"
                          else '<p:ph type="body" idx="1"/>', body_box, "t",
                          self.level(sizes.body, palette.white),
                          self.prompt_paragraph(self.prompt["body"]))
                      + self.footer(True))
            background = (f'<p:bg><p:bgPr>{_fill(palette.primary)}<a:effectLst/></p:bgPr>'
                          '</p:bg>')
            show = ' showMasterSp="0"'
        else:
            content = (f'<p:ph type="chart" sz="half" idx="{CHART_IDX}"/>' if role == "chart"
                       else '<p:ph idx="1"/>')
            shapes = (self.inherited("Title", '<p:ph type="title"/>', self.prompt["title"])
                      + self.inherited("Content Placeholder", content,
                                       self.prompt["chart" if role == "chart" else "body"],
                                       self.planner.body_zone() if role == "chart" else None)
                      + self.inherited_footer())
            background, show = "", ""
        return (f'<p:sldLayout {NAMESPACES}{show} type="{LAYOUT_TYPES[role]}" preserve="1">'
                f'<p:cSld name={name}>{background}{self.tree(shapes)}</p:cSld>'
                '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')

    def inherited(self, name: str, ph: str, prompt: str, box: Box | None = None) -> str:
        """A placeholder that takes position and style from the master."""
        sp_pr = f"<p:spPr>{_xfrm(box)}</p:spPr>" if box else "<p:spPr/>"
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{next(self.ids)}" name="{name}"/>'
                f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr>'
                f'</p:nvSpPr>{sp_pr}<p:txBody><a:bodyPr/><a:lstStyle/>'
                f'{self.prompt_paragraph(prompt)}</p:txBody></p:sp>')

    def inherited_footer(self) -> str:
        """The footer placeholders of a content layout: the master's, with their text."""
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{next(self.ids)}" name="Footer Placeholder"/>'
                '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
                f'<p:ph type="ftr" sz="quarter" idx="{FOOTER_IDX}"/></p:nvPr></p:nvSpPr>'
                f'<p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p>{self.meeting_runs(False)}'
                f'</a:p></p:txBody></p:sp><p:sp><p:nvSpPr><p:cNvPr id="{next(self.ids)}" '
                'name="Slide Number Placeholder"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                f'<p:nvPr><p:ph type="sldNum" sz="quarter" idx="{NUMBER_IDX}"/></p:nvPr>'
                '</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p>'
                '<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
                f'<a:rPr lang="{self.lang}"/><a:t>‹#›</a:t></a:fld></a:p></p:txBody></p:sp>')


# ----------------------------------------------------------- user templates


def deck_theme_problems(theme: Theme):
    """(field path, message) for a deck logo that is no image, and for each layout name
    that the theme's template lacks: found when the theme is loaded (`invoke check`)."""
    if theme.deck.logo:
        from ..fonts import ThemeFileError
        from .writer import deck_logo

        try:
            deck_logo(theme)
        except ThemeFileError as error:
            yield ("deck", "logo"), str(error)
    yield from template_layout_problems(theme)


def template_layout_problems(theme: Theme):
    """(field path, message) for each layout name that the theme's template lacks."""
    if not theme.deck.template:
        return
    from pptx import Presentation

    path = theme.resolve(theme.deck.template)
    try:
        names = [layout.name for master in Presentation(str(path)).slide_masters
                 for layout in master.slide_layouts]
    except Exception as error:     # python-pptx raises many kinds for a file that is no deck
        yield ("deck", "template"), (f"{theme.deck.template!r} cannot be read as a "
                                     f"PowerPoint file ({error.__class__.__name__})")
        return
    for role in LAYOUT_ROLES:
        wanted = getattr(theme.deck.layouts, role)
        if wanted not in names:
            listed = ", ".join(repr(name) for name in names)
            yield ("deck", "layouts", role), (
                f"the template {theme.deck.template!r} has no layout named {wanted!r} "
                f"(its layouts: {listed}); name one of them under deck.layouts.{role}")
