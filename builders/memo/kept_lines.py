"""The memo's line breaks, kept per machine: the next build takes them instead of
breaking its paragraphs again.

A paragraph's lines depend only on its class, markup, style, options and width
(`flowables.WrapMemory`), and the styles only on the theme, its fonts and the language.
A build's memo process ends after one memo, so the lines it broke died with it: the
shipped briefing's 339 paragraphs were broken afresh on every build, about a fifth of
the memo's typesetting (169 million instructions of 1,020; 20–30 ms on the critical
path). Here the wraps of the memo's last pass are written to a file when it ends, and
the next memo of the same briefing file, theme, fonts and language takes the ones its
paragraphs ask for, as a watch's warm process hands its wraps to the memos forked from it
(`builders.memo.carried`). The memo's bytes are the same either way
(tests/test_kept_lines.py).

The file is named by a digest of the briefing's path and of everything the lines depend
on besides the paragraphs themselves: the theme, the language, the files of the theme's
fonts, the hyphenation dictionaries, the builder's code and the libraries that break
lines (`memo_input`). A file per briefing: a file holds only what its memo reads (one
shared by briefings of one theme made every 1× build read a 50× briefing's lines too).
Keys name a paragraph's style by its name in `Styles` (a style not among them is not
kept) and its class by module and name. The file holds the wraps of the memo's last
pass, up to `BUDGET`; a wrap the memo did not keep (split across pages, or wrapped at
another width) is not in it. It is written only when the memo kept a wrap it lacks.

The lines are reportlab objects (fragments, colours, lines), so the file is a pickle,
behind a checksum (`pattern_cache.store_checked`), and it is read with an unpickler that
makes only the classes that lines are made of (`LineUnpickler`): a file that names any
other is not used. A file that cannot be read is no error: the paragraphs are broken.
"""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle

from .. import memo_input
from ..pattern_cache import cache_dir, prune, read_checked, store_checked
from . import flowables

FORMAT = 1
"""Bump when what a kept wrap holds changes; files of other formats are then ignored."""
BUDGET = 16 * 2**20
"""Estimated bytes (`flowables.kept_bytes`) of the wraps a file holds at most: the whole
of a memo ten times the shipped briefing; of a larger one, its paragraphs up to it."""

ALLOWED = {
    ("copyreg", "_reconstructor"), ("builtins", "object"), ("builtins", "str"),
    ("builtins", "list"), ("builtins", "frozenset"), ("builtins", "set"),
    ("reportlab.lib.abag", "ABag"),
    ("reportlab.lib.colors", "Color"), ("reportlab.lib.colors", "CMYKColor"),
    ("reportlab.lib.colors", "PCMYKColor"), ("reportlab.lib.colors", "CMYKColorSep"),
    ("reportlab.lib.colors", "PCMYKColorSep"),
    ("reportlab.platypus.paraparser", "ParaFrag"),
    *(("reportlab.platypus.paragraph", name) for name in (
        "ParaLines", "FragLine", "_HSFrag", "_InjectedFrag", "_SplitFrag", "_SplitFragH",
        "_SplitFragHY", "_SplitFragHS", "_SplitFragLL", "_SplitWord", "_SplitWordH",
        "_SplitWordHY", "_SplitWordEnd", "_SplitWordLL", "_HSWord", "_SplitList")),
}
"""(module, name) of every class the lines of a paragraph are made of."""


class LineUnpickler(pickle.Unpickler):
    """Makes only the classes in `ALLOWED` (no code of the file's choosing runs)."""

    def find_class(self, module: str, name: str):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a line")
        return super().find_class(module, name)


def lines_file(briefing_path, theme, language: str) -> Path:
    """The file of the lines for this briefing file, theme, its fonts and the language."""
    digest = memo_input.digest_of((str(FORMAT), str(briefing_path),
                                   *memo_input.layout_code_and_files(theme),
                                   theme.model_dump_json(), language))
    return cache_dir() / f"{KIND}-{digest[:24]}.v{FORMAT}"


@dataclasses.dataclass
class Restored:
    """What a memo took from its file: where it is, everything the file held (by the
    file's keys: what the memo keeps that is not among them is new), and the names of
    the memo's styles by their id()."""

    path: Path
    stored: dict
    names: dict


