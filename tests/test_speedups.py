"""Every speed-up leaves the outputs byte for byte as they were: each is switched off in a
fresh process and the files compared with those of a normal build."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ENGLISH, ROOT, SHIPPED

RENDER = """
import hashlib, sys
{switch_off}
from builders.build import render_outputs
from builders.loader import load
outputs = render_outputs(load(sys.argv[1]), parallel=False)
for name in sorted(outputs):
    print(name, hashlib.sha256(outputs[name]).hexdigest())
import reportlab.lib.rl_accel as accel
print("accelerated", accel.fp_str.__module__ == "_rl_accel")
"""


@pytest.fixture(autouse=True)
def python_pptx_writes_the_decks(monkeypatch):
    """The shortcuts tested here are python-pptx's path's (a cold build's first deck, and
    each deck the lean writer leaves to it); tests/test_deck_lean.py compares the two."""
    import builders.deck.lean as lean

    monkeypatch.setattr(lean, "ENABLED", False)


def digests(briefing, switch_off: str = "", env: dict | None = None) -> dict[str, str]:
    result = subprocess.run([sys.executable, "-c", RENDER.format(switch_off=switch_off), str(briefing)],
                            cwd=ROOT, capture_output=True, text=True, check=True,
                            env=None if env is None else {**os.environ, **env})
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH], ids=["shipped", "english"])
def test_reportlabs_c_accelerator_is_used_and_changes_no_byte(briefing):
    normal = digests(briefing)
    plain = digests(briefing, switch_off='sys.modules["_rl_accel"] = None')
    assert normal.pop("accelerated") == "True", "rl_accel is not installed: reportlab[accel]"
    assert plain.pop("accelerated") == "False"
    assert normal == plain
    assert len(normal) >= 3  # memo, combined deck and session decks were compared


def test_collecting_after_each_deck_changes_no_byte_and_unfreezes(monkeypatch):
    """render_decks freezes the plans and collects after each deck (the 50× peak memory);
    the decks are the same bytes as without, and nothing stays frozen afterwards."""
    import gc

    import builders.deck as deck
    from builders.loader import load

    loaded = load(SHIPPED)
    normal = deck.render_decks(loaded)
    assert gc.get_freeze_count() == 0
    calls = []
    monkeypatch.setattr(deck.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(deck.gc, "collect", lambda *args: calls.append(("collect", *args)))
    assert deck.render_decks(loaded) == normal
    assert calls.count("freeze") == 1
    assert calls.index(("collect", 1)) < calls.index("freeze")   # young garbage, then freeze
    assert calls.count(("collect",)) == len(normal)              # a full collection per deck


def test_the_hyphenation_cache_changes_no_byte(tmp_path):
    """A cold cache (patterns parsed, cache written) and a warm one (patterns read) give
    the same memo as each other and as pyphen parsing its own dictionary."""
    env = {"BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    cold = digests(SHIPPED, env=env)
    assert list((tmp_path / "cache").iterdir())
    warm = digests(SHIPPED, env=env)
    parsed = digests(SHIPPED, env=env, switch_off=(  # no known words: pyphen itself breaks
        "import builders.pattern_cache as cache, pyphen; "
        "cache._read_words = lambda path: {}; "
        "cache.hyphenator = lambda code: pyphen.Pyphen(lang=code)"))
    assert cold == warm == parsed


def test_deflating_each_distinct_member_once_changes_no_byte(monkeypatch, tmp_path):
    """The decks share one DeflatedMembers: each distinct member is deflated once, and the
    decks are the same bytes as when zipfile deflates every member itself. An empty cache
    folder: no member is taken from an earlier build's."""
    import builders.deck as deck
    import builders.deck.opc as package
    from builders.loader import load

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))

    loaded = load(SHIPPED)
    deflated = []
    real_deflate = package.deflate
    monkeypatch.setattr(package, "deflate", lambda blob: deflated.append(blob) or real_deflate(blob))
    cached = deck.render_decks(loaded)
    assert len(deflated) == len(set(deflated))          # no member deflated twice
    members = sum(len(zipfile.ZipFile(io.BytesIO(data)).namelist()) for data in cached.values())
    assert 0 < len(deflated) < members * 0.6            # the decks really share members
    monkeypatch.setattr(deck, "DeflatedMembers", lambda: None)
    assert deck.render_decks(loaded) == cached


