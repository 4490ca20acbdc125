"""Which frames change what the terminal shows, in a headless app.

Textual lays a screen out again when a widget's size changes, and repaints
regions that are dirty even when they come out the same. Such a frame sends
the terminal nothing new, so it does not delay what the user sees. To tell
those frames apart, every update the app would write to its terminal is kept
with its time, and replayed (after the clock has stopped) onto a grid of
cells: a frame that changes no cell changed nothing on screen.

This looks at Textual's internals (`App._display` and the compositor's update
objects), which only the benchmarks may do: the app itself uses public API.
"""

from __future__ import annotations

import time
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from rich.style import Style
from textual.app import App

Cell = tuple[str, Style | None]


class FrameLog:
    """Every update the current screen sent to the terminal, with its time."""

    def __init__(self) -> None:
        self.recording = False
        """Whether frames are kept (only while keystrokes are timed)."""
        self.frames: list[tuple[float, Any]] = []
        self._cells: dict[tuple[int, int], Cell] = {}
        self._console = Console(
            width=500, height=500, force_terminal=True, color_system="truecolor"
        )

    def take(self) -> list[tuple[float, Any]]:
        """The frames sent since the last take, oldest first."""
        frames, self.frames = self.frames, []
        return frames

    def catch_up(self) -> None:
        """Put the frames sent so far on screen, without timing them."""
        for _, update in self.take():
            self.changes(update)

    def last_change(self, frames: list[tuple[float, Any]]) -> float | None:
        """When the last of these frames that changed a cell was sent, if any."""
        last = None
        for sent, update in frames:
            if self.changes(update):
                last = sent
        return last

    def changes(self, update: Any) -> bool:
        """Write one update onto the screen; whether any cell changed."""
        changed = False
        x = y = 0
        for segment in update.__rich_console__(self._console, self._console.options):
            if segment.control:
                for control in segment.control:
                    if control[0] is ControlType.CURSOR_MOVE_TO:
                        x, y = int(control[1]), int(control[2])
                continue
            if segment.text == "\n":
                continue
            for character in segment.text:
                cell = (character, segment.style)
                if self._cells.get((x, y)) != cell:
                    self._cells[(x, y)] = cell
                    changed = True
                x += cell_len(character) or 1
        return changed


_LOG: FrameLog | None = None


def frame_log() -> FrameLog:
    """The process's frame log (kept from its first use on, while recording)."""
    global _LOG
    if _LOG is None:
        _LOG = FrameLog()
        log = _LOG
        display = App._display

        def logged(app: App[Any], screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            if log.recording and renderable is not None and screen is app.screen:
                log.frames.append((time.perf_counter(), renderable))

        App._display = logged  # type: ignore[method-assign]
    return _LOG
