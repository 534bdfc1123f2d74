"""The review page: read back by parsing, and opened in a real browser (headless Chromium)."""

from __future__ import annotations

import io
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from builders import cli
from builders.loader import load
from builders.review import render_review, write_review
from tests.conftest import ROOT, SHIPPED, require


class Page(HTMLParser):
    """Sections, marks, flags and every address the page would load."""

    def __init__(self, text: str):
        super().__init__()
        self.sections, self.marks, self.flags, self.addresses = [], [], [], []
        self.unused = 0
        self._stack: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._stack.append((tag, attributes))
        if tag == "section":
            self.sections.append(attributes["id"])
        if tag in ("img", "script", "link", "iframe") or "src" in attributes or (
                tag == "a" and "href" in attributes):
            self.addresses.append(attributes.get("src") or attributes.get("href"))
        if tag == "li" and self._inside("ol", "unused"):
            self.unused += 1

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not self._stack:
            return
        tag, attributes = self._stack[-1]
        if tag == "mark":
            self.marks.append(data)
        if tag == "span" and "flag" in attributes.get("class", ""):
            self.flags.append((attributes["class"].split()[-1], data))

    def _inside(self, tag: str, css: str) -> bool:
        return any(t == tag and css in a.get("class", "") for t, a in self._stack)


@pytest.fixture(scope="module")
def shipped_page() -> Page:
    return Page(render_review(load(SHIPPED)))


def test_every_topic_has_a_section_and_the_meeting_comes_first(shipped_page):
    briefing = load(SHIPPED).briefing
    assert shipped_page.sections == (["meeting"] + [topic.id for topic in briefing.topics()]
                                     + ["key-dates"])


def test_every_quote_is_highlighted_where_it_stands(shipped_page):
    quotes = [quote.text for topic in load(SHIPPED).briefing.topics() for quote in topic.quotes]
    assert len(shipped_page.marks) == len(quotes)
    assert shipped_page.marks[-1].startswith("Het kabinet zal actief aanbevelingen doen")


def test_hedges_tense_and_actors_are_marked_for_a_person_to_judge(shipped_page):
    kinds = {kind for kind, _ in shipped_page.flags}
    assert {"future", "actor", "hedge_lost"} <= kinds
    assert ("actor", "actor: het kabinet → Nederland") in shipped_page.flags
    assert ("outside", "niet uit de bron; herkomst: nato.int, voor de dagen (de brief noemt "
                       "juli 2023)") in shipped_page.flags


def test_the_meeting_place_from_elsewhere_is_shown_with_its_origin(shipped_page):
    assert ("outside", "niet uit de bron; herkomst: NAVO, aankondiging van de bijeenkomst "
                       "(nato.int)") in shipped_page.flags


def test_the_page_loads_nothing_from_elsewhere(shipped_page):
    assert shipped_page.addresses == []


def test_untraced_numbers_and_dropped_hedges_are_flagged(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "          - Verdere burgerslachtoffers en regionale escalatie moeten zoveel mogelijk "
        "worden voorkomen.",
        "          - Verdere burgerslachtoffers en regionale escalatie moeten in 2026 worden "
        "voorkomen.").replace("  - date: 2024-01\n", "  - date: 2024-01-01\n")
    (tmp_path / "briefing.yaml").write_text(text, encoding="utf-8")
    page = Page(render_review(load(tmp_path / "briefing.yaml")))
    assert ("untraced", "2026: niet in de bron") in page.flags
    assert ("hedge_lost", "bron zegt ook: zoveel mogelijk") in page.flags
    assert ("precision", "preciezer dan de bron: 2024-01-01") in page.flags


