"""PyYAML's non-printable pattern, compiled cheaply (builders/yaml_patterns.py): the
same characters, and what PyYAML gets."""

import re
import subprocess
import sys

from builders.yaml_patterns import NON_PRINTABLE, SAME_CHARACTERS
from tests.conftest import ROOT


def test_the_quick_non_printable_pattern_matches_pyyamls_on_every_code_point():
    theirs = re.compile(f"(?:{NON_PRINTABLE})")     # compiled afresh, not from the cache
    ours = re.compile(SAME_CHARACTERS)
    text = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in ours.finditer(text)] == [m.start() for m in theirs.finditer(text)]
    assert ours.search("a\x85\u00e9\U0001F600") is None and ours.search("\x07")


def test_pyyaml_gets_the_quick_pattern_when_the_builder_loads_it():
    """The pin: PyYAML still writes the pattern we put in `re`'s cache for it (if it
    changes, it compiles its own and this fails)."""
    probe = ("import builders.yamlsource, yaml.reader; from builders.yaml_patterns import "
             "SAME_CHARACTERS; print(yaml.reader.Reader.NON_PRINTABLE.pattern == SAME_CHARACTERS)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout == "True\n"
