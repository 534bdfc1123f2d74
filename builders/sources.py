"""Reading a source document: its running text by printed page, apart from its furniture.

A source is a text file (as extracted from a PDF) or a PDF. Either way it becomes a
`SourceDocument`: every line with the page it stands on (as printed) and its role —
running text, a running header or footer, or a footnote body. Quotes, numbers and the
review page read only the running text; footnotes count as part of the source for
numbers. The rules, in order:

- pages: a PDF has its pages; a text file is split at form feeds, or (with
  `page_breaks: leading-space`) before every line that starts with one space;
- a standalone line (blank lines around it) that carries its own page number as first
  or last word, with at least three other words or none, is that page's running header
  or footer; a footer ends its page (the text after it stands on the next page);
- a line that stands (digits aside) among the first or last two lines of at least half
  the pages (two at least) is a running header or footer;
- at a page's foot, a paragraph that starts with `N ` where a word above it on that page
  carries `N` glued to its end (`dreigingen1`) is footnote N, up to the page's end; the
  glued reference is removed from the running text;
- printed page numbers: `first_page` (a text file; default 1) and the page index, or for
  a PDF the numbers its running lines print, when they agree with each other.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, TypeVar

MAX_SOURCE_BYTES = 20_000_000
Role = Literal["text", "running", "footnote"]


class SourceProblem(Exception):
    """A source file that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class SourceLine:
    """One line of the source, where it stands and what it is."""

    text: str
    page: int
    role: Role = "text"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text (it may continue across a page foot)."""

    text: str
    first_page: int
    last_page: int


@dataclass(frozen=True)
class SourceDocument:
    """A source's lines, each with its printed page and role."""

    name: str
    lines: tuple[SourceLine, ...]
    is_pdf: bool = False

    def running(self) -> tuple[SourceLine, ...]:
        """The running text: no headers, footers or footnote bodies (blank lines kept)."""
        return derived(self, "running", lambda document: tuple(
            line for line in document.lines if line.role == "text"))

    def furniture(self) -> tuple[SourceLine, ...]:
        """Running headers and footers, and footnote bodies."""
        return tuple(line for line in self.lines if line.role != "text" and line.text.strip())

    def all_text(self) -> str:
        """Every word of the source, running text and footnotes, for numbers (one string
        per document: the number checks look it up by value, hashing it once)."""
        return derived(self, "all_text", lambda document: "\n".join(
            line.text for line in document.lines if line.role != "running"))

    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Running paragraphs; one interrupted by a page foot mid-sentence is joined."""
        return derived(self, "paragraphs", SourceDocument._paragraphs)

    def _paragraphs(self) -> tuple[Paragraph, ...]:
        found: list[list[SourceLine]] = []
        current: list[SourceLine] = []
        for line in self.running():
            if line.text.strip():
                current.append(line)
                continue
            if current:
                found.append(current)
                current = []
        if current:
            found.append(current)
        merged: list[list[SourceLine]] = []
        for block in found:
            if merged and merged[-1][-1].page != block[0].page and not _ends_sentence(
                    merged[-1][-1].text):
                merged[-1] = merged[-1] + block
            else:
                merged.append(block)
        return tuple(Paragraph("\n".join(line.text for line in block), block[0].page,
                               block[-1].page) for block in merged)


T = TypeVar("T")


def derived(document: SourceDocument, name: str, make: Callable[[SourceDocument], T]) -> T:
    """What `make` computes from the document, computed once and kept with it (a document
    is immutable; `read_source` gives the same object for the same file content, so a
    watch process reads an unchanged source's tokens, sentences and index only once).
    Kept outside the dataclass's fields: equality, hashing and `repr` ignore it."""
    store = document.__dict__.setdefault("_derived", {})
    if name not in store:
        store[name] = make(document)
    return store[name]


def running_lines(document: SourceDocument) -> tuple[tuple[str, int], ...]:
    """The running text's lines as (text, page): what the tokens, paragraphs and
    sentences of a document are made of (their key in builders/text_memory.py)."""
    return derived(document, "running lines", lambda read: tuple(
        (line.text, line.page) for line in read.running()))


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", "”", "\"", ")"))