def test_source_paragraphs_no_claim_uses_are_listed(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    loaded = load(SHIPPED)
    assert Page(render_review(loaded)).unused == 0
    text = SHIPPED.read_text(encoding="utf-8")
    start = text.index("      - id: midden-oosten\n")
    end = text.index("  # ------------------------------------------------------------------ sessie 3")
    without = text[:start] + text[end:]
    without = without[:without.index("\nkey_dates:\n")] + "\n"
    (tmp_path / "briefing.yaml").write_text(without, encoding="utf-8")
    rendered = render_review(load(tmp_path / "briefing.yaml"))
    listed = rendered.split('<h2 id="unused">', 1)[1]
    assert Page(rendered).unused == 2
    assert "Het kabinet veroordeelt ten zeerste de ongekende terroristische aanval" in listed
    assert "De NAVO en haar bondgenoten staan in contact" in listed


def test_invoke_review_writes_the_page(tmp_path, monkeypatch):
    out = io.StringIO()
    assert cli.review(str(SHIPPED), str(tmp_path), out=out, err=io.StringIO()) == 0
    assert out.getvalue() == f"wrote {tmp_path / 'review.html'}\n"
    assert (tmp_path / "review.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_broken_briefing_writes_no_review(tmp_path):
    broken = tmp_path / "briefing.yaml"
    broken.write_text(SHIPPED.read_text(encoding="utf-8").replace("format: 1", "format: 2"),
                      encoding="utf-8")
    err = io.StringIO()
    assert cli.review(str(broken), str(tmp_path / "dist"), out=io.StringIO(), err=err) == 1
    assert "format" in err.getvalue() and not (tmp_path / "dist").exists()


def chromium(*arguments: str, profile) -> subprocess.CompletedProcess:
    return subprocess.run(
        [require("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", *arguments],
        capture_output=True, text=True, timeout=120)


def test_chromium_opens_the_page_and_draws_it(tmp_path):
    page = write_review(load(SHIPPED), tmp_path)
    dom = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile-dom")
    assert dom.returncode == 0
    parsed = Page(dom.stdout)
    assert parsed.sections[0] == "meeting" and len(parsed.marks) == 16
    shot = tmp_path / "review.png"
    result = chromium("--window-size=1280,1600", f"--screenshot={shot}", page.as_uri(),
                      profile=tmp_path / "profile-shot")
    assert result.returncode == 0 and shot.stat().st_size > 20_000
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1280, 1600)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # text and tables drawn, not a blank page


def test_the_same_briefing_gives_the_same_page():
    assert render_review(load(SHIPPED)) == render_review(load(SHIPPED))


def test_an_english_briefing_gets_an_english_page():
    from tests.conftest import ENGLISH

    rendered = render_review(load(ENGLISH))
    assert rendered.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<h1>Fact check: " in rendered and "Nearest passage in the source" in rendered
    assert "Feitencheck" not in rendered


def test_an_agreement_stated_as_a_fact_is_marked(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "          - In Vilnius hebben de bondgenoten afgesproken jaarlijks ten minste 2% van het "
        "bbp aan defensie uit te geven (DIP).",
        "          - Alle bondgenoten geven jaarlijks ten minste 2% van het bbp aan defensie uit.")
    (tmp_path / "briefing.yaml").write_text(text, encoding="utf-8")
    mark = ("commitment", "bron spreekt van een afspraak of voornemen: afgesproken")
    faulty = Page(render_review(load(tmp_path / "briefing.yaml"))).flags
    shipped = Page(render_review(load(SHIPPED))).flags
    assert faulty.count(mark) == shipped.count(mark) + 1


def test_the_command_line_writes_the_review_and_clean_removes_it_only(tmp_path, capsys):
    """`briefing review BRIEFING --out DIR` records review.html in the folder's manifest:
    `clean` removes it, and leaves a page the user saved beside it."""
    out = tmp_path / "dist"
    assert cli.main(["review", str(SHIPPED), "--out", str(out), "-q"]) == 0
    assert (out / "review.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (out / "mine.html").write_text("<p>mine</p>", encoding="utf-8")
    assert cli.main(["clean", "--out", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["mine.html"]
    assert cli.main(["review", str(SHIPPED), "--out", str(out), "--strict"]) == 0  # no warnings


def test_a_call_the_speaking_points_leave_out_is_shown_beside_its_source(tmp_path,
                                                                        shipped_page):
    assert [flag for flag in shipped_page.flags if flag[0] == "call"] == []
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "          - Wij roepen Israël daarnaast op terughoudendheid te betrachten in de reactie "
        "op de aanval van 7 oktober en de voortdurende gewapende aanvallen van Hamas.\n", "")
    (tmp_path / "briefing.yaml").write_text(text, encoding="utf-8")
    html = render_review(load(tmp_path / "briefing.yaml"))
    assert [flag for flag in Page(html).flags if flag[0] == "call"] == [
        ("call", "bron roept op: Israël")]
    assert ("(de oproep ontbreekt in de spreekpunten)<br><span class=\"flag call\">bron roept "
            "op: Israël</span></td><td class=\"source\"><span class=\"page\">p. 5</span> "
            "<span class=\"\">Het kabinet roept beide strijdende partijen op") in html
