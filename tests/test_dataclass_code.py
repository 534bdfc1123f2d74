"""Dataclass functions compiled from the cache: the same code as `dataclasses` compiles,
a damaged cache is compiled anew, and nothing stays intercepted after the block."""

from __future__ import annotations

import builtins
import dataclasses
import sys
import types
from dataclasses import dataclass, field

import pytest

from builders import dataclass_code
from builders.dataclass_code import compiled_dataclasses
from tests.conftest import run_on_a_machine_of_its_own


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    return tmp_path


def make_class(module: str = "builders.memo.sample"):
    @dataclass(frozen=True)
    class Sample:
        __module__ = module
        name: str
        count: int = 2
        items: tuple = ()
        extra: dict = field(default_factory=dict, compare=False)

    return Sample


@pytest.fixture(autouse=True)
def sample_module(monkeypatch):
    """A module of this package for the classes made here (`dataclasses` runs their code
    in their module's namespace, and only this package's classes are cached)."""
    monkeypatch.setitem(sys.modules, "builders.memo.sample", types.ModuleType("builders.memo.sample"))
    monkeypatch.setitem(sys.modules, "elsewhere", types.ModuleType("elsewhere"))


def functions(cls) -> dict:
    return {name: getattr(cls, name).__code__ for name in
            ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")}


def test_classes_made_from_the_cache_have_the_code_dataclasses_compiles(cache, monkeypatch):
    plain = make_class()
    with compiled_dataclasses():
        missed = make_class()
    [kept] = cache.glob("dataclass-code-*")

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    with monkeypatch.context() as patched:
        patched.setattr(builtins, "compile", no_compiling)
        with compiled_dataclasses():
            cached = make_class()
    assert functions(plain) == functions(missed) == functions(cached)
    assert plain.__init__.__annotations__ == cached.__init__.__annotations__
    assert cached.__init__.__annotations__["return"] is None  # evaluated, as dataclasses does
    one = cached("a", 3, (1,), {"x": 1})
    assert one == cached("a", 3, (1,)) and repr(one) == repr(plain("a", 3, (1,), {"x": 1}))
    assert hash(one) == hash(cached("a", 3, (1,)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.name = "b"
    assert kept.stat().st_size > 1000


def test_nothing_stays_intercepted_and_errors_pass_through(cache):
    with pytest.raises(ZeroDivisionError):
        with compiled_dataclasses():
            assert "exec" in vars(dataclasses)
            1 / 0
    assert "exec" not in vars(dataclasses)
    assert list(cache.glob("dataclass-code-*")) == []   # nothing was compiled


@pytest.mark.parametrize("damage", [b"", b"x" * 40, None])
def test_a_damaged_cache_is_compiled_anew_and_replaced(cache, damage):
    with compiled_dataclasses():
        make_class()
    [kept] = cache.glob("dataclass-code-*")
    good = kept.read_bytes()
    kept.write_bytes(good[:-5] if damage is None else damage)
    assert dataclass_code.read_cache(kept) == {}
    with compiled_dataclasses():
        cls = make_class()
    assert cls("a").count == 2
    assert dataclass_code.read_cache(kept)


def test_the_memo_import_uses_the_cache_and_leaves_dataclasses_as_they_were(tmp_path):
    script = ("import dataclasses, sys\nimport builders.memo\n"
              "from builders import dataclass_code\n"
              "print(len(dataclass_code.read_cache(dataclass_code.cache_file())),"
              " 'exec' in vars(dataclasses))")
    runs = [run_on_a_machine_of_its_own(script, tmp_path).split() for _ in range(2)]
    [kept] = tmp_path.glob("dataclass-code-*")
    assert runs[0] == runs[1] and int(runs[0][0]) > 50 and runs[0][1] == "False"


def test_the_decks_import_uses_a_file_of_its_own_and_both_stay_whole(tmp_path):
    """The memo's and the decks' imports in one process (as in a build that typesets
    in series): each keeps its sources in its own file, and a second run compiles none."""
    script = ("import dataclasses, os, sys\n"
              "from builders import dataclass_code\n"
              "stamps = lambda: {p.name: os.stat(p).st_mtime_ns for p in"
              " dataclass_code.cache_file().parent.glob('dataclass-code-*')}\n"
              "before = stamps()\n"
              "import builders.memo, builders.deck\n"
              "print(len(dataclass_code.read_cache(dataclass_code.cache_file())),"
              " len(dataclass_code.read_cache(dataclass_code.cache_file('deck'))),"
              " before == stamps(), 'exec' in vars(dataclasses))")
    runs = [run_on_a_machine_of_its_own(script, tmp_path).split() for _ in range(2)]
    assert len(list(tmp_path.glob("dataclass-code-*"))) == 2
    memo, deck, unchanged, intercepted = runs[1]
    assert runs[0][:2] == runs[1][:2] and int(memo) > 50 and int(deck) > 50
    assert runs[0][2] == "False" and unchanged == "True"   # the second run wrote nothing
    assert intercepted == "False"


def test_deck_classes_from_the_cache_have_the_code_dataclasses_compiles(tmp_path):
    """The decks' dataclasses made from their file: the code `dataclasses` compiles."""
    script = ("import sys, dataclasses, builtins\n"
              "if sys.argv[1] == 'plain': dataclasses.exec = builtins.exec\n"
              "from builders.deck import plan, layout, drawing, reuse\n"
              "import marshal, hashlib\n"
              "codes = [getattr(cls, name).__code__ for module in (plan, layout, drawing, reuse)"
              " for cls in vars(module).values() if dataclasses.is_dataclass(cls)"
              " and cls.__module__ == module.__name__"
              " for name in ('__init__', '__repr__', '__eq__') if name in vars(cls)]\n"
              "print(len(codes), hashlib.sha256(marshal.dumps(codes)).hexdigest())")
    run = lambda how: run_on_a_machine_of_its_own(script, tmp_path, how)
    cached = [run("cached") for _ in range(2)]     # the first compiles, the second reads
    assert list(tmp_path.glob("dataclass-code-deck-*"))
    assert run("plain") == cached[0] == cached[1] and int(cached[0].split()[0]) > 30


def test_the_cache_keeps_what_the_last_import_that_compiled_used(cache):
    with compiled_dataclasses():
        make_class()
    [kept] = cache.glob("dataclass-code-*")
    first = set(dataclass_code.read_cache(kept))

    @dataclass
    class Other:
        __module__ = "builders.memo.sample"
        value: int = 0

    with compiled_dataclasses():
        @dataclass
        class Another:
            __module__ = "builders.memo.sample"
            number: float = 0.5
            label: str = "x"
    assert not (set(dataclass_code.read_cache(kept)) & first)   # only Another's functions
    with compiled_dataclasses():
        make_class()
    assert set(dataclass_code.read_cache(kept)) == first


def test_classes_of_other_packages_are_compiled_as_ever_and_not_kept(cache):
    with compiled_dataclasses():
        cls = make_class("elsewhere")
    assert cls("a").count == 2
    assert list(cache.glob("dataclass-code-*")) == []