def test_a_small_deflate_budget_drops_the_oldest_and_changes_no_byte():
    from builders.deck.package import DeflatedMembers, deflate

    members = DeflatedMembers(budget=len(deflate(b"a" * 1000)) + 1)
    assert members.deflate(b"a" * 1000) == deflate(b"a" * 1000)
    assert members.deflate(b"b" * 1000) == deflate(b"b" * 1000)
    assert len(members._compressed) == 1                # the first was dropped
    assert members.deflate(b"a" * 1000) == deflate(b"a" * 1000)


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, ROOT / "tests" / "fixtures" / "stress"
                                      / "briefing.yaml"], ids=["shipped", "english", "stress"])
def test_writing_each_shared_slide_once_changes_no_byte(briefing, monkeypatch):
    """A session slide is written for the combined deck and its bytes reused in the
    session deck (SlideStore); the decks are the same bytes as when every deck writes
    every slide itself, and the store is empty afterwards."""
    import builders.deck as deck
    import builders.deck.writer as writer
    from builders.loader import load

    loaded = load(briefing)
    placed, stores = [], []
    real_place, real_store = writer.place, deck.SlideStore
    monkeypatch.setattr(writer, "place", lambda *args: placed.append(args) or real_place(*args))
    monkeypatch.setattr(deck, "SlideStore", lambda plans: stores.append(real_store(plans))
                        or stores[-1])
    reused = deck.render_decks(loaded)
    sessions = len(loaded.briefing.sessions)
    assert len(placed) >= 2 * sessions          # at least divider and a topic of each session
    assert stores[0]._kept == {}                # every kept slide was used and let go
    monkeypatch.setattr(deck, "SlideStore", lambda plans: None)
    assert deck.render_decks(loaded) == reused


def test_a_slide_whose_text_holds_the_number_hole_is_written_again():
    """The store cuts a slide's XML where its number goes; text that happens to hold the
    mark used for that makes the slide unfit for keeping, never a wrong deck."""
    from lxml import etree

    from builders.deck.reuse import HOLE, _pieces

    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(f'<a:p xmlns:a="{a}"><a:r><a:t>x</a:t></a:r><a:fld id="1">'
                            f'<a:t>2</a:t></a:fld><a:r><a:t> / 9</a:t></a:r></a:p>')
    field, total = root[1], root[2]
    assert _pieces(root, field, total) is not None
    root[0][0].text = HOLE % 1
    assert _pieces(root, field, total) is None
    assert field.get("id") == "1" and field[0].text == "2" and total[0].text == " / 9"


def test_writing_shared_slides_once_on_an_organisation_template_changes_no_byte(tmp_path):
    from builders.deck import plan_decks
    from builders.deck.reuse import SlideStore
    from builders.deck.writer import render_plan
    from builders.loader import load
    from tests.test_deck_template import template_theme

    theme = template_theme(tmp_path)
    plans = plan_decks(load(SHIPPED).briefing, theme)
    store = SlideStore(plans.values())
    reused = [render_plan(plan, theme, store=store) for plan in plans.values()]
    assert store._kept == {} and sum(store._uses.values()) == 0
    assert reused == [render_plan(plan, theme) for plan in plans.values()]


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, ROOT / "tests" / "fixtures" / "stress"
                                      / "briefing.yaml"], ids=["shipped", "english", "stress"])
def test_preparing_the_master_and_blank_slides_once_changes_no_byte(briefing, monkeypatch):
    """The decks of a build copy one prepared presentation (master, layouts, theme), each
    layout's blank slide, the notes master and the blank notes slide (PreparedParts), and
    add slides without python-pptx's searches; the decks are the same bytes as when each
    deck builds its master and python-pptx adds every slide and the first notes slide."""
    import builders.deck as deck
    import builders.deck.writer as writer
    from builders.loader import load

    loaded = load(briefing)
    made, real_presentation = [], writer.Writer._presentation
    monkeypatch.setattr(writer.Writer, "_presentation",
                        lambda self: made.append(self) or real_presentation(self))
    stores, real_prepared = [], deck.PreparedParts
    monkeypatch.setattr(deck, "PreparedParts", lambda: stores.append(real_prepared())
                        or stores[-1])
    prepared = deck.render_decks(loaded)
    assert len(made) == 1 < len(prepared)       # one master for every deck
    assert stores[0].parts._default_notes_master is not None and stores[0].parts._notes_blanks
    monkeypatch.setattr(deck, "PreparedParts", lambda: None)
    made.clear()
    assert deck.render_decks(loaded) == prepared
    assert len(made) == len(prepared)


