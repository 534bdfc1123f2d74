"""The memo typeset in a forked process gives the same outputs, and its failures surface."""

import pytest

from builders import build as building
from builders.loader import load
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def shipped():
    return load(SHIPPED)


def test_parallel_and_serial_builds_give_the_same_bytes(shipped):
    assert building.render_outputs(shipped, parallel=True) == building.render_outputs(
        shipped, parallel=False)


def test_a_failure_in_the_memo_process_is_raised_in_the_parent(shipped, monkeypatch):
    def broken(loaded, seed=None):
        raise ValueError("memo exploded")

    monkeypatch.setattr(building, "_render_memo", broken)
    with pytest.raises(ValueError, match="memo exploded"):
        building.render_outputs(shipped, parallel=True)


@pytest.mark.parametrize("platform, forks", [("linux", True), ("darwin", False),
                                             ("win32", False)])
def test_the_memo_is_forked_only_where_forking_is_safe(monkeypatch, platform, forks):
    import sys

    from builders import build as building

    monkeypatch.setattr(sys, "platform", platform)
    assert building._can_fork() is forks
