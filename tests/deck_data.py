"""Briefings that test the decks: long lists, huge bullets, markup, injection attempts."""

from __future__ import annotations

from tests.conftest import minimal_data

SIXTY_WORDS = " ".join(
    ["Nederland"] + [f"woord{i}" for i in range(58)] + ["einde."])
HUGE = " ".join(f"deel{i}" for i in range(700))
GIANT_TITLE = " ".join(f"titelwoord{i}" for i in range(120))
INJECTION = "Steun </a:t><a:t>x & &amp; <b>vet</b>"


def hard_data() -> dict:
    """Two sessions: twelve key messages with a 60-word one, a huge bullet, two charts."""
    data = minimal_data()
    data["status"] = "concept"
    data["footnotes"] = {"brief": "Zie de brief."}
    data["glossary"] = {"NAVO": "Noord-Atlantische Verdragsorganisatie",
                        "EU": "Europese Unie", "OVSE": "Organisatie voor Veiligheid"}
    data["key_dates"] = [{"date": "2023-12-14", "end": "2023-12-15", "label": "Europese Raad"}]
    session = data["sessions"][0]
    session.update(time="14:00–15:30", format="met de EU",
                   summary="De ministers bespreken de **steun** aan Oekraïne.")
    messages = [f"Boodschap {i}: de NAVO steunt de **verdere** integratie[^brief]."
                for i in range(1, 12)]
    messages.insert(4, SIXTY_WORDS)
    topic = session["topics"][0]
    topic.update(
        key_messages=messages,
        speaking_points=["Nederland *blijft* steunen[^brief].", "Wij roepen op tot eenheid."],
        position="Het kabinet zet in op **eensgezindheid**.\n\nMet [een link](https://example.org).",
        background="Achtergrond van het onderwerp.",
        figures=[{"id": "uitgaven", "kind": "bar", "title": "Defensie-uitgaven", "unit": "% bbp",
                  "series": {"2022": 1.6, "2023": 1.7, "2024": 2.05},
                  "target": {"label": "NAVO-norm", "value": 2.0},
                  "source": "Kamerstuk 28 676, nr. 446"}])
    data["sessions"].append({
        "id": "tweede", "title": "Een sessie met een zeer lange titel " * 4, "date": "2023-11-29",
        "topics": [
            {"id": "injectie", "title": INJECTION, "key_messages": [INJECTION, "Kort."],
             "figures": [{"id": "lijn", "kind": "line", "title": "Steun per jaar",
                          "series": {"2022": 2.5, "2023": 3.1},
                          "target": {"label": "Toezegging", "value": 2.5}}]},
            {"id": "enorm", "title": "Een enorme boodschap", "key_messages": [HUGE]},
            {"id": "titel", "title": GIANT_TITLE, "key_messages": ["Kort."]},
        ]})
    return data


def stress_data() -> dict:
    """The hard briefing, classified, with repeated titles and a long timeline.

    A one-topic session whose topic has the session's title, two topics and two figures
    of one title, and fourteen key dates before, during and after the meeting.
    """
    data = hard_data()
    data["classification"] = "Stg. CONFIDENTIEEL"
    data["key_dates"] = [
        {"date": f"2023-{month:02d}-{day:02d}", "label": f"Overleg {month} in Brussel over "
         "de gezamenlijke inzet van de bondgenoten"} for month, day in
        ((1, 10), (2, 14), (3, 3), (4, 18), (5, 2), (6, 21), (7, 11), (8, 30), (9, 12),
         (10, 4))] + [
        {"date": "2023-11-28", "end": "2023-11-29", "label": "Deze vergadering"},
        {"date": "2024-01-15", "label": "Vervolgoverleg"},
        {"date": "2024-04-04", "label": "75 jaar NAVO"},
        {"date": "2024-07-09", "end": "2024-07-11", "label": "Top in Washington"}]
    second = data["sessions"][1]
    second["topics"].append({"id": "dubbel", "title": second["topics"][1]["title"],
                             "key_messages": ["Een tweede onderwerp met dezelfde titel."],
                             "figures": [dict(second["topics"][0]["figures"][0], id="lijn2")]})
    data["sessions"].append({
        "id": "derde", "title": "Steun aan Oekraïne", "date": "2023-11-29",
        "summary": "Een sessie met een enkel onderwerp.",
        "topics": [{"id": "steun", "title": "Steun aan Oekraïne",
                    "key_messages": ["Nederland blijft Oekraïne steunen."]}]})
    return data
