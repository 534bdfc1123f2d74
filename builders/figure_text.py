"""What a figure shows, in words: the memo's tagged /Alt and the decks' chart descriptions.

Numbers are written by the charts' own rules (`chart_labels`), in words for the scale
("12,5 miljard euro"), so the sentence says what the reader of the chart sees.
"""

from __future__ import annotations

from .chart_labels import number_style
from .model import Figure

LISTED = 6
"""Up to this many categories are read out one by one; more are summarised."""

PHRASES = {
    "nl": {
        "bar": "Staafdiagram", "line": "Lijndiagram", "categories": "{n} categorieën",
        "range": "van {first} tot en met {last}",
        "extremes": "Hoogste waarde {high} ({high_at}), laagste {low} ({low_at}).",
        "course": "Van {first} in {first_at} naar {last} in {last_at}.",
        "target": "{label}: {value}; {reached} van de {n} waarden liggen op of boven dit niveau.",
        "target_single": "{label}: {value}; 1 van de {n} waarden ligt op of boven dit niveau.",
        "target_none": "{label}: {value}; geen van de {n} waarden ligt op of boven dit niveau.",
        "target_one": "{label}: {value}; de waarde ligt {side} dit niveau.",
        "above": "op of boven", "below": "onder",
    },
    "en": {
        "bar": "Bar chart", "line": "Line chart", "categories": "{n} categories",
        "range": "from {first} to {last}",
        "extremes": "Highest value {high} ({high_at}), lowest {low} ({low_at}).",
        "course": "From {first} in {first_at} to {last} in {last_at}.",
        "target": "{label}: {value}; {reached} of the {n} values are at or above it.",
        "target_single": "{label}: {value}; 1 of the {n} values is at or above it.",
        "target_none": "{label}: {value}; none of the {n} values is at or above it.",
        "target_one": "{label}: {value}; the value is {side} it.",
        "above": "at or above", "below": "below",
    },
}


def describe_figure(figure: Figure, language: str) -> str:
    """A few sentences: the kind of chart and its title, the values (each of a few, or
    the range and extremes of many), a line's course, and the target and how many reach it."""
    title = figure.title.rstrip(".")
    return f"{PHRASES[language][figure.kind]}: {title}. " + describe_values(figure, language)


def describe_values(figure: Figure, language: str) -> str:
    """What the figure's values say, without naming the chart (for speaker notes, which
    announce the title themselves)."""
    words = PHRASES[language]
    values = list(figure.series.values())
    names = list(figure.series)
    target = figure.target
    numbers = number_style(values + ([target.value] if target else []), language)
    unit = f" {figure.unit}" if figure.unit else ""

    def amount(value: float) -> str:
        return numbers.spoken(value) + unit

    sentences = []
    if len(values) <= LISTED:
        sentences.append("; ".join(f"{name}: {amount(value)}" for name, value in
                                   zip(names, values)) + ".")
    else:
        count = words["categories"].format(n=len(values))
        span = words["range"].format(first=names[0], last=names[-1])
        sentences.append(f"{count}, {span}.")
    if len(values) > 1:
        if figure.kind == "line":
            sentences.append(words["course"].format(first=amount(values[0]), first_at=names[0],
                                                    last=amount(values[-1]), last_at=names[-1]))
        if len(values) > LISTED or figure.kind == "bar" and len(set(values)) > 2:
            high, low = values.index(max(values)), values.index(min(values))
            sentences.append(words["extremes"].format(high=amount(values[high]),
                                                      high_at=names[high],
                                                      low=amount(values[low]),
                                                      low_at=names[low]))
    if target:
        reached = sum(value >= target.value for value in values)
        label = target.label.rstrip(".")
        if len(values) == 1:
            side = words["above"] if reached else words["below"]
            sentences.append(words["target_one"].format(label=label, value=amount(target.value),
                                                        side=side))
        else:
            form = {0: "target_none", 1: "target_single"}.get(reached, "target")
            sentences.append(words[form].format(label=label, value=amount(target.value),
                                                reached=reached, n=len(values)))
    return " ".join(sentences)
