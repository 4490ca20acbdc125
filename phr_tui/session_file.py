"""Reading a session file and checking it, with plain words for what is wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from phr_tui.errors import PhrError, RubricError, SessionFileError, SessionSaveError
from phr_tui.file_lock import locked, reason
from phr_tui.rubric import Rubric
from phr_tui.session import SCHEMA_VERSION, Session
from phr_tui.storage import (
    DocumentText,
    FileVersion,
    backup_path,
    read_version,
    replace_file,
)

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
"""Upgrades from each older schema version to the next; none are needed yet.

`MIGRATIONS[n]` takes a file's data in format n and returns it in format n + 1.
"""


def read_session_data(path: Path) -> dict[str, Any]:
    """A session file's data in the current format; SessionFileError when damaged.

    The data is checked for shape; `session_from_data` checks the rest. An
    older format is upgraded in memory only.
    """
    raw, version = read(path)
    version.close()
    data = parse(path, raw)
    schema = data["session"]["1"]["schema_version"]
    if schema < SCHEMA_VERSION:
        data = upgrade(path, data, schema)
    return data


def load_session(path: Path) -> Session:
    """The session a file holds, checked; SessionFileError when it cannot be used."""
    return session_from_data(path, read_session_data(path))


def read(path: Path) -> tuple[bytes, FileVersion]:
    """The file's bytes and version; SessionFileError says why it cannot be read."""
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
        raise SessionFileError(path, f"it cannot be read ({reason(error)}).") from None


def parse(path: Path, raw: bytes) -> dict[str, Any]:
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
    return SessionFileError(path, problem, good_backup(path))


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
        raise SessionFileError(path, problem, good_backup(path))
    try:
        session = Session.from_docs(data, path, rubric=rubric)
        problem = _reference_problem(session)
    except RubricError as error:
        detail = "; ".join(p.message for p in error.problems[:3])
        raise SessionFileError(
            path,
            f"the copy of the rubric inside it is damaged ({detail}).",
            good_backup(path),
        ) from None
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise SessionFileError(
            path,
            f"part of the file is damaged or missing ({_describe(error)}).",
            good_backup(path),
        ) from None
    if problem:
        raise SessionFileError(path, problem, good_backup(path))
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


def good_backup(path: Path) -> Path | None:
    """The file's `.bak` when it opens as a sound session, else None."""
    if path.name.endswith(".bak"):
        return None
    backup = backup_path(path)
    try:
        session_from_data(backup, read_session_data(backup))
    except (OSError, PhrError):
        return None
    return backup


# Older file formats.


def upgrade(path: Path, data: dict[str, Any], schema: int) -> dict[str, Any]:
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
                good_backup(path),
            ) from None
        schema += 1
    return data


def migrate(path: Path) -> tuple[dict[str, Any], FileVersion, Path | None]:
    """Upgrade the file on disk, keeping its original beside it, under the lock."""
    with locked(path):
        raw, version = read(path)
        data = parse(path, raw)
        schema = data["session"]["1"]["schema_version"]
        if schema >= SCHEMA_VERSION:
            return data, version, None
        version.close()
        data = upgrade(path, data, schema)
        # Check the upgraded data before anything is written.
        session_from_data(path, data)
        try:
            original = _keep_original(path, raw, schema)
            version = replace_file(path, DocumentText().encode(data))
        except OSError as error:
            raise SessionSaveError(
                f"{path}: it is in an older file format and could not be upgraded "
                f"({reason(error)}). Open it read-only to look at it.",
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
