"""Ctrl-C, SIGTERM and SIGHUP during a build: raised as `Interrupted`, so that every
temporary is removed on the way out; held back while the output set is being swapped."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from .errors import Interrupted

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                if hasattr(signal, name))

_state = threading.local()
_pending: list[int] = []
_holding = [0]


def _name(signum: int) -> str:
    return "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name


def _handler(signum, frame) -> None:
    if _holding[0]:
        _pending.append(signum)
        return
    raise Interrupted(signum, _name(signum))


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """While inside, Ctrl-C, SIGTERM and SIGHUP raise Interrupted in the main thread.

    Only signals still at Python's default handling are taken over; elsewhere than in the
    main thread this does nothing (signal handlers can only be set there).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    replaced = {}
    for signum in SIGNALS:
        current = signal.getsignal(signum)
        if current in (signal.SIG_DFL, signal.default_int_handler):
            replaced[signum] = current
            signal.signal(signum, _handler)
    try:
        yield
    finally:
        for signum, previous in replaced.items():
            signal.signal(signum, previous)


@contextmanager
def held_signals() -> Iterator[None]:
    """Signals that arrive inside are acted on when it ends (after a swap of the outputs,
    which must not stop halfway)."""
    _holding[0] += 1
    try:
        yield
    finally:
        _holding[0] -= 1
    if not _holding[0] and _pending:
        signum = _pending[0]
        _pending.clear()
        raise Interrupted(signum, _name(signum), finished=True)


def reset_in_child() -> None:
    """In a forked worker: Ctrl-C is for the parent (it ends the worker); the others kill."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN if signum == signal.SIGINT else signal.SIG_DFL)
