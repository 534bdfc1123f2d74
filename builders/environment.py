"""OSErrors met while writing outputs, put in words: the path, what is wrong, what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from .errors import OutputError

_LOCKED_WINERRORS = {32, 33}   # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def environment_error(error: OSError, path: Path) -> OutputError:
    """An OSError while writing outputs, as one line: the path, what is wrong, what to do."""
    code = error.errno
    if getattr(error, "winerror", None) in _LOCKED_WINERRORS or code in (errno.EBUSY,
                                                                          errno.ETXTBSY):
        return OutputError(path, "the file is open in another program (PowerPoint and "
                           "Acrobat keep their files locked); close it there and run again")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return OutputError(path, "the disk is full; free some space (or choose another "
                           "--out) and run again")
    if code == errno.EROFS:
        return OutputError(path, "the disk is read-only; choose another --out")
    if code in (errno.EACCES, errno.EPERM):
        return OutputError(path, "permission denied; choose another --out or ask for "
                           "write access to this folder")
    if code == errno.EISDIR:
        return OutputError(path, "a folder stands where the build writes a file; move or "
                           "rename the folder")
    if code == errno.ENOTDIR:
        return OutputError(path, "is not a folder; choose another --out (a folder, or a "
                           "name that does not exist yet)")
    reason = error.strerror or type(error).__name__
    return OutputError(path, f"cannot write here ({reason.lower()}); check the folder "
                       "and run again")


def shown(path: Path) -> str:
    """The path as the user named it; an absolute one relative to the working directory
    when inside it."""
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
