"""A briefing whose figures stress every chart label rule: huge and negative amounts, tiny
values, 40 long category names, years unevenly spaced on a line, targets, a short bar."""

from __future__ import annotations

from tests.conftest import minimal_data

BIG = {"2022": 12500000000, "2023": -1500000000, "2024": 8000000000}
TINY = {"Noord": 0.001, "Midden": 0.004, "Zuid": 0.0049}
YEARS = {"2014": 1.15, "2020": 1.4, "2023": 1.62, "2024": 2.05}
SHORT = {"Landmacht": 100, "Marine": 2, "Luchtmacht": 55}
LONG_NAMES = {f"Categorie {n:02d} met een lange omschrijving van de post": float((n * 37) % 90 + 5)
              for n in range(1, 41)}
LONG_LINE = {f"Kwartaal {n} van het meerjarig programma": float((n * 13) % 40 + 10)
             for n in range(1, 25)}


def figures() -> list[dict]:
    return [
        {"id": "groot", "kind": "bar", "title": "Investeringen in materieel", "unit": "euro",
         "series": dict(BIG), "target": {"label": "Plafond", "value": 10000000000},
         "source": "Ontleend aan de begroting"},
        {"id": "klein", "kind": "bar", "title": "Uitval per regio", "unit": "fractie",
         "series": dict(TINY), "target": {"label": "Drempel", "value": 0.003}},
        {"id": "veel", "kind": "bar", "title": "Uitgaven per post", "unit": "mln euro",
         "series": dict(LONG_NAMES), "target": {"label": "Gemiddelde norm", "value": 50}},
        {"id": "jaren", "kind": "line", "title": "Defensie-uitgaven in de tijd",
         "unit": "% bbp", "series": dict(YEARS), "target": {"label": "NAVO-norm", "value": 2.0}},
        {"id": "kort", "kind": "bar", "title": "Schepen en voertuigen",
         "series": dict(SHORT)},
        {"id": "lijn-veel", "kind": "line", "title": "Voortgang per kwartaal", "unit": "%",
         "series": dict(LONG_LINE), "target": {"label": "Doel", "value": 30}},
    ]


def stress_data(language: str = "nl") -> dict:
    """The minimal briefing with all stress figures in one topic."""
    data = minimal_data()
    data["language"] = language
    data["sessions"][0]["topics"][0]["figures"] = figures()
    return data
