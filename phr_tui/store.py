"""The storage facade: the one way the app and the command line use session files.

Each session is one TinyDB file in the sessions folder. Every change runs as
a short transaction: take the file's lock, read what any other program wrote
since, apply the change to that, write the file atomically, let go. So two
programs on one file keep each other's changes, and a crash never tears it.
A file that is damaged, or that becomes damaged while open, is never written.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import count
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
    SessionSaveError,
)
from phr_tui.rubric import Rubric
from phr_tui.session import SCHEMA_VERSION, Phase, Session
from phr_tui.storage import (
    AtomicJSONStorage,
    DocumentText,
    FileVersion,
    backup_path,
    read_version,
    replace_file,
    temporary_files,
)
from phr_tui.words import plural

T = TypeVar("T")

LOCK_WAIT_SECONDS = 5.0
SUFFIX = ".json"

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
"""Upgrades from each older schema version to the next; none are needed yet.

`MIGRATIONS[n]` takes a file's data in format n and returns it in format n + 1.
"""


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
                f"The sessions folder {folder} cannot be made: {_reason(error)}."
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
                    f"The session cannot be saved in {folder}: {_reason(error)}."
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
        raw, version = _read(path)
        data = _parse(path, raw)
        schema = data["session"]["1"]["schema_version"]
        original = None
        if schema < SCHEMA_VERSION:
            if read_only:
                data = _upgrade(path, data, schema)
            else:
                version.close()
                data, version, original = _migrate(path)
        session = session_from_data(path, data)
        store = cls(path, session, read_only=read_only)
        store._storage.adopt(data, version)
        store.original_copy = original
        return store

    # Changing.

    def change(self, edit: Callable[[Session], T]) -> T:
        """Apply `edit` to the latest session on disk and save it there.

        The edit raises PhrError to refuse; then nothing is written, and the
        session is as it was before the edit.
        """
        if self.read_only:
            raise SessionLockedError("This session is open read-only, for review.")
        with _locked(self.path):
            self._sweep()
            if not self._storage.current:
                self._reload_for_change()
            try:
                result = edit(self.session)
                self._save()
            except BaseException:
                self._undo()
                raise
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
        raw, version = _read(self.path)
        data = _parse(self.path, raw)
        schema = data["session"]["1"]["schema_version"]
        if schema < SCHEMA_VERSION:
            # An older phr-tui saved it meanwhile; the next save upgrades it.
            data = _upgrade(self.path, data, schema)
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
                f"{self.path}: the change could not be saved ({_reason(error)}). "
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


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, UnicodeError):
        return "some text in it cannot be written as UTF-8"
    return str(error)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the session file's lock, shared by every phr process on this machine."""
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        lock = open(lock_path, "a")  # noqa: SIM115 - held across the yield
    except OSError as error:
        raise SessionSaveError(
            f"{path}: it cannot be changed, because phr-tui cannot make its lock "
            f"file in {path.parent} ({_reason(error)}). Open it read-only to look.",
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


# Reading and checking a session file.


def read_session_data(path: Path) -> dict[str, Any]:
    """A session file's data in the current format; SessionFileError when damaged.

    The data is checked for shape; `session_from_data` checks the rest. An
    older format is upgraded in memory only.
    """
    raw, version = _read(path)
    version.close()
    data = _parse(path, raw)
    schema = data["session"]["1"]["schema_version"]
    if schema < SCHEMA_VERSION:
        data = _upgrade(path, data, schema)
    return data


def load_session(path: Path) -> Session:
    """The session a file holds, checked; SessionFileError when it cannot be used."""
    return session_from_data(path, read_session_data(path))


def _read(path: Path) -> tuple[bytes, FileVersion]:
    try:
        return read_version(path)
    except FileNotFoundError:
        raise SessionFileError(path, "there is no such file.") from None
    except IsADirectoryError:
        raise SessionFileError(path, "this is a folder, not a session file.") from None
    except NotADirectoryError:
        raise SessionFileError(
            path, "there is no such file (part of its path is not a folder)."
        ) from None
    except PermissionError:
        raise SessionFileError(
            path,
            "phr-tui is not allowed to read it. Check the file's permissions.",
        ) from None
    except OSError as error:
        raise SessionFileError(path, f"it cannot be read ({_reason(error)}).") from None


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    """The file's JSON, checked for shape and format version."""
    try:
        # Some editors save UTF-8 with a byte-order mark; phr-tui never writes one.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _damaged(
            path,
            "it is not UTF-8 text (it looks like a binary file), so it is not "
            "a session file.",
        ) from None
    if not text.strip():
        what = "the file is empty" if not raw else "the file holds only blank space"
        raise _damaged(path, f"{what}; it may have been cut short or wiped.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _damaged(path, _json_problem(text, error)) from None
    except (ValueError, RecursionError):
        raise _damaged(
            path,
            "it is not a session file: its JSON is nested too deep or holds "
            "numbers too long to read.",
        ) from None
    problem = _shape_problem(data)
    if problem:
        raise _damaged(path, problem)
    schema = data["session"]["1"]["schema_version"]
    if schema > SCHEMA_VERSION:
        raise SessionFileError(
            path,
            f"it was written by a newer phr-tui (file format {schema}; this one "
            f"reads up to {SCHEMA_VERSION}). Update phr-tui to open it.",
        )
    return data


def _damaged(path: Path, problem: str) -> SessionFileError:
    return SessionFileError(path, problem, _good_backup(path))


def _json_problem(text: str, error: json.JSONDecodeError) -> str:
    # JSON reports an unfinished string where the string starts; it too means
    # the text ran out.
    ran_out = error.pos >= len(text.rstrip()) or error.msg.startswith(
        "Unterminated string"
    )
    if ran_out:
        return (
            "it ends in the middle of its data, so it was probably cut short "
            "while being saved."
        )
    if error.pos == len(text) - len(text.lstrip()):
        return "it is not a session file: it does not hold JSON data."
    return (
        f"it is damaged: it stops being valid JSON at line {error.lineno}, "
        f"column {error.colno} ({error.msg.lower()})."
    )


def _shape_problem(data: Any) -> str:
    not_ours = "this is JSON, but not a phr-tui session file"
    if not isinstance(data, dict):
        return f"{not_ours} (it holds {_kind(data)}, not tables of documents)."
    meta_table = data.get("session")
    if not isinstance(meta_table, dict) or not isinstance(meta_table.get("1"), dict):
        return f"{not_ours}: it has no session details."
    version = meta_table["1"].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return f"{not_ours}: it has no file format version."
    return ""


def session_from_data(
    path: Path, data: dict[str, Any], *, rubric: Rubric | None = None
) -> Session:
    """The session a file's data holds; SessionFileError when it does not fit.

    `rubric`, when given, is the already-checked rubric the data's copy holds.
    """
    problem = _type_problem(data)
    if problem:
        raise SessionFileError(path, problem, _good_backup(path))
    try:
        session = Session.from_docs(data, path, rubric=rubric)
        problem = _reference_problem(session)
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
    if problem:
        raise SessionFileError(path, problem, _good_backup(path))
    return session


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"'{error.args[0]}' is missing"
    return str(error)


@dataclass(frozen=True)
class _Field:
    """What one field of a document may hold."""

    kinds: tuple[type, ...]
    required: bool = True
    fields: dict[str, _Field] | None = None
    """The fields of the value, when it is itself a set of fields."""
    each: dict[str, _Field] | None = None
    """The fields of every value, when it maps ids to sets of fields."""


_TEXT = _Field((str,))
_OPTIONAL_TEXT = _Field((str,), required=False)
_TEXT_OR_NONE = _Field((str, type(None)), required=False)
_ORDER = _Field((int,))

_META = {
    "id": _TEXT,
    "title": _TEXT,
    "partnership": _TEXT,
    "date": _TEXT,
    "facilitator": _OPTIONAL_TEXT,
    "phase": _TEXT,
    "created_at": _OPTIONAL_TEXT,
    "revealed_at": _TEXT_OR_NONE,
    "closed_at": _TEXT_OR_NONE,
    "overall": _Field(
        (dict, type(None)),
        required=False,
        fields={
            "notes": _OPTIONAL_TEXT,
            "agreed": _TEXT_OR_NONE,
            "implications": _OPTIONAL_TEXT,
        },
    ),
}
_PARTICIPANT = {
    "order": _ORDER,
    "id": _TEXT,
    "name": _TEXT,
    "organisation": _TEXT,
    "answers": _Field(
        (dict,),
        required=False,
        each={"rating": _TEXT_OR_NONE, "note": _OPTIONAL_TEXT},
    ),
    "health": _TEXT_OR_NONE,
    "health_note": _OPTIONAL_TEXT,
    "implications": _OPTIONAL_TEXT,
    "started_at": _TEXT_OR_NONE,
    "submitted_at": _TEXT_OR_NONE,
    "pin_salt": _TEXT_OR_NONE,
    "pin_hash": _TEXT_OR_NONE,
    "revisions": _Field(
        (dict,),
        required=False,
        each={"rating": _TEXT, "note": _OPTIONAL_TEXT, "at": _TEXT},
    ),
}
_DISCUSSION = {
    "indicator_id": _TEXT,
    "notes": _TEXT,
    "agreed": _Field((str, type(None))),
}
_NEXT_STEP = {
    "order": _ORDER,
    "id": _TEXT,
    "what": _TEXT,
    "owner": _TEXT,
    "due": _TEXT,
    "indicator_id": _TEXT_OR_NONE,
    "created_at": _OPTIONAL_TEXT,
}
_CARRIED_STEP = {
    "order": _ORDER,
    "id": _TEXT,
    "what": _TEXT,
    "owner": _TEXT,
    "due": _TEXT,
    "indicator_id": _TEXT_OR_NONE,
    "from_session": _TEXT,
    "from_date": _TEXT,
    "outcome": _TEXT_OR_NONE,
}
_TABLES = (
    ("session", "the session details", _META),
    ("participants", "participant", _PARTICIPANT),
    ("discussions", "discussion", _DISCUSSION),
    ("next_steps", "next step", _NEXT_STEP),
    ("carried_steps", "brought-along next step", _CARRIED_STEP),
)


def _type_problem(data: dict[str, Any]) -> str:
    """The first field of the wrong type, said with where it is, or ''."""
    for name, what, spec in _TABLES:
        table = data.get(name, {})
        if not isinstance(table, dict):
            return f"its '{name}' table holds {_kind(table)}, not documents."
        for doc_id, doc in table.items():
            where = what if name == "session" else f"{what} {doc_id}"
            if isinstance(doc, dict) and isinstance(doc.get("name"), str):
                where += f" ({doc['name']})"
            if not isinstance(doc, dict):
                return f"{where} should be a set of fields, but it is {_kind(doc)}."
            problem = _fields_problem(doc, spec, where, ())
            if problem:
                return problem
    return ""


def _fields_problem(
    doc: dict[str, Any], spec: dict[str, _Field], where: str, trail: tuple[str, ...]
) -> str:
    for key, rule in spec.items():
        place = " › ".join(f"'{part}'" for part in (*trail, key))
        if key not in doc:
            if rule.required:
                return f"{where}: {place} is missing."
            continue
        value = doc[key]
        if not _is_kind(value, rule.kinds):
            return (
                f"{where}: {place} should be {_expected(rule.kinds)}, but it is "
                f"{_kind(value)}."
            )
        if rule.fields is not None and isinstance(value, dict):
            problem = _fields_problem(value, rule.fields, where, (*trail, key))
            if problem:
                return problem
        if rule.each is not None:
            for inner_key, inner in value.items():
                inner_trail = (*trail, key, str(inner_key))
                if not isinstance(inner, dict):
                    inner_place = " › ".join(f"'{part}'" for part in inner_trail)
                    return (
                        f"{where}: {inner_place} should be a set of fields, but it "
                        f"is {_kind(inner)}."
                    )
                problem = _fields_problem(inner, rule.each, where, inner_trail)
                if problem:
                    return problem
    return ""


def _is_kind(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def _expected(kinds: tuple[type, ...]) -> str:
    words = {
        str: "text",
        int: "a whole number",
        dict: "a set of fields",
        type(None): "empty (null)",
    }
    return " or ".join(words[kind] for kind in kinds)


def _kind(value: Any) -> str:
    """A JSON value's type in words, with a glimpse of the value."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"true/false ({json.dumps(value)})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        glimpse = value if len(value) <= 20 else value[:20] + "…"
        return f'text ("{glimpse}")'
    if isinstance(value, list):
        return "a list"
    return "a set of fields"


def _reference_problem(session: Session) -> str:
    """The first rating, level or indicator id not in the session's rubric, or ''."""
    rubric = session.rubric
    ratings = {r.id for r in rubric.scale}
    levels = {level.id for level in rubric.health_levels}
    indicators = {i.id for i in rubric.indicators}

    def unknown_rating(value: str | None) -> bool:
        return value is not None and value not in ratings

    seen: set[str] = set()
    for participant in session.participants:
        who = f"{participant.name}'s"
        if participant.id in seen:
            return f"two participants share the id '{participant.id}'."
        seen.add(participant.id)
        for key, answer in participant.answers.items():
            if key not in indicators:
                return f"{who} answers name an indicator '{key}' not in its rubric."
            if unknown_rating(answer.rating):
                return (
                    f"{who} rating of '{key}' is '{answer.rating}', which is not "
                    "a rating of its rubric."
                )
        for key, revision in participant.revisions.items():
            if key not in indicators or unknown_rating(revision.rating):
                return (
                    f"{who} revised rating of '{key}' names a rating or indicator "
                    "not in its rubric."
                )
        if participant.health is not None and participant.health not in levels:
            return (
                f"{who} overall health is '{participant.health}', which is not one "
                "of its rubric's health levels."
            )
    for key, discussion in session.discussions.items():
        if key not in indicators:
            return f"a discussion is about an indicator '{key}' not in its rubric."
        if unknown_rating(discussion.agreed):
            return (
                f"the agreed rating of '{key}' is '{discussion.agreed}', which is "
                "not a rating of its rubric."
            )
    agreed = session.overall.agreed
    if agreed is not None and agreed not in levels:
        return (
            f"the agreed overall health is '{agreed}', which is not one of its "
            "rubric's health levels."
        )
    for step in session.next_steps:
        if step.indicator_id is not None and step.indicator_id not in indicators:
            return (
                f"the next step '{step.what}' comes from an indicator "
                f"'{step.indicator_id}' not in its rubric."
            )
    return ""


def _good_backup(path: Path) -> Path | None:
    """The file's `.bak` when it opens as a sound session, else None."""
    if path.name.endswith(".bak"):
        return None
    backup = backup_path(path)
    try:
        session_from_data(backup, read_session_data(backup))
    except (OSError, PhrError):
        return None
    return backup


def restore_backup(path: Path) -> Path:
    """Put the last good copy in place, keeping the damaged file beside it.

    Returns where the damaged file is kept (or would have been, had it existed).
    """
    with _locked(path):
        backup = _good_backup(path)
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
                f"({_reason(error)}).",
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


# Older file formats.


def _upgrade(path: Path, data: dict[str, Any], schema: int) -> dict[str, Any]:
    """The data brought up to the current format, in memory."""
    while schema < SCHEMA_VERSION:
        migration = MIGRATIONS.get(schema)
        if migration is None:
            raise SessionFileError(
                path,
                f"it is in file format {schema}, which this phr-tui cannot upgrade "
                f"(it reads format {SCHEMA_VERSION}).",
            )
        try:
            data = migration(data)
            data["session"]["1"]["schema_version"] = schema + 1
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise SessionFileError(
                path,
                f"it is in file format {schema} and could not be upgraded: part of "
                f"it is damaged or missing ({_describe(error)}).",
                _good_backup(path),
            ) from None
        schema += 1
    return data


def _migrate(path: Path) -> tuple[dict[str, Any], FileVersion, Path | None]:
    """Upgrade the file on disk, keeping its original beside it, under the lock."""
    with _locked(path):
        raw, version = _read(path)
        data = _parse(path, raw)
        schema = data["session"]["1"]["schema_version"]
        if schema >= SCHEMA_VERSION:
            return data, version, None
        version.close()
        data = _upgrade(path, data, schema)
        # Check the upgraded data before anything is written.
        session_from_data(path, data)
        try:
            original = _keep_original(path, raw, schema)
            version = replace_file(path, DocumentText().encode(data))
        except OSError as error:
            raise SessionSaveError(
                f"{path}: it is in an older file format and could not be upgraded "
                f"({_reason(error)}). Open it read-only to look at it.",
                path=path,
            ) from None
    return data, version, original


def _keep_original(path: Path, raw: bytes, schema: int) -> Path:
    for number in count(1):
        suffix = f".schema-{schema}" + ("" if number == 1 else f"-{number}")
        original = path.with_name(path.name + suffix)
        try:
            replace_file(original, raw, exclusive=True).close()
        except FileExistsError:
            continue
        return original
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
