"""Snapshots of the main screens at 80x24, built from fixed sessions.

Everything drawn is pinned: the sessions come from tests/builders.py with fixed
names, dates, ratings and notes; the setup screen's default date is fixed; the
home screen names its sessions folder by a relative path; and every text
cursor is stopped blinking before the picture is taken. Run
`pytest tests/test_snapshots.py --snapshot-update` after a deliberate change of
look, then check the new pictures in tests/__snapshots__/ by eye.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from builders import answer_all, make_app, make_session, make_store
from screen_text import screen_text
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from phr_tui.session import Session
from phr_tui.store import SessionStore

SnapCompare = Callable[..., bool]

RATINGS = {
    "Ann Lee": ["w", "w", "c", "w", "c", "q", "w", "c"],
    "Bo Chen": ["c", "w", "q", "w", "c", "q", "c", "c"],
    "Cy Diaz": ["w", "w", "c", "c", "c", "q", "w", "w"],
}
"""Each participant's ratings in rubric order, by the scale's first letters."""

SCALE = {
    "w": "working-well",
    "c": "could-be-strengthened",
    "q": "questions-or-issues",
}


class SetupDay(date):
    """A today that never moves, for the setup screen's default date."""

    @classmethod
    def today(cls) -> SetupDay:
        """A fixed day, unlike the sessions' own, so a missed pin shows."""
        return cls(2026, 11, 20)


def steady(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """Press keys, let the screen settle, and stop every text cursor blinking."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            assert isinstance(widget, (Input, TextArea))
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


def lobby_store(folder: Path) -> SessionStore:
    """Ann submitted (with a PIN), Bo rated three indicators, Cy not started."""
    store = make_store(folder)
    ann, bo, _ = (p.id for p in store.session.participants)

    def ann_submits(s: Session) -> None:
        s.start_turn(ann)
        for indicator, letter in zip(
            s.rubric.indicators, RATINGS["Ann Lee"], strict=True
        ):
            s.rate(ann, indicator.id, SCALE[letter])
        s.rate_health(ann, s.rubric.health_levels[1].id, "")
        s.set_pin(ann, "2468")
        s.submit(ann)

    def bo_starts(s: Session) -> None:
        s.start_turn(bo)
        for indicator in s.rubric.indicators[:3]:
            s.rate(bo, indicator.id, SCALE["c"])
            s.write_note(bo, indicator.id, f"Bo Chen on {indicator.name}")

    store.change(ann_submits)
    store.change(bo_starts)
    return store


def revealed_store(folder: Path) -> SessionStore:
    """Everyone answered and the ratings are revealed, with some discussion."""
    store = make_store(folder)
    answer_all(
        store,
        {name: [SCALE[x] for x in letters] for name, letters in RATINGS.items()},
    )
    bo = store.session.participants[1].id

    def discuss(s: Session) -> None:
        s.reveal()
        s.revise(bo, "financial", SCALE["w"], "The new pipeline figures convinced me.")
        s.discuss("financial", "Sales are up; costs are still unclear.", SCALE["c"])
        s.discuss("customer-satisfaction", "Everyone is pleased.", SCALE["w"])
        s.add_step(
            "Share a quarterly cost report", "Ann Lee", "2027-01-31", "financial"
        )
        s.add_step("Agree a joint innovation budget", "Bo Chen", "2027-03-15")
        s.add_step("Survey the schools' staff", "", "", "customer-impact")

    store.change(discuss)
    return store


def test_home_with_two_sessions(snap_compare: SnapCompare, sessions_dir: Path) -> None:
    """Two saved sessions: one being rated, one revealed and in discussion."""
    revealed_store(sessions_dir)
    make_store(sessions_dir, make_session(title="Spring check-in"))
    # Relative to the test's own folder, so no temporary path shows.
    app = make_app(Path("sessions"))
    assert snap_compare(app, run_before=steady())


def test_setup(
    snap_compare: SnapCompare, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new session's form, with the default date pinned."""
    monkeypatch.setattr("phr_tui.screens.setup.date", SetupDay)
    app = make_app(Path("sessions"))
    assert snap_compare(app, run_before=steady("n"))


def test_lobby_in_each_progress_state(
    snap_compare: SnapCompare, sessions_dir: Path
) -> None:
    """Submitted with a PIN, in progress, and not started."""
    store = lobby_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    assert snap_compare(app, run_before=steady())


def test_handover(snap_compare: SnapCompare, sessions_dir: Path) -> None:
    """Over to Cy, who has not started: look away, and an optional PIN."""
    store = lobby_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    # The lobby's cursor starts on Bo, the first who has not submitted.
    assert snap_compare(app, run_before=steady("down", "enter"))


def test_rating_an_indicator(snap_compare: SnapCompare, sessions_dir: Path) -> None:
    """Bo comes back to the first indicator still to rate."""
    store = lobby_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    assert snap_compare(app, run_before=steady("enter", "enter"))


def test_reveal_overview(snap_compare: SnapCompare, sessions_dir: Path) -> None:
    """Every rating of every indicator, two agreed, one revised."""
    store = revealed_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    assert snap_compare(app, run_before=steady())


def test_indicator_detail(snap_compare: SnapCompare, sessions_dir: Path) -> None:
    """Financial: ratings differ, Bo revised, the group agreed."""
    store = revealed_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    assert snap_compare(app, run_before=steady("enter"))


def test_next_steps(snap_compare: SnapCompare, sessions_dir: Path) -> None:
    """Three next steps, one with no owner or date."""
    store = revealed_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    assert snap_compare(app, run_before=steady("s"))


def test_too_small(snap_compare: SnapCompare, sessions_dir: Path) -> None:
    """Shrunk below 60x20, a request for room covers the open session."""
    store = revealed_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)

    async def shrink(pilot: Pilot) -> None:
        # Shrunk after the start, as starting this small is not yet covered
        # (see the next test).
        await pilot.resize_terminal(50, 15)
        await steady()(pilot)

    assert snap_compare(app, run_before=shrink)


@pytest.mark.parametrize("opened", [False, True], ids=["home", "open-session"])
async def test_too_small_from_the_start(sessions_dir: Path, opened: bool) -> None:
    """Started in a 50x15 terminal, the request for room is what shows."""
    store = revealed_store(sessions_dir)
    options = {"open_path": store.path} if opened else {}
    app = make_app(sessions_dir, **options)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert "too small for phr" in screen_text(app)


async def test_too_small_message_goes_when_the_terminal_grows(sessions_dir: Path):
    """Growing the terminal again brings back the screen that was there."""
    store = revealed_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert "too small for phr" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "too small for phr" not in text
        assert "Autumn review" in text
