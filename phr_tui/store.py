"""The storage facade: the one way the app and the command line use session files.

Each session is one TinyDB file in the sessions folder. Every change runs as
a short transaction: take the file's lock, read what any other program wrote
since, apply the change to that, write the file atomically, let go. So two
programs on one file keep each other's changes, and a crash never tears it.
A file that is damaged, or that becomes damaged while open, is never written.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from phr_tui import session_file
from phr_tui.errors import (
    PhrError,
    SessionFileError,
    SessionLockedError,
    SessionSaveError,
)
from phr_tui.file_lock import locked, reason
from phr_tui.session import SCHEMA_VERSION, Phase, Session
from phr_tui.session_file import load_session, read_session_data, session_from_data
from phr_tui.storage import (
    AtomicJSONStorage,
    DocumentText,
    backup_path,
    read_version,
    renew_backup,
    replace_file,
    temporary_files,
)
from phr_tui.words import plural

__all__ = [
    "SLUG_BYTES",
    "SLUG_CHARACTERS",
    "SUFFIX",
    "SessionStore",
    "SessionSummary",
    "default_sessions_folder",
    "list_sessions",
    "load_session",
    "read_session_data",
    "restore_backup",
    "session_from_data",
    "slug",
]

T = TypeVar("T")

SUFFIX = ".json"


def default_sessions_folder() -> Path:
    """The sessions folder: $PHR_SESSIONS, else ./sessions."""
    return Path(os.environ.get("PHR_SESSIONS", "sessions"))


SLUG_CHARACTERS, SLUG_BYTES = 40, 120
"""A slug's most characters, and most bytes in UTF-8 (file names allow 255)."""