def read_source(base_dir: Path, name: str, first_page: int | None = None,
                page_breaks: str = "formfeed") -> SourceDocument:
    """The source file `name` (relative to the briefing's folder), read and classified.

    The same content read the same way gives the same document object (the last few are
    kept): a watch process then classifies an unchanged source, and derives its tokens
    and sentences (`derived`), once, however often the briefing changes."""
    path = _source_path(base_dir, name)
    with path.open("rb") as file:
        is_pdf = path.suffix.lower() == ".pdf" or file.read(5) == b"%PDF-"
    if is_pdf:
        raw = _pdf_bytes(path, name)
        key = (name, True, hashlib.sha256(raw).digest())
    else:
        key = (name, False, _text(path, name), page_breaks, first_page or 1)
    if key in _READ:
        _READ[key] = _READ.pop(key)           # the most recently used is kept longest
        return _READ[key]
    if is_pdf:
        from .pdf_cache import pdf_pages   # read once per machine: see there

        pages, printed = pdf_pages(raw, lambda data: _pdf_pages(data, name)), None
    else:
        pages, printed = _text_pages(key[2], page_breaks), key[4]
    document = SourceDocument(name, classify(pages, printed), is_pdf)
    _READ[key] = document
    while len(_READ) > KEPT_DOCUMENTS:
        del _READ[next(iter(_READ))]          # the least recently used
    return document


KEPT_DOCUMENTS = 32
"""Documents kept (the least recently used goes first): a build reads each source twice
(the memo's guess, then the checks), so a briefing with up to this many sources finds
each the second time."""
_READ: dict[tuple, SourceDocument] = {}
"""Documents by (name, is PDF, content, how its pages are read): see `read_source`."""


def _source_path(base_dir: Path, name: str) -> Path:
    folder = base_dir.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise SourceProblem(f"source file {name!r} lies outside the briefing's folder; copy "
                            "it next to the briefing (e.g. into seeds/) and name it relative to it")
    if not path.exists():
        raise SourceProblem(f"source file {name!r} not found (the path is relative to the "
                            "briefing); correct the path")
    if not path.is_file() or path.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceProblem(f"source file {name!r} is not a text or PDF file of at most "
                            f"{MAX_SOURCE_BYTES // 1_000_000} MB; name the source's PDF or "
                            "its extracted text")
    return path


