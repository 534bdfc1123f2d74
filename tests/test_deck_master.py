"""The decks' own master and layouts, and their accessibility, read from the XML of every
deck the test briefings build (shipped, English, hard, stress)."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from builders.deck import deck_paths, plan_deck
from builders.deck.master import DECORATIVE_NS
from builders.deck.writer import render_plan
from builders.figure_text import describe_figure
from builders.loader import load_theme
from builders.model import Briefing
from tests.deck_data import hard_data
from tests.test_deck import built  # noqa: F401  (the module's decks, one set per briefing)

NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "adec": DECORATIVE_NS}
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
LAYOUT_NAMES = ["Title", "Section", "Title and Content", "Chart", "Closing"]


def parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part of a deck, parsed."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
            if name.endswith(".xml")}


def decks_with_plans(built):
    loaded, decks = built
    for path, sessions in deck_paths(loaded.briefing).items():
        yield loaded, path, decks[path], plan_deck(loaded.briefing, loaded.theme, sessions)


def xp(element, path: str) -> list:
    """XPath with our prefixes, on lxml and python-pptx elements alike."""
    return etree._Element.xpath(element, path, namespaces=NS)


def is_decorative(shape) -> bool:
    return bool(xp(shape, "./*[1]/p:cNvPr/a:extLst/a:ext/adec:decorative[@val='1']"))


def has_text(shape) -> bool:
    return bool("".join(xp(shape, ".//a:t/text()")).strip())


# ----------------------------------------------------------------- validity


def test_openxml_audit_finds_no_errors_in_any_deck(built, tmp_path):
    """The Open XML validator PowerPoint's "repair" prompt follows finds nothing."""
    from openxml_audit import validate_pptx

    loaded, decks = built
    for path, data in decks.items():
        file = tmp_path / path.replace("/", "-")
        file.write_bytes(data)
        result = validate_pptx(file)
        assert [str(error) for error in result.errors] == [], path
        assert result.is_valid


def test_openxml_audit_does_find_a_misplaced_element(built, tmp_path):
    """The check above can fail: an element the schema does not allow is reported."""
    from openxml_audit import validate_pptx

    _, decks = built
    source = zipfile.ZipFile(io.BytesIO(decks["deck.pptx"]))
    broken = tmp_path / "broken.pptx"
    with zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            blob = source.read(name)
            if name == "ppt/slides/slide1.xml":
                blob = blob.replace(b"<p:cSld>", b"<p:cSld><p:bogus/>", 1)
            target.writestr(name, blob)
    assert not validate_pptx(broken).is_valid


# ------------------------------------------------------------------- master


def test_a_16_9_deck_with_its_own_master_and_named_layouts(built):
    loaded, decks = built
    for path, data in decks.items():
        xml = parts(data)
        size = xml["ppt/presentation.xml"].find("p:sldSz", NS)
        assert size.get("type") is None, path            # not "screen4x3"
        assert abs(int(size.get("cx")) / int(size.get("cy")) - 16 / 9) < 0.001
        deck = Presentation(io.BytesIO(data))
        assert [layout.name for layout in deck.slide_layouts] == LAYOUT_NAMES
        for layout in deck.slide_layouts:
            kinds = {shape.get("type") for shape in xp(layout._element, 
                ".//p:ph")}
            assert {"title", "ftr", "sldNum"} <= kinds, layout.name
        master = xml["ppt/slideMasters/slideMaster1.xml"]
        band = [shape for shape in xp(master, "//p:sp")
                if xp(shape, "./p:nvSpPr/p:cNvPr/@name") == ["Band"]]
        assert band and is_decorative(band[0])
        colour = xp(band[0], ".//a:srgbClr/@val")
        assert colour == [loaded.theme.palette.primary.lstrip("#").upper()]
        assert master.find("p:hf", NS).get("dt") == "0"       # footer and number shown


