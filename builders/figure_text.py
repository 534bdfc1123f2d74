"""What a figure shows, in words: the memo's tagged /Alt and the decks' chart descriptions."""

from __future__ import annotations

from .labels import decimals_needed, format_number
from .model import Figure


def describe_figure(figure: Figure, language: str) -> str:
    """One sentence per fact: the title, every category with its value, the target."""
    values = list(figure.series.values())
    decimals = decimals_needed(values + ([figure.target.value] if figure.target else []))
    unit = f" {figure.unit}" if figure.unit else ""
    points = "; ".join(f"{category}: {format_number(value, language, decimals)}{unit}"
                       for category, value in figure.series.items())
    text = f"{figure.title}. {points}."
    if figure.target:
        text += f" {figure.target.label}: {format_number(figure.target.value, language, decimals)}{unit}."
    return text
