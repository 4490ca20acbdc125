"""The history of a partnership: how ratings moved from session to session.

Plain Python with no Textual import. Sessions are grouped by partnership and
rubric and ordered by date; indicators are matched by id across versions of a
rubric, and those not in every session are kept apart. A session not yet
revealed adds its date to the history but none of its answers. Copies of one
session (files with the same session id) count once: the first file given is
kept and the others are listed as duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from phr_tui.errors import PhrError
from phr_tui.rubric import HealthLevel, Rating
from phr_tui.session import CarriedStep, NextStep, Phase, Session, StepOutcome
from phr_tui.spread import health_counts, spread_of
from phr_tui.store import SUFFIX, read_session_data, session_from_data


@dataclass(frozen=True)
class SavedSession:
    """A session read from its file, for review."""

    path: Path
    session: Session
    modified_ns: int
    """The file's modification time, to order sessions held on the same date."""

    @property
    def revealed(self) -> bool:
        """Whether its answers may be shown."""
        return self.session.phase is not Phase.RATING


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be opened, and why, in words."""

    path: Path
    problem: str


@dataclass(frozen=True)
class Duplicate:
    """A file skipped because it holds a session already read from another file."""

    path: Path
    kept: Path
    """The file of the same session that is shown instead."""


@dataclass(frozen=True)
class IndicatorPoint:
    """One indicator in one session: ratings per point of the scale, and agreed."""

    counts: tuple[tuple[Rating, int], ...] | None
    """(rating, how many) strongest first; None before that session's reveal."""
    unrated: int
    agreed: Rating | None


@dataclass(frozen=True)
class IndicatorHistory:
    """One indicator across a series of sessions, matched by its id."""

    id: str
    title: str
    """The title in the latest session that has the indicator."""
    points: tuple[IndicatorPoint | None, ...]
    """One per session of the series; None where its rubric lacks the indicator."""

    @property
    def in_every_session(self) -> bool:
        """Whether every session of the series rated this indicator."""
        return all(point is not None for point in self.points)


@dataclass(frozen=True)
class HealthPoint:
    """Overall health in one session: participants per level, and agreed."""

    counts: tuple[tuple[HealthLevel, int], ...] | None
    """(level, how many); None before that session's reveal."""
    agreed: HealthLevel | None


@dataclass(frozen=True)
class Series:
    """The sessions of one partnership on one rubric, oldest first."""

    partnership: str
    rubric_id: str
    rubric_title: str
    sessions: tuple[SavedSession, ...]
    indicators: tuple[IndicatorHistory, ...]
    """Indicators in every session, in the latest rubric's order."""
    apart: tuple[IndicatorHistory, ...]
    """Indicators missing from some sessions (added, renamed or removed)."""
    health: tuple[HealthPoint, ...]


@dataclass(frozen=True)
class History:
    """Everything `phr review` was given: series of sessions, and bad files."""

    series: tuple[Series, ...]
    unreadable: tuple[Unreadable, ...]
    duplicates: tuple[Duplicate, ...] = ()
    """Files skipped as copies of a session already in the history."""


def load_session(path: Path) -> SavedSession:
    """Read one session file for review; SessionFileError when it is damaged."""
    data = read_session_data(path)
    session = session_from_data(path, data)
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = 0
    return SavedSession(path, session, modified)


def load_sessions(
    paths: Iterable[Path],
) -> tuple[list[SavedSession], list[Unreadable]]:
    """Read several session files; damaged ones are reported, not fatal."""
    loaded, unreadable = [], []
    seen: set[Path] = set()
    for path in paths:
        key = path.absolute().resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            loaded.append(load_session(path))
        except PhrError as error:
            problem = getattr(error, "problem", None) or str(error)
            unreadable.append(Unreadable(path, problem))
    return loaded, unreadable


def drop_duplicates(
    sessions: Iterable[SavedSession],
) -> tuple[list[SavedSession], list[Duplicate]]:
    """One file per session id, the first given; the others as duplicates."""
    kept: dict[str, SavedSession] = {}
    duplicates = []
    for saved in sessions:
        first = kept.setdefault(saved.session.id, saved)
        if first is not saved:
            duplicates.append(Duplicate(saved.path, first.path))
    return list(kept.values()), duplicates


def partnership_key(name: str) -> str:
    """A partnership's name compared without case or extra spaces."""
    return " ".join(name.split()).casefold()


def _order(saved: SavedSession) -> tuple[str, int, str]:
    return (saved.session.date, saved.modified_ns, saved.path.name)


def group_sessions(sessions: Iterable[SavedSession]) -> list[Series]:
    """Series by partnership and rubric id, each oldest first."""
    groups: dict[tuple[str, str], list[SavedSession]] = {}
    for saved in sessions:
        key = (partnership_key(saved.session.partnership), saved.session.rubric.id)
        groups.setdefault(key, []).append(saved)
    series = [_series(sorted(group, key=_order)) for group in groups.values()]
    return sorted(series, key=lambda s: (partnership_key(s.partnership), s.rubric_id))


def history(paths: Iterable[Path]) -> History:
    """Load session files and group them into series for review."""
    loaded, unreadable = load_sessions(paths)
    unique, duplicates = drop_duplicates(loaded)
    return History(tuple(group_sessions(unique)), tuple(unreadable), tuple(duplicates))