def test_theme_fonts_are_arial_and_nothing_is_calibri(built):
    loaded, decks = built
    for path, data in decks.items():
        xml = parts(data)
        themes = [name for name in xml if name.startswith("ppt/theme/")]
        assert themes
        for name in themes:
            faces = xp(xml[name], "//a:majorFont/a:latin/@typeface | "
                                    "//a:minorFont/a:latin/@typeface")
            assert faces == [loaded.theme.deck.font] * 2, (path, name)
        raw = zipfile.ZipFile(io.BytesIO(data))
        assert not any(b"Calibri" in raw.read(name) for name in raw.namelist()
                       if name.endswith(".xml")), path


def test_the_briefings_language_everywhere_charts_included(built):
    loaded, decks = built
    tag = LANGUAGE_TAGS[loaded.briefing.language]
    for path, data in decks.items():
        xml = parts(data)
        langs = {(name, value) for name, root in xml.items()
                 for value in xp(root, "//@lang")}
        assert {value for _, value in langs} == {tag}, path
        default = xp(xml["ppt/presentation.xml"], "p:defaultTextStyle/a:defPPr/a:defRPr/@lang")
        assert default == [tag]
        for name, root in xml.items():
            if name.startswith("ppt/charts/chart"):
                assert xp(root, "c:lang/@val") == [tag], (path, name)


def test_every_slide_is_made_from_the_layout_of_its_role(built):
    expected = {"title": "Title", "section": "Section", "content": "Title and Content",
                "chart": "Chart"}
    for _, path, data, plan in decks_with_plans(built):
        deck = Presentation(io.BytesIO(data))
        for slide, planned in zip(deck.slides, plan.slides):
            assert slide.slide_layout.name == expected[planned.layout], (path, planned.kind)


def test_a_slide_added_by_hand_gets_the_house_layout(built):
    """A client (python-pptx here, as PowerPoint would) adds a slide to a built deck."""
    loaded, decks = built
    deck = Presentation(io.BytesIO(decks["deck.pptx"]))
    added = deck.slides.add_slide(deck.slide_layouts.get_by_name("Title and Content"))
    added.shapes.title.text = "Nieuw"
    again = io.BytesIO()
    deck.save(again)
    slide = Presentation(again).slides[-1]
    layout = slide.slide_layout
    assert layout.name == "Title and Content"
    master = layout.slide_master
    furniture = {shape.name for shape in master.shapes if not shape.is_placeholder}
    assert {"Band", "Footer rule", "Marking"} <= furniture      # on every slide, whatever
    plan = plan_deck(loaded.briefing, loaded.theme)                # the client adds
    (marking,) = [shape for shape in master.shapes if shape.name == "Marking"]
    assert marking.text_frame.text.replace("\v", " ") == " ".join(plan.footer.marking_lines)
    (footer,) = [shape for shape in layout.placeholders
                 if shape.placeholder_format.type == PP_PLACEHOLDER.FOOTER]
    assert footer.text_frame.text.startswith(plan.footer.meeting)
    styles = master._element.find("p:txStyles", NS)
    sizes = xp(styles, "p:titleStyle/a:lvl1pPr/a:defRPr/@sz")
    assert sizes == [str(int(loaded.theme.deck.sizes.title * 100))]


# ------------------------------------------------------------ accessibility


def test_every_chart_says_what_it_shows(built):
    loaded, decks = built
    figures = [figure for topic in loaded.briefing.topics() for figure in topic.figures]
    xml = parts(decks["deck.pptx"])
    frames = [frame for name, root in sorted(xml.items(), key=lambda item: _slide_no(item[0]))
              if name.startswith("ppt/slides/slide")
              for frame in xp(root, "//p:graphicFrame")]
    assert len(frames) == len(figures)
    for frame, figure in zip(frames, figures):
        descr = xp(frame, "p:nvGraphicFramePr/p:cNvPr/@descr")
        assert descr == [describe_figure(figure, loaded.briefing.language)]


