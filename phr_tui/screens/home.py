"""The home screen: the saved sessions in the sessions folder, and a new one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from phr_tui.store import SessionSummary, list_sessions
from phr_tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from phr_tui.app import PhrApp

PHASE_WORDS = {
    "rating": "private rating",
    "revealed": "revealed, in discussion",
    "closed": "closed",
}
"""How each phase reads in the list of sessions."""


def summary_prompt(summary: SessionSummary) -> RenderableType:
    """A few plain lines for one saved session (never parsed as markup)."""
    if summary.problem:
        head = Text()
        head.append("! ", style="bold")
        head.append(summary.path.name, style="bold")
        head.append("  cannot be opened")
        return Group(head, Padding(Text(summary.problem), (0, 0, 0, 4)))
    head = Text()
    head.append(summary.date or "(no date)")
    head.append("  ")
    head.append(summary.title, style="bold")
    phase = PHASE_WORDS.get(summary.phase, summary.phase)
    about = Text(f"{summary.partnership}  ·  {phase}, {summary.progress}")
    return Group(head, Padding(about, (0, 0, 0, 12)))


class SessionList(OptionList):
    """The saved sessions; enter or a click opens one."""

    BINDINGS = [Binding("enter", "select", "Open")]


class HomeScreen(Screen[None]):
    """Lists the saved sessions; opens one, or starts a new one."""

    BINDINGS = [
        Binding("n", "new_session", "New session"),
        Binding("enter", "open_selected", "Open"),
        Binding("r", "reload", "Reload list", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[SessionSummary] = []
        """The sessions listed, in the order shown."""
        self._stale = False

    @property
    def phr(self) -> PhrApp:
        """The app, typed."""
        return cast("PhrApp", self.app)

    def compose(self) -> ComposeResult:
        """The list of sessions, an empty state, and the buttons."""
        yield Static("Partnership Health Reflection", classes="screen-title")
        yield Static("", id="home-folder", classes="hint", markup=False)
        yield SessionList(id="home-sessions", markup=False)
        yield Static("", id="home-empty", markup=False)
        with Horizontal(id="home-buttons"):
            yield Button("New session (n)", id="home-new", variant="primary")
            yield Button("Open (enter)", id="home-open")
            yield Button("Quit (q)", id="home-quit")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Read the sessions folder."""
        self.reload()

    def session_changed(self) -> None:
        """Back from a session: its phase or progress may have moved on."""
        # Reading every file on each change under another screen would slow
        # every keystroke there; the list is read again when it shows. (Not
        # is_current: that is also true just beneath the screen on top.)
        if self.app.screen is self:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        """Shown again: read the folder if a session changed meanwhile."""
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the sessions folder again and redraw the list."""
        self._stale = False
        folder = self.phr.config.sessions_folder
        self.summaries = list_sessions(folder)
        listing = self.query_one("#home-sessions", OptionList)
        highlighted = listing.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        listing.clear_options()
        for n, summary in enumerate(self.summaries):
            if n:
                listing.add_option(None)
            listing.add_option(Option(summary_prompt(summary), id=str(summary.path)))
        paths = [str(s.path) for s in self.summaries]
        if paths:
            listing.highlighted = listing.get_option_index(
                keep if keep in paths else paths[0]
            )

        count = len(self.summaries)
        where = SessionSummary.headline(self.summaries, folder)
        self.query_one("#home-folder", Static).update(Text(where))
        empty = self.query_one("#home-empty", Static)
        empty.update(
            Text(
                "No saved sessions here yet.\n\nPress n to set up a new session: "
                "a title, the partnership, and who takes part."
            )
        )
        listing.display = bool(count)
        empty.display = not count
        self.query_one("#home-open", Button).disabled = not count
        if count:
            listing.focus()

    # Actions.

    def action_new_session(self) -> None:
        """Set up a new session."""
        from phr_tui.screens.setup import SetupScreen

        self.app.push_screen(SetupScreen())

    def action_open_selected(self) -> None:
        """Open the highlighted session."""
        option = self.query_one("#home-sessions", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self._open(option.id)

    def action_reload(self) -> None:
        """Look at the sessions folder again."""
        self.reload()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a session opens it."""
        event.stop()
        if event.option.id is not None:
            self._open(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons do what their keys do."""
        event.stop()
        if event.button.id == "home-new":
            self.action_new_session()
        elif event.button.id == "home-open":
            self.action_open_selected()
        elif event.button.id == "home-quit":
            self.app.exit()

    def _open(self, path_text: str) -> None:
        self.phr.open_session(Path(path_text))
