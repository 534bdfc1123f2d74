"""The slide plan as data: which slides, continuation slides, sizes, notes, sections."""

from __future__ import annotations

import pytest

from builders.deck import deck_paths, plan_decks
from builders.deck.measure import plain, run_width
from builders.deck.plan import inline_runs, plan_deck
from builders.loader import load
from builders.model import Briefing
from tests.conftest import minimal_data
from tests.deck_data import GIANT_TITLE, HUGE, INJECTION, SIXTY_WORDS, hard_data


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    import yaml
    path = tmp_path_factory.mktemp("plan") / "briefing.yaml"
    path.write_text(yaml.safe_dump(hard_data(), allow_unicode=True), encoding="utf-8")
    return load(path)


@pytest.fixture(scope="module")
def combined(loaded):
    return plan_deck(loaded.briefing, loaded.theme)


def slides_of(plan, kind, topic=None):
    return [slide for slide in plan.slides
            if slide.kind == kind and (topic is None or slide.topic == topic)]


def item_texts(slides):
    return [item.text for slide in slides for item in slide.body.items]


def test_the_combined_deck_opens_with_the_meeting_and_ends_with_the_appendix(combined):
    kinds = [slide.kind for slide in combined.slides]
    assert kinds[:4] == ["title", "programme", "summary", "divider"]
    appendix = [slide for slide in combined.slides if slide.section == "appendix"]
    assert [slide.kind for slide in appendix] == ["divider", "key_dates", "abbreviations"]
    assert appendix == list(combined.slides[-3:])
    assert [item.text for item in appendix[0].body.items] == ["Belangrijke data", "Afkortingen"]
    assert "agenda" not in kinds
    assert [slide.number for slide in combined.slides] == list(range(1, len(kinds) + 1))


def test_the_summary_says_per_session_the_line_to_land(combined, loaded):
    (summary,) = slides_of(combined, "summary")
    assert summary.title.text == "Wat Nederland wil bereiken"
    for n, (item, session) in enumerate(zip(summary.body.items, loaded.briefing.sessions), 1):
        full = f"{n}. {session.title}".strip()
        assert item.lead == full or (item.lead.endswith(" …")
                                     and full.startswith(item.lead[:-2]))
    assert summary.body.items[1].lines == 4        # a long session title: its two lines
    assert [item.text for item in summary.body.items] == [
        plain(inline_runs(session.topics[0].key_messages[0]))
        for session in loaded.briefing.sessions]
    assert "Sessie 1" in summary.notes_text


def test_a_lone_abbreviations_slide_needs_no_appendix_divider(loaded):
    session = loaded.briefing.sessions[0]
    plan = plan_deck(loaded.briefing, loaded.theme, (session,))
    appendix = [slide.kind for slide in plan.slides if slide.section == "appendix"]
    assert appendix == ["abbreviations"] and plan.slides[-1].kind == "abbreviations"
    assert plan.sections[-1].name == "Bijlagen"


def test_dividers_list_topics_only_when_there_are_several():
    from builders.loader import load_theme

    data = minimal_data()
    data["sessions"].append({"id": "twee", "title": "Twee onderwerpen", "date": "2023-11-29",
                             "topics": [{"id": "a", "title": "Eerste", "key_messages": ["A."]},
                                        {"id": "b", "title": "Tweede", "key_messages": ["B."]}]})
    plan = plan_deck(Briefing.model_validate(data), load_theme("default"))
    one, two = slides_of(plan, "divider")[:2]
    assert one.body is None
    assert [(item.lead, item.text) for item in two.body.items] == [("1", "Eerste"),
                                                                   ("2", "Tweede")]
    assert two.body.inverse and two.body.box.top >= two.details[-1].box.bottom


def test_a_session_deck_has_its_title_agenda_topics_and_charts(loaded):
    session = loaded.briefing.sessions[1]
    plan = plan_deck(loaded.briefing, loaded.theme, (session,))
    kinds = [slide.kind for slide in plan.slides]
    assert kinds[:2] == ["divider", "topic"]
    assert "programme" not in kinds and "key_dates" not in kinds
    assert kinds.count("chart") == 1
    from builders.text import used_glossary

    assert not used_glossary(loaded.briefing, (session,))   # this session uses no term
    assert {slide.section for slide in plan.slides} == {"tweede"}
    assert "abbreviations" not in kinds


