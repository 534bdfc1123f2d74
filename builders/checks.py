"""The checks on meaning of the briefing format (filled in below)."""

from __future__ import annotations


def check_briefing(loaded) -> list:
    return []
