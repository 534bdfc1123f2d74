"""Preview: the memo's pages and the decks' slides as PNG, plus one labelled contact sheet.

Pages are rendered with poppler (`pdftoppm`); decks are first converted to PDF by
LibreOffice (`soffice --headless`, with a private profile so runs never share one),
while poppler renders the memo. Builds first when an output is missing or stale.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .theme import STYLES_DIR

RESOLUTION = 60
COLUMNS = 6
THUMB = 200
"""The longest side of a thumbnail on the contact sheet, in pixels."""
LABEL_HEIGHT = 18
GAP = 10
SOFFICE_TIMEOUT = 600


class PreviewError(RuntimeError):
    """A program the preview needs is missing or failed."""


@dataclass
class Preview:
    """What was rendered: the memo's pages, each deck's slides, the contact sheet."""

    memo: list[Path] = field(default_factory=list)
    decks: dict[str, list[Path]] = field(default_factory=dict)
    contact_sheet: Path | None = None

    def images(self) -> list[tuple[str, Path]]:
        """Every page and slide in order, with its label for the contact sheet."""
        labelled = [(f"memo p. {i}", path) for i, path in enumerate(self.memo, 1)]
        for name, slides in self.decks.items():
            labelled += [(f"{name} #{i}", path) for i, path in enumerate(slides, 1)]
        return labelled


def outputs_in(out_dir: Path) -> tuple[Path | None, list[Path]]:
    """The memo and the decks found in a build directory (decks in build order)."""
    memo = out_dir / "memo.pdf"
    decks = sorted(path for path in out_dir.rglob("*.pptx")
                   if "preview" not in path.relative_to(out_dir).parts
                   and not path.name.startswith("."))
    decks.sort(key=lambda path: (len(path.relative_to(out_dir).parts), str(path)))
    return (memo if memo.is_file() else None), decks


def is_stale(briefing: Path, out_dir: Path, styles_dir: Path = STYLES_DIR) -> bool:
    """True when the memo or every deck is missing, or older than the briefing or a style."""
    memo, decks = outputs_in(out_dir)
    if memo is None or not decks:
        return True
    inputs = [briefing, *(p for p in styles_dir.rglob("*") if p.is_file())]
    newest_input = max(path.stat().st_mtime_ns for path in inputs if path.exists())
    oldest_output = min(path.stat().st_mtime_ns for path in [memo, *decks])
    return oldest_output < newest_input


def render_pdf(pdf: Path, directory: Path, prefix: str, resolution: int = RESOLUTION) -> list[Path]:
    """Every page of a PDF as `<prefix>-01.png`, `<prefix>-02.png`, … in `directory`."""
    with tempfile.TemporaryDirectory(prefix="pdftoppm-") as temporary:
        _run([_program("pdftoppm"), "-png", "-r", str(resolution), str(pdf),
              str(Path(temporary) / "page")], timeout=SOFFICE_TIMEOUT)
        pages = sorted(Path(temporary).glob("page-*.png"), key=_page_number)
        targets = []
        for number, page in enumerate(pages, 1):
            target = directory / f"{prefix}-{number:02d}.png"
            shutil.move(page, target)
            targets.append(target)
    return targets


def _page_number(path: Path) -> int:
    return int(re.search(r"-(\d+)\.png$", path.name).group(1))


def start_deck_conversion(decks: dict[Path, str], directory: Path) -> subprocess.Popen | None:
    """Start LibreOffice converting every deck to `<directory>/<name>.pdf`, in the background.

    One LibreOffice process converts them all (its start-up is most of the cost); each
    deck is copied under its unique name first, so two decks never write the same PDF.
    """
    if not decks:
        return None
    inputs = directory / "decks"
    inputs.mkdir()
    copies = []
    for deck, name in decks.items():
        copies.append(inputs / f"{name}.pptx")
        shutil.copyfile(deck, copies[-1])
    profile = directory / "profile"
    return subprocess.Popen(
        [_program("soffice"), "--headless", "--norestore",
         f"-env:UserInstallation={profile.resolve().as_uri()}",
         "--convert-to", "pdf", "--outdir", str(directory), *map(str, copies)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _deck_names(decks: list[Path]) -> dict[Path, str]:
    """A readable, unique name per deck: its file name without `.pptx`."""
    names: dict[Path, str] = {}
    for deck in decks:
        name = deck.stem
        while name in names.values():
            name = f"{deck.parent.name}-{name}"
        names[deck] = name
    return names


def preview(briefing: str | Path = "briefing.yaml", out_dir: str | Path = "dist",
            preview_dir: str | Path | None = None, *, resolution: int = RESOLUTION,
            columns: int = COLUMNS, on_event: Callable[[str], None] = print) -> Preview:
    """Build if needed, then render every page and slide and the contact sheet."""
    briefing, out_dir = Path(briefing), Path(out_dir)
    target = Path(preview_dir) if preview_dir else out_dir / "preview"
    if is_stale(briefing, out_dir):
        _build(briefing, out_dir, on_event)
    memo, decks = outputs_in(out_dir)
    _clear(target, out_dir)
    result = Preview()
    with tempfile.TemporaryDirectory(prefix="preview-") as temporary:
        names = _deck_names(decks)
        converting = start_deck_conversion(names, Path(temporary))
        try:
            if memo is not None:
                result.memo = render_pdf(memo, target, "memo", resolution)
        finally:
            _finish(converting)
        for deck, name in names.items():
            pdf = Path(temporary) / f"{name}.pdf"
            if not pdf.is_file():
                raise PreviewError(f"LibreOffice did not convert {deck}")
            result.decks[name] = render_pdf(pdf, target, name, resolution)
    result.contact_sheet = contact_sheet(result.images(), target / "contact-sheet.png",
                                         columns)
    _record(out_dir, [path for _, path in result.images()] + [result.contact_sheet])
    slides = sum(len(paths) for paths in result.decks.values())
    on_event(f"wrote {len(result.memo)} memo pages and {slides} slides of {len(result.decks)} "
             f"decks to {target}/, and {result.contact_sheet}")
    return result


def _build(briefing: Path, out_dir: Path, on_event) -> None:
    from .build import build

    _, outputs = build(briefing, out_dir)
    on_event(f"built {len(outputs)} files into {out_dir}/ first (missing or older "
             "than the briefing)")


def _record(out_dir: Path, images: list[Path]) -> None:
    """Note the images in the output folder's manifest, so that `clean` removes them."""
    from .outputs import record_files

    if out_dir.is_dir():
        record_files(out_dir, [path for path in images
                               if path.resolve().is_relative_to(out_dir.resolve())])


