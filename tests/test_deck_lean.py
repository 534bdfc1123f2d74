"""The lean deck writer (builders/deck/lean.py, opc.py): decks written without python-pptx
from a skeleton python-pptx made once are the bytes python-pptx writes; what it cannot
write goes to python-pptx; a warm build does not import python-pptx."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import replace
from types import SimpleNamespace

import pytest

from tests.conftest import ENGLISH, ROOT, SHIPPED, run_on_a_machine_of_its_own

STRESS = ROOT / "tests" / "fixtures" / "stress" / "briefing.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(folder))
    return folder


def _written(monkeypatch, loaded, lean_on: bool = True, chart_cache: bool = True):
    """The decks, and how each was written: 'lean', 'pptx', or 'lean, then pptx'."""
    import builders.deck as deck
    import builders.deck.lean as lean
    import builders.deck.writer as writer

    ways: Counter = Counter()
    real_lean, real_pptx, real_init = (writer.Writer._render_lean, writer.Writer._render_pptx,
                                       writer.Writer.__init__)

    def by_lean(self, skeleton):
        try:
            written = real_lean(self, skeleton)
        except lean.NeedsPptx:
            ways["lean, then pptx"] += 1
            raise
        ways["lean"] += 1
        return written

    def by_pptx(self):
        ways["pptx"] += 1
        return real_pptx(self)

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self.chart_cache = chart_cache

    with monkeypatch.context() as patch:
        patch.setattr(lean, "ENABLED", lean_on)
        patch.setattr(writer.Writer, "_render_lean", by_lean)
        patch.setattr(writer.Writer, "_render_pptx", by_pptx)
        patch.setattr(writer.Writer, "__init__", init)
        return deck.render_decks(loaded), ways


@pytest.mark.parametrize("briefing", [SHIPPED, ENGLISH, STRESS],
                         ids=["shipped", "english", "stress"])
def test_decks_written_lean_are_the_bytes_python_pptx_writes(briefing, cache, monkeypatch):
    """Cold: python-pptx writes the first deck and makes the skeleton, the lean writer the
    others; warm (a new build, the skeleton from disk): the lean writer writes every deck.
    Each deck is the bytes python-pptx alone writes."""
    from builders.loader import load

    loaded = load(briefing)
    by_pptx, ways = _written(monkeypatch, loaded, lean_on=False)
    assert ways == {"pptx": len(by_pptx)}
    cold, ways = _written(monkeypatch, loaded)
    assert ways == {"pptx": 1, "lean": len(by_pptx) - 1}
    assert list(cache.glob("deck-*")), "the skeleton is kept on disk"
    warm, ways = _written(monkeypatch, loaded)
    assert ways == {"lean": len(by_pptx)}
    assert cold == by_pptx and warm == by_pptx


def test_a_chart_not_in_the_chart_cache_is_left_to_python_pptx_and_changes_no_byte(
        cache, monkeypatch):
    """A deck whose chart the lean writer cannot take from the cache is begun lean, then
    written by python-pptx from the start; the slides it kept for later decks are as
    before (the store is put back), and every deck is python-pptx's bytes."""
    from builders.loader import load

    loaded = load(SHIPPED)
    by_pptx, _ = _written(monkeypatch, loaded, lean_on=False, chart_cache=False)
    _written(monkeypatch, loaded)                           # the skeleton is kept
    uncached, ways = _written(monkeypatch, loaded, chart_cache=False)
    assert ways["lean, then pptx"] >= 1 and ways["lean"] >= 1
    assert ways["pptx"] == ways["lean, then pptx"]
    assert uncached == by_pptx


def test_a_kept_skeleton_that_is_damaged_is_made_again(cache, monkeypatch):
    from builders.loader import load

    loaded = load(SHIPPED)
    expected, _ = _written(monkeypatch, loaded)
    (kept,) = cache.glob("deck-*")
    whole = kept.read_bytes()
    for damage in (b"", b"not marshal", whole[:200], whole[:-300]):
        kept.write_bytes(damage)
        decks, ways = _written(monkeypatch, loaded)
        assert decks == expected and ways["pptx"] == 1
        assert kept.read_bytes() == whole           # made again and kept again