def _slide_no(name: str) -> int:
    digits = "".join(char for char in name.rsplit("/", 1)[-1] if char.isdigit())
    return int(digits or 0)


def test_furniture_is_marked_decorative_everywhere(built):
    """Shapes without text (bands, rules, the timeline's line and dots) and the CONCEPT
    mark are decorative, on slides, layouts and the master; text is never decorative."""
    _, decks = built
    for path, data in decks.items():
        for name, root in parts(data).items():
            if not name.startswith(("ppt/slides/", "ppt/slideLayouts/", "ppt/slideMasters/")):
                continue
            for shape in xp(root, "//p:sp | //p:pic"):
                placeholder = xp(shape, "./*[1]/p:nvPr/p:ph")
                label = xp(shape, "./*[1]/p:cNvPr/@name")[0]
                if placeholder:
                    assert not is_decorative(shape)
                elif label == "Draft mark" or not has_text(shape):
                    assert is_decorative(shape), (path, name, label)
                else:
                    assert not is_decorative(shape), (path, name, label)


def test_slide_titles_are_unique_in_every_deck(built):
    for _, path, data, plan in decks_with_plans(built):
        deck = Presentation(io.BytesIO(data))
        titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
        assert len(titles) == len(set(titles)), path
        assert titles == [slide.title.text for slide in plan.slides]


def test_reading_order_is_title_body_chart_source_then_footer(built):
    for _, path, data, plan in decks_with_plans(built):
        deck = Presentation(io.BytesIO(data))
        for slide, planned in zip(deck.slides, plan.slides):
            read = [shape for shape in slide.shapes._spTree.iterchildren()
                    if shape.tag in (f"{{{NS['p']}}}sp", f"{{{NS['p']}}}graphicFrame")
                    and not is_decorative(shape)]
            texts = ["".join(xp(shape, ".//a:t/text()")) for shape in read]
            assert texts[0] == planned.title.text, (path, planned.number)
            kinds = [_role(shape) for shape in read]
            assert kinds[-2:] == ["ftr", "sldNum"], (path, planned.number)
            if planned.chart is not None:
                chart = kinds.index("chart")
                assert chart > 0
                if planned.caption is not None:
                    assert texts.index(planned.caption.text) == chart + 1


def _role(shape) -> str:
    if shape.tag.endswith("graphicFrame"):
        return "chart"
    placeholder = xp(shape, "./*[1]/p:nvPr/p:ph/@type")
    return placeholder[0] if placeholder else "text"


def test_the_draft_word_meets_contrast_and_the_mark_is_furniture():
    theme = load_theme("default")
    assert contrast(theme.palette.alert, theme.palette.white) >= 4.5
    assert contrast(theme.palette.white, theme.palette.primary) >= 4.5
    assert contrast(theme.palette.marking, theme.palette.white) >= 4.5


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[index:index + 2], 16) / 255 for index in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_title_slide_says_when_and_where_once(built):
    loaded, decks = built
    deck = Presentation(io.BytesIO(decks["deck.pptx"]))
    text = "\n".join(shape.text_frame.text for shape in deck.slides[0].shapes
                     if shape.has_text_frame)
    meeting = loaded.briefing.meeting
    if meeting.place:
        assert text.count(" ".join(meeting.place.split())) == 1
    from builders.labels import format_range
    assert text.count(format_range(meeting.start, meeting.end, loaded.briefing.language)) == 1


# --------------------------------------------------------------------- logo


def test_the_theme_logo_stands_on_the_title_layout(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), "#154273").save(logo)
    theme = load_theme("default")
    theme = theme.model_copy(update={"deck": theme.deck.model_copy(
        update={"logo": str(logo)})})
    plan = plan_deck(Briefing.model_validate(hard_data()), theme)
    data = render_plan(plan, theme)
    deck = Presentation(io.BytesIO(data))
    title = deck.slide_layouts.get_by_name("Title")
    pictures = xp(title._element, ".//p:pic")
    assert len(pictures) == 1 and is_decorative(pictures[0])
    extent = xp(pictures[0], "p:spPr/a:xfrm/a:ext")[0]
    assert abs(int(extent.get("cx")) / int(extent.get("cy")) - 3.0) < 0.01
    assert deck.slides[0].slide_layout.name == "Title"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sum(name.startswith("ppt/media/") for name in names) == 1


