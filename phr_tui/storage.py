"""A TinyDB storage that never leaves a torn session file behind.

TinyDB's stock JSON storage rewrites its file in place, so a crash or a full
disk mid-save can leave half a file. This one writes a temporary file beside
the session, syncs it to disk, keeps the previous version as a hard-linked
`.bak`, swaps the new file in with an atomic rename and syncs the folder, so
the rename itself survives a power cut.

The JSON is UTF-8 with non-ASCII kept as it is and no byte-order mark (one
is accepted when reading), indented so people can read it; a container of
plain values stays on one line (one answer, one rating). Only the documents
that changed since the last save are encoded again, which keeps a save of a
large session cheap.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from phr_tui.errors import PhrError

Token = tuple[int, int, int, int]
"""A file version's device, inode, modification time and size."""


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: setting the umask to read it is not safe across threads.
_ORDINARY_MODE = 0o666 & ~_read_umask()


def backup_path(path: Path) -> Path:
    """Where the last good copy of a session file is kept."""
    return path.with_name(path.name + ".bak")


def temporary_files(path: Path) -> list[Path]:
    """Temporary files a save of `path` may have left when it was killed."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def _token(status: os.stat_result) -> Token:
    return (status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size)


def stat_token(path: Path) -> Token | None:
    """What changes whenever the file is replaced, or None when it is gone."""
    try:
        return _token(path.stat())
    except (FileNotFoundError, NotADirectoryError):
        return None


class FileVersion:
    """One version of a file, held open so its inode cannot be reused.

    Saving replaces the file, so the inode tells versions apart; holding the
    old one open stops the system giving its number to a newer file, which
    would make a changed file look unchanged.
    """

    def __init__(self, descriptor: int) -> None:
        self._descriptor: int | None = descriptor
        self.token: Token = _token(os.fstat(descriptor))

    def is_current(self, path: Path) -> bool:
        """Whether `path` is still exactly this version."""
        return stat_token(path) == self.token

    def close(self, _close: Any = os.close) -> None:
        """Let go of the file."""
        # os.close is bound early: __del__ may run while the interpreter exits.
        if self._descriptor is not None:
            with contextlib.suppress(OSError):
                _close(self._descriptor)
            self._descriptor = None

    def __del__(self) -> None:
        self.close()


def read_version(path: Path) -> tuple[bytes, FileVersion]:
    """The file's bytes and the version they were read from."""
    descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        version = FileVersion(descriptor)
    except BaseException:
        os.close(descriptor)
        raise
    if stat.S_ISDIR(os.fstat(descriptor).st_mode):
        version.close()
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    chunks = []
    try:
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
    except BaseException:
        version.close()
        raise
    return b"".join(chunks), version


def replace_file(
    path: Path,
    content: bytes,
    *,
    keep_backup: bool = True,
    exclusive: bool = False,
) -> FileVersion:
    """Replace `path` with `content` so a reader sees the old file or the new one.

    With `exclusive`, refuse (FileExistsError) when `path` already exists.
    Returns the new version, held open.
    """
    # Renaming over a device or a pipe (say -o /dev/null) would put a plain
    # file in its place, breaking it for every other program on the machine.
    if path.exists() and not path.is_file():
        raise PhrError(
            f"{path} is not an ordinary file, so phr will not write over it."
        )
    folder = path.parent
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=folder
    )
    try:
        # mkstemp makes the file private to us; a session file is read by the
        # team's other tools, so it gets the mode it had, or an ordinary one.
        os.fchmod(descriptor, _mode_for(path))
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
        version = FileVersion(descriptor)
    except BaseException:
        os.close(descriptor)
        Path(temporary).unlink(missing_ok=True)
        raise
    try:
        if exclusive:
            _link_new(temporary, path)
        else:
            if keep_backup:
                _keep_backup(path)
            os.replace(temporary, path)
    except BaseException:
        version.close()
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return version


