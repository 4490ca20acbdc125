"""The session file's lock, which keeps two programs' saves from crossing."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from phr_tui.errors import SessionBusyError, SessionSaveError

LOCK_WAIT_SECONDS = 5.0


def reason(error: BaseException) -> str:
    """Why a file could not be read or written, in a few plain words."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, UnicodeError):
        return "some text in it cannot be written as UTF-8"
    return str(error)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the session file's lock, shared by every phr process on this machine."""
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        lock = open(lock_path, "a")  # noqa: SIM115 - held across the yield
    except OSError as error:
        raise SessionSaveError(
            f"{path}: it cannot be changed, because phr-tui cannot make its lock "
            f"file in {path.parent} ({reason(error)}). Open it read-only to look.",
            path=path,
        ) from None
    with lock:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SessionBusyError(
                        f"Another program has been saving {path.name} for over "
                        f"{LOCK_WAIT_SECONDS:.0f} seconds. Try again in a moment."
                    ) from None
                time.sleep(0.005)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