def test_twelve_key_messages_continue_on_balanced_slides(combined, loaded):
    topic = loaded.briefing.sessions[0].topics[0]
    slides = slides_of(combined, "topic", "onderwerp")
    assert len(slides) >= 2
    assert [slide.continued for slide in slides] == [False] + [True] * (len(slides) - 1)
    assert [slide.title.text for slide in slides] == [
        f"{topic.title} ({n}/{len(slides)})" for n in range(1, len(slides) + 1)]
    counts = [len(slide.body.items) for slide in slides]
    assert max(counts) <= loaded.theme.deck.max_bullets
    assert max(counts) - min(counts) <= 2
    messages = [plain(inline_runs(message)) for message in topic.key_messages]
    assert item_texts(slides) == messages


def test_every_list_fits_its_box_at_no_less_than_the_minimum(combined, loaded):
    minimum = loaded.theme.deck.sizes.minimum
    for slide in combined.slides:
        assert slide.title.size >= minimum
        if slide.body is None:
            continue
        block = slide.body
        assert block.size >= minimum and block.detail_size >= minimum
        assert block.height() <= block.box.height + 0.01
        assert block.box.bottom <= combined.footer.box.top
        assert slide.title.box.bottom <= block.box.top


def test_every_content_slide_has_the_same_title_zone_and_body_top(combined):
    content = [slide for slide in combined.slides if not slide.dark]
    assert len({slide.title.box for slide in content}) == 1
    tops = {slide.body.box.top if slide.body else slide.chart.box.top for slide in content}
    assert len(tops) == 1
    for slide in content:
        assert slide.title.lines * slide.title.size * 1.1 <= slide.title.box.height + 0.01


def test_a_short_list_is_set_larger_and_spaced_out(combined, loaded):
    (slide,) = slides_of(combined, "topic", "injectie")
    block = slide.body
    assert block.size > loaded.theme.deck.sizes.body
    assert block.gap > block.size * 0.45
    assert block.height() <= block.box.height * 0.7 + 0.01


def test_each_measured_line_fits_the_width(combined):
    from builders.deck.measure import wrap
    for slide in slides_of(combined, "topic"):
        block = slide.body
        for item in block.items:
            lines = wrap(item.runs, block.box.width - block.indent, block.size)
            assert all(run_width(line, block.size) <= block.box.width - block.indent
                       for line in lines)
            assert len(lines) == item.lines


def test_a_sixty_word_bullet_wraps_inside_one_slide(combined):
    items = [item for slide in slides_of(combined, "topic", "onderwerp")
             for item in slide.body.items if item.text == SIXTY_WORDS]
    assert len(items) == 1 and items[0].lines > 2 and not items[0].continues


def test_a_bullet_too_long_for_a_slide_is_split_at_word_boundaries(combined):
    slides = slides_of(combined, "topic", "enorm")
    assert len(slides) > 2
    items = [item for slide in slides for item in slide.body.items]
    assert [item.continues for item in items] == [False] + [True] * (len(items) - 1)
    assert " ".join(item.text for item in items) == HUGE


def test_long_titles_wrap_or_shrink_but_never_below_the_minimum(combined, loaded):
    minimum = loaded.theme.deck.sizes.minimum
    title = [slide for slide in combined.slides
             if slide.kind == "divider" and slide.section == "tweede"][0]
    assert title.title.lines >= 2 and title.title.size >= minimum
    assert all(text.box.bottom <= combined.footer.box.top for text in title.details)
    long_kicker = slides_of(combined, "topic", "injectie")[0].kicker
    assert long_kicker.lines == 1 and long_kicker.text.endswith("…")


def test_notes_read_speaking_points_first_then_position_and_background(combined):
    slides = slides_of(combined, "topic", "onderwerp")
    notes = [note for slide in slides for note in slide.notes]
    texts = [note.text for note in notes]
    assert texts[:2] == ["Nederland blijft steunen.", "Wij roepen op tot eenheid."]
    assert not notes[0].heading
    assert texts.index("Onze inzet.") < texts.index("Het kabinet zet in op eensgezindheid.")
    assert texts.index("Ter achtergrond.") < texts.index("Achtergrond van het onderwerp.")
    assert "Met een link." in texts
    assert not any(mark in text for text in texts for mark in ("**", "[^", "](", "*blijft*"))


