"""Briefing builder: one curated briefing.yaml → a typeset PDF memo and slide decks."""