def _clear(directory: Path, out_dir: Path) -> None:
    """Remove the images an earlier preview recorded in `out_dir`'s manifest, where they
    are still as it wrote them; any other PNG in the folder is the user's and stays."""
    from .manifest import digest, read_manifest

    directory.mkdir(parents=True, exist_ok=True)
    recorded = read_manifest(out_dir, "others") or {}
    for old in directory.glob("*.png"):
        try:
            name = old.resolve().relative_to(out_dir.resolve()).as_posix()
        except ValueError:
            continue
        if not old.is_symlink() and old.is_file() and recorded.get(name) == digest(old.read_bytes()):
            old.unlink()


def _finish(process: subprocess.Popen | None) -> None:
    if process is None:
        return
    try:
        output, _ = process.communicate(timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise PreviewError(f"LibreOffice took over {SOFFICE_TIMEOUT} s; stopped it")
    if process.returncode != 0:
        raise PreviewError(f"LibreOffice failed (exit {process.returncode}): "
                           f"{output.decode('utf-8', 'replace').strip()[-500:]}")


def sheet_size(count: int, columns: int = COLUMNS) -> tuple[int, int]:
    """Width and height of a contact sheet of `count` thumbnails in `columns` columns."""
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns) if count else 0
    cell_w, cell_h = THUMB + GAP, THUMB + LABEL_HEIGHT + GAP
    return GAP + columns * cell_w, GAP + rows * cell_h


def contact_sheet(images: list[tuple[str, Path]], target: Path,
                  columns: int = COLUMNS) -> Path:
    """One PNG with a labelled thumbnail of every image, in rows of `columns`."""
    from PIL import Image, ImageDraw

    width, height = sheet_size(len(images), columns)
    columns = max(1, min(columns, len(images)))
    sheet = Image.new("RGB", (width, max(height, GAP)), "white")
    draw = ImageDraw.Draw(sheet)
    font = _label_font()
    for index, (label, path) in enumerate(images):
        x = GAP + (index % columns) * (THUMB + GAP)
        y = GAP + (index // columns) * (THUMB + LABEL_HEIGHT + GAP)
        with Image.open(path) as image:
            thumbnail = image.convert("RGB")
            thumbnail.thumbnail((THUMB, THUMB))
        offset = (x + (THUMB - thumbnail.width) // 2, y + (THUMB - thumbnail.height) // 2)
        sheet.paste(thumbnail, offset)
        draw.rectangle([offset[0] - 1, offset[1] - 1, offset[0] + thumbnail.width,
                        offset[1] + thumbnail.height], outline="#999999")
        draw.text((x + THUMB // 2, y + THUMB + 2), _fit(label, font, THUMB), fill="black",
                  font=font, anchor="ma")
    sheet.save(target, optimize=True)
    return target


def _fit(label: str, font, width: int) -> str:
    """The label, shortened in the middle with an ellipsis until it fits `width` pixels."""
    if font.getlength(label) <= width:
        return label
    head, tail = label.rsplit(" ", 1) if " " in label else (label, "")
    while head and font.getlength(f"{head}… {tail}") > width:
        head = head[:-1]
    return f"{head}… {tail}"


def _label_font():
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=12)
    except TypeError:  # Pillow before 10.1 has one bitmap size only
        return ImageFont.load_default()


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        hint = {"pdftoppm": "apt-get install -y poppler-utils",
                "soffice": "apt-get install -y libreoffice-impress"}[name]
        raise PreviewError(f"{name} is not installed; install it with: {hint}")
    return path


def _run(argv: list[str], timeout: float) -> None:
    result = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise PreviewError(f"{Path(argv[0]).name} failed (exit {result.returncode}): "
                           f"{result.stderr.decode('utf-8', 'replace').strip()[-500:]}")


def main(briefing: str = "briefing.yaml", out_dir: str = "dist",
         preview_dir: str | None = None) -> int:
    """The command: 0 when every page and slide was rendered, 1 with a message if not."""
    import sys

    from .errors import BriefingError

    try:
        preview(briefing, out_dir, preview_dir)
    except BriefingError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("cannot preview: the briefing does not build", file=sys.stderr)
        return 1
    except PreviewError as exc:
        print(f"cannot preview: {exc}", file=sys.stderr)
        return 1
    return 0
