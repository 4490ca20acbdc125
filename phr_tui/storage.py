"""A TinyDB storage that never leaves a torn session file behind.

TinyDB's stock JSON storage rewrites its file in place, so a crash or a full
disk mid-save can leave half a file. This one writes a temporary file beside
the session, flushes it to disk, keeps the previous version as a hard-linked
`.bak`, and swaps the new file in with an atomic rename.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: setting the umask to read it is not safe across threads.
_ORDINARY_MODE = 0o666 & ~_read_umask()


def backup_path(path: Path) -> Path:
    """Where the last good copy of a session file is kept."""
    return path.with_name(path.name + ".bak")


def stat_token(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced, or None when it is gone."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def write_atomically(path: Path, text: str, *, keep_backup: bool = True) -> None:
    """Replace `path` with `text` so a reader sees the old file or the new one."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=folder
    )
    try:
        # mkstemp makes the file private to us; a session file is read by the
        # team's other tools, so give it the mode an ordinary new file gets.
        os.fchmod(handle, _ordinary_mode())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if keep_backup and path.exists():
            backup = backup_path(path)
            backup.unlink(missing_ok=True)
            # A hard link costs no copy, and the rename below leaves it pointing
            # at the previous version.
            with contextlib.suppress(OSError):
                os.link(path, backup)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _ordinary_mode() -> int:
    return _ORDINARY_MODE


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def dump(data: dict[str, Any]) -> str:
    """Session data as the readable UTF-8 JSON kept on disk."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


class AtomicJSONStorage(Storage):
    """JSON on disk, replaced atomically; remembers what it last read or wrote.

    The cache is trusted only while the file on disk is the one it read or
    wrote, so another program's change is always read afresh.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._cache: dict[str, Any] | None = None
        self._token: tuple[int, int, int] | None = None
        self._batch: dict[str, Any] | None = None
        self.batching = False

    def read(self) -> dict[str, Any] | None:
        """The file's data; TinyDB treats None as an empty database."""
        if self.batching and self._batch is not None:
            return self._batch
        token = stat_token(self.path)
        if token is not None and token == self._token and self._cache is not None:
            return self._cache
        if token is None:
            return None
        text = self.path.read_text(encoding="utf-8")
        data = json.loads(text)
        self._cache, self._token = data, token
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Keep the data, now or at the end of the batch."""
        if self.read_only:
            raise PermissionError(f"{self.path} is open read-only")
        if self.batching:
            self._batch = data
            return
        write_atomically(self.path, dump(data))
        self._cache, self._token = data, stat_token(self.path)

    def begin(self) -> None:
        """Gather TinyDB's writes so they reach the disk as one file."""
        self.batching = True
        self._batch = None

    def commit(self) -> bool:
        """Write what the batch gathered; True when anything was written."""
        self.batching = False
        data, self._batch = self._batch, None
        if data is None:
            return False
        self.write(data)
        return True

    def rollback(self) -> None:
        """Forget what the batch gathered, and the cache TinyDB may have touched."""
        self.batching = False
        self._batch = None
        self._cache = self._token = None

    @property
    def known_token(self) -> tuple[int, int, int] | None:
        """The file version this storage last read or wrote."""
        return self._token

    def close(self) -> None:
        """Nothing stays open between reads and writes."""
