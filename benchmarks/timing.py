"""Timing a keystroke until the screen is repainted, in a headless app.

`Pilot.press` and `Pilot.pause` sleep until the process looks idle (at least
20 ms each), so timing them would measure their sleeps. Here a key is posted
as the terminal driver posts it, every widget's queue is drained, and the
screen has run its next refresh (`wait_for_refresh`): the keystroke has then
settled. Each frame sent meanwhile is kept (see frames.py); the keystroke was
repainted when the last frame that changed what the terminal shows was sent.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App

from benchmarks.frames import frame_log

FRAME_SECONDS = 1 / 50
"""Rest between keystrokes, longer than a frame, as a quick typist would."""

READY_TIMEOUT_SECONDS = 60.0
"""How long a screen may take to appear before the benchmark gives up."""
SETTLE_TIMEOUT_SECONDS = 20.0
"""How long handling one keystroke, or one repaint, may take before giving up."""


class NotShown(RuntimeError):
    """What a benchmark waited for never came."""


async def drained(app: App[Any]) -> None:
    """Wait until the app and every widget on screen handled what was queued."""
    for _ in range(2):  # a handler may post messages on; a second pass takes them
        nodes = [app, *app.screen.walk_children(with_self=True)]
        done = [asyncio.Event() for _ in nodes]
        waiting = [
            event
            for node, event in zip(nodes, done, strict=True)
            if node.call_later(event.set)
        ]
        await _within(
            asyncio.gather(*(event.wait() for event in waiting)), "handling a message"
        )


async def _within(waiting: Awaitable[object], what: str) -> None:
    # A benchmark that waits for ever helps nobody: say what never finished.
    try:
        await asyncio.wait_for(waiting, SETTLE_TIMEOUT_SECONDS)
    except TimeoutError:
        raise NotShown(
            f"{what} did not finish in {SETTLE_TIMEOUT_SECONDS:.0f} s"
        ) from None


async def repainted(app: App[Any]) -> None:
    """Wait until the current screen has been painted (or had nothing to paint)."""
    await _within(app.screen.wait_for_refresh(), "a repaint")


async def until(app: App[Any], ready: Callable[[], bool], what: str) -> None:
    """Wait until `ready()` holds with nothing left to handle, then a repaint."""
    deadline = time.perf_counter() + READY_TIMEOUT_SECONDS
    await drained(app)
    while not ready():
        if time.perf_counter() > deadline:
            raise NotShown(f"{what} did not appear; the screen is {app.screen!r}")
        await asyncio.sleep(0.001)
        await drained(app)
    await drained(app)
    await repainted(app)


def key_event(key: str) -> events.Key:
    """The event a terminal driver sends for a key name like "down" or "j"."""
    character = key if len(key) == 1 else None
    if key in ("space", "enter", "tab", "escape"):
        character = {"space": " ", "enter": "\r", "tab": "\t", "escape": "\x1b"}[key]
    return events.Key(key, character)


@dataclass(frozen=True)
class KeyTime:
    """How long one keystroke took to show, and to settle."""

    repainted: float
    """Seconds until the last frame that changed what the terminal shows."""
    settled: float
    """Seconds until nothing followed from it and the screen had refreshed,
    counting frames that changed nothing on screen (a layout redone after a
    widget changed size, say)."""


async def press_until_repainted(app: App[Any], key: str) -> KeyTime:
    """How long a keystroke took, from arriving, to be painted and to settle."""
    log = frame_log()
    log.catch_up()
    started = time.perf_counter()
    app.post_message(key_event(key))
    await drained(app)
    await repainted(app)
    settled = time.perf_counter() - started
    # Replayed after the clock stopped, so replaying costs the keystroke nothing.
    last = log.last_change(log.take())
    # A keystroke that changed nothing on screen counts until it settled.
    shown = settled if last is None else last - started
    return KeyTime(shown, settled)


async def time_keys(app: App[Any], keys: list[str]) -> list[KeyTime]:
    """Each keystroke's times, resting a frame between keystrokes."""
    # Recording from now on; the whole screen is painted once, untimed, so
    # what it shows before the first keystroke is known.
    log = frame_log()
    log.recording = True
    try:
        app.screen.refresh()
        await repainted(app)
        times = []
        for key in keys:
            times.append(await press_until_repainted(app, key))
            await asyncio.sleep(FRAME_SECONDS)
    finally:
        log.recording = False
        log.frames.clear()
    return times