def slug(text: str) -> str:
    """Text made safe for a file name, keeping letters and digits of any script.

    Casefolded and NFC-normalised; every run of other characters (spaces,
    punctuation, '/', '.', emoji, control characters) becomes one '-'. Text
    with no letter or digit at all gives "session".
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    kept: list[str] = []
    for char in folded:
        kind = unicodedata.category(char)[0]
        # A mark (an accent, a vowel sign) belongs to the letter before it;
        # one with no letter to carry it goes with the other characters.
        if kind in "LN" or (kind == "M" and kept and kept[-1] != "-"):
            kept.append(char)
        elif not kept or kept[-1] != "-":
            kept.append("-")
    cut = "".join(kept).strip("-")[:SLUG_CHARACTERS]
    while len(cut.encode("utf-8")) > SLUG_BYTES:
        cut = cut[:-1]
    return cut.strip("-") or "session"


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

    @property
    def opens(self) -> bool:
        """Whether the file opens as a session (it has no problem)."""
        return not self.problem

    @staticmethod
    def headline(summaries: Sequence[SessionSummary], folder: Path) -> str:
        """What a listing holds, counting only files that open as sessions.

        Such as "2 sessions in sessions", "1 session in sessions · 12 files
        cannot be opened", or "Sessions folder: sessions" when it is empty.
        """
        if not summaries:
            return f"Sessions folder: {folder}"
        good = sum(summary.opens for summary in summaries)
        bad = len(summaries) - good
        words = f"{plural(good, 'session')} in {folder}"
        if bad:
            words += f" · {plural(bad, 'file')} cannot be opened"
        return words


class SessionStore:
    """One open session file and the session it holds."""

    def __init__(
        self, path: Path, session: Session, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.session = session
        self.read_only = read_only or session.phase is Phase.CLOSED
        self.original_copy: Path | None = None
        """Where the file was kept as it was, when opening upgraded its format."""
        self._storage = AtomicJSONStorage(path, read_only=read_only)
        self._db = TinyDB(storage=lambda: self._storage)
        self._docs = session.to_docs()
        self._swept = False

    # Making and opening.

    @classmethod
    def create(cls, folder: Path, session: Session) -> SessionStore:
        """Save a new session in `folder` under a fresh file name."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SessionSaveError(
                f"The sessions folder {folder} cannot be made: {reason(error)}."
            ) from None
        docs = session.to_docs()
        content = DocumentText().encode(docs)
        base = f"{session.date}-{slug(session.title)}"
        for number in count(1):
            path = folder / f"{base}{'' if number == 1 else f'-{number}'}{SUFFIX}"
            try:
                version = replace_file(path, content, exclusive=True)
            except FileExistsError:
                continue
            except OSError as error:
                raise SessionSaveError(
                    f"The session cannot be saved in {folder}: {reason(error)}."
                ) from None
            break
        store = cls(path, session)
        store._storage.adopt(docs, version)
        return store

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> SessionStore:
        """Open a saved session; a SessionFileError says what is wrong with it.

        A file in an older format is upgraded, keeping the original beside it
        (in memory only when opened read-only).
        """
        path = Path(path)
        if path.is_symlink():
            # A save renames a new file into place, which would replace the
            # link itself; saving to the file it points at keeps the link.
            path = path.resolve()
        raw, version = session_file.read(path)
        data = session_file.parse(path, raw)
        schema = data["session"]["1"]["schema_version"]
        original = None
        if schema < SCHEMA_VERSION:
            if read_only:
                data = session_file.upgrade(path, data, schema)
            else:
                version.close()
                data, version, original = session_file.migrate(path)
        session = session_from_data(path, data)
        store = cls(path, session, read_only=read_only)
        store._storage.adopt(data, version)
        store.original_copy = original
        return store

    # Changing.

    def change(
        self, edit: Callable[[Session], T], *, forget_earlier: bool = False
    ) -> T:
        """Apply `edit` to the latest session on disk and save it there.

        The edit raises PhrError to refuse; then nothing is written, and the
        session is as it was before the edit. With `forget_earlier`, the
        backup becomes the new version, so what the edit cleared is gone from
        the disk too.
        """
        if self.read_only:
            raise SessionLockedError("This session is open read-only, for review.")
        with locked(self.path):
            self._sweep()
            if not self._storage.current:
                self._reload_for_change()
            try:
                result = edit(self.session)
                self._save()
            except BaseException:
                self._undo()
                raise
            if forget_earlier:
                self._forget_earlier()
        return result

    def refresh(self) -> bool:
        """Read what another program saved; True when the session changed.

        Needs no lock: a save replaces the file whole, so a read sees one
        version or the other.
        """
        if self._storage.current:
            return False
        self._reload()
        return True

    def close(self) -> None:
        """Let go of the session file."""
        self._storage.close()

    def _reload(self) -> None:
        raw, version = session_file.read(self.path)
        data = session_file.parse(self.path, raw)
        schema = data["session"]["1"]["schema_version"]
        if schema < SCHEMA_VERSION:
            # An older phr-tui saved it meanwhile; the next save upgrades it.
            data = session_file.upgrade(self.path, data, schema)
        kept = self.session.rubric
        rubric_table = data.get("rubric")
        same_rubric = (
            isinstance(rubric_table, dict) and rubric_table.get("1") == kept.data
        )
        self.session = session_from_data(
            self.path, data, rubric=kept if same_rubric else None
        )
        self._docs = self.session.to_docs()
        self._storage.adopt(data, version)
        if self.session.phase is Phase.CLOSED:
            self.read_only = True

    def _reload_for_change(self) -> None:
        try:
            self._reload()
        except SessionFileError as error:
            advice = (
                " Open it again from the home screen to restore its last good copy."
                if error.backup is not None
                else ""
            )
            raise SessionSaveError(
                f"{error.path}: {error.problem}\nThe change was not saved, and the "
                f"file was left as it is.{advice}",
                path=self.path,
            ) from None
        if self.read_only:
            raise SessionLockedError(
                "This session was closed in another program; it is now read-only."
            )

    def _save(self) -> None:
        docs = self.session.to_docs()
        self._storage.begin()
        try:
            for name, table_docs in docs.items():
                self._save_table(name, table_docs, self._docs.get(name, {}))
            self._storage.commit()
        except (OSError, UnicodeError) as error:
            self._storage.rollback()
            raise SessionSaveError(
                f"{self.path}: the change could not be saved ({reason(error)}). "
                "The file holds the session as it was before it.",
                path=self.path,
            ) from None
        except BaseException:
            self._storage.rollback()
            raise
        self._docs = docs

    def _save_table(
        self,
        name: str,
        docs: dict[str, dict[str, Any]],
        before: dict[str, dict[str, Any]],
    ) -> None:
        table = self._db.table(name, cache_size=0)
        for key, doc in docs.items():
            if before.get(key) == doc:
                continue
            doc_id = int(key)
            # TinyDB's update merges fields; a document is replaced whole so a
            # field that is gone does not linger in the file.
            if not table.update(_replacing(doc), doc_ids=[doc_id]):
                table.insert(Document(doc, doc_id=doc_id))
        gone = [int(key) for key in before if key not in docs]
        if gone:
            table.remove(doc_ids=gone)

    def _forget_earlier(self) -> None:
        try:
            renew_backup(self.path)
        except OSError as error:
            raise SessionSaveError(
                f"{self.path}: the change is saved, but the earlier copy "
                f"{backup_path(self.path).name} could not be replaced "
                f"({reason(error)}); delete it by hand.",
                path=self.path,
            ) from None

    def _undo(self) -> None:
        """Put the session back as it was last saved, after a refused edit."""
        try:
            unchanged = self.session.to_docs() == self._docs
        except Exception:  # noqa: BLE001 - an edit that broke the session
            unchanged = False
        if not unchanged:
            self.session = Session.from_docs(
                self._docs, self.path, rubric=self.session.rubric
            )

    def _sweep(self) -> None:
        """Remove temporary files a killed save left; only safe under the lock."""
        if self._swept:
            return
        self._swept = True
        for leftover in temporary_files(self.path):
            leftover.unlink(missing_ok=True)