def test_a_logo_that_is_no_image_is_refused(tmp_path):
    from builders.fonts import LogoError

    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    theme = load_theme("default")
    theme = theme.model_copy(update={"deck": theme.deck.model_copy(update={"logo": str(bad)})})
    with pytest.raises(LogoError, match="not an image; export the logo as PNG or JPEG"):
        render_plan(plan_deck(Briefing.model_validate(hard_data()), theme), theme)


def test_a_deck_logo_that_is_no_image_is_a_located_error_when_the_theme_loads(tmp_path):
    from builders.errors import BriefingError
    from builders.theme import STYLES_DIR

    styles = tmp_path / "styles"
    styles.mkdir()
    text = (STYLES_DIR / "default.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(index for index, line in enumerate(lines, 1)
                  if line.startswith("  logo: null") and "title layout" in line)
    (styles / "default.yaml").write_text(text.replace(lines[number - 1], "  logo: logo.png"),
                                         encoding="utf-8")
    (styles / "logo.png").write_text("not an image")
    with pytest.raises(BriefingError) as caught:
        load_theme("default", styles)
    (line,) = str(caught.value).splitlines()
    assert line.startswith(f"{styles / 'default.yaml'}:{number}:") or \
        f"default.yaml:{number}:" in line
    assert "error: deck.logo:" in line and "not an image; export the logo as PNG or JPEG" in line


def _extra_decks(tmp_path) -> dict[str, bytes]:
    """Decks beside the briefings': on a template, with a logo, with a long marking."""
    from PIL import Image

    from tests.test_deck_plan import long_marking_data
    from tests.test_deck_template import template_theme

    briefing = Briefing.model_validate(hard_data())
    on_template = template_theme(tmp_path)
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (200, 100), "#01689B").save(logo)
    theme = load_theme("default")
    with_logo = theme.model_copy(update={"deck": theme.deck.model_copy(
        update={"logo": str(logo)})})
    marked = Briefing.model_validate(long_marking_data())
    return {"template": render_plan(plan_deck(briefing, on_template), on_template),
            "logo": render_plan(plan_deck(briefing, with_logo), with_logo),
            "long-marking": render_plan(plan_deck(marked, theme), theme)}


def test_openxml_audit_finds_no_errors_on_a_template_with_a_logo_or_a_long_marking(tmp_path):
    from openxml_audit import validate_pptx

    for name, data in _extra_decks(tmp_path).items():
        file = tmp_path / f"{name}.pptx"
        file.write_bytes(data)
        result = validate_pptx(file)
        assert [str(error) for error in result.errors] == [], name


def test_layouts_named_by_the_theme_even_when_two_roles_share_a_name():
    theme = load_theme("default")
    names = theme.deck.layouts.model_copy(update={"title": "Titel", "chart": "Inhoud",
                                                  "content": "Inhoud"})
    theme = theme.model_copy(update={"deck": theme.deck.model_copy(update={"layouts": names})})
    plan = plan_deck(Briefing.model_validate(hard_data()), theme)
    deck = Presentation(io.BytesIO(render_plan(plan, theme)))
    assert [layout.name for layout in deck.slide_layouts] == [
        "Titel", "Section", "Inhoud", "Inhoud", "Closing"]
    for slide, planned in zip(deck.slides, plan.slides):
        kinds = {shape.get("type") for shape in xp(slide.slide_layout._element, ".//p:ph")}
        assert ("chart" in kinds) == (planned.layout == "chart")
