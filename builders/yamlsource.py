"""Safe YAML loading that keeps the line and column of every node.

Rejects duplicate keys, bounds aliases and file size, and turns YAML errors into
located problems. Only plain data comes out: mappings, lists, strings, numbers,
booleans, dates and null.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import yaml_patterns  # noqa: F401 - before PyYAML is imported (see there)

import yaml  # noqa: E402

from .errors import BriefingError, Path_, Problem, format_path

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_FAST_DEPTH = 200
FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_BRACKETS = re.compile(r"[\[\]{}]")
STANDARD_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
STRING_TAG = "tag:yaml.org,2002:str"


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
    raw = read_bounded(Path(path), display)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefingError([Problem(display, line, column,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")])
    if text.startswith("\ufeff"):
        text = text[1:]
    data, locator = _load_text(text, display)
    return data, locator


def read_bounded(path: Path, display: str, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes; refused before reading when it is not a regular file (a folder,
    a device such as /dev/zero, a pipe) or larger than `limit`."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise BriefingError([Problem(display, 1, 1, "file not found; check the path")])
    except OSError as exc:
        raise BriefingError([Problem(display, 1, 1, f"cannot read the file: {exc.strerror}")])
    if stat.S_ISDIR(status.st_mode):
        raise BriefingError([Problem(display, 1, 1,
            "this is a folder, not a file; name the briefing's .yaml file")])
    if not stat.S_ISREG(status.st_mode):
        raise BriefingError([Problem(display, 1, 1,
            "this is not a regular file (a device or a pipe); name the briefing's .yaml file")])
    if status.st_size > limit:
        raise _too_large(display, status.st_size, limit)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise BriefingError([Problem(display, 1, 1, f"cannot read the file: {exc.strerror}")])
    if len(raw) > limit:                  # it grew while being read
        raise _too_large(display, len(raw), limit)
    return raw


def _too_large(display: str, size: int, limit: int) -> BriefingError:
    return BriefingError([Problem(display, 1, 1,
        f"file is {size:,} bytes, over the limit of {limit:,}; "
        "split it or remove pasted material")])


def _load_text(text: str, display: str) -> tuple[object, Locator]:
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise BriefingError([Problem(display, 1, 1, "the file is empty; start from the shipped briefing.yaml")])
    locator = Locator(display)
    loader = None
    lines = text.splitlines()
    try:
        loader, node = _compose(text)
        if node is None:
            raise BriefingError([Problem(display, 1, 1, "the file is empty; start from the shipped briefing.yaml")])
        builder = _Builder(loader, locator, lines)
        data = builder.build(node, ())
        if builder.aliased and not isinstance(loader, _AliasMarkingLoader):
            loader.dispose()             # read again, noting where each alias stands
            loader = _AliasMarkingLoader(text)
            node = loader.get_single_node()
            locator = Locator(display)
            builder = _Builder(loader, locator, lines)
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
    loader = _AliasMarkingLoader(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


class _AliasMarkingLoader(yaml.SafeLoader):
    """The pure-Python loader, noting where each alias stands: the node an alias names
    carries the anchor's position, but a problem in aliased content is the alias's."""

    def __init__(self, text: str):
        super().__init__(text)
        self.alias_marks: dict[tuple[int, object], yaml.Mark] = {}

    def compose_node(self, parent, index):
        if parent is not None and index is not None and self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            self.alias_marks[_slot(parent, index)] = mark
            return node
        return super().compose_node(parent, index)


def _slot(parent, index) -> tuple[int, object]:
    return id(parent), id(index) if isinstance(index, yaml.Node) else index


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


_YAML11_BOOLEAN = re.compile(r"^(?:yes|no|on|off)$", re.IGNORECASE)
_CORE_INT = re.compile(r"^[-+]?[0-9]+$")
_CORE_OCTAL = re.compile(r"^0o[0-7]+$")
_CORE_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_TAG_AT = re.compile(r"^(?:&\S+\s+)?!")


class _Builder:
    """Turns a composed node graph into plain data, recording positions.

    Scalars are read as YAML 1.2 (the core schema editors use) reads them: `NO`, `Yes`,
    `on` are words, not booleans; `010` is ten; `1_000` is text. Every tag written in
    the file is refused. Text is normalised to NFC.
    """

    def __init__(self, loader: yaml.SafeLoader, locator: Locator, lines: list[str]):
        self.loader = loader
        self.locator = locator
        self.lines = lines
        self.count = 0
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.aliased = False
        self.alias_marks = getattr(loader, "alias_marks", {})

    def build(self, node: yaml.Node, path: Path_, at: tuple[int, int] | None = None):
        self.count += 1
        where = at or _mark(node.start_mark)
        if self.count > MAX_NODES:
            raise BriefingError([Problem(self.locator.file, *where,
                f"more than {MAX_NODES:,} values (aliases expanding without bound?); "
                "remove the anchors and aliases")])
        if id(node) in self.seen:
            self.aliased = True
        self.seen.add(id(node))
        self.locator.values.setdefault(path, where)
        if self._has_written_tag(node) or (
                not isinstance(node, yaml.ScalarNode) and node.tag not in STANDARD_TAGS):
            self.problems.append(Problem(self.locator.file, *where,
                f"YAML tag {node.tag!r} is not supported; remove it"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,), at or self._alias_at(node, index))
                    for index, item in enumerate(node.value)]
        return self._scalar(node, path, where)

    def _alias_at(self, parent: yaml.Node, index) -> tuple[int, int] | None:
        if not self.alias_marks:            # libyaml's reading (no aliases to mark)
            return None
        mark = self.alias_marks.get(_slot(parent, index))
        return _mark(mark) if mark is not None else None

    def _has_written_tag(self, node: yaml.Node) -> bool:
        """Whether the file writes a tag (`!!binary`, `!!str`, `!x`) at this node."""
        line, column = node.start_mark.line, node.start_mark.column
        if not 0 <= line < len(self.lines):
            return False
        if isinstance(node, yaml.MappingNode) and node.value:
            first = node.value[0][0].start_mark
            if (first.line, first.column) == (line, column):
                return False             # a block mapping starts at its first key's tag
        return _TAG_AT.match(self.lines[line][column:]) is not None

    def _scalar(self, node: yaml.ScalarNode, path: Path_ = (),
                where: tuple[int, int] | None = None):
        try:
            value = _core_schema(node)
            if value is not _UNRESOLVED:
                return value
            if node.tag == STRING_TAG:
                value = node.value           # what PyYAML's constructor makes of it
            else:
                value = self.loader.construct_object(node, deep=True)
        except ValueError as exc:
            prefix = f"{format_path(path)}: " if path else ""
            self.problems.append(Problem(self.locator.file, *(where or _mark(node.start_mark)),
                                         prefix + _unreadable_scalar(node, exc)))
            return None
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, path: Path_,
                 at: tuple[int, int] | None) -> dict:
        result: dict = {}
        problems = self.problems
        for key_node, value_node in node.value:
            key_at = at or _mark(key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(self.locator.file, *key_at,
                    "merge keys (<<) are not supported; write the keys out"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(self.locator.file, *key_at,
                    "a key must be a plain word"))
                continue
            if self._has_written_tag(key_node):
                problems.append(Problem(self.locator.file, *key_at,
                    f"YAML tag {key_node.tag!r} is not supported; remove it"))
                continue
            key = self._scalar(key_node, (), key_at)
            if key in result:
                first = self.locator.keys[path + (key,)]
                problems.append(Problem(self.locator.file, *key_at,
                    f"{format_path(path + (key,))}: duplicate key {key!r} "
                    f"(first defined on line {first[0]}); keep one of them"))
                continue
            self.locator.keys[path + (key,)] = key_at
            result[key] = self.build(value_node, path + (key,),
                                     at or self._alias_at(node, key_node))
        return result


_UNRESOLVED = object()


def _core_schema(node: yaml.ScalarNode):
    """A plain scalar whose YAML 1.1 reading (PyYAML's) differs from YAML 1.2's: the 1.2
    value; else _UNRESOLVED (PyYAML's reading stands)."""
    if node.style not in (None, ""):     # quoted or block text ('' is libyaml's plain)
        return _UNRESOLVED
    value, tag = node.value, node.tag
    if tag.endswith((":int", ":float")) and ":" in value:
        return value     # YAML 1.1 reads 14:00 as 840 (base 60); a briefing means a time
    if tag.endswith(":bool") and _YAML11_BOOLEAN.match(value):
        return unicodedata.normalize("NFC", value)
    if tag.endswith(":int"):
        if "_" in value or value.lstrip("+-").startswith("0b"):
            return value
        if _CORE_INT.match(value):
            return int(value, 10)        # 010 is ten, not eight
    if tag.endswith(":float") and "_" in value:
        return value
    if tag.endswith(":str"):
        if _CORE_OCTAL.match(value):
            return int(value[2:], 8)
        if _CORE_INT.match(value):
            return int(value, 10)
        if _CORE_FLOAT.match(value):
            return float(value)          # 1e3 and 1.5e3 are numbers in YAML 1.2
    return _UNRESOLVED
