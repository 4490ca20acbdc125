"""The storage facade: the one way the app and the command line use session files.

Each session is one TinyDB file in the sessions folder. Every change runs as
a short transaction: take the file's lock, read what any other program wrote
since, apply the change to that, write the file atomically, let go. So two
programs on one file keep each other's changes, and a crash never tears it.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from phr_tui.errors import (
    PhrError,
    RubricError,
    SessionBusyError,
    SessionFileError,
    SessionLockedError,
)
from phr_tui.session import SCHEMA_VERSION, Phase, Session
from phr_tui.storage import (
    AtomicJSONStorage,
    backup_path,
    dump,
    stat_token,
    write_atomically,
)

T = TypeVar("T")

LOCK_WAIT_SECONDS = 5.0
SUFFIX = ".json"

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
"""Upgrades from each older schema version to the next; none are needed yet."""


def default_sessions_folder() -> Path:
    """The sessions folder: $PHR_SESSIONS, else ./sessions."""
    return Path(os.environ.get("PHR_SESSIONS", "sessions"))


def slug(text: str) -> str:
    """Text made safe for a file name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40] or "session"


@dataclass(frozen=True)
class SessionSummary:
    """What the home screen lists of a saved session, or why it cannot open."""

    path: Path
    title: str = ""
    partnership: str = ""
    date: str = ""
    phase: str = ""
    progress: str = ""
    problem: str = ""