def test_preparing_once_on_an_organisation_template_changes_no_byte(tmp_path):
    from builders.deck import plan_decks
    from builders.deck.package import PreparedParts
    from builders.deck.writer import render_plan
    from builders.loader import load
    from tests.test_deck_template import template_theme

    theme = template_theme(tmp_path)
    plans = plan_decks(load(SHIPPED).briefing, theme)
    prepared = PreparedParts()
    assert ([render_plan(plan, theme, prepared=prepared) for plan in plans.values()]
            == [render_plan(plan, theme) for plan in plans.values()])
    assert len(prepared._presentations) == 1 and prepared._blanks


def test_slide_ids_counted_on_match_python_pptx_also_when_mixed():
    """Slides added by `add_slide` take the ids and relationship ids python-pptx gives,
    also after python-pptx itself added one in between (the count is searched again)."""
    from pptx import Presentation

    from builders.deck.package import add_slide

    ours, theirs = Presentation(), Presentation()
    layout = ours.slide_layouts[1]
    add_slide(ours, layout.part)
    ours.slides.add_slide(layout)
    add_slide(ours, layout.part)
    for _ in range(3):
        theirs.slides.add_slide(theirs.slide_layouts[1])
    listed = lambda deck: [(item.id, item.rId) for item in deck.slides._sldIdLst]
    assert listed(ours) == listed(theirs) == [(256, "rId7"), (257, "rId8"), (258, "rId9")]
    assert ([slide.part.blob for slide in ours.slides]
            == [slide.part.blob for slide in theirs.slides])


def test_relationships_and_content_types_written_as_text_are_python_pptx_s_bytes(monkeypatch):
    """Every .rels member written as text is the bytes python-pptx's own serialisation
    gives (links with characters XML escapes, non-ASCII, gaps in the rIds); the decks are
    the same bytes with python-pptx writing them."""
    import builders.deck as deck
    import builders.deck.package as package
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    for url in ('https://example.org/a?b=1&c="2"<3>', "https://voorbeeld.nl/é\t'x'",
                "mailto:a@b.nl"):
        slide.part.relate_to(url, RT.HYPERLINK, is_external=True)
    slide.part.drop_rel(slide.part.relate_to("https://gone.example", RT.HYPERLINK,
                                             is_external=True))
    slide.part.relate_to("https://after-a-gap.example", RT.HYPERLINK, is_external=True)
    parts = list(presentation.part.package.iter_parts())
    assert all(package.rels_xml(part._rels) == part.rels.xml for part in parts if part._rels)
    assert package.rels_xml(presentation.part.package._rels) == presentation.part.package._rels.xml
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.serialized import _ContentTypesItem

    assert (package.content_types_xml(parts)
            == serialize_part_xml(_ContentTypesItem.xml_for(parts)))

    from builders.loader import load

    loaded = load(SHIPPED)
    written = deck.render_decks(loaded)
    monkeypatch.setattr(package, "rels_xml", lambda rels: rels.xml)
    monkeypatch.setattr(package, "content_types_xml", lambda parts: serialize_part_xml(
        _ContentTypesItem.xml_for(parts)))
    assert deck.render_decks(loaded) == written


def test_a_relationship_target_that_is_no_xml_text_is_refused_as_python_pptx_does():
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from builders.deck.package import rels_xml

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.part.relate_to("https://example.org/\x01", RT.HYPERLINK, is_external=True)
    with pytest.raises(ValueError, match="XML compatible"):
        rels_xml(slide.part._rels)


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH], ids=["shipped", "english"])
def test_remembering_wrapped_text_changes_no_byte(briefing, monkeypatch):
    """The planner's line breaking is remembered per text, width, size and font; plans
    and decks are the same as when every text is broken afresh."""
    import builders.deck as deck
    import builders.deck.measure as measure
    from builders.loader import load

    loaded = load(briefing)
    measure._wrapped.cache_clear()
    remembered = deck.render_decks(loaded)
    plans = deck.plan_decks(loaded.briefing, loaded.theme)
    assert measure._wrapped.cache_info().hits > 0
    monkeypatch.setattr(measure, "_wrapped", lambda *key: tuple(measure.wrap_text(*key)))
    assert deck.plan_decks(loaded.briefing, loaded.theme) == plans
    assert deck.render_decks(loaded) == remembered


