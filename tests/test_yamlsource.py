"""Safe YAML loading: positions, duplicate keys, bounds, and friendly syntax errors."""

import pytest

from builders.errors import BriefingError
from builders.yamlsource import MAX_BYTES, load_yaml


def problems_of(tmp_path, content: bytes | str) -> list[str]:
    path = tmp_path / "b.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(BriefingError) as caught:
        load_yaml(path, "b.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_positions_of_values_and_keys(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text("a:\n  b: [1, 2]\n  c: x\n")
    data, locator = load_yaml(path)
    assert data == {"a": {"b": [1, 2], "c": "x"}}
    assert locator.at(("a", "b", 1)) == (2, 10)
    assert locator.at(("a", "c"), key=True) == (3, 3)
    assert locator.at(("a", "missing")) == (2, 3)


def test_duplicate_keys_are_all_reported(tmp_path):
    assert problems_of(tmp_path, "a: 1\nb: 2\na: 3\nb: 4\n") == [
        "b.yaml:3:1: error: a: duplicate key 'a' (first defined on line 1); keep one of them",
        "b.yaml:4:1: error: b: duplicate key 'b' (first defined on line 2); keep one of them",
    ]


def test_tab_indentation(tmp_path):
    assert problems_of(tmp_path, "a:\n\tb: 1\n") == [
        "b.yaml:2:1: error: a tab is used for indentation; YAML indents with spaces only"]


def test_syntax_error_is_located_with_hint(tmp_path):
    assert problems_of(tmp_path, "a: b: c\n") == [
        "b.yaml:1:5: error: YAML: mapping values are not allowed here; "
        "a value with ': ' in it must be quoted"]


def test_not_utf8(tmp_path):
    assert problems_of(tmp_path, b"a: caf\xe9\n") == [
        "b.yaml:1:7: error: byte 0xe9 is not UTF-8; save the file as UTF-8"]


def test_empty_file(tmp_path):
    assert problems_of(tmp_path, "# only a comment\n\n") == [
        "b.yaml:1:1: error: the file is empty; start from the shipped briefing.yaml"]


def test_over_large_file(tmp_path):
    (message,) = problems_of(tmp_path, "a: " + "x" * MAX_BYTES + "\n")
    assert message.startswith("b.yaml:1:1: error: file is 2,000,004 bytes, over the limit")


def test_alias_bomb_is_bounded(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 8)]
    (message,) = problems_of(tmp_path, "\n".join(lines) + "\n")
    assert "more than 200,000 values (aliases expanding without bound?)" in message


def test_missing_file(tmp_path):
    with pytest.raises(BriefingError) as caught:
        load_yaml(tmp_path / "nope.yaml", "nope.yaml")
    assert str(caught.value) == "nope.yaml:1:1: error: file not found; check the path"


def test_python_tags_are_refused(tmp_path):
    assert problems_of(tmp_path, "a: !!python/object/apply:os.system ['true']\n") == [
        "b.yaml:1:4: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not supported; remove it"]
    (message,) = problems_of(tmp_path, "a: !!python/name:os.system x\n")
    assert message == ("b.yaml:1:4: error: YAML tag 'tag:yaml.org,2002:python/name:os.system' "
                       "is not supported; remove it")


def test_libyaml_and_pure_python_give_the_same_data_and_positions(monkeypatch):
    from pathlib import Path

    import builders.yamlsource as source

    if source.FAST_LOADER is None:
        pytest.skip("PyYAML was built without libyaml")
    shipped = Path(__file__).resolve().parent.parent / "briefing.yaml"
    data, fast = load_yaml(shipped)
    monkeypatch.setattr(source, "FAST_LOADER", None)
    same, pure = load_yaml(shipped)
    assert (data, fast.values, fast.keys) == (same, pure.values, pure.keys)


