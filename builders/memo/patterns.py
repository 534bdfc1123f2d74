"""reportlab's URL pattern, compiled for a thirtieth of its cost.

`reportlab.platypus.paragraph` compiles a URL pattern when it is imported (`uri_pat`,
case-insensitive, used when a word is hyphenated). Three of its character classes span
the whole Basic Multilingual Plane, and `re` folds the case of each of their 65,000
characters: 30–40 ms at the start of every memo process. Case-insensitively, each of
those classes matches exactly the characters that a negated class without case folding
matches (`SAME_CHARACTERS`; tests/test_memo_speedups.py checks every code point), and the
pattern with those classes compiles in about 1 ms. Put into `re`'s cache under
reportlab's own pattern before reportlab is imported, it is what reportlab gets.

Nothing else changes: the pattern matches what reportlab's matches. If reportlab's
pattern is not found as expected (another version), or reportlab was imported already,
nothing is put into the cache and reportlab compiles its own.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.util import find_spec
from pathlib import Path

SAME_CHARACTERS = {
    "[a-z\xa1-\uffff0-9]": r"(?-i:[^\x00-/:-@\[-`{-\xa0\U00010000-\U0010ffff])",
    "[a-z\xa1-\uffff0-9-]": r"(?-i:[^\x00-,./:-@\[-`{-\xa0\U00010000-\U0010ffff])",
    "[a-z\xa1-\uffff-]": r"(?-i:[^\x00-,.-@\[-`{-\xa0\U00010000-\U0010ffff])",
}
"""reportlab's class (matched case-insensitively) → a class matching the same characters."""
MODULE = "reportlab.platypus.paragraph"
_ASSIGNMENT = re.compile(r"^uri_pat = re\.compile\(('(?:[^'\\\n]|\\.)*'), re\.I\)$", re.M)


def reportlab_uri_pattern() -> str | None:
    """The text of reportlab's URL pattern, read from its source without importing it."""
    spec = find_spec("reportlab")
    if spec is None or spec.origin is None:
        return None
    try:
        source = (Path(spec.origin).parent / "platypus" / "paragraph.py").read_text("utf-8")
    except OSError:
        return None
    found = _ASSIGNMENT.search(source)
    return ast.literal_eval(found.group(1)) if found else None


def quick_equivalent(pattern: str) -> str:
    """`pattern` with each wide class replaced by its equivalent (`SAME_CHARACTERS`)."""
    for wide, same in SAME_CHARACTERS.items():
        pattern = pattern.replace(wide, same)
    return pattern


def cheapen_reportlab_patterns() -> bool:
    """Put the quick equivalent of reportlab's URL pattern into `re`'s cache under
    reportlab's pattern; False when it could not (already imported, pattern unknown)."""
    if MODULE in sys.modules:
        return False
    pattern = reportlab_uri_pattern()
    if pattern is None or not any(wide in pattern for wide in SAME_CHARACTERS):
        return False
    re._cache[str, pattern, re.IGNORECASE.value] = re.compile(quick_equivalent(pattern),
                                                              re.IGNORECASE)
    return True


cheapen_reportlab_patterns()
