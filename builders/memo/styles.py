"""Paragraph styles and colours of the memo, made from the theme and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..fonts import FontSet
from ..theme import Theme
from ..typography import MIN_HEAD, MIN_TAIL, HyphenationError, Hyphenator, hyphenation_language

__all__ = ["HyphenationError", "Styles", "build_styles", "hyphenation_language", "hyphenator"]

LIST_NUMBER = "10."
"""The widest list number a hanging indent is made for (lists of up to 99 points)."""
LIST_GAP = 0.45
"""Space between a list's number or bullet and its text, as a share of the body size."""



@lru_cache(maxsize=None)
def hyphenator(language: str) -> Hyphenator:
    """The hyphenation rules for the language (`builders.typography`), its pattern
    dictionary loaded once per process."""
    return Hyphenator(language)


@dataclass(frozen=True)
class Palette:
    """The theme's colours as reportlab colours, plus their hex values for markup."""

    theme: Theme

    def __getattr__(self, name: str) -> colors.Color:
        return colors.HexColor(getattr(self.theme.palette, name))

    def hex(self, name: str) -> str:
        return getattr(self.theme.palette, name)


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the memo uses, with the fonts, colours and sizes they come from."""

    fonts: FontSet
    palette: Palette
    theme: Theme
    language: str
    body: ParagraphStyle
    body_left: ParagraphStyle
    lead: ParagraphStyle
    title: ParagraphStyle
    kicker: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    box_label: ParagraphStyle
    key_message: ParagraphStyle
    bullet: ParagraphStyle
    quote: ParagraphStyle
    quote_source: ParagraphStyle
    small: ParagraphStyle
    caption: ParagraphStyle
    source: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_strong: ParagraphStyle
    cell_muted: ParagraphStyle
    toc_1: ParagraphStyle
    toc_2: ParagraphStyle
    toc_number: ParagraphStyle
    toc_page: ParagraphStyle
    footnote: ParagraphStyle
    footnote_mark: ParagraphStyle
    facts: ParagraphStyle
    see_also: ParagraphStyle
    term: ParagraphStyle

    @property
    def sizes(self):
        return self.theme.memo.sizes

    @property
    def chart_font(self) -> str:
        return self.fonts.regular


def build_styles(theme: Theme, fonts: FontSet, language: str) -> Styles:
    """All memo styles for a theme, its registered fonts and the briefing's language."""
    palette = Palette(theme)
    size = theme.memo.sizes
    last_resort = dict(hyphenationLang=hyphenator(language), hyphenateLastResort=1)
    # hyphenate only a word wider than the whole line (headings, labels, table cells)
    body = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=size.body, leading=size.leading,
        textColor=palette.text, alignment=TA_LEFT, spaceAfter=size.leading * 0.5,
        hyphenationLang=hyphenator(language), embeddedHyphenation=1,
        uriWasteReduce=0.3, hyphenationMinWordLength=MIN_HEAD + MIN_TAIL, allowWidows=0, allowOrphans=0, linkUnderline=0,
        bulletFontName=fonts.regular, bulletFontSize=size.body)
    small_leading = size.small * 1.35
    list_indent = stringWidth(LIST_NUMBER, fonts.regular, size.body) + size.body * LIST_GAP

    def derive(name: str, parent: ParagraphStyle = body, **values) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **values)

    heading = derive("heading", fontName=fonts.semibold, textColor=palette.primary,
                     alignment=TA_LEFT, keepWithNext=1, **last_resort)
    small = derive("small", fontSize=size.small, leading=small_leading,
                   textColor=palette.muted, alignment=TA_LEFT, spaceAfter=0)
    styles = dict(
        body=body,
        body_left=derive("body_left", alignment=TA_LEFT),
        see_also=derive("see_also", alignment=TA_LEFT, **last_resort),
        lead=derive("lead", fontSize=size.h3 * 1.1, leading=size.leading * 1.15),
        title=derive("title", heading, fontSize=size.title, leading=size.title * 1.15,
                     spaceBefore=size.small * 0.5, spaceAfter=size.leading * 0.6),
        kicker=derive("kicker", small, fontName=fonts.semibold, textColor=palette.secondary,
                      keepWithNext=1, spaceAfter=size.small * 0.4, **last_resort),
        h1=derive("h1", heading, fontSize=size.h1, leading=size.h1 * 1.2,
                  spaceBefore=size.leading * 0.5, spaceAfter=size.leading * 0.5),
        h2=derive("h2", heading, fontSize=size.h2, leading=size.h2 * 1.25,
                  spaceBefore=size.leading * 1.6, spaceAfter=size.leading * 0.5),
        h3=derive("h3", heading, fontSize=size.h3, leading=size.leading,
                  spaceBefore=size.leading * 0.9, spaceAfter=size.leading * 0.2),
        box_label=derive("box_label", small, fontName=fonts.semibold,
                         textColor=palette.secondary, spaceAfter=size.small * 0.5,
                         **last_resort),
        key_message=derive("key_message", alignment=TA_LEFT, leftIndent=size.body * 1.1,
                           bulletIndent=0, spaceAfter=size.leading * 0.25),
        bullet=derive("bullet", alignment=TA_LEFT, leftIndent=list_indent,
                      bulletIndent=list_indent - size.body * LIST_GAP, bulletAnchor="end",
                      spaceAfter=size.leading * 0.25),
        quote=derive("quote", alignment=TA_LEFT, fontName=fonts.italic, textColor=palette.muted,
                     leftIndent=size.body * 2, rightIndent=size.body * 2,
                     spaceAfter=size.leading * 0.15),
        quote_source=derive("quote_source", small, leftIndent=size.body * 2,
                            rightIndent=size.body * 2, spaceAfter=size.leading * 0.6),
        small=small,
        caption=derive("caption", small, fontName=fonts.semibold, textColor=palette.text,
                       fontSize=size.body * 0.95, leading=size.leading, keepWithNext=1,
                       **last_resort),
        source=derive("source", small, spaceBefore=size.small * 0.3),
        label=derive("label", small, fontName=fonts.semibold, leading=size.leading,
                     **last_resort),
        value=derive("value", alignment=TA_LEFT, spaceAfter=0, **last_resort),
        cell=derive("cell", fontSize=size.body * 0.92, leading=size.leading * 0.9,
                    alignment=TA_LEFT, spaceAfter=0, **last_resort),
        cell_head=derive("cell_head", small, fontName=fonts.semibold),
        toc_1=derive("toc_1", fontName=fonts.semibold, alignment=TA_LEFT, spaceAfter=0,
                     textColor=palette.primary, endDots=leaders(fonts, size, palette),
                     **last_resort),
        toc_2=derive("toc_2", alignment=TA_LEFT, spaceAfter=0,
                     endDots=leaders(fonts, size, palette), **last_resort),
        toc_number=derive("toc_number", fontName=fonts.semibold, alignment=TA_LEFT,
                          spaceAfter=0, textColor=palette.primary, hyphenationLang=""),
        toc_page=derive("toc_page", alignment=TA_RIGHT, spaceAfter=0, hyphenationLang=""),
        footnote=derive("footnote", small, textColor=palette.text, alignment=TA_LEFT,
                        leftIndent=size.small * 1.8, bulletIndent=0, bulletFontSize=size.small,
                        spaceAfter=size.small * 0.2),
        facts=derive("facts", small, fontSize=size.body * 0.95, leading=size.leading,
                     spaceAfter=size.leading * 0.4, **last_resort),
    )
    styles["footnote_mark"] = derive("footnote_mark", styles["footnote"], textColor=palette.muted)
    styles["cell_strong"] = derive("cell_strong", styles["cell"], fontName=fonts.semibold)
    styles["cell_muted"] = derive("cell_muted", styles["cell"], textColor=palette.muted)
    styles["term"] = derive("term", styles["cell"], fontName=fonts.semibold,
                            textColor=palette.text)
    return Styles(fonts=fonts, palette=palette, theme=theme, language=language, **styles)


def leaders(fonts: FontSet, size, palette: Palette):
    """The dot leaders from a contents entry to its page number: spaced, muted dots."""
    from reportlab.lib.abag import ABag

    return ABag(text=" .", fontName=fonts.regular, fontSize=size.body,
                textColor=palette.muted)


def centred(style: ParagraphStyle) -> ParagraphStyle:
    """The same style, centred."""
    return ParagraphStyle(style.name + "_centred", parent=style, alignment=TA_CENTER)