def test_a_kept_skeleton_with_a_changed_byte_is_not_used_and_is_made_again(cache, monkeypatch):
    """Bits flipped anywhere in the file (most land in XML the lean writer would copy into
    every deck, or make it fail): the file's digest tells, and python-pptx writes."""
    from builders.loader import load

    loaded = load(SHIPPED)
    expected, _ = _written(monkeypatch, loaded)
    (kept,) = cache.glob("deck-*")
    whole = kept.read_bytes()
    for at in range(40, len(whole), len(whole) // 12):
        kept.write_bytes(whole[:at] + bytes([whole[at] ^ 0x10]) + whole[at + 1:])
        decks, ways = _written(monkeypatch, loaded)
        assert decks == expected and ways["pptx"] == 1
        assert kept.read_bytes() == whole


def test_a_skeleton_the_lean_writer_fails_on_is_dropped_and_python_pptx_writes(cache, monkeypatch):
    """A skeleton whose file is sound but whose content is not what python-pptx made (a
    blank slide cut short): the deck is begun again with python-pptx, the skeleton is not
    used again, and the file holds a good one after the build."""
    import builders.deck.lean as lean
    from builders.loader import load

    loaded = load(SHIPPED)
    expected, _ = _written(monkeypatch, loaded)
    (kept,) = cache.glob("deck-*")
    whole = kept.read_bytes()
    (skeleton,) = _skeletons(cache)
    layout = next(iter(skeleton["blanks"]))
    skeleton["blanks"][layout] = skeleton["blanks"][layout][:-40]
    key = kept.name[len("deck-"):].split(".")[0]
    lean.write(key, skeleton)
    monkeypatch.setattr(lean, "read", lambda key: skeleton)   # past the reading check

    decks, ways = _written(monkeypatch, loaded)

    assert decks == expected
    assert ways["pptx"] >= 1
    assert kept.read_bytes() == whole


def test_themes_with_a_template_or_logo_are_written_by_python_pptx(cache, monkeypatch, tmp_path):
    from builders.loader import load
    from tests.test_deck_template import template_theme

    loaded = load(SHIPPED)
    on_template = replace(loaded, theme=template_theme(tmp_path))
    for _ in range(2):
        decks, ways = _written(monkeypatch, on_template)
        assert ways == {"pptx": len(decks)}
    assert not list(cache.glob("deck-*"))


def test_a_theme_logo_saved_anew_under_its_name_is_in_the_next_deck(cache, monkeypatch, tmp_path):
    """A logo is read by python-pptx each time (a theme with a logo is not written lean,
    and a deck with pictures makes no skeleton, whose key would name the logo's path, not
    its content): another image saved under the same name is in the next deck."""
    import io
    import zipfile

    from PIL import Image

    from builders.loader import load

    loaded = load(SHIPPED)
    logo = tmp_path / "logo.png"
    theme = loaded.theme.model_copy(update={"deck": loaded.theme.deck.model_copy(
        update={"logo": str(logo)})})
    with_logo = replace(loaded, theme=theme)
    media = []
    for colour in ("#154273", "#b3261e"):
        Image.new("RGB", (300, 100), colour).save(logo)
        decks, ways = _written(monkeypatch, with_logo)
        assert ways == {"pptx": len(decks)}
        archive = zipfile.ZipFile(io.BytesIO(decks["deck.pptx"]))
        media.append([archive.read(name) for name in archive.namelist()
                      if name.startswith("ppt/media/")])
    assert len(media[0]) == len(media[1]) == 1 and media[0] != media[1]
    assert not list(cache.glob("deck-*"))


def test_a_warm_build_does_not_import_python_pptx(tmp_path):
    """The deck import and the decks of the shipped briefing: python-pptx (and the
    urllib/http/ssl that xml.sax.saxutils imports) only in a cold build."""
    probe = ("import sys; from builders.loader import load; from builders.deck import "
             "render_decks; render_decks(load(sys.argv[1])); "
             "print(sorted({name.split('.')[0] for name in sys.modules if name.split('.')[0] "
             "in ('pptx', 'xlsxwriter', 'http', 'ssl')} | ({'xml.sax.saxutils'} "
             "& set(sys.modules))))")
    run = lambda: run_on_a_machine_of_its_own(probe, tmp_path / "cache", SHIPPED).strip()
    assert run() == "['http', 'pptx', 'ssl', 'xlsxwriter', 'xml.sax.saxutils']"   # cold
    assert run() == "[]"                                                           # warm


def test_document_properties_filled_into_the_kept_pieces_are_python_pptx_s(cache, monkeypatch):
    """The properties' XML cut around holes and filled in is what python-pptx writes, for
    texts XML escapes and non-ASCII; what python-pptx refuses or writes otherwise (empty,
    over 255 characters, control characters) is left to it."""
    import builders.deck.lean as lean
    import builders.deck.package as package
    from builders.deck.writer import set_core_properties
    from builders.loader import load

    loaded = load(SHIPPED)
    _written(monkeypatch, loaded)
    (skeleton,) = [value for value in _skeletons(cache)]
    prepared = _pptx_presentation(loaded)
    moment = dt.datetime(2023, 11, 28, 7, 5, 9, tzinfo=dt.timezone.utc)
    for title in ("Geannoteerde agenda", 'A & B <c> "d" \'e\'', "r\u00e9sum\u00e9 \u2013 \u00fc",
                  "line\rreturn\ttab\nnewline", "x" * 255):
        props = SimpleNamespace(title=title, author="Min. & BZ", subject="<NAVO>",
                                language="nl-NL", timestamp=moment)
        deck = lean.Deck(skeleton)
        deck.set_core_properties(props)
        copy = package.copied(prepared)
        set_core_properties(copy.part.package.core_properties, props)
        assert deck._core.blob == copy.part.package.core_properties.blob, title
    for title in ("", "x" * 256, "bell\x07"):
        props = SimpleNamespace(title=title, author="a", subject="s", language="nl-NL",
                                timestamp=moment)
        with pytest.raises(lean.NeedsPptx):
            lean.Deck(skeleton).set_core_properties(props)


def _skeletons(cache):
    import marshal

    import builders.deck.lean as lean

    return [marshal.loads(path.read_bytes()[lean.CHECKSUM:]) for path in cache.glob("deck-*")]


def _pptx_presentation(loaded):
    import builders.deck.lean as lean
    from builders.deck import plan_decks
    from builders.deck.writer import Writer

    plan = next(iter(plan_decks(loaded.briefing, loaded.theme).values()))
    prepared = lean.Prepared()
    writer = Writer(plan, loaded.theme, prepared=prepared)
    writer._render_pptx()
    (presentation,) = prepared.parts._presentations.values()
    return presentation


def test_relationship_ids_and_part_names_are_numbered_as_python_pptx_numbers_them():
    """Our package's `relate_to` and `next_partname` against python-pptx's: reuse of an
    equal relationship, gaps, and parts of a kind counted on."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from builders.deck import opc

    presentation = Presentation()
    theirs = presentation.slides.add_slide(presentation.slide_layouts[1]).part
    package = opc.Package()
    ours = opc.Part("/ppt/slides/slide1.xml", opc.CT_SLIDE, package, b"<x/>")
    other = opc.Part(str(theirs.rels["rId1"].target_part.partname), opc.CT_SLIDE, package,
                     b"<x/>")
    ours.relate_to(other, opc.RT_SLIDE_LAYOUT)         # as the slide's layout, rId1
    for url in ("https://a.example", "https://b.example", "https://a.example", "mailto:x@y"):
        assert (ours.relate_to(url, opc.RT_HYPERLINK, is_external=True)
                == theirs.relate_to(url, RT.HYPERLINK, is_external=True))
    assert ours.relate_to(other, opc.RT_SLIDE_LAYOUT) == "rId1"
    del ours.rels._rels["rId2"]
    theirs.drop_rel("rId2")
    assert ours.rels._next_rId == theirs._rels._next_rId == "rId2"
    assert opc.rels_xml(ours.rels) == theirs.rels.xml
    package._rels.add(opc.RT_SLIDE, ours)
    ours.relate_to(opc.Part("/ppt/charts/chart2.xml", opc.CT_CHART, package, b""), opc.RT_CHART)
    assert [package.next_partname(opc.CHART_PARTNAME) for _ in range(3)] == [
        "/ppt/charts/chart1.xml", "/ppt/charts/chart3.xml", "/ppt/charts/chart4.xml"]


def test_the_constants_copied_from_python_pptx_are_its_own():
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.spec import default_content_types
    from pptx.oxml.ns import qn
    from pptx.parts.chart import ChartPart
    from pptx.parts.embeddedpackage import EmbeddedXlsxPart
    from pptx.parts.slide import NotesMasterPart

    import builders.deck.lean as lean
    from builders.deck import opc

    for name in ("CHART", "EXTENDED_PROPERTIES", "HYPERLINK", "NOTES_MASTER", "NOTES_SLIDE",
                 "PACKAGE", "SLIDE", "SLIDE_LAYOUT", "SLIDE_MASTER", "THEME"):
        assert getattr(opc, f"RT_{name}") == getattr(RT, name)
    for ours, theirs in (("CHART", "DML_CHART"), ("NOTES_MASTER", "PML_NOTES_MASTER"),
                         ("NOTES_SLIDE", "PML_NOTES_SLIDE"), ("SHEET", "SML_SHEET"),
                         ("SLIDE", "PML_SLIDE"), ("THEME", "OFC_THEME"),
                         ("RELATIONSHIPS", "OPC_RELATIONSHIPS"), ("XML", "XML")):
        assert getattr(opc, f"CT_{ours}") == getattr(CT, theirs)
    assert opc.EXTERNAL == RTM.EXTERNAL
    assert opc.DEFAULT_CONTENT_TYPES == frozenset(default_content_types)
    assert opc.CHART_PARTNAME == ChartPart.partname_template
    assert opc.WORKBOOK_PARTNAME == EmbeddedXlsxPart.partname_template
    assert all(opc.qn(f"{prefix}:x") == qn(f"{prefix}:x") for prefix in opc.NAMESPACES)
    master = NotesMasterPart.create_default(SimpleNamespace(
        next_partname=lambda template: template % 1))
    assert str(master.partname) == lean.NOTES_MASTER_PARTNAME


def test_a_lean_deck_leaves_no_garbage_for_the_cycle_collector(cache, monkeypatch):
    """render_decks collects after a deck python-pptx wrote (its package lives in
    reference cycles) and not after a lean one: that one must leave no cycles behind."""
    import gc

    import builders.deck as deck
    from builders.deck.reuse import SlideStore
    from builders.deck.writer import Writer
    from builders.loader import load

    loaded = load(SHIPPED)
    _written(monkeypatch, loaded)                           # the skeleton is kept
    plans = deck.plan_decks(loaded.briefing, loaded.theme)
    prepared, store = deck.PreparedParts(), SlideStore(plans.values())
    gc.collect()
    gc.disable()
    try:
        for plan in plans.values():
            writer = Writer(plan, loaded.theme, None, store, prepared)
            assert writer.render() and writer.lean_written and prepared.last_lean
            assert gc.collect() == 0
    finally:
        gc.enable()


def test_only_the_skeletons_written_last_are_kept(cache, monkeypatch):
    import os

    import builders.deck.lean as lean

    monkeypatch.setattr(lean, "KEPT_FILES", 2)
    for number in range(4):
        lean.write(f"k{number}", {"n": number})
        os.utime(lean._cache_file(f"k{number}"), (1000 + number, 1000 + number))
    lean.write("k4", {"n": 4})
    assert sorted(path.name for path in cache.glob("deck-*")) == [
        f"deck-k3.v{lean.FORMAT}", f"deck-k4.v{lean.FORMAT}"]
    assert lean.read("k4") is None                  # not a skeleton: ignored


def test_a_store_restored_to_its_checkpoint_is_as_it_was():
    """A deck begun lean and left to python-pptx takes back what it did to the slide
    store: every change since the checkpoint, in reverse."""
    from builders.deck import plan_decks
    from builders.deck.reuse import SlideStore
    from builders.loader import load

    plans = list(plan_decks(load(SHIPPED).briefing, load(SHIPPED).theme).values())
    store = SlideStore(plans)
    keys = [store.key(plans[0], slide) for slide in plans[0].slides]
    shared = [key for key in keys if store._uses[key] > 1]
    assert shared
    store._kept[shared[0]] = "kept before"
    before = (dict(store._uses), dict(store._kept))
    checkpoint = store.checkpoint()
    for key in keys:
        if store.wanted(key):
            store._note(key)
            store._kept[key] = "kept now"
    store.take(shared[0])
    store.take(shared[0])
    assert (dict(store._uses), dict(store._kept)) != before
    store.restore(checkpoint)
    assert (dict(store._uses), dict(store._kept)) == before


def _kept_members() -> dict:
    import marshal

    from builders.deck import deflate_cache

    data = deflate_cache.cache_file(SHIPPED).read_bytes()
    return marshal.loads(data[deflate_cache.CHECKSUM:])


def _keep_members(known: dict) -> None:
    """Write the file as a build would (checksum included): only its entries are wrong."""
    import hashlib
    import marshal

    from builders.deck import deflate_cache

    payload = marshal.dumps(known)
    deflate_cache.cache_file(SHIPPED).write_bytes(hashlib.sha256(payload).digest() + payload)


@pytest.fixture
def deflated_anew(monkeypatch):
    """How many members each deck rendering deflated itself."""
    from builders.deck import deflate_cache

    counts, real_store = [], deflate_cache.store
    monkeypatch.setattr(deflate_cache, "store", lambda members, where: counts.append(
        getattr(members, "deflated_anew", None)) or real_store(members, where))
    return counts


def test_members_deflated_by_the_last_build_are_taken_and_change_no_byte(
        cache, monkeypatch, deflated_anew):
    """The second build deflates nothing itself (every member is the last build's), a
    kept member whose bytes no longer carry their check is deflated again, a file that is
    no cache is ignored; the decks are the bytes zipfile alone writes every time."""
    import builders.deck as deck
    from builders.deck import deflate_cache
    from builders.loader import load

    loaded = load(SHIPPED)
    counts = deflated_anew
    first = deck.render_decks(loaded)
    assert deflate_cache.cache_file(SHIPPED).exists() and counts[-1] > 0
    assert deck.render_decks(loaded) == first and counts[-1] == 0
    known = _kept_members()
    damaged = {key: (compressed[:-1] + bytes([compressed[-1] ^ 1]), crc, check)
               for key, (compressed, crc, check) in list(known.items())[:5]}
    _keep_members({**known, **damaged})
    assert deck.render_decks(loaded) == first and counts[-1] == 5
    deflate_cache.cache_file(SHIPPED).write_bytes(b"no cache")
    assert deck.render_decks(loaded) == first and counts[-1] > 5
    monkeypatch.setattr(deck, "DeflatedMembers", lambda: None)
    assert deck.render_decks(loaded) == first


@pytest.mark.parametrize("damage", ["member CRC", "entries swapped", "file changed"])
def test_a_kept_member_that_is_not_the_members_own_is_deflated_again(
        cache, deflated_anew, damage):
    """Each kept member is checked against the member itself (its CRC), not only its
    compressed bytes against their own CRC, and the file as a whole against its digest:
    wrong kept bytes would make every deck a broken zip, and stay."""
    import zipfile

    import builders.deck as deck
    from builders.deck import deflate_cache
    from builders.loader import load

    loaded = load(SHIPPED)
    first = deck.render_decks(loaded)
    known = _kept_members()
    keys = list(known)
    if damage == "member CRC":
        _keep_members({**known, **{key: (compressed, crc ^ 1, check) for key, (compressed, crc, check)
                                   in list(known.items())[:5]}})
    elif damage == "entries swapped":
        _keep_members({**known, keys[0]: known[keys[1]], keys[1]: known[keys[0]]})
    else:
        data = bytearray(deflate_cache.cache_file(SHIPPED).read_bytes())
        data[len(data) // 2] ^= 1
        deflate_cache.cache_file(SHIPPED).write_bytes(bytes(data))

    again = deck.render_decks(loaded)

    assert again == first and deflated_anew[-1] > 0
    for data in again.values():
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_briefings_built_in_turn_each_find_their_members(cache, tmp_path, deflated_anew):
    """Two briefings built in turn: each finds its members in its own file, which holds
    no other briefing's."""
    import builders.deck as deck
    from builders.loader import load

    english = load(SHIPPED.parent / "tests" / "fixtures" / "english" / "briefing.yaml")
    dutch = load(SHIPPED)
    deck.render_decks(dutch)
    deck.render_decks(english)
    assert deflated_anew[-1] > 0
    deck.render_decks(dutch)
    assert deflated_anew[-1] == 0
    deck.render_decks(english)
    assert deflated_anew[-1] == 0
    from builders.deck import deflate_cache

    files = sorted(cache.glob("deflated-*"))
    assert files == sorted([deflate_cache.cache_file(dutch.path),
                            deflate_cache.cache_file(english.path)])
    dutch_members = set(deflate_cache.read_checked(files[0]))
    english_members = set(deflate_cache.read_checked(files[1]))
    assert dutch_members != english_members


def test_storing_the_members_removes_temporaries_and_files_of_another_format(cache):
    import os
    import time

    import builders.deck as deck
    from builders.deck import deflate_cache
    from builders.loader import load

    cache.mkdir(parents=True, exist_ok=True)
    old_format = cache / "deflated-1.2.13-6.v2"
    killed = cache / ".deflated-abc.tmp"
    for path in (old_format, killed):
        path.write_bytes(b"left")
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    deck.render_decks(load(SHIPPED))
    assert deflate_cache.cache_file(SHIPPED).exists()
    assert not old_format.exists() and not killed.exists()


def test_a_package_python_pptx_must_write_is_stamped_like_every_other(monkeypatch):
    """A name or type the direct writer refuses: python-pptx writes the members, and they
    carry the build's one time, in python-pptx's order (before, the time of writing)."""
    import datetime as dt
    import zipfile

    import builders.deck.package as package
    from builders.deck.opc import NeedsPptx, zip_time
    from pptx import Presentation

    presentation = Presentation()
    presentation.slides.add_slide(presentation.slide_layouts[6])
    moment = dt.datetime(2023, 11, 28, 9, 30, tzinfo=dt.timezone.utc)
    direct = package.save(presentation.part.package, moment)

    def refused(*args, **kwargs):
        raise NeedsPptx("a part name python-pptx escapes")

    monkeypatch.setattr(package, "write_package", refused)
    written = package.save(presentation.part.package, moment)

    with zipfile.ZipFile(io.BytesIO(written)) as archive, \
            zipfile.ZipFile(io.BytesIO(direct)) as expected:
        assert {info.date_time for info in archive.infolist()} == {zip_time(moment)}
        assert archive.namelist() == expected.namelist()
        assert all(archive.read(name) == expected.read(name) for name in archive.namelist())


HOSTILE_TEXTS = ["Tom & Jerry <b>vet</b> \"aanhalingstekens\" 'enkel' a > b",
                 "emoji 🇳🇱👩‍👩‍👧 ✓ en RTL مرحبا بالعالم שלום", "&amp; &#13; ]]> <!-- --> <p:txBody/>"]


def test_hostile_briefing_text_written_lean_is_the_bytes_python_pptx_writes(
        cache, monkeypatch, write_briefing):
    """Markup characters, quotes, emoji and right-to-left text in titles, messages and
    links: the slides whose text bodies the lean writer writes as text are the bytes
    python-pptx's decks have (and the text is there, escaped). Loaded without the checks,
    which refuse glyphs the memo's fonts lack: the decks must write any text."""
    from builders.loader import load
    from tests.conftest import minimal_data, topic

    data = minimal_data()
    data["meeting"]["title"] = HOSTILE_TEXTS[0]
    data["sessions"][0]["title"] = HOSTILE_TEXTS[1]
    topic(data)["title"] = HOSTILE_TEXTS[2]
    topic(data)["key_messages"] = [*HOSTILE_TEXTS,
                                   "Zie [de brief & <bijlage>](https://example.org/?a=1&b=\"2\")."]
    loaded = load(write_briefing(data), check=False)
    by_pptx, _ = _written(monkeypatch, loaded, lean_on=False)
    _written(monkeypatch, loaded)                           # the skeleton is kept
    warm, ways = _written(monkeypatch, loaded)
    assert ways == {"lean": len(by_pptx)} and warm == by_pptx
    import zipfile

    slides = b"".join(zipfile.ZipFile(io.BytesIO(warm["deck.pptx"])).read(name)
                      for name in zipfile.ZipFile(io.BytesIO(warm["deck.pptx"])).namelist()
                      if name.startswith("ppt/slides/slide"))
    assert "Tom &amp; Jerry &lt;b&gt;vet&lt;/b&gt;".encode() in slides
    assert "👩‍👩‍👧".encode() in slides and "שלום".encode() in slides


def test_a_parsed_copy_is_a_fresh_parse_and_changes_to_it_stay_its_own(cache, monkeypatch):
    """The presentation and blank slides are copied from a tree parsed once per process:
    each copy serialises as parsing the bytes again would, and drawing on one leaves the
    next as it was."""
    from builders.deck import lean
    from builders.deck.opc import parse_exact, serialize_xml
    from builders.loader import load

    _written(monkeypatch, load(SHIPPED))                    # the skeleton is kept
    [kept] = cache.glob("deck-*")
    skeleton = lean.read(kept.name[len("deck-"):].split(".")[0])
    texts = [*skeleton["blanks"].values(), skeleton["parts"][skeleton["presentation"]][2]]
    for xml in texts:
        first = lean.parsed_copy(xml)
        assert serialize_xml(first) == serialize_xml(parse_exact(xml))
        for element in first.iter():
            element.set("changed", "1")
        assert serialize_xml(lean.parsed_copy(xml)) == serialize_xml(parse_exact(xml))
