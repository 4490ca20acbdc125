"""Damaged session files of every kind, made from a sound one, for the tests.

Each kind says how to damage a sound file's bytes and a few words the message
must contain. Made afresh from a new session, so they follow the file format.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Damage:
    """One way a session file can be damaged, and what the message must say."""

    name: str
    damage: Callable[[bytes], bytes]
    says: str


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    def damage(raw: bytes) -> bytes:
        data = json.loads(raw)
        change(data)
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    return damage


def _first_participant(data: dict[str, Any]) -> dict[str, Any]:
    return data["participants"]["1"]


def _set_name(data: dict[str, Any]) -> None:
    _first_participant(data)["name"] = 5


def _answers_list(data: dict[str, Any]) -> None:
    _first_participant(data)["answers"] = ["financial"]


def _unknown_rating(data: dict[str, Any]) -> None:
    _first_participant(data)["answers"] = {
        "financial": {"rating": "excellent", "note": ""}
    }


def _unknown_indicator(data: dict[str, Any]) -> None:
    _first_participant(data)["answers"] = {
        "weather": {"rating": "working-well", "note": ""}
    }


def _unhashable_health(data: dict[str, Any]) -> None:
    _first_participant(data)["health"] = ["strong-strategic"]


def _newer(data: dict[str, Any]) -> None:
    data["session"]["1"]["schema_version"] = 99


def _bad_phase(data: dict[str, Any]) -> None:
    data["session"]["1"]["phase"] = "dancing"


def _no_title(data: dict[str, Any]) -> None:
    del data["session"]["1"]["title"]


def _broken_rubric(data: dict[str, Any]) -> None:
    data["rubric"]["1"]["scale"] = []


def _middle(raw: bytes) -> bytes:
    lines = raw.splitlines(keepends=True)
    middle = len(lines) // 2
    return b"".join(lines[:middle] + [b"}}} oops {{{\n"] + lines[middle:])


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\xff\xfe\x00\x01"

DAMAGES = (
    Damage("empty", lambda raw: b"", "the file is empty"),
    Damage("whitespace", lambda raw: b"  \n\t \n", "only blank space"),
    Damage("truncated", lambda raw: raw[: len(raw) // 2], "cut short"),
    Damage("not JSON", lambda raw: b"Shopping: eggs, milk\n", "does not hold JSON"),
    Damage("damaged in the middle", _middle, "stops being valid JSON at line"),
    Damage("a JSON list", lambda raw: b"[1, 2, 3]\n", "not a phr-tui session file"),
    Damage(
        "another TinyDB file",
        lambda raw: b'{"_default": {"1": {"name": "x"}}}',
        "no session details",
    ),
    Damage("a number for a name", _edit(_set_name), "'name' should be text"),
    Damage("a list for answers", _edit(_answers_list), "'answers' should be a set"),
    Damage("an unknown rating", _edit(_unknown_rating), "'excellent'"),
    Damage("an unknown indicator", _edit(_unknown_indicator), "'weather'"),
    Damage("a list for a health level", _edit(_unhashable_health), "'health'"),
    Damage("an unknown phase", _edit(_bad_phase), "dancing"),
    Damage("no title", _edit(_no_title), "'title' is missing"),
    Damage("a broken rubric copy", _edit(_broken_rubric), "rubric inside it"),
    Damage("a newer format", _edit(_newer), "newer phr-tui"),
    Damage("a binary file", lambda raw: PNG, "not UTF-8"),
)
"""Every kind of damage a file's bytes can have."""


def damage_file(path: Path, damage: Damage) -> bytes:
    """Damage the file at `path` in place; returns its new bytes."""
    raw = damage.damage(path.read_bytes())
    path.write_bytes(raw)
    return raw