def test_continuation_slides_carry_their_own_share_of_the_notes(combined):
    slides = slides_of(combined, "topic", "onderwerp")
    spoken = [[note.text for note in slide.notes if not note.heading] for slide in slides]
    flat = [text for share in spoken for text in share]
    assert len(flat) == len(set(flat))             # nothing said twice
    assert spoken[0] and spoken[1]
    for slide in slides[1:]:
        if slide.notes and slide.notes[0].heading:
            assert slide.notes[0].text.endswith(", vervolg.") or \
                slide.notes[0].text in ("Onze inzet.", "Ter achtergrond.")


def test_a_divider_says_its_notes_once(combined, loaded):
    summary = loaded.briefing.sessions[0].summary
    said = [slide for slide in combined.slides if "steun aan Oekraïne" in slide.notes_text]
    assert len(said) == 1 and said[0].kind == "divider"
    assert "**" not in summary or "**" not in said[0].notes_text


def test_a_topic_without_notes_material_reads_its_key_messages(combined):
    slide = slides_of(combined, "topic", "injectie")[0]
    assert INJECTION in slide.notes_text


def test_chart_slides_carry_the_figure_and_its_target(combined):
    bar, line = slides_of(combined, "chart")
    assert bar.chart.kind == "bar" and bar.chart.categories == ("2022", "2023", "2024")
    assert bar.chart.values == (1.6, 1.7, 2.05) and bar.chart.target_value == 2.0
    assert (bar.chart.target_label, bar.chart.target_text) == ("NAVO-norm", "2,00")
    assert bar.caption.text == "Bron: Kamerstuk 28 676, nr. 446"
    assert bar.chart.box.bottom <= bar.caption.box.top
    assert "2024: 2,05 % bbp" in bar.notes_text and "NAVO-norm: 2,00 % bbp" in bar.notes_text
    assert line.chart.kind == "line" and line.caption is None


def test_sections_list_every_slide_once_in_order_with_stable_ids(combined, loaded):
    numbers = [number for section in combined.sections for number in section.slides]
    assert numbers == list(range(1, len(combined.slides) + 1))
    assert [section.key for section in combined.sections] == [
        "opening", "sessie-1", "tweede", "appendix"]
    again = plan_deck(loaded.briefing, loaded.theme)
    assert [s.guid for s in again.sections] == [s.guid for s in combined.sections]
    assert len({s.guid for s in combined.sections}) == len(combined.sections)


def test_only_abbreviations_used_in_the_deck_are_listed(loaded, combined):
    closing = slides_of(combined, "abbreviations")[0]
    assert [item.lead for item in closing.body.items] == ["EU", "NAVO"]


def test_every_deck_lists_the_abbreviations_the_memo_lists():
    """One rule for memo and decks: builders.text.used_glossary, whatever a deck shows."""
    from builders.loader import load_theme
    from builders.text import used_glossary

    data = minimal_data()
    data["glossary"] = {"VGD": "Vergadering", "OVSE": "Organisatie voor Veiligheid",
                        "EU": "Europese Unie", "VN": "Verenigde Naties"}
    data["sessions"][0]["topics"][0]["quotes"] = [{"text": "De OVSE blijft nodig."}]
    data["sessions"].append({"id": "tweede", "title": "Tweede sessie", "date": "2023-11-29",
                             "topics": [{"id": "eu", "title": "Over de EU",
                                         "key_messages": ["Kort."]}]})
    briefing = Briefing.model_validate(data)
    expected = used_glossary(briefing)
    assert ("OVSE", "Organisatie voor Veiligheid") in expected
    assert ("EU", "Europese Unie") in expected and "VN" not in dict(expected)
    theme = load_theme("default")
    for sessions in (None, briefing.sessions[:1], briefing.sessions[1:]):
        plan = plan_deck(briefing, theme, sessions)
        items = [item for slide in slides_of(plan, "abbreviations") for item in slide.body.items]
        assert [(item.lead, item.text) for item in items] == used_glossary(briefing, sessions)
    first, second = (dict(used_glossary(briefing, part)) for part in (
        briefing.sessions[:1], briefing.sessions[1:]))
    assert "OVSE" in first and "OVSE" not in second and "EU" in second