def _replacing(doc: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def replace(existing: dict[str, Any]) -> None:
        existing.clear()
        existing.update(doc)

    return replace


def restore_backup(path: Path) -> Path:
    """Put the last good copy in place, keeping the damaged file beside it.

    Returns where the damaged file is kept (or would have been, had it existed).
    """
    with locked(path):
        backup = session_file.good_backup(path)
        if backup is None:
            raise SessionFileError(path, "there is no good copy to restore.")
        if _opens(path):
            raise SessionFileError(
                path, "it opens as it is, so its last good copy was not put back."
            )
        content, version = read_version(backup)
        version.close()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = _free_name(path.with_name(f"{path.name}.damaged-{stamp}"))
        try:
            if path.exists() or path.is_symlink():
                os.replace(path, kept)
            replace_file(path, content, keep_backup=False).close()
        except OSError as error:
            raise SessionSaveError(
                f"{path}: the last good copy could not be put in place "
                f"({reason(error)}).",
                path=path,
            ) from None
    return kept


def _opens(path: Path) -> bool:
    try:
        load_session(path)
    except PhrError:
        return False
    return True


def _free_name(path: Path) -> Path:
    candidate = path
    for number in count(2):
        if not candidate.exists():
            return candidate
        candidate = path.with_name(f"{path.name}-{number}")
    raise AssertionError("unreachable")


# The sessions folder.


def list_sessions(folder: Path) -> list[SessionSummary]:
    """Every session file in the folder, newest date first, damaged ones too."""
    if not folder.is_dir():
        return []
    summaries = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name.startswith("."):
            continue
        try:
            session = load_session(path)
        except PhrError as error:
            problem = error.problem if isinstance(error, SessionFileError) else ""
            summaries.append(
                SessionSummary(path, problem=problem or str(error.args[0]))
            )
            continue
        summaries.append(
            SessionSummary(
                path,
                title=session.title,
                partnership=session.partnership,
                date=session.date,
                phase=session.phase.value,
                progress=session.progress_text,
            )
        )
    return sorted(
        summaries, key=lambda s: (s.problem == "", s.date, s.path.name), reverse=True
    )
