"""What the storage costs: opening a session file, saving a change, exporting."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from phr_tui.session import Session
from phr_tui.store import SessionStore


def time_open(path: Path, repeats: int) -> list[float]:
    """Seconds for SessionStore.open of a saved session, each time afresh."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        SessionStore.open(path)
        times.append(time.perf_counter() - started)
    return times


def _rating_edits(session: Session) -> Callable[[int], Callable[[Session], None]]:
    """Edits that change the rating of the one participant still answering."""
    participant = session.missing[0].id
    indicators = [i.id for i in session.rubric.indicators]
    scale = [r.id for r in session.rubric.scale]

    def edit(n: int) -> Callable[[Session], None]:
        indicator, rating = indicators[n % len(indicators)], scale[n % len(scale)]
        return lambda s: s.rate(participant, indicator, rating)

    return edit


def _discussion_edits(session: Session) -> Callable[[int], Callable[[Session], None]]:
    """Edits that record the group's notes and agreed rating on an indicator."""
    indicators = [i.id for i in session.rubric.indicators]
    scale = [r.id for r in session.rubric.scale]

    def edit(n: int) -> Callable[[Session], None]:
        indicator, rating = indicators[n % len(indicators)], scale[n % len(scale)]
        notes = f"The group talked this through ({n}); " * 5
        return lambda s: s.discuss(indicator, notes, rating)

    return edit


def time_saves(path: Path, repeats: int) -> list[float]:
    """Seconds for each of `repeats` durable changes through store.change.

    A session still in private rating gets ratings; a revealed one gets
    discussion notes. Each change is locked, written, fsynced and renamed.
    """
    store = SessionStore.open(path)
    if store.session.missing:
        edits = _rating_edits(store.session)
    else:
        edits = _discussion_edits(store.session)
    times = []
    for n in range(repeats):
        edit = edits(n)
        started = time.perf_counter()
        store.change(edit)
        times.append(time.perf_counter() - started)
    return times


def time_export(path: Path, out: Path, repeats: int) -> list[float]:
    """Seconds to export a saved session as Markdown, as `phr export` does."""
    from phr_tui.export import export_session

    store = SessionStore.open(path, read_only=True)
    times = []
    for n in range(repeats):
        started = time.perf_counter()
        export_session(store.session, store.path, "md", out / f"report-{n}.md")
        times.append(time.perf_counter() - started)
    return times
