"""The error catalogue (docs/errors.md), end to end through the command line.

Every class of problem in a briefing gives exit code 1, one `file:line:col: error: …`
line per problem (word for word as the catalogue shows it), every problem at once,
never a traceback, and leaves an existing output directory exactly as it was.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from builders import cli
from builders.yamlsource import MAX_BYTES
from tests.conftest import ROOT

SOURCE_TEXT = (
    "The cabinet considers it important that progress is made on these\n"
    "subjects, in particular in the field of foreign af-\nfairs.\n"
)

BASE = """\
format: 1
language: en
classification: UNCLASSIFIED
status: final
date: 2023-11-20
memo:
  to: Minister
  from: Directorate
  subject: Preparation
meeting:
  title: Meeting
  short: MTG
  start: 2023-11-28
  end: 2023-11-29
source:
  title: Letter
  citation: Paper 1, no. 1
  file: source.txt
footnotes:
  letter: See the letter.
glossary:
  MTG: Meeting
sessions:
  - id: session-one
    title: First session
    date: 2023-11-28
    topics:
      - id: topic-one
        title: Topic
        key_messages:
          - A message.[^letter]
        quotes:
          - text: progress is made on these subjects
"""


def edit(*replacements: tuple[str, str], base: str = BASE) -> str:
    """BASE with each (old, new) replaced once; old must occur exactly once."""
    text = base
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} must occur once in the base briefing"
        text = text.replace(old, new)
    return text


def bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 8)]
    return "\n".join(lines) + "\n"


# name → briefing content (text, or bytes for encodings); the catalogue's classes in order.
CASES: dict[str, str | bytes] = {
    "yaml-syntax": edit(("  title: Meeting\n", "  title: Meeting: the first\n")),
    "yaml-unclosed-quote": edit(("  title: Meeting\n", '  title: "Meeting\n')),
    "tab-indentation": edit(("  to: Minister\n", "\tto: Minister\n")),
    "unknown-key": edit(("          - A message.[^letter]\n", "          - A message.[^letter]\n"
                         "        key_mesages: []\n")),
    "unknown-key-no-guess": edit(("  short: MTG\n", "  short: MTG\n  colour: blue\n")),
    "duplicate-key": edit(("  short: MTG\n", "  short: MTG\n  title: Another meeting\n")),
    "wrong-type": edit(("  title: Meeting\n", "  title: 2024\n")),
    "wrong-type-list": edit(("          - A message.[^letter]\n", "          A message.[^letter]\n"),
                            ("        key_messages:\n", "        key_messages: \n")),
    "missing-field": edit(("  subject: Preparation\n", "")),
    "invalid-date": edit(("date: 2023-11-20\n", "date: 20-11-2023\n")),
    "invalid-date-day": edit(("  end: 2023-11-29\n", "  end: 2023-11-31\n")),
    "duplicate-id": edit(("      - id: topic-one\n", "      - id: session-one\n")),
    "footnote-nowhere": edit(("          - A message.[^letter]\n", "          - A message.[^leter]\n")),
    "see-also-nowhere": edit(("          - text: progress is made on these subjects\n",
                              "          - text: progress is made on these subjects\n"
                              "        see_also: [topic-two]\n")),
    "session-outside-meeting": edit(("    date: 2023-11-28\n", "    date: 2023-12-01\n")),
    "end-before-start": edit(("  end: 2023-11-29\n", "  end: 2023-11-27\n"),
                             ("    date: 2023-11-28\n", "    date: 2023-11-27\n")),
    "quote-not-in-source": edit(("progress is made on these subjects",
                                 "progress was made on all these subjects")),
    "control-character": edit(("          - A message.[^letter]\n",
                               '          - "A message.\\a[^letter]"\n')),
    "control-character-raw": edit(("  title: Topic\n", "  title: Topic\x08\n")).replace(
        "        title: Topic\x08", "        title: Topic\x08"),
    "javascript-link": edit(("          - A message.[^letter]\n",
                             "          - A message.[^letter] [Click](javascript:alert(1))\n")),
    "data-link": edit(("          - A message.[^letter]\n",
                       "          - A message.[^letter] [Open](data:text/html,hi)\n")),
    "file-link": edit(("          - A message.[^letter]\n",
                       "          - A message.[^letter] [Read](file:///etc/passwd)\n")),
    "enumeration": edit(("language: en\n", "language: de\n")),
    "enumeration-status": edit(("status: final\n", "status: ready\n")),
    "empty-file": "# nothing here yet\n\n",
    "not-a-mapping": "- format: 1\n- language: en\n",
    "not-a-mapping-text": "just a sentence\n",
    "not-utf8": edit(("  to: Minister\n", "  to: Minister\xe9\n")).encode("utf-8").replace(
        "\xe9".encode("utf-8"), b"\xe9"),
    "alias-bomb": bomb(),
    "over-large": "format: 1\nnote: " + "x" * MAX_BYTES + "\n",
    "missing-source-file": edit(("  file: source.txt\n", "  file: sources/letter.txt\n")),
    "missing-glyph": edit(("          - A message.[^letter]\n", "          - A rune ᚠ.[^letter]\n")),
    "missing-glyph-astral": edit(("  title: Topic\n", "  title: Topic 𝄞\n")),
    "unknown-theme": edit(("date: 2023-11-20\n", "date: 2023-11-20\nstyle: fancy\n")),
    "python-tag": edit(("  to: Minister\n", "  to: !!python/object/apply:os.system ['true']\n")),
}

WARNINGS: dict[str, str] = {
    "unused-footnote": edit(("  letter: See the letter.\n",
                             "  letter: See the letter.\n  spare: Never cited.\n")),
    "abbreviation": edit(("          - A message.[^letter]\n",
                          "          - A message on the EU.[^letter]\n")),
}


def run_check(tmp_path: Path, monkeypatch, content: str | bytes, command: str = "check",
              name: str = "briefing.yaml") -> tuple[int, str, str]:
    """Write the briefing (and source.txt) into tmp_path and run the command in-process."""
    write(tmp_path, content, name)
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    if command == "check":
        code = cli.check(name, out=out, err=err)
    else:
        code = cli.build(name, "dist", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def write(directory: Path, content: str | bytes, name: str = "briefing.yaml") -> Path:
    path = directory / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (directory / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return path


def bomb_of_nesting(depth: int = 3000) -> str:
    return "format: " + "[" * depth + "]" * depth + "\n"


# The lines each case prints, word for word (docs/errors.md shows the same lines).
EXPECTED: dict[str, list[str]] = {
    "yaml-syntax": [
        "briefing.yaml:11:17: error: YAML: mapping values are not allowed here; a value with ': ' in it must be quoted",
    ],
    "tab-indentation": [
        "briefing.yaml:7:1: error: a tab is used for indentation; YAML indents with spaces only",
    ],
    "unknown-key": [
        "briefing.yaml:32:9: error: sessions[0].topics[0].key_mesages: unknown field; did you mean key_messages?",
    ],
    "unknown-key-no-guess": [
        "briefing.yaml:13:3: error: meeting.colour: unknown field; known fields here: title, short, organisation, place, start, end, participants, intro, outside_source",
    ],
    "duplicate-key": [
        "briefing.yaml:13:3: error: meeting.title: duplicate key 'title' (first defined on line 11); keep one of them",
    ],
    "wrong-type": [
        "briefing.yaml:11:10: error: meeting.title: expected text, got the number 2024; put it in quotes",
    ],
    "wrong-type-list": [
        "briefing.yaml:31:11: error: sessions[0].topics[0].key_messages: expected a list (lines starting with '- '), got 'A message.[^letter]'",
    ],
    "missing-field": [
        "briefing.yaml:7:3: error: memo.subject: required field is missing; add it",
    ],
    "invalid-date": [
        "briefing.yaml:5:7: error: date: '20-11-2023' is not a valid date; write YYYY-MM-DD, e.g. 2023-11-28",
    ],
    "duplicate-id": [
        "briefing.yaml:28:13: error: sessions[0].topics[0].id: duplicate id 'session-one' (first used on line 24); ids must be unique",
    ],
    "footnote-nowhere": [
        "briefing.yaml:20:3: warning: footnotes.letter: footnote 'letter' is never used; cite it as [^letter] or remove it",
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: footnote [^leter] points nowhere; did you mean letter?",
    ],
    "see-also-nowhere": [
        "briefing.yaml:34:20: error: sessions[0].topics[0].see_also[0]: see_also 'topic-two' points nowhere; did you mean topic-one?",
    ],
    "session-outside-meeting": [
        "briefing.yaml:26:11: error: sessions[0].date: 2023-12-01 is outside the meeting (2023-11-28 to 2023-11-29); correct the session date or meeting.start/end",
    ],
    "end-before-start": [
        "briefing.yaml:14:8: error: meeting.end: end 2023-11-27 is before start 2023-11-28; swap them or correct the date",
        "briefing.yaml:26:11: error: sessions[0].date: 2023-11-27 is outside the meeting (2023-11-28 to 2023-11-27); correct the session date or meeting.start/end",
    ],
    "quote-not-in-source": [
        "briefing.yaml:33:19: error: sessions[0].topics[0].quotes[0].text: quote not found in source.txt; closest passage, p. 1: “progress is made on these subjects”; source has 'is' where the quote has 'was'; the quote has 'all' that the source does not; copy it word for word from the source",
    ],
    "control-character": [
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: control character U+0007 cannot be shown; remove it (often pasted from another program)",
    ],
    "javascript-link": [
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: link target 'javascript:alert(1)' is not allowed; use an https:, http: or mailto: address",
    ],
    "data-link": [
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: link target 'data:text/html,hi' is not allowed; use an https:, http: or mailto: address",
    ],
    "file-link": [
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: link target 'file:///etc/passwd' is not allowed; use an https:, http: or mailto: address",
    ],
    "enumeration": [
        "briefing.yaml:2:11: error: language: 'de' is not allowed; use one of: nl, en",
    ],
    "enumeration-status": [
        "briefing.yaml:4:9: error: status: 'ready' is not allowed; use one of: concept, definitief, draft, final",
    ],
    "empty-file": [
        "briefing.yaml:1:1: error: the file is empty; start from the shipped briefing.yaml",
    ],
    "not-a-mapping": [
        "briefing.yaml:1:1: error: the file must be a mapping of keys (format:, language:, …), not a list",
    ],
    "not-a-mapping-text": [
        "briefing.yaml:1:1: error: the file must be a mapping of keys (format:, language:, …), not 'just a sentence'",
    ],
    "not-utf8": [
        "briefing.yaml:7:15: error: byte 0xe9 is not UTF-8; save the file as UTF-8",
    ],
    "alias-bomb": [
        "briefing.yaml:1:34: error: more than 200,000 values (aliases expanding without bound?); remove the anchors and aliases",
    ],
    "over-large": [
        "briefing.yaml:1:1: error: file is 2,000,017 bytes, over the limit of 2,000,000; split it or remove pasted material",
    ],
    "missing-source-file": [
        "briefing.yaml:18:9: error: source.file: source file 'sources/letter.txt' not found (the path is relative to the briefing); correct the path",
    ],
    "missing-glyph": [
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: no font of theme 'default' can show 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F); replace the character or add a fallback font to the theme",
    ],
    "missing-glyph-astral": [
        "briefing.yaml:29:16: error: sessions[0].topics[0].title: no font of theme 'default' can show '𝄞' (U+1D11E MUSICAL SYMBOL G CLEF); replace the character or add a fallback font to the theme",
    ],
    "unknown-theme": [
        "briefing.yaml:6:8: error: style: no theme 'fancy' in {styles}/; available: default",
    ],
    "python-tag": [
        "briefing.yaml:7:7: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not supported; remove it",
    ],
}

# Inputs that end in a traceback today (product bugs, reported to the lead): the line
# and column the error must point at, and words the message must contain.
CRASHES: dict[str, tuple[str | bytes, str, tuple[str, ...]]] = {
    "invalid-date-day": (CASES["invalid-date-day"], "briefing.yaml:14:8: error: ",
                         ("2023-11-31", "not a valid date")),
    "invalid-date-month": (edit(("date: 2023-11-20\n", "date: 2023-13-01\n")),
                           "briefing.yaml:5:7: error: ", ("2023-13-01", "not a valid date")),
    "control-character-raw": (CASES["control-character-raw"], "briefing.yaml:29:21: error: ",
                              ("U+0008",)),
    "control-character-raw-nul": (edit(("  subject: Preparation\n", "  subject: Prep\x00\n")),
                                  "briefing.yaml:9:16: error: ", ("U+0000",)),
    "huge-number": (edit(("format: 1\n", "format: 1" + "0" * 5000 + "\n")),
                    "briefing.yaml:1:9: error: ", ("number",)),
    "nesting-bomb": (bomb_of_nesting(), "briefing.yaml:1:", ("deep",)),
}


def expected(name: str) -> list[str]:
    from builders.loader import display_name
    from builders.theme import STYLES_DIR

    return [line.replace("{styles}", display_name(STYLES_DIR)) for line in EXPECTED[name]]


def summary(lines: list[str]) -> str:
    errors = sum(": error: " in line for line in lines)
    return f"{errors} error{'s' if errors != 1 else ''}; fix them and run again"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_class_prints_its_located_lines_word_for_word(tmp_path, monkeypatch, name):
    code, out, err = run_check(tmp_path, monkeypatch, CASES[name])
    assert code == 1
    assert out == ""
    assert err.splitlines() == expected(name) + [summary(expected(name))]


def test_every_case_has_its_expected_lines():
    assert set(CASES) - set(EXPECTED) == {"yaml-unclosed-quote", "invalid-date-day",
                                          "control-character-raw"}


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_warnings_do_not_stop_the_check(tmp_path, monkeypatch, name):
    code, out, err = run_check(tmp_path, monkeypatch, WARNINGS[name])
    assert code == 0
    assert out == "briefing.yaml: ok (1 sessions, 1 topics, 1 warning)\n"
    assert err.splitlines() == {
        "unused-footnote": [
            "briefing.yaml:21:3: warning: footnotes.spare: footnote 'spare' is never used; cite it as [^spare] or remove it"],
        "abbreviation": [
            "briefing.yaml:31:13: warning: sessions[0].topics[0].key_messages[0]: abbreviation EU is not in the glossary; add 'EU: <expansion>' under glossary"],
    }[name]


def test_the_base_briefing_is_valid(tmp_path, monkeypatch):
    assert run_check(tmp_path, monkeypatch, BASE) == (0, "briefing.yaml: ok (1 sessions, 1 topics)\n", "")


@pytest.mark.parametrize("name", sorted(CRASHES))
def test_inputs_that_once_crashed_give_a_located_error(tmp_path, monkeypatch, name):
    content, prefix, words = CRASHES[name]
    code, out, err = run_check(tmp_path, monkeypatch, content)
    (line, last) = err.splitlines()
    assert code == 1 and line.startswith(prefix) and last == summary([line])
    assert all(word in line for word in words), line


def test_an_unclosed_quote_points_at_the_quote(tmp_path, monkeypatch):
    code, _, err = run_check(tmp_path, monkeypatch, CASES["yaml-unclosed-quote"])
    first = err.splitlines()[0]
    assert code == 1 and first.startswith("briefing.yaml:11:10: error: ") and "quote" in first


def test_all_problems_of_the_model_at_once(tmp_path, monkeypatch):
    text = edit(("language: en\n", "language: de\n"), ("  subject: Preparation\n", ""),
                ("  title: Meeting\n", "  title: 2024\n"), ("  short: MTG\n", "  shrt: MTG\n"),
                ("date: 2023-11-20\n", "date: 20-11-2023\n"),
                ("        title: Topic\n", "        title: Topic\n        colour: red\n"))
    code, _, err = run_check(tmp_path, monkeypatch, text)
    assert code == 1
    assert err.splitlines() == [
        "briefing.yaml:2:11: error: language: 'de' is not allowed; use one of: nl, en",
        "briefing.yaml:5:7: error: date: '20-11-2023' is not a valid date; write YYYY-MM-DD, e.g. 2023-11-28",
        "briefing.yaml:7:3: error: memo.subject: required field is missing; add it",
        "briefing.yaml:10:10: error: meeting.title: expected text, got the number 2024; put it in quotes",
        "briefing.yaml:11:3: error: meeting.shrt: unknown field; did you mean short?",
        "briefing.yaml:29:9: error: sessions[0].topics[0].colour: unknown field; known fields here: "
        "id, title, key_messages, position, background, speaking_points, quotes, figures, see_also",
        "6 errors; fix them and run again",
    ]


def test_all_problems_of_meaning_at_once(tmp_path, monkeypatch):
    text = edit(("      - id: topic-one\n", "      - id: session-one\n"),
                ("          - A message.[^letter]\n",
                 "          - A message.[^leter] [x](javascript:alert(1))\n"
                 "          - A rune ᚠ.[^letter]\n"),
                ("    date: 2023-11-28\n", "    date: 2023-12-01\n"),
                ("progress is made on these subjects", "progress was made"),
                ("        title: Topic\n", '        title: "Topic\\a"\n'))
    code, _, err = run_check(tmp_path, monkeypatch, text)
    assert code == 1
    assert err.splitlines() == [
        "briefing.yaml:26:11: error: sessions[0].date: 2023-12-01 is outside the meeting (2023-11-28 to 2023-11-29); correct the session date or meeting.start/end",
        "briefing.yaml:28:13: error: sessions[0].topics[0].id: duplicate id 'session-one' (first used on line 24); ids must be unique",
        "briefing.yaml:29:16: error: sessions[0].topics[0].title: control character U+0007 cannot be shown; remove it (often pasted from another program)",
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: footnote [^leter] points nowhere; did you mean letter?",
        "briefing.yaml:31:13: error: sessions[0].topics[0].key_messages[0]: link target 'javascript:alert(1)' is not allowed; use an https:, http: or mailto: address",
        "briefing.yaml:32:13: error: sessions[0].topics[0].key_messages[1]: no font of theme 'default' can show 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F); replace the character or add a fallback font to the theme",
        "briefing.yaml:34:19: error: sessions[0].topics[0].quotes[0].text: quote not found in source.txt; closest passage, p. 1: “progress is made”; source has 'is' where the quote has 'was'; copy it word for word from the source",
        "7 errors; fix them and run again",
    ]


def test_all_duplicate_keys_at_once(tmp_path, monkeypatch):
    text = edit(("  short: MTG\n", "  short: MTG\n  title: Again\n"),
                ("  to: Minister\n", "  to: Minister\n  to: Someone else\n"))
    code, _, err = run_check(tmp_path, monkeypatch, text)
    assert code == 1
    assert err.splitlines() == [
        "briefing.yaml:8:3: error: memo.to: duplicate key 'to' (first defined on line 7); keep one of them",
        "briefing.yaml:14:3: error: meeting.title: duplicate key 'title' (first defined on line 12); keep one of them",
        "2 errors; fix them and run again",
    ]


def test_a_missing_briefing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    assert cli.check("nowhere.yaml", out=io.StringIO(), err=err) == 1
    assert err.getvalue().splitlines() == [
        "nowhere.yaml:1:1: error: file not found; check the path", "1 error; fix them and run again"]


# ------------------------------------------------------------------ as a user runs it

def run_module(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builders", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("name", ["yaml-syntax", "not-utf8", "wrong-type", "missing-glyph",
                                  "alias-bomb"])
def test_python_m_builders_check_exits_1_without_a_traceback(tmp_path, name):
    write(tmp_path, CASES[name])
    result = run_module(tmp_path, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected(name) + [summary(expected(name))]


@pytest.mark.parametrize("name", ["invalid-date-day", "control-character-raw", "nesting-bomb"])
def test_python_m_builders_never_prints_a_traceback(tmp_path, name):
    write(tmp_path, CRASHES[name][0])
    result = run_module(tmp_path, "check")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1


# ------------------------------------------------------------------ dist/ stays untouched

def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A directory with a valid briefing built into dist/ once, and its bytes."""
    directory = tmp_path_factory.mktemp("built")
    write(directory, BASE)
    out, err = io.StringIO(), io.StringIO()
    code = cli.build(str(directory / "briefing.yaml"), str(directory / "dist"), out=out, err=err)
    assert code == 0, err.getvalue()
    return directory, snapshot(directory / "dist")


