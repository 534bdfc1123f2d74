"""Preview: one PNG per page and slide, showing content, and a contact sheet of them all."""

from __future__ import annotations

import os

import pytest
from PIL import Image, ImageDraw

from builders import preview as previewing
from builders.build import build
from tests.conftest import SHIPPED, require


def non_white(path) -> float:
    """The fraction of pixels that are not (near) white."""
    with Image.open(path) as image:
        histogram = image.convert("L").histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


def test_sheet_size_is_a_grid_of_cells():
    cell_w = previewing.THUMB + previewing.GAP
    cell_h = previewing.THUMB + previewing.LABEL_HEIGHT + previewing.GAP

    assert previewing.sheet_size(13, columns=6) == (previewing.GAP + 6 * cell_w,
                                                    previewing.GAP + 3 * cell_h)
    assert previewing.sheet_size(2, columns=6) == (previewing.GAP + 2 * cell_w,
                                                   previewing.GAP + cell_h)


def test_contact_sheet_places_a_labelled_thumbnail_per_image(tmp_path):
    images = []
    for index, size in enumerate([(500, 700), (800, 450), (800, 450)]):
        path = tmp_path / f"image-{index}.png"
        image = Image.new("RGB", size, "white")
        ImageDraw.Draw(image).rectangle([0, 0, size[0] // 2, size[1] // 2], fill="navy")
        image.save(path)
        images.append((f"a rather long label for image number {index}", path))

    sheet = previewing.contact_sheet(images, tmp_path / "sheet.png", columns=2)

    with Image.open(sheet) as image:
        assert image.size == previewing.sheet_size(3, columns=2)
    assert non_white(sheet) > 0.05


def test_outputs_are_stale_when_missing_or_older_than_the_briefing(tmp_path):
    if not SHIPPED.exists():
        pytest.skip("briefing.yaml is not there yet")
    briefing = tmp_path / "briefing.yaml"
    briefing.write_bytes(SHIPPED.read_bytes())
    (tmp_path / "seeds").mkdir()
    for seed in (SHIPPED.parent / "seeds").glob("*.txt"):
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "dist"
    assert previewing.is_stale(briefing, out)

    build(briefing, out)
    assert not previewing.is_stale(briefing, out)

    later = (out / "memo.pdf").stat().st_mtime + 5
    os.utime(briefing, (later, later))
    assert previewing.is_stale(briefing, out)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The shipped briefing built and previewed once for the tests below."""
    require("pdftoppm")
    require("soffice")
    if not SHIPPED.exists():
        pytest.skip("briefing.yaml is not there yet")
    out = tmp_path_factory.mktemp("preview") / "dist"
    lines: list[str] = []
    result = previewing.preview(SHIPPED, out, on_event=lines.append)
    return out, result, lines


def test_preview_builds_first_when_outputs_are_missing(rendered):
    out, _, lines = rendered

    assert lines[0].startswith("built ") and "first" in lines[0]
    assert (out / "memo.pdf").is_file()


def test_one_png_per_memo_page_and_per_slide(rendered):
    from pptx import Presentation
    from pypdf import PdfReader

    out, result, _ = rendered
    preview_dir = out / "preview"
    pages = len(PdfReader(out / "memo.pdf").pages)
    _, decks = previewing.outputs_in(out)

    assert [p.name for p in result.memo] == [f"memo-{n:02d}.png" for n in range(1, pages + 1)]
    assert len(result.decks) == len(decks)
    for deck in decks:
        slides = result.decks[deck.stem]
        assert len(slides) == len(Presentation(str(deck)).slides), deck.name
        assert slides[0].name == f"{deck.stem}-01.png"
    pngs = sorted(preview_dir.glob("*.png"))
    assert len(pngs) == pages + sum(len(s) for s in result.decks.values()) + 1


def test_every_png_shows_content(rendered):
    _, result, _ = rendered

    for label, path in result.images():
        assert non_white(path) > 0.002, f"{label} ({path.name}) looks blank"
        with Image.open(path) as image:
            low, high = image.convert("L").getextrema()
        assert high - low > 100, f"{label} ({path.name}) has no contrast"


def test_slides_are_landscape_and_pages_portrait(rendered):
    _, result, _ = rendered

    with Image.open(result.memo[0]) as page:
        assert page.height > page.width
    first_deck = next(iter(result.decks.values()))
    with Image.open(first_deck[0]) as slide:
        assert slide.width > slide.height


def test_contact_sheet_has_one_cell_per_page_and_slide(rendered):
    _, result, _ = rendered
    count = len(result.images())

    assert result.contact_sheet.name == "contact-sheet.png"
    with Image.open(result.contact_sheet) as sheet:
        assert sheet.size == previewing.sheet_size(count)
    assert non_white(result.contact_sheet) > 0.05


def test_a_second_preview_replaces_the_pngs_without_rebuilding(rendered):
    from builders.outputs import record_files

    out, first, _ = rendered
    (out / "preview" / "memo-99.png").write_bytes(b"stale")  # a page of a longer memo,
    record_files(out, [out / "preview" / "memo-99.png"])     # written by an earlier preview
    lines: list[str] = []

    again = previewing.preview(SHIPPED, out, on_event=lines.append)

    assert not (out / "preview" / "memo-99.png").exists()
    assert len(again.images()) == len(first.images())
    assert not any("first" in line for line in lines)


def test_the_preview_records_its_images_so_that_clean_removes_them(rendered):
    import json

    out, result, _ = rendered
    record = json.loads((out / ".briefing-outputs.json").read_text())
    images = sorted(str(path.relative_to(out)) for _, path in result.images())
    assert sorted(record["others"]) == sorted(images + ["preview/contact-sheet.png"])


def test_a_new_preview_removes_only_the_images_an_earlier_one_recorded(tmp_path):
    """Before rendering, the preview clears its folder of its own old images (a memo that
    got shorter leaves no stale pages), never of a PNG the user put there or edited."""
    from builders.outputs import record_files
    from builders.preview import _clear

    out = tmp_path / "dist"
    images = out / "preview"
    images.mkdir(parents=True)
    for name in ("memo-01.png", "memo-02.png", "edited.png"):
        (images / name).write_bytes(b"\x89PNG old " + name.encode())
    record_files(out, [images / "memo-01.png", images / "memo-02.png", images / "edited.png"])
    (images / "edited.png").write_bytes(b"\x89PNG changed by hand")
    (images / "mine.png").write_bytes(b"\x89PNG the user's own")

    _clear(images, out)

    assert sorted(path.name for path in images.iterdir()) == ["edited.png", "mine.png"]