def _text(path: Path, name: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceProblem(f"source file {name!r} cannot be read as UTF-8 text "
                            f"({exc.__class__.__name__}); name a UTF-8 text file or a PDF")
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _pdf_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceProblem(f"source file {name!r} cannot be read as a PDF "
                            f"({exc.__class__.__name__}); name its extracted text instead")


def _text_pages(text: str, page_breaks: str) -> list[list[str]]:
    pages = [page.split("\n") for page in text.split("\f")]
    if page_breaks != "leading-space":
        return pages
    split: list[list[str]] = []
    for page in pages:
        current: list[str] = []
        for line in page:
            if re.match(r" \S", line) and any(part.strip() for part in current):
                split.append(current)
                current = []
            current.append(line[1:] if re.match(r" \S", line) else line)
        split.append(current)
    return split


def _pdf_pages(raw: bytes, name: str) -> list[list[str]]:
    """Text per page with pdfplumber, lines top to bottom; a blank line where the space
    between two lines is wider than the page's usual line spacing, or the type size
    changes (a footnote under the text), so paragraphs read as in a text file."""
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise SourceProblem(f"source file {name!r} is a PDF, and pdfplumber is not "
                            "installed; install the package again") from exc
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            return [_page_lines(page.extract_text_lines(return_chars=True))
                    for page in pdf.pages]
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's problem
        raise SourceProblem(f"source file {name!r} cannot be read as a PDF "
                            f"({exc.__class__.__name__}); name its extracted text instead")


def _page_lines(lines: list[dict]) -> list[str]:
    if not lines:
        return [""]
    sizes = [_size(line) for line in lines]
    gaps = sorted(b["top"] - a["top"] for a, b in zip(lines, lines[1:]))
    usual = gaps[len(gaps) // 2] if gaps else 0
    out = [lines[0]["text"]]
    for index in range(1, len(lines)):
        gap = lines[index]["top"] - lines[index - 1]["top"]
        if gap > usual * 1.5 or abs(sizes[index] - sizes[index - 1]) > 0.5:
            out.append("")
        out.append(lines[index]["text"])
    return out


def _size(line: dict) -> float:
    sizes = sorted(char.get("size", 0) for char in line.get("chars", ()))
    return sizes[len(sizes) // 2] if sizes else 0


def classify(pages: list[list[str]], first_page: int | None) -> tuple[SourceLine, ...]:
    """Lines with page and role, from the pages' raw lines (see the module's rules)."""
    pages = _split_at_footers(pages, first_page or 1)
    numbers = _printed_numbers(pages, first_page)
    roles = _running_roles(pages, numbers)
    lines: list[SourceLine] = []
    for index, page in enumerate(pages):
        page_roles = _footnote_roles(page, roles[index])
        texts = _without_references(page, page_roles)
        lines += [SourceLine(text, numbers[index], role)
                  for text, role in zip(texts, page_roles)]
    return tuple(lines)


def _standalone(page: list[str], index: int) -> bool:
    before = index == 0 or not page[index - 1].strip()
    after = index == len(page) - 1 or not page[index + 1].strip()
    return before and after and bool(page[index].strip())


def _numbered_line(text: str, number: int) -> bool:
    """A line that prints the page number `number` as a running header or footer does."""
    words = text.split()
    if not words:
        return False
    if re.sub(r"[^\w]", "", text) == str(number):
        return True
    return len(words) >= 4 and str(number) in (words[0], words[-1])


def _split_at_footers(pages: list[list[str]], first: int) -> list[list[str]]:
    """A page's footer ends it: text after a footer stands on the next page."""
    result: list[list[str]] = []
    for page in pages:
        current: list[str] = []
        for index, line in enumerate(page):
            current.append(line)
            rest = page[index + 1:]
            if (_standalone(page, index) and _numbered_line(line, first + len(result))
                    and any(part.strip() for part in rest)
                    and any(part.strip() for part in current[:-1])):
                result.append(current)
                current = []
        result.append(current)
    return result


def _edges(page: list[str]) -> list[int]:
    filled = [index for index, line in enumerate(page) if line.strip()]
    return sorted(set(filled[:2] + filled[-2:]))


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


def _printed_numbers(pages: list[list[str]], first_page: int | None) -> list[int]:
    """Page numbers as printed: from `first_page`, or from the running lines' numbers."""
    if first_page is not None:
        return [first_page + index for index in range(len(pages))]
    offsets: Counter[int] = Counter()
    masks = _repeated_masks(pages)
    for index, page in enumerate(pages):
        for edge in _edges(page):
            words = page[edge].split()
            if _masked(page[edge]) in masks:
                for word in (words[-1], words[0]):
                    if word.isdigit():
                        offsets[int(word) - index] += 1
                        break
    offset = offsets.most_common(1)[0][0] if offsets else 1
    return [offset + index for index in range(len(pages))]


def _repeated_masks(pages: list[list[str]]) -> set[str]:
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_masked(page[edge]) for edge in _edges(page)})
    enough = max(2, (len(pages) + 1) // 2)
    return {mask for mask, count in seen.items() if count >= enough and len(mask) > 1}


def _running_roles(pages: list[list[str]], numbers: list[int]) -> list[list[Role]]:
    masks = _repeated_masks(pages) if len(pages) > 1 else set()
    roles: list[list[Role]] = []
    for index, page in enumerate(pages):
        page_roles: list[Role] = ["text"] * len(page)
        for line_index, line in enumerate(page):
            edge = line_index in _edges(page)
            if (edge and _masked(line) in masks) or (
                    _standalone(page, line_index) and _numbered_line(line, numbers[index])
                    and (edge or line_index == _last_filled(page))):
                page_roles[line_index] = "running"
        roles.append(page_roles)
    return roles


def _last_filled(page: list[str]) -> int:
    filled = [index for index, line in enumerate(page) if line.strip()]
    return filled[-1] if filled else -1


_FOOTNOTE_START = re.compile(r"^\s*(\d{1,2})\s+\S")


def _footnote_roles(page: list[str], roles: list[Role]) -> list[Role]:
    """Mark the footnote bodies at the page's foot: the paragraph that starts with `N `
    (N referenced above on the page), and the paragraphs after it that start with N+1, …"""
    roles = list(roles)
    expected = None
    in_note = False
    for index, line in enumerate(page):
        if roles[index] != "text":
            continue
        if not line.strip():
            in_note = False
            continue
        match = _FOOTNOTE_START.match(line)
        starts_paragraph = index == 0 or not page[index - 1].strip() or in_note
        if match and starts_paragraph and (
                int(match.group(1)) == expected if expected is not None
                else _reference_pattern(match.group(1)).search(_text_above(page, roles, index))):
            in_note = True
            expected = int(match.group(1)) + 1
        if in_note:
            roles[index] = "footnote"
    return roles


def _text_above(page: list[str], roles: list[Role], index: int) -> str:
    return "\n".join(text for text, role in zip(page[:index], roles) if role == "text")


def _reference_pattern(number: str) -> re.Pattern:
    return re.compile(r"(?<=[a-zà-ÿ]{2})" + number + r"(?!\d)(?=[\s.,;:)!?]|$)")


def _without_references(page: list[str], roles: list[Role]) -> list[str]:
    """Running text with the footnote references glued to words removed."""
    numbers = [_FOOTNOTE_START.match(text).group(1) for text, role in zip(page, roles)
               if role == "footnote" and _FOOTNOTE_START.match(text)]
    texts = list(page)
    for number in numbers:
        pattern = _reference_pattern(number)
        for index, (text, role) in enumerate(zip(texts, roles)):
            if role == "text" and pattern.search(text):
                texts[index] = pattern.sub("", text, count=1)
                break
    return texts
