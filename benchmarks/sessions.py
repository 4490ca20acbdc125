"""Sessions of any size for the benchmarks, saved through the real store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from phr_tui.rubric import Rubric, default_rubric_path
from phr_tui.rubric_file import load_rubric
from phr_tui.session import Session
from phr_tui.store import SessionStore

ORGANISATIONS = ("Acme Learning", "Beta Schools", "Cedar Trust")
"""The partner organisations participants are spread over, in turn."""

INDICATORS_PER_CATEGORY = 10


@dataclass(frozen=True)
class Size:
    """How big a benchmark session is."""

    participants: int
    indicators: int | None
    """None means the default rubric, as it ships."""
    note_length: int

    @property
    def label(self) -> str:
        """A short name for the size, like 30p x 60i."""
        indicators = "default" if self.indicators is None else f"{self.indicators}i"
        return f"{self.participants}p x {indicators}"


def write_rubric(folder: Path, indicators: int) -> Path:
    """A rubric YAML with `indicators` indicators, the default's scale and levels."""
    data = yaml.safe_load(default_rubric_path().read_text(encoding="utf-8"))
    data["id"] = f"benchmark-{indicators}"
    categories = []
    for start in range(0, indicators, INDICATORS_PER_CATEGORY):
        number = start // INDICATORS_PER_CATEGORY + 1
        count = min(INDICATORS_PER_CATEGORY, indicators - start)
        categories.append(
            {
                "id": f"category-{number}",
                "name": f"Category {number}",
                "indicators": [
                    {
                        "id": f"indicator-{start + n + 1}",
                        "name": f"Indicator {start + n + 1}",
                        "description": "Partners do what this indicator describes, "
                        "consistently and to each other's benefit.",
                        "measures": ["a first measure", "a second measure"],
                    }
                    for n in range(count)
                ],
            }
        )
    data["categories"] = categories
    path = folder / f"rubric-{indicators}.yaml"
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def rubric_for(folder: Path, size: Size) -> Rubric:
    """The rubric a size asks for, generated into `folder` when not the default."""
    if size.indicators is None:
        return load_rubric()
    return load_rubric(write_rubric(folder, size.indicators))


def note(length: int, seed: int) -> str:
    """A note of exactly `length` characters, different for each seed."""
    words = f"Participant view {seed}: the partnership [works] on this, mostly. "
    return (words * (length // len(words) + 1))[:length]


def build_session(
    rubric: Rubric, size: Size, *, submitted: int | None = None
) -> Session:
    """A session where the first `submitted` participants (default all) answered."""
    people = [
        (f"Participant {n + 1}", ORGANISATIONS[n % len(ORGANISATIONS)])
        for n in range(size.participants)
    ]
    session = Session.create(
        rubric,
        title=f"Benchmark {size.label}",
        partnership="Acme, Beta & Cedar",
        facilitator="Fay Okafor",
        participants=people,
        on="2026-12-04",
    )
    scale = [r.id for r in rubric.scale]
    levels = [level.id for level in rubric.health_levels]
    answering = size.participants if submitted is None else submitted
    for n, participant in enumerate(session.participants[:answering]):
        session.start_turn(participant.id)
        for m, indicator in enumerate(rubric.indicators):
            session.rate(participant.id, indicator.id, scale[(n + m) % len(scale)])
            if size.note_length:
                session.write_note(
                    participant.id, indicator.id, note(size.note_length, n * 1000 + m)
                )
        session.rate_health(
            participant.id, levels[n % len(levels)], note(size.note_length, n)
        )
        session.answer_implications(participant.id, note(size.note_length, -n))
        session.submit(participant.id)
    return session


def save_session(
    folder: Path, size: Size, *, revealed: bool, submitted: int | None = None
) -> Path:
    """Save a benchmark session in `folder` and return its file."""
    folder.mkdir(parents=True, exist_ok=True)
    session = build_session(rubric_for(folder, size), size, submitted=submitted)
    if revealed:
        session.reveal()
    return SessionStore.create(folder, session).path
