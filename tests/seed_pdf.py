"""The seed (Kamerstuk 28 676, nr. 446) as a PDF, made the way the original is laid out.

A cover page (the letter's heading), then the seed's pages 2–6: running text in 10 pt,
the footnote on page 3 in 8 pt under a rule with its reference raised after
"dreigingen", and on every page the running footer "Tweede Kamer, vergaderjaar
2023–2024, 28 676, nr. 446 <page>". Line ends (and their hyphens) are the seed's.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

SEED = Path(__file__).resolve().parent.parent / "seeds" / "kamerstuk-28676-446.txt"
FOOTER = "Tweede Kamer, vergaderjaar 2023–2024, 28 676, nr. 446 {page}"
COVER = ["Tweede Kamer der Staten-Generaal", "Vergaderjaar 2023–2024",
         "28 676 NAVO", "Nr. 446 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
         "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
         "Den Haag, 20 november 2023"]
FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)


def seed_pages(text: str) -> list[list[str]]:
    """The seed's pages as its README describes them: a line starting with one space
    starts a page, and the one surviving footer ends page 5."""
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        if re.match(r" \S", line) and any(part.strip() for part in pages[-1]):
            pages.append([])
        if line.startswith("Tweede Kamer, vergaderjaar"):
            pages.append([])
            continue
        pages[-1].append(line[1:] if re.match(r" \S", line) else line)
    return pages


def _font() -> str:
    for path in FONT_FILES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("SeedSans", path))
            return "SeedSans"
    return "Helvetica"


def write_seed_pdf(target: Path) -> Path:
    """Write the seed as a six-page PDF to `target`."""
    font = _font()
    pages = seed_pages(SEED.read_text(encoding="utf-8"))
    pdf = canvas.Canvas(str(target), pagesize=A4, invariant=True)
    width, height = A4
    _cover(pdf, font, height)
    _footer(pdf, font, 1, width)
    pdf.showPage()
    for number, lines in enumerate(pages, 2):
        _page(pdf, font, lines, height)
        _footer(pdf, font, number, width)
        pdf.showPage()
    pdf.save()
    return target


def _cover(pdf, font: str, height: float) -> None:
    y = height - 90
    for line in COVER:
        pdf.setFont(font, 12)
        pdf.drawString(70, y, line)
        y -= 24


def _page(pdf, font: str, lines: list[str], height: float) -> None:
    body, notes = _split_footnote(lines)
    y = height - 40
    for line in body:
        if line.strip():
            _line(pdf, font, 70, y, line.rstrip())
        y -= 11
    if notes:
        y = 80 + 10 * len(notes)
        pdf.line(70, y + 10, 200, y + 10)
        for line in notes:
            pdf.setFont(font, 8)
            pdf.drawString(70, y, line.rstrip())
            y -= 10


def _split_footnote(lines: list[str]) -> tuple[list[str], list[str]]:
    for index, line in enumerate(lines):
        if line.startswith("1 Het kabinet definieert"):
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            return lines[:index] + lines[end:], lines[index:end]
    return lines, []


def _line(pdf, font: str, x: float, y: float, text: str) -> None:
    """A body line; a footnote reference glued to a word ("dreigingen1") is raised."""
    match = re.search(r"(?<=dreigingen)1(?=\.)", text)
    pdf.setFont(font, 9)
    if not match:
        pdf.drawString(x, y, text)
        return
    before, after = text[:match.start()], text[match.end():]
    pdf.drawString(x, y, before)
    x += pdfmetrics.stringWidth(before, font, 9)
    pdf.setFont(font, 6)
    pdf.drawString(x, y + 3, "1")
    x += pdfmetrics.stringWidth("1", font, 6)
    pdf.setFont(font, 9)
    pdf.drawString(x, y, after)


def _footer(pdf, font: str, number: int, width: float) -> None:
    pdf.setFont(font, 7)
    pdf.drawString(70, 40, FOOTER.format(page=number))