def _series(sessions: list[SavedSession]) -> Series:
    latest = sessions[-1].session
    # Indicator ids in the order the latest rubric lists them, then any that
    # only older rubrics had, in the order they first appeared.
    titles: dict[str, str] = {}
    for saved in reversed(sessions):
        for indicator in saved.session.rubric.indicators:
            titles.setdefault(indicator.id, indicator.title)
    order = [i.id for i in latest.rubric.indicators]
    for saved in sessions:
        for indicator in saved.session.rubric.indicators:
            if indicator.id not in order:
                order.append(indicator.id)

    histories = [
        IndicatorHistory(
            key, titles[key], tuple(_indicator_point(s, key) for s in sessions)
        )
        for key in order
    ]
    return Series(
        partnership=latest.partnership,
        rubric_id=latest.rubric.id,
        rubric_title=latest.rubric.title,
        sessions=tuple(sessions),
        indicators=tuple(h for h in histories if h.in_every_session),
        apart=tuple(h for h in histories if not h.in_every_session),
        health=tuple(_health_point(s) for s in sessions),
    )


def _indicator_point(saved: SavedSession, indicator_id: str) -> IndicatorPoint | None:
    session = saved.session
    try:
        indicator = session.rubric.indicator(indicator_id)
    except KeyError:
        return None
    if not saved.revealed:
        return IndicatorPoint(None, 0, None)
    spread = spread_of(session, indicator)
    counts = tuple((session.rubric.rating(r), n) for r, n in spread.counts)
    agreed = session.discussion(indicator_id).agreed
    return IndicatorPoint(
        counts, spread.unrated, session.rubric.rating(agreed) if agreed else None
    )


def _health_point(saved: SavedSession) -> HealthPoint:
    session = saved.session
    if not saved.revealed:
        return HealthPoint(None, None)
    rubric = session.rubric
    counts = tuple((rubric.health_level(k), n) for k, n in health_counts(session))
    agreed = session.overall.agreed
    return HealthPoint(counts, rubric.health_level(agreed) if agreed else None)


# Bringing next steps along.


def open_steps(session: Session) -> list[NextStep | CarriedStep]:
    """The steps a later session would bring along: next steps and carried ones."""
    carried = [
        c for c in session.carried_steps if c.outcome in (None, StepOutcome.CARRIED)
    ]
    return [*session.next_steps, *carried]


def find_earlier_session(
    folder: Path, partnership: str, exclude: Path | None = None
) -> Path | None:
    """The latest other session file of the partnership with steps still open."""
    if not folder.is_dir():
        return None
    wanted = partnership_key(partnership)
    skip = exclude.absolute().resolve() if exclude is not None else None
    candidates = []
    for path in folder.glob(f"*{SUFFIX}"):
        if path.name.startswith(".") or path.absolute().resolve() == skip:
            continue
        try:
            saved = load_session(path)
        except PhrError:
            continue
        if partnership_key(saved.session.partnership) != wanted:
            continue
        if open_steps(saved.session):
            candidates.append(saved)
    if not candidates:
        return None
    return max(candidates, key=_order).path


# Drawing movement in text that reads without colour.

MANY = 8
"""Above this many ratings, a cell counts them (★5 ✓3) instead of repeating."""
NOT_RATED = "·"
HIDDEN = "hidden"
ABSENT = "—"
NONE_AGREED = "–"


def ratings_glyphs(point: IndicatorPoint | None) -> str:
    """One session's ratings as symbols, strongest first: '★★✓·' (· not rated)."""
    if point is None:
        return ABSENT
    if point.counts is None:
        return HIDDEN
    total = sum(n for _, n in point.counts) + point.unrated
    if total > MANY:
        parts = [f"{r.symbol}{n}" for r, n in point.counts if n]
        if point.unrated:
            parts.append(f"{NOT_RATED}{point.unrated}")
        return " ".join(parts)
    return "".join(r.symbol * n for r, n in point.counts) + NOT_RATED * point.unrated


def agreed_glyph(point: IndicatorPoint | None) -> str:
    """One session's agreed rating as its symbol, or a mark for none."""
    if point is None:
        return ABSENT
    if point.counts is None:
        return HIDDEN
    return point.agreed.symbol if point.agreed else NONE_AGREED


def movement(indicator: IndicatorHistory) -> str:
    """The ratings session by session, such as '★★✓ → ★✓✓ → ★★★'."""
    return " → ".join(ratings_glyphs(p) for p in indicator.points)


def _mean_rank(point: IndicatorPoint) -> float | None:
    if not point.counts:
        return None
    given = sum(n for _, n in point.counts)
    if not given:
        return None
    return sum(rank * n for rank, (_, n) in enumerate(point.counts)) / given


def trend(indicator: IndicatorHistory) -> str:
    """How the average rating moved from the first shown session to the last."""
    ranks = [
        rank
        for point in indicator.points
        if point is not None and (rank := _mean_rank(point)) is not None
    ]
    if len(ranks) < 2:
        return ""
    # Rank 0 is the strongest rating, so a smaller rank is a stronger view.
    change = ranks[-1] - ranks[0]
    if abs(change) < 0.05:
        return "= same"
    return "▲ stronger" if change < 0 else "▼ weaker"