SWITCH = "BRIEFING_KEPT_LINES"
"""Set to 0 to have every memo break all its lines (the test suite does, but where it
tests this module)."""


def restore(memory: flowables.WrapMemory, styles, briefing_path, theme,
            language: str) -> Restored | None:
    """Put the wraps of the file for this briefing, theme and language in `memory` (new,
    of this memo's `styles`), waiting for the first pass; None when lines are not kept."""
    if os.environ.get(SWITCH) == "0":
        return None
    path = lines_file(briefing_path, theme, language)
    named = _styles_by_name(styles)
    stored = _read(path)
    kept, classes = {}, _paragraph_classes()
    for key, entries in stored.items():
        made = _process_key(key, named, classes)
        if made is not None and type(entries) is list and all(map(_well_formed, entries)):
            kept[made] = entries
    memory.take_over(kept, named.values())
    return Restored(path, stored, {id(style): name for name, style in named.items()})


def store(memory: flowables.WrapMemory, restored: Restored) -> None:
    """Write the wraps the memo's last pass kept (up to `BUDGET`: the memory's budget for
    a pass that draws), when it kept a wrap the file lacks."""
    kept, size = {}, 0
    for key, entries in memory.kept().items():
        stable = _file_key(key, restored.names)
        if stable is None or not entries:
            continue
        size += sum(entry[4] for entry in entries)
        if size > BUDGET:     # a watch's memory carries more (`WrapMemory.BUDGET`)
            break
        kept[stable] = entries
    if all(_widths(entries) <= _widths(restored.stored.get(key, ()))
           for key, entries in kept.items()):
        return      # nothing new: the file has every wrap (a wrap never changes)
    try:
        payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    store_checked(restored.path, payload, prefix=f".{KIND}-")
    prune(restored.path.parent, MAX_FILES, KIND)   # and temporaries a killed process left


KIND = "memo-lines"
"""The files' names begin so; the temporary files a store writes, with a dot before."""
MAX_FILES = 16
"""Files of lines kept at most: one per briefing, theme and language in use, and per
version of the code (a file of code since changed is never read again)."""


def _widths(entries) -> set:
    return {entry[0] for entry in entries}


def _read(path) -> dict:
    payload = read_checked(path)
    if type(payload) is not bytes:
        return {}
    try:
        stored = LineUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - any file that is not ours is not used
        return {}
    return stored if type(stored) is dict else {}


def _styles_by_name(styles) -> dict[str, ParagraphStyle]:
    return {field.name: getattr(styles, field.name) for field in dataclasses.fields(styles)
            if isinstance(getattr(styles, field.name), ParagraphStyle)}


def _paragraph_classes() -> dict[str, type]:
    """The memo's paragraph classes by module and name (`flowables.Para` and its kinds)."""
    found, waiting = {}, [flowables.Para]
    while waiting:
        kind = waiting.pop()
        found[f"{kind.__module__}:{kind.__qualname__}"] = kind
        waiting.extend(kind.__subclasses__())
    return found


def _file_key(key: tuple, names: dict[int, str]) -> tuple | None:
    """A memory key (class, markup, id of the style, options) as the file keeps it."""
    kind, text, style, options = key
    name = names.get(style)
    if name is None:
        return None
    return f"{kind.__module__}:{kind.__qualname__}", text, name, options


def _process_key(key: object, named: dict[str, ParagraphStyle],
                 classes: dict[str, type]) -> tuple | None:
    """A file's key as this process's memory keys it, or None (unknown class or style)."""
    if type(key) is not tuple or len(key) != 4:
        return None
    kind, text, name, options = key
    kind = classes.get(kind)
    style = named.get(name)
    if kind is None or style is None or type(text) is not str or type(options) is not tuple:
        return None
    return kind, text, id(style), options


def _well_formed(entry: object) -> bool:
    """A kept wrap as `WrapMemory.keep` makes it: (width, state, blocked, parsed, size)."""
    return (type(entry) is tuple and len(entry) == 5 and type(entry[0]) in (int, float)
            and type(entry[1]) is dict and "blPara" in entry[1]
            and (entry[2] is None or type(entry[2]) is tuple)
            and type(entry[3]) is tuple and len(entry[3]) == len(flowables.WrapMemory.PARSED)
            and type(entry[4]) is int)
