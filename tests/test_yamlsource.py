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
    assert message.startswith("b.yaml:1:4: error: YAML: could not determine a constructor")


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
