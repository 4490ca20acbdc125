"""Figures measured by driving the real app headless: keystrokes and screens.

Each drives the app as a user would, with the keys the screens bind:
the lobby's enter begins a turn, the hand-over's enter starts it, a digit
rates an indicator and moves on, the reveal's enter opens an indicator.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.screen import Screen

from benchmarks.sessions import Size, save_session
from benchmarks.timing import KeyTime, NotShown, key_event, time_keys, until
from phr_tui.app import AppConfig, PhrApp, create_app
from phr_tui.screens.dialogs import ConfirmDialog
from phr_tui.screens.handover import HandoverScreen
from phr_tui.screens.indicator import IndicatorScreen
from phr_tui.screens.lobby import LobbyScreen
from phr_tui.screens.rating import RatingScreen
from phr_tui.screens.reveal import RevealScreen
from phr_tui.session import Progress
from phr_tui.store import SessionStore
from phr_tui.widgets.ratings_grid import RatingsGrid

SIZE = (80, 24)


def _app(file: Path) -> PhrApp:
    return create_app(AppConfig(sessions_folder=file.parent, open_path=file))


def showing(app: PhrApp, kind: type[Screen[Any]]) -> Callable[[], bool]:
    """A test that a screen of this kind is current and has drawn itself."""
    return lambda: isinstance(app.screen, kind) and app.screen.is_mounted


def overview_filled(app: PhrApp) -> Callable[[], bool]:
    """A test that the reveal overview shows a row for every indicator."""
    total = len(app.session.rubric.indicators)

    def ready() -> bool:
        if not showing(app, RevealScreen)():
            return False
        return app.screen.query_one(RatingsGrid).row_count == total

    return ready


async def press_until(
    app: PhrApp, key: str, ready: Callable[[], bool], what: str
) -> float:
    """Seconds from a keystroke until `ready()` holds and is painted."""
    started = time.perf_counter()
    app.post_message(key_event(key))
    await until(app, ready, what)
    return time.perf_counter() - started


# Keystroke to repaint.


def zigzag(forward: list[str], back: list[str], count: int) -> list[str]:
    """`count` keys: the forward keys, then the back keys, and again."""
    cycle = forward + back
    return [cycle[n % len(cycle)] for n in range(count)]


Timed = list[tuple[str, KeyTime]]
"""Each key pressed, with how long it took to show and to settle."""


async def rating_keystroke_times(folder: Path, size: Size, count: int) -> Timed:
    """Keystrokes on the rating screen: rate each indicator, then step back.

    A digit rates the indicator (saved at once, durably) and moves on; left
    goes back a page. Half the keystrokes are each.
    """
    file = save_session(folder, size, revealed=False, submitted=size.participants - 1)
    app = _app(file)
    async with app.run_test(size=SIZE):
        await until(app, showing(app, LobbyScreen), "the lobby")
        participant = app.session.missing[0].id
        await press_until(app, "enter", showing(app, HandoverScreen), "the hand-over")
        await press_until(app, "enter", showing(app, RatingScreen), "the rating screen")
        indicators = len(app.session.rubric.indicators)
        digits = [str(1 + n % 3) for n in range(indicators)]
        keys = zigzag(digits, ["left"] * indicators, count)
        times = await time_keys(app, keys)
        if not isinstance(app.screen, RatingScreen):
            raise NotShown(f"the keystrokes left the rating screen for {app.screen!r}")
        rated = app.session.participant(participant).rated_count(app.session.rubric)
        if rated != min(indicators, count):
            raise NotShown(f"the digits rated {rated} indicators, not {indicators}")
    return list(zip(keys, times, strict=True))


async def reveal_keystroke_times(folder: Path, size: Size, count: int) -> Timed:
    """Keystrokes on the reveal overview: down through the indicators and up."""
    file = save_session(folder, size, revealed=True)
    app = _app(file)
    async with app.run_test(size=SIZE):
        await until(app, overview_filled(app), "the reveal overview")
        return await overview_keystrokes(app, count)


async def overview_keystrokes(app: PhrApp, count: int) -> Timed:
    """Move the overview's cursor down to the last indicator and back, `count` keys."""
    grid = app.screen.query_one(RatingsGrid)
    steps = len(app.session.rubric.indicators) - 1
    start = grid.cursor_row
    if start >= steps:
        raise NotShown("the overview's cursor is already on its last row")
    keys = zigzag(["down"] * (steps - start), ["up"] * (steps - start), count)
    times = await time_keys(app, keys)
    expected = start + keys.count("down") - keys.count("up")
    if grid.cursor_row != expected:
        raise NotShown(f"the cursor is on row {grid.cursor_row}, not {expected}")
    return list(zip(keys, times, strict=True))


