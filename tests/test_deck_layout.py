"""The planner's measured items (builders/deck/layout.py)."""

from __future__ import annotations

import dataclasses

from builders.deck.layout import Item
from builders.deck.measure import Run


def test_a_measured_item_is_what_dataclasses_replace_gives_for_every_field():
    """`Item.measured` names each field itself: an item with none at its default, and
    one field added to Item, would show here."""
    values = {"runs": (Run("tekst", bold=True, url="https://example.org"),), "lead": "1.",
              "detail": "10.00 uur", "bullet": True, "continues": True, "lines": 7}
    assert [field.name for field in dataclasses.fields(Item)] == list(values)
    item = Item(**values)
    assert all(getattr(item, name) != field.default for name, field in
               ((field.name, field) for field in dataclasses.fields(Item))
               if field.default is not dataclasses.MISSING)
    assert item.measured(3) == dataclasses.replace(item, lines=3)
    assert Item(values["runs"]).measured(2) == dataclasses.replace(Item(values["runs"]), lines=2)