def test_remembered_lines_are_a_new_list_each_time():
    from builders.deck.measure import Run, wrap

    text = (Run("een tekst die over meer dan een regel loopt"),)
    first = wrap(text, 60, 12)
    first.append(("changed",))
    assert wrap(text, 60, 12) == first[:-1] and len(first[:-1]) > 1


def test_loading_a_theme_without_template_or_logo_leaves_python_pptx_unloaded():
    """The theme's deck checks (template layouts, logo) import the deck modules and
    python-pptx only when the theme names a template or a logo, so that a build forks its
    memo before paying for them (with a template the check still runs:
    test_deck_template.test_a_template_without_a_named_layout_is_a_located_error)."""
    probe = ("import sys; from builders.loader import load; load(sys.argv[1]); "
             "print(sorted(name for name in sys.modules if name == 'pptx' "
             "or name.startswith('builders.deck')))")
    result = subprocess.run([sys.executable, "-c", probe, str(SHIPPED)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, ROOT / "tests" / "fixtures" / "stress"
                                      / "briefing.yaml"], ids=["shipped", "english", "stress"])
def test_copying_the_footer_shapes_changes_no_byte(briefing, monkeypatch, tmp_path):
    """A deck's footer shapes are built for its first slide of each look and copied for
    the others (ids, names and number set); the decks, on our master and on an
    organisation's template, are the same bytes as when every footer is built afresh."""
    import builders.deck as deck
    import builders.deck.writer as writer
    from builders.loader import load
    from tests.test_deck_template import template_theme

    loaded = load(briefing)
    on_template = dataclasses.replace(loaded, theme=template_theme(tmp_path))
    built = []
    real_build = writer.Writer._build_footer
    monkeypatch.setattr(writer.Writer, "_build_footer",
                        lambda self, *args: built.append(args) or real_build(self, *args))
    copied = deck.render_decks(loaded), deck.render_decks(on_template)
    slides = sum(len(plan.slides) for plan in deck.plan_decks(loaded.briefing,
                                                             loaded.theme).values())
    assert 0 < len(built) <= 2 * 2 * len(copied[0]) < 2 * slides   # two looks per deck
    monkeypatch.setattr(writer.Writer, "_footer", real_build)
    assert (deck.render_decks(loaded), deck.render_decks(on_template)) == copied


def test_members_written_with_their_cached_deflate_are_the_zip_zipfile_writes():
    """`_StampedMembers` writes a member's local header once, with the deflated bytes and
    CRC the build's cache holds, and leaves the central directory to zipfile: the archive
    is the bytes zipfile's own writestr gives (empty, repeated, non-ASCII, larger members)."""
    import random

    from builders.deck.opc import DeflatedMembers, _StampedMembers

    noise = random.Random(7)
    members = [("/a.xml", b""), ("/ppt/slides/slide1.xml", b"<x>" * 5000),
               ("/ppt/media/\u00e9t\u00e9.bin", bytes(noise.getrandbits(8) for _ in range(70000))),
               ("/b.xml", b"<x>" * 5000), ("/c.rels", "caf\u00e9 \u2013".encode() * 300)]

    def archive(deflated):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
            stamped = _StampedMembers(written, (2023, 11, 28, 9, 30, 0), deflated)
            for name, blob in members:
                stamped.write(name[1:], blob)
        return out.getvalue()

    shared = DeflatedMembers()
    plain = archive(None)
    assert archive(shared) == plain == archive(shared)       # cold, then every member cached
    from builders.deck.opc import zipped

    as_members = [(name[1:], blob) for name, blob in members]
    assert zipped(as_members, (2023, 11, 28, 9, 30, 0), DeflatedMembers()) == plain
    assert zipped(as_members + as_members[:1], (2023, 11, 28, 9, 30, 0), shared) is None
    with zipfile.ZipFile(io.BytesIO(plain)) as check:
        assert check.testzip() is None
        assert [check.read(name) for name in check.namelist()] == [blob for _, blob in members]


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, ROOT / "tests" / "fixtures" / "stress"
                                      / "briefing.yaml"], ids=["shipped", "english", "stress"])
