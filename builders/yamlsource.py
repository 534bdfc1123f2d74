"""Safe YAML loading that keeps the line and column of every node.

Rejects duplicate keys, bounds aliases and file size, and turns YAML errors into
located problems. Only plain data comes out: mappings, lists, strings, numbers,
booleans, dates and null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BriefingError, Path_, Problem, format_path

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_FAST_DEPTH = 200
FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_BRACKETS = re.compile(r"[\[\]{}]")
STANDARD_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class Locator:
    """Where each value (and each mapping key) of a loaded file stands."""

    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Line and column of `path`, or of its nearest located ancestor."""
        path = tuple(path)
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Path_, message: str, severity="error", key=False) -> Problem:
        line, column = self.at(path, key=key)
        where = format_path(path)
        text = f"{where}: {message}" if where else message
        return Problem(self.file, line, column, text, severity, path=where)


def _mark(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load_yaml(path: Path, display: str | None = None) -> tuple[object, Locator]:
    """Read a YAML file into plain data and a Locator; raise BriefingError if unreadable."""
    display = display or str(path)
    locator = Locator(display)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BriefingError([Problem(display, 1, 1, "file not found; check the path")])
    except OSError as exc:
        raise BriefingError([Problem(display, 1, 1, f"cannot read the file: {exc.strerror}")])
    if len(raw) > MAX_BYTES:
        raise BriefingError([Problem(display, 1, 1,
            f"file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}; "
            "split it or remove pasted material")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefingError([Problem(display, line, column,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")])
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise BriefingError([Problem(display, 1, 1, "the file is empty; start from the shipped briefing.yaml")])
    loader = None
    try:
        loader, node = _compose(text)
        if node is None:
            raise BriefingError([Problem(display, 1, 1, "the file is empty; start from the shipped briefing.yaml")])
        builder = _Builder(loader, locator)
        data = builder.build(node, ())
        if builder.problems:
            raise BriefingError(builder.problems)
    except yaml.MarkedYAMLError as exc:
        raise BriefingError([_yaml_problem(display, exc, text)])
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        raise BriefingError([Problem(display, line, column,
            f"control character U+{exc.character:04X} cannot be shown; remove it "
            "(often pasted from another program)")])
    except yaml.YAMLError as exc:
        raise BriefingError([Problem(display, 1, 1, f"YAML: {exc}")])
    except RecursionError:
        raise BriefingError([Problem(display, 1, 1,
            "the file is nested too deep to be a briefing; remove the extra brackets or indentation")])
    finally:
        if loader is not None:
            loader.dispose()
    return data, locator


def _compose(text: str):
    """The loader and the node graph: libyaml's parser when the text is safe for it.

    libyaml is ten times faster on large files but recurses without bound on deep
    brackets, and words its errors differently: any file it rejects is read again by
    the pure-Python parser, whose messages the error catalogue documents.
    """
    if FAST_LOADER is not None and _bracket_depth(text) <= MAX_FAST_DEPTH:
        fast = FAST_LOADER(text)
        try:
            return fast, fast.get_single_node()
        except yaml.YAMLError:
            fast.dispose()
    loader = yaml.SafeLoader(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


def _bracket_depth(text: str) -> int:
    """The deepest nesting of flow brackets, counting brackets inside strings too."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a character offset in the text."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _yaml_problem(display: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    problem = exc.problem or "invalid YAML"
    if "unexpected end of stream" in problem and exc.context_mark is not None:
        line, column = _mark(exc.context_mark)
        return Problem(display, line, column,
                       "YAML: this quote is never closed; add the closing quote")
    mark = exc.problem_mark or exc.context_mark
    line, column = _mark(mark) if mark else (1, 1)
    lines = text.splitlines()
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in offending[: max(column, 1)] or "'\\t'" in problem:
        return Problem(display, line, column,
            "a tab is used for indentation; YAML indents with spaces only")
    hint = ""
    above = _over_indented(lines, line)
    if "mapping values are not allowed" in problem and above:
        hint = (f"; this line is indented further than line {above} above it: indent it as "
                f"far as line {above} (a text of several lines is written after `key: |`)")
    elif "mapping values are not allowed" in problem:
        hint = "; a value with ': ' in it must be quoted"
    elif "could not find expected ':'" in problem:
        hint = "; each line of a mapping is 'key: value'"
    elif "found undefined alias" in problem:
        hint = "; define the anchor (&name) before using *name"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        hint = "; check the indentation of this line and the one above"
    elif "special characters are not allowed" in problem:
        hint = "; remove the control character"
    return Problem(display, line, column, f"YAML: {problem}{hint}")


_KEY_WITH_VALUE = re.compile(r"^\s*(?:- )?[^\s#'\"][^:#]*:\s+[^\s|>#&*]")


def _over_indented(lines: list[str], line: int) -> int | None:
    """The line above, if line `line` is indented further than that `key: value` line."""
    if not 1 < line <= len(lines):
        return None
    current = lines[line - 1]
    for number in range(line - 1, 0, -1):
        previous = lines[number - 1]
        if not previous.strip() or previous.lstrip().startswith("#"):
            continue
        indent = len(current) - len(current.lstrip(" "))
        if indent > len(previous) - len(previous.lstrip(" ")) and _KEY_WITH_VALUE.match(previous):
            return number
        return None
    return None


def _unreadable_scalar(node: yaml.ScalarNode, exc: ValueError) -> str:
    """A scalar YAML recognised by its form (a date, a number) but could not read."""
    if node.tag.endswith(":timestamp"):
        return (f"{node.value!r} is not a valid date ({exc}); write YYYY-MM-DD, "
                "e.g. 2023-11-28")
    if node.tag.endswith((":int", ":float")):
        return f"the number {node.value[:20]}… is too large to read; quote it or shorten it"
    return f"{node.value[:40]!r} cannot be read ({exc})"


class _Builder:
    """Turns a composed node graph into plain data, recording positions."""

    def __init__(self, loader: yaml.SafeLoader, locator: Locator):
        self.loader = loader
        self.locator = locator
        self.count = 0
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path_):
        self.count += 1
        if self.count > MAX_NODES:
            raise BriefingError([Problem(self.locator.file, *_mark(node.start_mark),
                f"more than {MAX_NODES:,} values (aliases expanding without bound?); "
                "remove the anchors and aliases")])
        self.locator.values.setdefault(path, _mark(node.start_mark))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in STANDARD_TAGS:
            self.problems.append(Problem(self.locator.file, *_mark(node.start_mark),
                f"YAML tag {node.tag!r} is not supported; remove it"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: Path_ = ()):
        if node.tag.endswith((":int", ":float")) and ":" in node.value:
            return node.value  # YAML 1.1 reads 14:00 as 840 (base 60); a briefing means a time
        if node.tag.endswith(":bool") and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.1 reads NO (Norway), yes, on, off as booleans; 1.2 and editors do not
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as exc:
            where = f"{format_path(path)}: " if path else ""
            self.problems.append(Problem(self.locator.file, *_mark(node.start_mark),
                                         where + _unreadable_scalar(node, exc)))
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        result: dict = {}
        problems = self.problems
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(self.locator.file, *_mark(key_node.start_mark),
                    "merge keys (<<) are not supported; write the keys out"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(self.locator.file, *_mark(key_node.start_mark),
                    "a key must be a plain word"))
                continue
            key = self._scalar(key_node)
            if key in result:
                first = self.locator.keys[path + (key,)]
                problems.append(Problem(self.locator.file, *_mark(key_node.start_mark),
                    f"{format_path(path + (key,))}: duplicate key {key!r} "
                    f"(first defined on line {first[0]}); keep one of them"))
                continue
            self.locator.keys[path + (key,)] = _mark(key_node.start_mark)
            result[key] = self.build(value_node, path + (key,))
        return result
