"""PyYAML's pattern of non-printable characters, compiled for a tenth of its cost.

`yaml.reader` compiles, when it is imported, a negated class of the printable characters
(`Reader.NON_PRINTABLE`), whose ranges span most of Unicode: `re` fills a table of the
Basic Multilingual Plane for it, 5-7 ms at the start of every process. The positive class
of the remaining characters (control codes, surrogates, U+FFFE and U+FFFF) matches
exactly the same characters (tests/test_yamlsource.py checks every code point) and
compiles in well under a millisecond. Put into `re`'s cache under PyYAML's own pattern
before PyYAML is imported, it is what PyYAML gets.

Nothing else changes. If PyYAML was imported already, nothing is put into the cache; if
another PyYAML writes another pattern, the entry is never asked for and PyYAML compiles
its own, as does a Python whose `re` keys its cache otherwise.
"""

from __future__ import annotations

import re
import sys

NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
"""PyYAML's pattern, as `yaml/reader.py` writes it."""
SAME_CHARACTERS = "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]"
"""The characters outside PyYAML's printable ones, as a positive class."""


def cheapen_yaml_patterns() -> bool:
    """Put the quick equivalent of PyYAML's pattern into `re`'s cache; False when PyYAML
    was imported already (its pattern is compiled)."""
    if "yaml.reader" in sys.modules:
        return False
    re._cache[str, NON_PRINTABLE, 0] = re.compile(SAME_CHARACTERS)
    return True


cheapen_yaml_patterns()
