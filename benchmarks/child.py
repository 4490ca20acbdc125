"""One launch of phr or of a bare Textual app, run by run.py as its own process.

    python -m benchmarks.child startup bare|phr [FILE]
        print the monotonic clock (ns) at the moment the first screen is ready
    python -m benchmarks.child memory bare|phr [FILE]
        print peak memory (KiB) after the first screen (for phr, a revealed
        session: then the overview and one indicator's detail too)

For phr the app is started exactly as `phr open FILE` starts it, through
`phr_tui.cli.main`; only `App.run` is wrapped so it runs headless at 80x24 and
an auto-pilot can say when the first screen is ready and then quit.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Label

from benchmarks.timing import until

Steps = Callable[[Pilot[Any]], Awaitable[None]]


class BareApp(App[None]):
    """The yardstick: a Textual app that shows one label."""

    def compose(self) -> ComposeResult:
        """One label."""
        yield Label("Ready")


def _first_screen_ready(app: App[Any]) -> bool:
    if isinstance(app, BareApp):
        return bool(app.screen.query(Label)) and app.screen.is_mounted
    from phr_tui.screens.base import SessionScreen

    return isinstance(app.screen, SessionScreen) and app.screen.is_mounted


async def _until_ready(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await until(app, lambda: _first_screen_ready(app), "the first screen")


def run_headless(after_ready: Steps | None = None) -> None:
    """Make every App.run headless; print the clock when the first screen is ready."""
    original = App.run

    async def auto_pilot(pilot: Pilot[Any]) -> None:
        await _until_ready(pilot)
        print(time.monotonic_ns(), flush=True)
        if after_ready is not None:
            await after_ready(pilot)
        pilot.app.exit()

    def run(self: App[Any], **_: Any) -> Any:
        return original(self, headless=True, size=(80, 24), auto_pilot=auto_pilot)

    App.run = run  # type: ignore[method-assign]


def launch(which: str, file: str | None, after_ready: Steps | None = None) -> int:
    """Start the bare app, or phr as `phr open FILE` does."""
    run_headless(after_ready)
    if which == "bare":
        BareApp().run()
        return 0
    from phr_tui.cli import main

    assert file is not None, "phr needs a session file"
    return main(["open", file])


async def _show_reveal(pilot: Pilot[Any]) -> None:
    # Imported late so the bare app's memory is not charged with phr's modules.
    from benchmarks.app_figures import overview_filled, press_until, showing, until
    from phr_tui.app import PhrApp
    from phr_tui.screens.indicator import IndicatorScreen

    app = pilot.app
    assert isinstance(app, PhrApp)
    await until(app, overview_filled(app), "the reveal overview")
    await press_until(app, "enter", showing(app, IndicatorScreen), "the detail")


def peak_kib() -> int:
    """This process's peak resident memory, in KiB.

    Linux's ru_maxrss keeps the peak of the process that forked us (it is
    carried across exec), so the peak of our own memory, VmHWM, comes first.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    """Run one launch as the arguments say."""
    what, which, *rest = argv
    file = rest[0] if rest else None
    if what == "startup":
        return launch(which, file)
    if what == "memory":
        steps = _show_reveal if which == "phr" else None
        status = launch(which, file, steps)
        print(f"peak {peak_kib()}", flush=True)
        return status
    raise SystemExit(f"unknown measurement {what!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