def write_atomically(
    path: Path, content: str | bytes, *, keep_backup: bool = True
) -> None:
    """Replace `path` with `content` (text is written as UTF-8), atomically."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    replace_file(path, data, keep_backup=keep_backup).close()


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return _ORDINARY_MODE


def _link_new(temporary: str, path: Path) -> None:
    try:
        # A hard link never replaces an existing file, so two programs making
        # a session of the same name at once both keep theirs.
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems have no hard links; fall back to check-then-rename.
        if path.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _keep_backup(path: Path) -> None:
    if not path.is_file():
        return
    backup = backup_path(path)
    backup.unlink(missing_ok=True)
    # A hard link costs no copy, and the rename that follows leaves it
    # pointing at the previous version. Without one there is no backup.
    with contextlib.suppress(OSError):
        os.link(path, backup)


def renew_backup(path: Path) -> None:
    """Make the backup the file as it is now, so no earlier version stays on disk."""
    backup = backup_path(path)
    backup.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        os.link(path, backup)
    _sync_folder(path.parent)


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


# Encoding.

_compact = json.JSONEncoder(ensure_ascii=False).encode
_text = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _pretty(value: Any, depth: int) -> str:
    """JSON of `value`, indented one space a level; flat containers on one line."""
    if isinstance(value, dict) and value and not _flat(value.values()):
        pad = "\n" + " " * (depth + 1)
        items = [
            f"{pad}{_key(key)}: {_pretty(item, depth + 1)}"
            for key, item in value.items()
        ]
        return "{" + ",".join(items) + "\n" + " " * depth + "}"
    if isinstance(value, list) and value and not _flat(value):
        pad = "\n" + " " * (depth + 1)
        items = [pad + _pretty(item, depth + 1) for item in value]
        return "[" + ",".join(items) + "\n" + " " * depth + "]"
    return _compact(value)


def _flat(values: Any) -> bool:
    return not any(isinstance(value, dict | list) for value in values)


def _key(key: Any) -> str:
    return _text(key) if isinstance(key, str) else _compact(str(key))


def dump(data: dict[str, Any]) -> str:
    """Session data as the readable UTF-8 JSON kept on disk."""
    return _pretty(data, 0) + "\n"


class DocumentText:
    """Encodes TinyDB tables, reusing the text of documents that did not change.

    A document's text is reused while the document equals a shallow copy kept
    from when it was encoded. TinyDB replaces a document's fields rather than
    changing them inside, so comparing the top level is enough, and it is
    cheap: unchanged fields are the very same objects.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[dict[str, Any], bytes]] = {}

    def encode(self, data: dict[str, Any]) -> bytes:
        """The whole file's bytes."""
        if not data:
            return b"{}\n"
        parts = [b"{"]
        known: dict[tuple[str, str], tuple[dict[str, Any], bytes]] = {}
        for n, (name, table) in enumerate(data.items()):
            parts.append(b"," if n else b"")
            parts.append(f"\n {_key(name)}: ".encode())
            if not isinstance(table, dict) or not table:
                parts.append(_pretty(table, 1).encode())
                continue
            parts.append(b"{")
            for m, (doc_id, doc) in enumerate(table.items()):
                parts.append(f"{',' if m else ''}\n  {_key(doc_id)}: ".encode())
                parts.append(self._document(known, str(name), str(doc_id), doc))
            parts.append(b"\n }")
        parts.append(b"\n}\n")
        # Forget documents that are gone, so the cache never outgrows the file.
        self._known = known
        return b"".join(parts)

    def _document(
        self,
        known: dict[tuple[str, str], tuple[dict[str, Any], bytes]],
        name: str,
        doc_id: str,
        doc: Any,
    ) -> bytes:
        key = (name, doc_id)
        cached = self._known.get(key)
        if cached is not None and cached[0] == doc:
            known[key] = cached
            return cached[1]
        text = _pretty(doc, 2).encode("utf-8")
        if isinstance(doc, dict):
            known[key] = (dict(doc), text)
        return text


class AtomicJSONStorage(Storage):
    """TinyDB storage: JSON on disk, replaced atomically, one write per batch.

    It remembers the data it last read or wrote, and trusts it only while the
    file on disk is still that version, so another program's save is always
    read afresh.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._data: dict[str, Any] | None = None
        self._version: FileVersion | None = None
        self._batch: dict[str, Any] | None = None
        self._text = DocumentText()
        self.batching = False

    @property
    def current(self) -> bool:
        """Whether what this storage holds is what the file holds now."""
        return (
            self._data is not None
            and self._version is not None
            and self._version.is_current(self.path)
        )

    def adopt(self, data: dict[str, Any], version: FileVersion) -> None:
        """Hold data already read from `version` of the file, as if read here."""
        self._forget()
        self._data, self._version = data, version

    def read(self) -> dict[str, Any] | None:
        """The file's data; TinyDB treats None as an empty database."""
        if self.batching and self._batch is not None:
            return self._batch
        if self._data is None or (not self.batching and not self.current):
            try:
                raw, version = read_version(self.path)
            except FileNotFoundError:
                return None
            # A byte-order mark some editors write is read past, never written.
            self.adopt(json.loads(raw.decode("utf-8-sig")), version)
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        """Keep the data, now or at the end of the batch."""
        if self.read_only:
            raise PermissionError(f"{self.path} is open read-only")
        if self.batching:
            self._batch = data
            return
        try:
            version = replace_file(self.path, self._text.encode(data))
        except BaseException:
            # TinyDB changed the data in place, so it no longer matches the file.
            self._forget()
            raise
        self._forget()
        self._data, self._version = data, version

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
        """Forget what the batch gathered, and the data TinyDB may have touched."""
        self.batching = False
        self._batch = None
        self._forget()

    def _forget(self) -> None:
        if self._version is not None:
            self._version.close()
        self._data = self._version = None

    def close(self) -> None:
        """Let go of the file version held open."""
        self._forget()