def test_a_valid_build_writes_the_memo_and_the_decks(built):
    _, files = built
    assert set(files) == {"memo.pdf", "deck.pptx", "sessions/1-session-one.pptx",
                          ".briefing-outputs.json"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_invalid_briefing_leaves_dist_byte_identical(built, name):
    directory, before = built
    broken = directory / f"{name}.yaml"
    broken.write_bytes(CASES[name] if isinstance(CASES[name], bytes) else CASES[name].encode())
    out, err = io.StringIO(), io.StringIO()
    code = cli.build(str(broken), str(directory / "dist"), out=out, err=err)
    assert code == 1
    assert out.getvalue() == ""
    assert err.getvalue().splitlines()[-1] == f"nothing was written; {directory / 'dist'}/ is unchanged"
    assert snapshot(directory / "dist") == before
    assert not list((directory / "dist").rglob(".*.tmp"))


def test_build_through_the_module_reports_and_keeps_dist(tmp_path):
    write(tmp_path, BASE)
    assert run_module(tmp_path, "build").returncode == 0
    before = snapshot(tmp_path / "dist")
    write(tmp_path, CASES["duplicate-id"])
    result = run_module(tmp_path, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected("duplicate-id") + [
        "1 error; fix them and run again", "nothing was written; dist/ is unchanged"]
    assert result.stdout == ""
    assert snapshot(tmp_path / "dist") == before


def test_the_catalogue_shows_every_line_word_for_word():
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    lines = [line.replace("{styles}", "styles") for lines in EXPECTED.values() for line in lines]
    lines += [
        "briefing.yaml:21:3: warning: footnotes.spare: footnote 'spare' is never used; cite it as [^spare] or remove it",
        "briefing.yaml:31:13: warning: sessions[0].topics[0].key_messages[0]: abbreviation EU is not in the glossary; add 'EU: <expansion>' under glossary",
        "nothing was written; dist/ is unchanged",
    ]
    assert [line for line in lines if line not in catalogue.splitlines()] == []
