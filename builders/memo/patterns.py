"""reportlab's URL pattern, compiled for a thirtieth of its cost, and its CJK pattern
for a quarter.

`reportlab.platypus.paragraph` compiles a URL pattern when it is imported (`uri_pat`,
case-insensitive, used when a word is hyphenated). Three of its character classes span
the whole Basic Multilingual Plane, and `re` folds the case of each of their 65,000
characters: 30–40 ms at the start of every memo process. Case-insensitively, each of
those classes matches exactly the characters that a negated class without case folding
matches (`SAME_CHARACTERS`; tests/test_memo_speedups.py checks every code point), and the
pattern with those classes compiles in about 1 ms. Put into `re`'s cache under
reportlab's own pattern before reportlab is imported, it is what reportlab gets.

`reportlab.lib.textsplit` compiles `([\u2e80-\uffff])` when it is imported (`rx`, the
characters its CJK wrapping splits at): `re` builds that class character by character,
about 5 ms. A negated class matches the same characters (`CJK_SAME`, checked for every
code point by tests/test_memo_speedups.py) and compiles in about 1 ms; it goes into the
cache the same way, when textsplit's source still holds that line.

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
CJK = "([\u2e80-\uffff])"
CJK_SAME = "([^\x00-\u2e7f\U00010000-\U0010ffff])"
"""reportlab's CJK pattern (compiled with re.UNICODE) → one matching the same characters."""
CJK_MODULE = "reportlab.lib.textsplit"
CJK_LINE = 'rx=re.compile("([\\u2e80-\\uffff])", re.UNICODE)'
"""The line of textsplit.py that compiles it (its source spells the escapes)."""
MODULE = "reportlab.platypus.paragraph"
_ASSIGNMENT = re.compile(r"^uri_pat = re\.compile\(('(?:[^'\\\n]|\\.)*'), re\.I\)$", re.M)


def _reportlab_source(*parts: str) -> str | None:
    """The text of one of reportlab's modules, read without importing it."""
    spec = find_spec("reportlab")
    if spec is None or spec.origin is None:
        return None
    try:
        return Path(spec.origin).parent.joinpath(*parts).read_text("utf-8")
    except OSError:
        return None


def reportlab_uri_pattern() -> str | None:
    """The text of reportlab's URL pattern, read from its source without importing it."""
    source = _reportlab_source("platypus", "paragraph.py")
    if source is None:
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


def reportlab_compiles_cjk() -> bool:
    """Whether textsplit.py (not imported) still compiles the CJK pattern as `CJK_LINE`."""
    source = _reportlab_source("lib", "textsplit.py")
    return source is not None and CJK_LINE in source.splitlines()


def cheapen_cjk_pattern() -> bool:
    """Put `CJK_SAME` into `re`'s cache under textsplit's pattern; False when it could not."""
    if CJK_MODULE in sys.modules or not reportlab_compiles_cjk():
        return False
    re._cache[str, CJK, re.UNICODE.value] = re.compile(CJK_SAME, re.UNICODE)
    return True


cheapen_reportlab_patterns()
cheapen_cjk_pattern()