def test_parts_walked_over_the_relationships_come_in_python_pptx_s_order(
        briefing, monkeypatch, tmp_path):
    """`parts_in_order` (every save, every first numbering of a kind of part) lists the
    parts as python-pptx's `iter_parts` does, on our master and an organisation template;
    the decks are the same bytes with python-pptx's walk."""
    import builders.deck as deck
    import builders.deck.package as package
    from builders.loader import load
    from tests.test_deck_template import template_theme

    loaded = load(briefing)
    on_template = dataclasses.replace(loaded, theme=template_theme(tmp_path))
    real, walked = package.parts_in_order, []

    def compared(pkg):
        ours = real(pkg)
        assert ours == list(pkg.iter_parts())
        walked.append(len(ours))
        return ours

    monkeypatch.setattr(package, "parts_in_order", compared)
    ours = deck.render_decks(loaded), deck.render_decks(on_template)
    assert len(walked) > 2 * len(ours[0]) and max(walked) > 20
    monkeypatch.setattr(package, "parts_in_order", lambda pkg: list(pkg.iter_parts()))
    assert (deck.render_decks(loaded), deck.render_decks(on_template)) == ours


def test_a_slide_key_is_made_and_hashed_once_and_equal_across_decks():
    """The store makes each slide's key once (hashing a slide's plan walks all of it); a
    session slide's key in the combined deck equals its key in the session deck."""
    from builders.deck import plan_decks
    from builders.deck.reuse import SlideKey, SlideStore, slide_key
    from builders.loader import load

    plans = plan_decks(load(SHIPPED).briefing, load(SHIPPED).theme)
    store = SlideStore(plans.values())
    combined, first_session = plans["deck.pptx"], next(
        plan for path, plan in plans.items() if path.startswith("sessions/"))
    keys = [store.key(first_session, slide) for slide in first_session.slides]
    assert all(store.key(first_session, slide) is key
               for slide, key in zip(first_session.slides, keys))
    assert sum(key in {store.key(combined, slide) for slide in combined.slides}
               for key in keys) >= 2
    fresh = SlideKey(slide_key(first_session, first_session.slides[0]))
    assert fresh == keys[0] and hash(fresh) == hash(keys[0]) and fresh is not keys[0]
    assert fresh != SlideKey(slide_key(first_session, first_session.slides[1]))


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, ROOT / "tests" / "fixtures" / "stress"
                                      / "briefing.yaml"], ids=["shipped", "english", "stress"])
def test_sharing_the_prepared_master_and_layouts_changes_no_byte_and_no_prepared_part(
        briefing, monkeypatch, tmp_path):
    """Every deck's master and layouts share the prepared XML and its serialisation
    (nothing writes to them once prepared); the decks are the same bytes as with a copy
    per deck, and the prepared parts are unchanged after all decks were written."""
    import builders.deck as deck
    import builders.deck.package as package
    from builders.loader import load
    from tests.test_deck_template import template_theme

    loaded = load(briefing)
    on_template = dataclasses.replace(loaded, theme=template_theme(tmp_path))
    stores, real_prepared = [], deck.PreparedParts
    monkeypatch.setattr(deck, "PreparedParts", lambda: stores.append(real_prepared())
                        or stores[-1])
    shared = deck.render_decks(loaded), deck.render_decks(on_template)
    for store in stores:
        for prepared in store.parts._presentations.values():
            parts = [part for part in package.parts_in_order(prepared.part.package)
                     if isinstance(part, package.SHARED_PARTS)]
            assert len(parts) >= 2
            for part in parts:              # serialised once, and still the prepared XML
                assert part.__dict__["_shared_blob"] == package.serialize_part_xml(part._element)
    monkeypatch.setattr(package, "SHARED_PARTS", ())
    assert (deck.render_decks(loaded), deck.render_decks(on_template)) == shared