# Rating the default rubric.


@dataclass(frozen=True)
class Effort:
    """What it took one participant to rate the default rubric, without notes."""

    keys: int
    indicators: int
    pressed: list[str]


async def keys_to_rate(folder: Path) -> Effort:
    """Count the keystrokes from the hand-over screen to submitted answers."""
    file = save_session(folder, Size(3, None, 0), revealed=False, submitted=0)
    app = _app(file)
    pressed: list[str] = []

    async def press(key: str, ready: Callable[[], bool], what: str) -> None:
        pressed.append(key)
        await press_until(app, key, ready, what)

    async with app.run_test(size=SIZE):
        await until(app, showing(app, LobbyScreen), "the lobby")
        participant = app.session.participants[0].id
        await press_until(app, "enter", showing(app, HandoverScreen), "the hand-over")
        # Counted from here: the participant has the keyboard.
        await press("enter", showing(app, RatingScreen), "the rating screen")
        rating = app.screen
        assert isinstance(rating, RatingScreen)
        rubric = app.session.rubric
        for indicator in rubric.indicators:
            key = rubric.scale[0].key
            await press(
                key, lambda i=indicator: _rated(app, participant, i.id), "a rating"
            )
        await press(
            rubric.health_levels[0].key,
            lambda: app.session.participant(participant).health is not None,
            "the overall health",
        )
        # The closing question is optional: go on to the review, and submit.
        await press("right", lambda: rating.page == rating.review_page, "the review")
        await press("s", showing(app, LobbyScreen), "the lobby after submitting")
    saved = SessionStore.open(file).session.participant(participant)
    if saved.progress is not Progress.SUBMITTED:
        raise NotShown("the session file does not say the participant submitted")
    return Effort(len(pressed), len(rubric.indicators), pressed)


def _rated(app: PhrApp, participant: str, indicator: str) -> bool:
    return app.session.participant(participant).answer(indicator).rating is not None


# The reveal at scale.


@dataclass(frozen=True)
class RevealTimings:
    """Seconds to open a revealed session, reveal, and open one indicator."""

    first_screen: float
    overview: float
    detail: float
    keystrokes: Timed


async def open_revealed(file: Path, keystrokes: int) -> tuple[float, float, Timed]:
    """Open a revealed session; then open one indicator, and move on the overview.

    Returns the seconds to the first screen (the overview, filled and
    painted), to one indicator's detail, and for each overview keystroke.
    """
    started = time.perf_counter()
    app = _app(file)
    async with app.run_test(size=SIZE):
        await until(app, overview_filled(app), "the reveal overview")
        first_screen = time.perf_counter() - started
        detail = await press_until(
            app, "enter", showing(app, IndicatorScreen), "an indicator's detail"
        )
        await press_until(app, "escape", overview_filled(app), "the overview again")
        times = await overview_keystrokes(app, keystrokes)
    return first_screen, detail, times


async def reveal_from_lobby(file: Path) -> float:
    """Seconds from confirming the reveal in the lobby to the overview painted.

    The session must be in private rating with everyone submitted; it is
    revealed (and saved) on the way.
    """
    app = _app(file)
    async with app.run_test(size=SIZE):
        await until(app, showing(app, LobbyScreen), "the lobby")
        await press_until(app, "v", showing(app, ConfirmDialog), "the reveal question")
        return await press_until(app, "y", overview_filled(app), "the reveal overview")


async def reveal_timings(
    revealed: Path, unrevealed: Path, keystrokes: int
) -> RevealTimings:
    """Open and detail timings on a revealed file; the reveal on an unrevealed one."""
    first_screen, detail, times = await open_revealed(revealed, keystrokes)
    overview = await reveal_from_lobby(unrevealed)
    return RevealTimings(first_screen, overview, detail, times)