def test_footer_and_properties(combined):
    assert combined.footer.marking == "ONGERUBRICEERD"
    assert combined.footer.draft == "CONCEPT"
    assert combined.properties.author == "Directie"
    assert combined.properties.timestamp.isoformat() == "2023-11-20T00:00:00+00:00"


def test_labels_follow_the_language():
    data = minimal_data()
    data["language"] = "en"
    data["status"] = "draft"
    briefing = Briefing.model_validate(data)
    from builders.loader import load_theme
    plan = plan_deck(briefing, load_theme("default"))
    assert plan.footer.draft == "DRAFT"
    assert [s.title.text for s in plan.slides][:3] == [
        "Vergadering", "Programme", "What the Netherlands wants"]
    assert plan.slides[1].kicker.text == "Vergadering"


def test_a_title_too_long_for_any_slide_is_cut_with_an_ellipsis(combined, loaded):
    slide = slides_of(combined, "topic", "titel")[0]
    assert slide.title.text.endswith(" …") and slide.title.lines <= 3
    assert slide.title.size == loaded.theme.deck.sizes.minimum
    assert slide.notes[0].heading
    assert slide.body.box.height > 100
    assert slide.notes[0].text == GIANT_TITLE


def test_decks_planned_together_equal_decks_planned_alone(loaded):
    together = plan_decks(loaded.briefing, loaded.theme)
    for path, sessions in deck_paths(loaded.briefing).items():
        assert together[path] == plan_deck(loaded.briefing, loaded.theme, sessions)