class SessionStore:
    """One open session file and the session it holds."""

    def __init__(
        self, path: Path, session: Session, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.session = session
        self.read_only = read_only or session.phase is Phase.CLOSED
        self._storage = AtomicJSONStorage(path, read_only=read_only)
        self._db = TinyDB(storage=lambda: self._storage)
        self._docs = session.to_docs()
        self._token = stat_token(path)

    # Making and opening.

    @classmethod
    def create(cls, folder: Path, session: Session) -> SessionStore:
        """Save a new session in `folder` under a fresh file name."""
        folder.mkdir(parents=True, exist_ok=True)
        base = f"{session.date}-{slug(session.title)}"
        path = folder / f"{base}{SUFFIX}"
        number = 2
        while path.exists():
            path = folder / f"{base}-{number}{SUFFIX}"
            number += 1
        with _locked(path):
            write_atomically(path, dump(session.to_docs()), keep_backup=False)
        return cls(path, session)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> SessionStore:
        """Open a saved session; a SessionFileError says what is wrong with it."""
        path = Path(path)
        data = read_session_data(path)
        version = data["session"]["1"]["schema_version"]
        if version < SCHEMA_VERSION and not read_only:
            data = _migrate(path, data, version)
        session = session_from_data(path, data)
        return cls(path, session, read_only=read_only)

    # Changing.

    def change(self, edit: Callable[[Session], T]) -> T:
        """Apply `edit` to the latest session on disk and save it there.

        The edit raises PhrError to refuse; then nothing is written.
        """
        if self.read_only:
            raise SessionLockedError("This session is open read-only, for review.")
        with _locked(self.path):
            self._reload_if_changed()
            result = edit(self.session)
            self._save()
        return result

    def refresh(self) -> bool:
        """Read what another program saved; True when the session changed."""
        if stat_token(self.path) == self._token:
            return False
        with _locked(self.path):
            return self._reload_if_changed()

    def _reload_if_changed(self) -> bool:
        if stat_token(self.path) == self._token:
            return False
        data = read_session_data(self.path)
        self.session = session_from_data(self.path, data)
        self._docs = self.session.to_docs()
        self._token = stat_token(self.path)
        if self.session.phase is Phase.CLOSED:
            self.read_only = True
        return True

    def _save(self) -> None:
        docs = self.session.to_docs()
        self._storage.begin()
        try:
            for name, table_docs in docs.items():
                self._save_table(name, table_docs, self._docs.get(name, {}))
        except BaseException:
            self._storage.rollback()
            raise
        self._storage.commit()
        self._docs = docs
        self._token = stat_token(self.path)

    def _save_table(
        self,
        name: str,
        docs: dict[str, dict[str, Any]],
        before: dict[str, dict[str, Any]],
    ) -> None:
        table = self._db.table(name, cache_size=0)
        changed = [
            Document(doc, doc_id=int(key))
            for key, doc in docs.items()
            if before.get(key) != doc
        ]
        if changed:
            for document in changed:
                table.upsert(document)
        gone = [int(key) for key in before if key not in docs]
        if gone:
            table.remove(doc_ids=gone)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the session file's lock, shared by every phr process on this machine."""
    lock_path = path.with_name(f".{path.name}.lock")
    with open(lock_path, "a") as lock:
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
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_session_data(path: Path) -> dict[str, Any]:
    """A session file's JSON, checked for shape; SessionFileError when damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SessionFileError(path, "there is no such file.") from None
    except IsADirectoryError:
        raise SessionFileError(path, "this is a folder, not a session file.") from None
    except OSError as error:
        raise SessionFileError(path, f"it cannot be read ({error.strerror}).") from None
    backup = _good_backup(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError(
            path, "it is not UTF-8 text, so it is not a session file.", backup
        ) from None
    if not text.strip():
        raise SessionFileError(path, "the file is empty.", backup)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SessionFileError(
            path,
            f"the file is damaged: it stops being valid JSON at line {error.lineno}, "
            f"column {error.colno} (it may have been cut short).",
            backup,
        ) from None
    problem = _shape_problem(data)
    if problem:
        raise SessionFileError(path, problem, backup)
    version = data["session"]["1"]["schema_version"]
    if version > SCHEMA_VERSION:
        raise SessionFileError(
            path,
            f"it was written by a newer phr-tui (file format {version}; this one "
            f"reads up to {SCHEMA_VERSION}). Update phr-tui to open it.",
        )
    return data


def _shape_problem(data: Any) -> str:
    not_ours = "this is JSON, but not a phr-tui session file"
    if not isinstance(data, dict):
        return f"{not_ours}."
    meta_table = data.get("session")
    if not isinstance(meta_table, dict) or not isinstance(meta_table.get("1"), dict):
        return f"{not_ours}: it has no session details."
    version = meta_table["1"].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return f"{not_ours}: it has no file format version."
    return ""


def session_from_data(path: Path, data: dict[str, Any]) -> Session:
    """The session a file's data holds; SessionFileError when it does not fit."""
    try:
        session = Session.from_docs(data, path)
    except RubricError as error:
        detail = "; ".join(p.message for p in error.problems[:3])
        raise SessionFileError(
            path,
            f"the copy of the rubric inside it is damaged ({detail}).",
            _good_backup(path),
        ) from None
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise SessionFileError(
            path,
            f"part of the file is damaged or missing ({_describe(error)}).",
            _good_backup(path),
        ) from None
    problem = _reference_problem(session)
    if problem:
        raise SessionFileError(path, problem, _good_backup(path))
    return session


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"'{error.args[0]}' is missing"
    return str(error)


def _reference_problem(session: Session) -> str:
    rubric = session.rubric
    ratings = {r.id for r in rubric.scale}
    levels = {level.id for level in rubric.health_levels}
    indicators = {i.id for i in rubric.indicators}
    for participant in session.participants:
        for key, answer in participant.answers.items():
            if key not in indicators or answer.rating not in ratings | {None}:
                return (
                    f"{participant.name}'s answers name a rating or indicator "
                    "that is not in the session's rubric."
                )
        if participant.health not in levels | {None}:
            return f"{participant.name}'s overall health is not one of the rubric's levels."
    for key, discussion in session.discussions.items():
        if key not in indicators or discussion.agreed not in ratings | {None}:
            return "a discussion names a rating or indicator not in the rubric."
    return ""


def _good_backup(path: Path) -> Path | None:
    backup = backup_path(path)
    if not backup.is_file():
        return None
    try:
        data = json.loads(backup.read_text(encoding="utf-8"))
        if _shape_problem(data):
            return None
        Session.from_docs(data, backup)
    except Exception:  # noqa: BLE001 - any failure means the copy is no good
        return None
    return backup


def restore_backup(path: Path) -> Path:
    """Put the last good copy in place, keeping the damaged file beside it."""
    backup = _good_backup(path)
    if backup is None:
        raise SessionFileError(path, "there is no good copy to restore.")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    with _locked(path):
        if path.exists():
            os.replace(path, kept)
        shutil.copyfile(backup, path)
    return kept


def _migrate(path: Path, data: dict[str, Any], version: int) -> dict[str, Any]:
    original = path.with_name(f"{path.stem}.schema-{version}{path.suffix}")
    shutil.copyfile(path, original)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["session"]["1"]["schema_version"] = version
    with _locked(path):
        write_atomically(path, dump(data))
    return data


def list_sessions(folder: Path) -> list[SessionSummary]:
    """Every session file in the folder, newest date first, damaged ones too."""
    if not folder.is_dir():
        return []
    summaries = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name.startswith("."):
            continue
        try:
            data = read_session_data(path)
            meta = data["session"]["1"]
            session = session_from_data(path, data)
        except PhrError as error:
            summaries.append(SessionSummary(path, problem=str(error.args[0])))
            continue
        summaries.append(
            SessionSummary(
                path,
                title=session.title,
                partnership=session.partnership,
                date=session.date,
                phase=str(meta["phase"]),
                progress=session.progress_text,
            )
        )
    return sorted(
        summaries, key=lambda s: (s.problem == "", s.date, s.path.name), reverse=True
    )