def test_deep_brackets_never_reach_libyaml(tmp_path, monkeypatch):
    import builders.yamlsource as source

    def refuse(text):
        raise AssertionError("libyaml was given deeply nested brackets")

    monkeypatch.setattr(source, "FAST_LOADER", refuse)
    (message,) = problems_of(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert message == ("b.yaml:1:1: error: the file is nested too deep to be a briefing; "
                       "remove the extra brackets or indentation")


def test_a_time_of_day_stays_a_time(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text("time: 14:00\nrange: 09:30–11:00\nnumber: 1400\n")
    data, _ = load_yaml(path)
    assert data == {"time": "14:00", "range": "09:30–11:00", "number": 1400}


def test_a_line_indented_too_far_is_named_as_such(tmp_path):
    assert problems_of(tmp_path, "memo:\n  to: Minister\n    from: Directie\n") == [
        "b.yaml:3:9: error: YAML: mapping values are not allowed here; this line is indented "
        "further than line 2 above it: indent it as far as line 2 (a text of several lines "
        "is written after `key: |`)"]


def test_yaml_1_1_words_stay_text_as_editors_read_them(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text("glossary:\n  NO: Noorwegen\n  Yes: ja\nplace: on\nflag: true\n"
                    "other: False\n", encoding="utf-8")
    data, _ = load_yaml(path, "b.yaml")
    assert data == {"glossary": {"NO": "Noorwegen", "Yes": "ja"}, "place": "on", "flag": True,
                    "other": False}


# ---------------------------------------------------------------- issue 13: trust, round 2

def data_of(tmp_path, text: str):
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "b.yaml")[0]


def test_values_and_keys_are_read_as_yaml_1_2_reads_them(tmp_path):
    """What an editor's YAML 1.2 shows is what the builder reads: NO is Norway."""
    text = ("NO: Norway\nYes: ja\non: aan\noff: uit\nno: nee\nflag: true\nother: False\n"
            "octal: 010\ngrouped: 1_000\nbinary: 0b101\nexponent: 1e3\nsigned: 1.5e3\n"
            "oct12: 0o17\nfloat: 1_0.5\nquoted: \"010\"\nyes-quoted: 'yes'\n")
    assert data_of(tmp_path, text) == {
        "NO": "Norway", "Yes": "ja", "on": "aan", "off": "uit", "no": "nee", "flag": True,
        "other": False, "octal": 10, "grouped": "1_000", "binary": "0b101",
        "exponent": 1000.0, "signed": 1500.0, "oct12": 15, "float": "1_0.5",
        "quoted": "010", "yes-quoted": "yes"}


def test_pure_python_and_libyaml_read_yaml_1_2_alike(tmp_path, monkeypatch):
    import builders.yamlsource as source

    text = "NO: Yes\nvalues: [on, off, 010, 1e3, 14:00]\n"
    fast = data_of(tmp_path, text)
    monkeypatch.setattr(source, "FAST_LOADER", None)
    assert data_of(tmp_path, text) == fast == {"NO": "Yes",
                                               "values": ["on", "off", 10, 1000.0, "14:00"]}


@pytest.mark.parametrize("text, tag", [
    ("a: !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
    ("a: !!str 2023\n", "tag:yaml.org,2002:str"),
    ("a: !!int '7'\n", "tag:yaml.org,2002:int"),
    ("a: !!map {b: 1}\n", "tag:yaml.org,2002:map"),
    ("a: !!seq [1]\n", "tag:yaml.org,2002:seq"),
    ("a: !local x\n", "!local"),
    ("a: &anchor !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
    ("a: !!set {x}\n", "tag:yaml.org,2002:set"),
])
def test_every_tag_is_refused(tmp_path, text, tag):
    assert problems_of(tmp_path, text) == [
        f"b.yaml:1:4: error: YAML tag {tag!r} is not supported; remove it"]


def test_a_tagged_key_is_refused(tmp_path):
    assert problems_of(tmp_path, "!!str a: 1\n") == [
        "b.yaml:1:1: error: YAML tag 'tag:yaml.org,2002:str' is not supported; remove it"]


def test_an_exclamation_mark_inside_text_is_no_tag(tmp_path):
    assert data_of(tmp_path, "a: Ja! !!\nb: '!!binary'\n") == {"a": "Ja! !!", "b": "!!binary"}


def test_a_duplicate_made_by_an_alias_is_reported_at_the_alias(tmp_path):
    text = ("base: &m\n  x: 1\nlist:\n  - &i {id: a}\n  - *i\nmapping:\n  <<: *m\n"
            "again:\n  k: &v [1, !!binary aGk=]\n  l: *v\n")
    assert problems_of(tmp_path, text) == [
        "b.yaml:7:3: error: merge keys (<<) are not supported; write the keys out",
        "b.yaml:9:13: error: YAML tag 'tag:yaml.org,2002:binary' is not supported; remove it",
        "b.yaml:10:6: error: YAML tag 'tag:yaml.org,2002:binary' is not supported; remove it"]
    path = tmp_path / "b.yaml"
    path.write_text("list:\n  - &i {id: a, n: [1]}\n  - *i\n")
    _, locator = load_yaml(path, "b.yaml")
    assert locator.at(("list", 0, "id")) == (2, 13)
    assert locator.at(("list", 1, "id")) == (3, 5)
    assert locator.at(("list", 1, "n", 0)) == (3, 5)


def test_text_is_normalised_to_nfc(tmp_path):
    data = data_of(tmp_path, "name: \"Vuc\\u030cic\\u0301\"\nVuc\u030cic\u0301: key\n")
    assert data == {"name": "Vučić", "Vučić": "key"}
    assert [len(key) for key in data] == [4, 5]


def test_a_file_that_is_not_regular_is_refused_before_reading(tmp_path):
    import os

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with pytest.raises(BriefingError) as caught:
        load_yaml(__import__("pathlib").Path("/dev/zero"), "/dev/zero")
    assert str(caught.value) == ("/dev/zero:1:1: error: this is not a regular file (a device "
                                 "or a pipe); name the briefing's .yaml file")


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(BriefingError) as caught:
        load_yaml(tmp_path, "dist")
    assert str(caught.value) == ("dist:1:1: error: this is a folder, not a file; name the "
                                 "briefing's .yaml file")


def test_an_800_mb_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as stream:           # sparse: 800 MB that take no disk space
        stream.truncate(800_000_000)
    import builtins

    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if str(file) == str(path):
            raise AssertionError("the 800 MB file was opened for reading")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    with pytest.raises(BriefingError) as caught:
        load_yaml(path, "big.yaml")
    assert str(caught.value) == ("big.yaml:1:1: error: file is 800,000,000 bytes, over the "
                                 "limit of 2,000,000; split it or remove pasted material")


def test_a_duplicate_id_made_by_an_alias_is_reported_at_the_alias(write_briefing):
    """The second session is the first one again, by alias: the duplicate is the alias's."""
    import yaml

    from builders.loader import load
    from tests.conftest import minimal_data

    text = yaml.safe_dump(minimal_data(), allow_unicode=True, sort_keys=False)
    text = text.replace("sessions:\n- id: sessie-1", "sessions:\n- &eerste\n  id: sessie-1")
    text = text.rstrip("\n") + "\n- *eerste\n"
    path = write_briefing(text)
    lines = text.splitlines()
    alias = lines.index("- *eerste") + 1
    with pytest.raises(BriefingError) as caught:
        load(path)
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert errors[0] == (f"{path}:{alias}:3: error: sessions[1].id: duplicate id 'sessie-1' "
                         f"(first used on line {lines.index('  id: sessie-1') + 1}); ids must "
                         "be unique")


def test_a_key_that_reads_as_true_is_named_as_written():
    from builders.errors import format_path

    assert format_path(("glossary", True)) == "glossary.true"
    assert format_path(("glossary", None, 0)) == "glossary.null[0]"
