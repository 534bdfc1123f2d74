"""One build at a time per output folder: an exclusive lock on `.briefing-build.lock`,
which says which process holds it."""

from __future__ import annotations

import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .environment import environment_error, shown
from .errors import OutputError

LOCK = ".briefing-build.lock"


@contextmanager
def folder_lock(folder: Path, wait: float = 15.0,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the folder's build lock; after `wait` seconds say who holds it instead.
    `on_wait` hears once that the build waits, and for whom."""
    path = folder / LOCK
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise environment_error(error, folder) from None
        if _try_lock(descriptor):
            if _still_named(descriptor, path):
                break
            os.close(descriptor)       # the holder removed it as we opened it: again
            continue
        holder = _read(descriptor)
        os.close(descriptor)
        if time.monotonic() >= deadline:
            raise OutputError(shown(folder), f"another build is writing to this folder "
                              f"({holder or 'a build that is starting'}); wait for it to "
                              "finish, or stop it, and run again")
        if on_wait is not None and not told:
            on_wait(f"waiting for another build of {shown(folder)}/ "
                    f"({holder or 'a build that is starting'}) to finish")
            told = True
        time.sleep(0.1)
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, (f"process {os.getpid()} on {socket.gethostname()}, since "
                              f"{time.strftime('%H:%M:%S')}").encode())
        yield
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
        _unlock(descriptor)
        os.close(descriptor)


def _try_lock(descriptor: int) -> bool:
    try:
        import fcntl
    except ImportError:                # Windows
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(descriptor: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        try:
            os.lseek(descriptor, 0, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    fcntl.flock(descriptor, fcntl.LOCK_UN)


def _still_named(descriptor: int, path: Path) -> bool:
    try:
        named = os.stat(path)
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _read(descriptor: int) -> str:
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        return os.read(descriptor, 200).decode("utf-8", "replace").strip()
    except OSError:
        return ""
