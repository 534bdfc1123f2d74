"""The slide decks: one with all sessions, one per session (plan first, then write)."""

from __future__ import annotations

import gc

from ..dataclass_code import compiled_dataclasses

with compiled_dataclasses("deck"):  # the dataclasses of the modules imported here
    from .plan import DeckPlan, plan_deck
    from . import deflate_cache
    from .lean import Prepared as PreparedParts
    from .opc import DeflatedMembers
    from .reuse import SlideStore
    from .writer import render_plan

__all__ = ["DeckPlan", "deck_paths", "plan_deck", "plan_decks", "render_decks"]


def deck_paths(briefing) -> dict[str, tuple | None]:
    """Output path → the sessions its deck shows (None: the combined deck)."""
    paths: dict[str, tuple | None] = {"deck.pptx": None}
    for position, session in enumerate(briefing.sessions, start=1):
        paths[f"sessions/{position}-{session.id}.pptx"] = (session,)
    return paths


def plan_decks(briefing, theme) -> dict[str, DeckPlan]:
    """Every deck's plan, keyed by relative output path; each session is planned once."""
    shared: dict = {}
    return {path: plan_deck(briefing, theme, sessions, shared)
            for path, sessions in deck_paths(briefing).items()}


def render_decks(loaded) -> dict[str, bytes]:
    """Every deck of a loaded briefing as PowerPoint bytes, keyed by relative output path.

    A written deck's python-pptx package lives on in reference cycles until a full
    collection, which comes rarely: with many sessions those packages pile up. So the
    long-lived objects (the briefing, the plans) are frozen out of the collector's view
    once, and a collection after each deck python-pptx wrote frees the package at little
    cost (a deck the lean writer wrote is freed without one).
    Each distinct zip member is deflated once for all the decks (`DeflatedMembers`; and
    once per machine, `deflate_cache`, for a member the last build deflated too), and
    each slide that two decks show is written once (`SlideStore`, bytes kept until used),
    and the master and each layout's blank slide are built once (`PreparedParts`).
    """
    return render_decks_keeping(loaded, {}, None)[0]


def render_decks_keeping(loaded, earlier: dict, theme_files: object) -> tuple[dict[str, bytes], dict]:
    """The decks as `render_decks` writes them, and what each was written from: a deck
    whose plan, theme and theme files (`theme_files`: their contents, as the caller
    knows them) are those an `earlier` result recorded is taken as it was written then.
    For a process that builds again and again (watch): an edit in one session writes
    the combined deck and that session's deck; the others are the same bytes."""
    plans = plan_decks(loaded.briefing, loaded.theme)
    gc.collect(1)   # the planner's young garbage; a full pass (25-60 ms) finds no more
    gc.freeze()
    try:
        decks, kept = {}, {}
        deflated, store, prepared = DeflatedMembers(), SlideStore(plans.values()), PreparedParts()
        deflate_cache.load(deflated, loaded.path)
        for path, plan in plans.items():
            key = (plan, loaded.theme, theme_files)
            before = earlier.get(path)
            if before is not None and before[0] == key:
                decks[path] = before[1]
            else:
                if prepared is not None:
                    prepared.last_lean = False
                decks[path] = render_plan(plan, loaded.theme, deflated, store, prepared)
                if not getattr(prepared, "last_lean", False):   # a lean deck leaves no
                    gc.collect()  # cycles (lean.Deck.close); cheap: frozen objects not scanned
            kept[path] = (key, decks[path])
        deflate_cache.store(deflated, loaded.path)
        return decks, kept
    finally:
        gc.unfreeze()