def _plan_within(briefing, theme, seconds: float = 60.0):
    """plan_deck in a thread: a planner that loops forever fails the test, not the run."""
    import threading

    result = {}
    worker = threading.Thread(target=lambda: result.update(plan=plan_deck(briefing, theme)),
                              daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "planning did not finish"
    return result["plan"]


def test_a_kicker_of_one_word_wider_than_the_line_is_cut_not_looped_over():
    from builders.loader import load_theme

    url = "https://example.org/" + "a" * 81
    capitals = "A" * 80
    data = minimal_data()
    data["meeting"]["title"] = url
    data["key_dates"] = [{"date": "2023-12-14", "label": "Europese Raad"}]
    data["sessions"][0]["title"] = capitals + " sessie"
    data["sessions"][0]["topics"][0]["title"] = "B" * 90
    data["sessions"][0]["topics"][0]["figures"] = [
        {"id": "f", "kind": "bar", "title": "Cijfers", "series": {"2022": 1.0}}]
    theme = load_theme("default")
    plan = _plan_within(Briefing.model_validate(data), theme)
    kickers = {slide.kind: slide.kicker for slide in plan.slides
               if slide.kind in ("programme", "key_dates", "summary", "topic", "chart")}
    assert set(kickers) == {"programme", "key_dates", "summary", "topic", "chart"}
    width = plan.width - 2 * theme.deck.slide.margin_in * 72
    starts = {"programme": url[:20], "key_dates": url[:20], "summary": url[:20],
              "topic": "AAAA", "chart": "BBBB"}
    for kind, kicker in kickers.items():
        assert kicker.lines == 1 and kicker.text.endswith("…"), kind
        assert kicker.text.startswith(starts[kind]), kind
        assert run_width(kicker.runs, kicker.size) <= width, kind


def test_document_properties_longer_than_255_characters_are_cut():
    from builders.deck.writer import render_plan
    from builders.loader import load_theme
    from pptx import Presentation
    import io

    data = minimal_data()
    data["meeting"]["title"] = "Vergadering van de ministers " * 10
    data["memo"]["subject"] = "Onderwerp " * 30
    data["memo"]["from"] = "Directie " * 30
    data["sessions"][0]["title"] = "Een sessie met een lange titel " * 5
    briefing = Briefing.model_validate(data)
    theme = load_theme("default")
    for sessions in (None, briefing.sessions):
        plan = plan_deck(briefing, theme, sessions)
        props = plan.properties
        for value in (props.title, props.author, props.subject):
            assert 200 < len(value) <= 255 and value.endswith("…")
        assert props.title.startswith("Vergadering van de ministers")
        core = Presentation(io.BytesIO(render_plan(plan, theme))).core_properties
        assert (core.title, core.author, core.subject) == (
            props.title, props.author, props.subject)


MARKED = "**Vet** en *schuin* met [een link](https://example.org) en [^brief]"


def test_titles_are_literal_text_on_every_slide_markup_only_in_markup_fields():
    from builders.loader import load_theme

    data = minimal_data()
    data["footnotes"] = {"brief": "Zie de brief."}
    data["meeting"]["title"] = "Vergadering " + MARKED
    data["glossary"] = {"VGD": "Vergadering *van* **ministers**"}
    data["key_dates"] = [{"date": "2023-12-14", "label": "**Europese** Raad"}]
    session = data["sessions"][0]
    session["title"] = "Sessie " + MARKED
    session["topics"][0]["title"] = "Onderwerp " + MARKED
    session["topics"][0]["key_messages"] = ["De VGD beslist."]
    session["topics"][0]["figures"] = [
        {"id": "f", "kind": "bar", "title": "Figuur " + MARKED, "series": {"2022": 1.0}}]
    plan = plan_deck(Briefing.model_validate(data), load_theme("default"))

    def literal(runs, text):
        assert plain(runs) == text
        assert not any(run.bold or run.italic or run.url for run in runs), runs

    programme = slides_of(plan, "programme")[0]
    literal(programme.body.items[0].runs, "Sessie " + MARKED)
    literal(programme.kicker.runs, "Vergadering " + MARKED)
    topic = slides_of(plan, "topic")[0]
    literal(topic.kicker.runs, "Sessie " + MARKED)
    assert topic.title.text == "Onderwerp " + MARKED
    chart = slides_of(plan, "chart")[0]
    assert chart.title.text == "Figuur " + MARKED
    assert chart.kicker.text.startswith("Onderwerp **Vet**")
    titles = [slide for slide in plan.slides if slide.kind in ("title", "divider")
              and slide.section != "appendix"]
    assert [slide.title.text for slide in titles] == [
        "Vergadering " + MARKED, "Sessie " + MARKED]
    abbreviations = slides_of(plan, "abbreviations")[0]
    literal(abbreviations.body.items[0].runs, "Vergadering *van* **ministers**")
    meeting, key_date = slides_of(plan, "key_dates")[0].body.items
    assert plain(key_date.runs) == "Europese Raad" and key_date.runs[0].bold
    assert plain(meeting.runs) == "Vergadering " + MARKED   # the meeting, highlighted


def test_key_dates_stand_on_a_timeline_before_this_meeting_and_next(loaded, combined):
    slides = slides_of(combined, "key_dates")
    phases = [milestone.phase for slide in slides for milestone in slide.timeline]
    assert phases == ["now", "next"]                 # the meeting itself is on the line
    assert [item.lead for item in slides[0].body.items] == [
        "28–29 november 2023", "14–15 december 2023"]
    for slide in slides:
        assert len(slide.timeline) == sum(not item.continues for item in slide.body.items)
        dots = [milestone.dot for milestone in slide.timeline]
        assert [dot.top for dot in dots] == sorted(dot.top for dot in dots)
        assert all(dot.left + dot.width < slide.body.box.left for dot in dots)


def test_a_long_timeline_continues_numbered(tmp_path):
    from builders.loader import load_theme

    data = minimal_data()
    data["key_dates"] = [{"date": f"2023-{month:02d}-01", "label": f"Gebeurtenis {month}"}
                         for month in range(1, 13)] + [
                        {"date": "2024-03-01", "label": "Daarna"}]
    plan = plan_deck(Briefing.model_validate(data), load_theme("default"))
    slides = slides_of(plan, "key_dates")
    assert len(slides) >= 2
    assert [slide.title.text for slide in slides] == [
        f"Belangrijke data ({n}/{len(slides)})" for n in range(1, len(slides) + 1)]
    leads = [item.lead for slide in slides for item in slide.body.items]
    assert len(leads) == 14 and leads[-1] == "1 maart 2024"
    labels = [m.phase_label.text for s in slides for m in s.timeline if m.phase_label]
    assert labels[0] == "Eerder" and "Deze bijeenkomst" in labels and labels[-1] == "Hierna"


LONG_MARKING = ("Stg. Confidentieel – uitsluitend voor de delegatie, niet verder verspreiden "
                * 3)[:200]


def long_marking_data() -> dict:
    """A 200-character classification marking, with titles long enough to crowd it."""
    data = minimal_data()
    data["classification"] = LONG_MARKING
    data["memo"]["subject"] = "Voorbereiding van de bijeenkomst van de ministers " * 4
    data["meeting"]["title"] = GIANT_TITLE
    data["sessions"][0]["title"] = GIANT_TITLE
    data["sessions"][0]["format"] = GIANT_TITLE
    return data


def test_a_long_marking_is_fitted_into_its_footer_cell_and_the_title_stack():
    from builders.deck.measure import text_width
    from builders.loader import load_theme

    theme = load_theme("default")
    plan = _plan_within(Briefing.model_validate(long_marking_data()), theme)
    footer = plan.footer
    cell = footer.cells[0]
    assert footer.marking == LONG_MARKING.upper()
    assert len(footer.marking_lines) * footer.size * 1.2 <= cell.height
    assert all(text_width(line, footer.size, bold=True) <= cell.width
               for line in footer.marking_lines)
    assert footer.marking_lines[-1].endswith("…")
    shown = " ".join(footer.marking_lines)[:-1].strip()
    assert LONG_MARKING.upper().startswith(shown) and len(shown) > 60
    assert cell.left >= 0 and cell.left + cell.width <= footer.cells[1].left
    body_bottom = plan.height - footer.box.height - 0.3 * 72
    assert footer.top_marking
    for slide in slides_of(plan, "title") + slides_of(plan, "divider"):
        assert not any("STG. CONFIDENTIEEL" in text.text for text in slide.details)
        assert all(text.box.bottom <= body_bottom + 0.01
                   for text in filter(None, (slide.kicker, slide.title, *slide.details)))
        assert (slide.kicker or slide.title).box.top >= plan.band


def test_the_title_slide_names_the_organisation_once():
    from builders.loader import load_theme

    data = minimal_data()
    data["meeting"].update(title="NAVO Ministers van Buitenlandse Zaken", organisation="NAVO",
                           place="Brussel")
    title = plan_deck(Briefing.model_validate(data), load_theme("default")).slides[0]
    assert title.kicker is None
    assert title.details[0].text == "28–29 november 2023 · Brussel"
    data["meeting"]["title"] = "Ministers van Buitenlandse Zaken in Brussel"
    title = plan_deck(Briefing.model_validate(data), load_theme("default")).slides[0]
    assert title.kicker.text == "NAVO" and title.details[0].text == "28–29 november 2023"


def test_a_short_marking_stays_one_line():
    from builders.loader import load_theme

    plan = plan_deck(Briefing.model_validate(minimal_data()), load_theme("default"))
    assert plan.footer.marking_lines == ("ONGERUBRICEERD",)


def test_a_session_format_longer_than_a_slide_is_cut_not_looped_over():
    """The programme's detail line (time · format) cannot be split across slides: cut it."""
    from builders.loader import load_theme

    data = minimal_data()
    data["sessions"][0]["format"] = GIANT_TITLE
    plan = _plan_within(Briefing.model_validate(data), load_theme("default"))
    (programme,) = slides_of(plan, "programme")
    (item,) = programme.body.items
    assert item.detail.startswith("titelwoord0 titelwoord1") and item.detail.endswith("…")
    assert item.lines == 3 and programme.body.height() <= programme.body.box.height


def test_bullets_keep_dates_numbers_and_references_on_one_line():
    """The memo's no-break rules on slides too: PowerPoint and LibreOffice never break a
    line at a no-break space, and the plan measures the bound words as one."""
    from builders.deck.words import inline_runs

    text = "".join(run.text for run in inline_runs(
        "Zie Kamerstuk 28 676, nr. 175, van 9 tot en met 11 juli en € 40 miljoen; on 28 November."))
    assert "Kamerstuk\u00a028\u00a0676" in text and "nr.\u00a0175" in text
    assert "9\u00a0tot\u00a0en\u00a0met\u00a011\u00a0juli" in text and "€\u00a040\u00a0miljoen" in text
    assert "28\u00a0November" in text
    assert "Zie Kamerstuk" in text  # ordinary spaces stay ordinary


# ------------------------------------------------------- the mark of facts from elsewhere


def marked_plan(language: str = "nl", **meeting):
    from builders.loader import load_theme

    data = minimal_data()
    data["language"] = language
    data["meeting"].update(meeting)
    data["key_dates"] = [
        {"date": "2023-07-11", "end": "2023-07-12", "label": "Top", "outside_source": "nato.int"},
        {"date": "2023-12-14", "label": "Raad"}]
    return plan_deck(Briefing.model_validate(data), load_theme("default"))


def body_bottom(plan) -> float:
    return plan.height - plan.footer.box.height - 0.3 * 72


def test_a_marked_key_date_is_explained_at_the_foot_of_its_timeline_and_in_its_notes():
    plan = marked_plan()
    (slide,) = slides_of(plan, "key_dates")
    assert [item.lead for item in slide.body.items] == [
        "11–12 juli 2023*", "28–29 november 2023", "14 december 2023"]
    assert slide.caption.text == "* Niet uit de bron — 11–12 juli 2023: nato.int"
    assert slide.caption.role == "muted" and slide.caption.lines == 1
    assert slide.body.box.bottom < slide.caption.box.top            # below the timeline
    assert abs(slide.caption.box.bottom - body_bottom(plan)) < 0.01  # above the footer
    assert slide.notes[-1].text == slide.caption.text


def test_the_mark_is_explained_in_english_and_on_the_meetings_own_dates():
    plan = marked_plan("en", outside_source={"start": "agenda", "end": "agenda"})
    (slide,) = slides_of(plan, "key_dates")
    assert [item.lead for item in slide.body.items][1] == "28–29 November 2023*"
    assert slide.caption.text == ("* Not from the source — 11–12 July 2023: nato.int; "
                                  "28–29 November 2023: agenda")


def test_a_timeline_slide_without_a_mark_has_no_footnote():
    from builders.loader import load_theme

    data = minimal_data()
    data["key_dates"] = [{"date": "2023-07-11", "label": "Top", "outside_source": "nato.int"}] + [
        {"date": f"2023-{month:02d}-01", "label": f"Gebeurtenis {month}"}
        for month in range(8, 13)] + [
        {"date": f"2024-{month:02d}-01", "label": f"Daarna {month}"} for month in range(1, 10)]
    slides = slides_of(plan_deck(Briefing.model_validate(data), load_theme("default")),
                       "key_dates")
    assert len(slides) >= 2
    assert slides[0].caption.text == "* Niet uit de bron — 11 juli 2023: nato.int"
    assert [slide.caption for slide in slides[1:]] == [None] * (len(slides) - 1)
    assert not any("Niet uit de bron" in note.text for s in slides[1:] for note in s.notes)
    assert slides_of(marked_plan(), "title")[0].caption is None      # nothing marked there


def test_the_meeting_place_from_elsewhere_is_marked_and_explained_on_the_title_slide():
    plan = marked_plan(place="Brussel", outside_source={"place": "NAVO, aankondiging"})
    title = plan.slides[0]
    assert title.details[0].text == "28–29 november 2023 · Brussel*"
    assert title.caption.text == "* Niet uit de bron — Plaats: NAVO, aankondiging"
    assert title.caption.role == "inverse_muted"
    assert abs(title.caption.box.bottom - body_bottom(plan)) < 0.01
    assert all(text.box.bottom < title.caption.box.top for text in (title.title, *title.details))
    assert title.notes[-1].text == title.caption.text


def test_an_origin_too_long_for_two_lines_is_said_in_full_in_the_notes():
    origin = "de aankondiging van de bijeenkomst op de website van de organisatie " * 6
    plan = marked_plan(place="Brussel", outside_source={"place": origin.strip()})
    title = plan.slides[0]
    assert title.caption.text == "* Niet uit de bron; de herkomst staat in de notities"
    assert title.notes[-1].text == "* Niet uit de bron — Plaats: " + origin.strip()


def test_a_long_title_stack_moves_up_clear_of_the_footnote():
    from builders.loader import load_theme

    data = long_marking_data()
    data["meeting"].update(place="Brussel", outside_source={"place": "nato.int"})
    title = _plan_within(Briefing.model_validate(data), load_theme("default")).slides[0]
    assert title.caption.text == "* Niet uit de bron — Plaats: nato.int"
    assert all(text.box.bottom <= title.caption.box.top + 0.01
               for text in filter(None, (title.kicker, title.title, *title.details)))
