"""The phr-tui application: opens sessions and routes to the screen for each phase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from textual import events, log
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from phr_tui.errors import PhrError, SessionFileError
from phr_tui.session import Phase, Session
from phr_tui.store import SessionStore, restore_backup
from phr_tui.styles import SHARED, STYLESHEET, read_sections

T = TypeVar("T")

MIN_WIDTH, MIN_HEIGHT = 60, 20
"""Below this the layout cannot show a rating screen, so we ask for more room."""

OUTSIDE_CHANGE_SECONDS = 1.5
"""How often to look for changes another phr saved to the open session file."""

OTHER_STYLES_SECONDS = 0.1
"""How long after the first screen the styles of the other screens are read."""


@dataclass(frozen=True)
class AppConfig:
    """What the app was started with."""

    sessions_folder: Path = field(default_factory=lambda: Path("sessions"))
    rubric_path: Path | None = None
    open_path: Path | None = None
    read_only: bool = False
    review_paths: tuple[Path, ...] = ()


class PhrApp(App[None]):
    """A partnership health reflection on one shared screen."""

    TITLE = "Partnership Health Reflection"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("x", "export", "Export"),
    ]

    def __init__(self, config: AppConfig, store: SessionStore | None = None) -> None:
        super().__init__()
        self.config = config
        self.store: SessionStore | None = store
        """The open session's file, or None on the home screen."""
        self._first_screens_shown = False
        self._style_sections = read_sections()
        self._styles_added: set[str] = set()
        self.add_styles(SHARED)

    def on_mount(self) -> None:
        """Show the first screen the command line asked for."""
        # The home screen is built only when it shows: `phr open` starts
        # straight on the session, and leaving it builds home (see _show_home).
        if self.config.review_paths:
            from phr_tui.screens.history import HistoryScreen

            self._show_home()
            self.add_styles("history")
            self.push_screen(HistoryScreen(self.config.review_paths))
        elif self.store is not None:
            self.show_session()
        elif self.config.open_path is not None:
            self.open_session(self.config.open_path, read_only=self.config.read_only)
        else:
            self._show_home()
        self.set_interval(OUTSIDE_CHANGE_SECONDS, self._look_for_outside_changes)
        self.set_timer(OTHER_STYLES_SECONDS, self.add_styles)
        self._first_screens_shown = True
        self._check_size()

    # Styles.

    def add_styles(self, *sections: str) -> None:
        """Add sections of the stylesheet not added yet; every section if none named."""
        added = False
        for name in sections or tuple(self._style_sections):
            if name not in self._styles_added:
                self._styles_added.add(name)
                self.stylesheet.add_source(
                    self._style_sections[name], read_from=(str(STYLESHEET), name)
                )
                added = True
        if added:
            # Parsed now rather than when the next widget is styled, so a
            # timer can do it while the first screen is only being read.
            self.stylesheet.parse()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Show a screen over the current one, with every section of the styles."""
        # The first screens come with their own sections (see on_mount); any
        # later one may use any section.
        if self._first_screens_shown:
            self.add_styles()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Screen[Any] | str) -> Any:
        """Replace the current screen, with every section of the styles."""
        self.add_styles()
        return super().switch_screen(screen)

    # Sessions.

    @property
    def session(self) -> Session:
        """The open session."""
        if self.store is None:
            raise PhrError("No session is open.")
        return self.store.session

    def open_session(self, path: Path, *, read_only: bool = False) -> bool:
        """Open a session file and show it; a damaged file is explained."""
        try:
            self.store = SessionStore.open(path, read_only=read_only)
        except SessionFileError as error:
            self._show_home()
            self.show_file_problem(error)
            return False
        except PhrError as error:
            self._show_home()
            self.show_problem(error)
            return False
        self.show_session()
        return True

    def show_session(self) -> None:
        """Show the screen for the open session's phase (over home, if built)."""
        # Each phase's screens are imported only when needed, to start quickly.
        self._pop_session_screens()
        if self.session.phase is Phase.RATING:
            from phr_tui.screens.lobby import LobbyScreen

            self.add_styles("lobby")
            self.push_screen(LobbyScreen())
        else:
            from phr_tui.screens.reveal import RevealScreen

            self.add_styles("reveal and discussion")
            self.push_screen(RevealScreen())
        self._check_size()

    def close_session(self) -> None:
        """Go back to the home screen."""
        self._pop_session_screens()
        self.store = None
        # A home screen built now reads the sessions folder as it mounts.
        built = self._show_home()
        self._check_size()
        self.screen.refresh_bindings()
        on_shown = getattr(self.screen, "session_changed", None)
        if on_shown is not None and not built:
            on_shown()

    def _pop_session_screens(self) -> None:
        """Leave the screens of the open session, back to home or the review."""
        from textual.screen import ModalScreen

        from phr_tui.screens.base import SessionScreen

        # At the bottom are Textual's default screen and, once built, the home
        # screen; a review screen may sit above home, and stays.
        while len(self.screen_stack) > 1 and isinstance(
            self.screen, (SessionScreen, ModalScreen)
        ):
            self.pop_screen()

    def _show_home(self) -> bool:
        """Build the home screen if nothing else is left to show; True if built."""
        if len(self.screen_stack) > 1:
            return False
        from phr_tui.screens.home import HomeScreen

        self.add_styles("home and setup")
        self.push_screen(HomeScreen())
        return True

    def change(
        self, edit: Callable[[Session], T], *, forget_earlier: bool = False
    ) -> T | None:
        """Change the open session and save it; a refusal is shown, not raised.

        Returns what the edit returned, or None when it was refused. With
        `forget_earlier` the file's backup becomes the new version too.
        """
        if self.store is None:
            return None
        try:
            result = self.store.change(edit, forget_earlier=forget_earlier)
        except PhrError as error:
            self.show_problem(error)
            return None
        self._tell_screens()
        return result

    def action_export(self) -> None:
        """Export the open session as Markdown, CSV or JSON, asking which."""
        from phr_tui.screens.export_dialog import ExportDialog, export_open_session

        if self.store is None or isinstance(self.screen, ExportDialog):
            return
        self.push_screen(
            ExportDialog(self.store.session, self.store.path),
            lambda fmt: export_open_session(self, fmt),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Export only while a session is open (not on the home screen)."""
        if action == "export":
            from phr_tui.screens.base import SessionScreen

            # Not over a dialog, where x may be meant for the dialog itself, nor
            # during a participant's private turn, which has keys enough.
            screen = self.screen
            return (
                self.store is not None
                and isinstance(screen, SessionScreen)
                and screen.EXPORTS
            )
        return super().check_action(action, parameters)

    def _look_for_outside_changes(self) -> None:
        if self.store is None:
            return
        try:
            changed = self.store.refresh()
        except PhrError as error:
            log.warning(f"could not reload the session: {error}")
            return
        if changed:
            log.info("another program changed the session file; reloaded")
            self._tell_screens()

    def _tell_screens(self) -> None:
        for screen in self.screen_stack:
            # Session screens redraw when shown; the home screen decides itself.
            on_changed = getattr(screen, "notice_change", None) or getattr(
                screen, "session_changed", None
            )
            if on_changed is not None:
                on_changed()

    # Problems.

    def show_problem(self, error: PhrError) -> None:
        """Tell the user, in words, why something could not be done."""
        self.notify(
            str(error), title=error.title, severity="error", timeout=8, markup=False
        )

    def show_file_problem(self, error: SessionFileError) -> None:
        """Explain a damaged session file, offering its last good copy."""
        from phr_tui.screens.dialogs import ConfirmDialog, MessageDialog

        if error.backup is None:
            self.push_screen(MessageDialog(error.title, str(error)))
            return

        def restore(chosen: bool | None) -> None:
            if not chosen:
                return
            try:
                kept = restore_backup(error.path)
            except PhrError as problem:
                self.show_problem(problem)
                return
            self.notify(f"The damaged file is kept as {kept.name}.", title="Restored")
            self.open_session(error.path)

        self.push_screen(
            ConfirmDialog(
                error.title,
                f"{error}\n\nRestore the last good copy? The damaged file is kept "
                "beside it.",
                yes="Restore",
                no="Leave it",
            ),
            restore,
        )

    # A terminal too small to use.

    def on_resize(self, event: events.Resize) -> None:
        """Ask for a larger terminal rather than show a broken layout."""
        # The first resize comes before on_mount; that checks once it has
        # pushed the first screens, so the message is not buried under them.
        if self._first_screens_shown:
            # App.size follows the event only after this handler has run.
            self._check_size(event.size.width, event.size.height)

    @property
    def too_small(self) -> bool:
        """Whether the terminal is below the size the layout needs."""
        return self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Keep the too-small message on top exactly while the terminal is."""
        from phr_tui.screens.too_small import TooSmallScreen

        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        on_top = isinstance(self.screen, TooSmallScreen)
        if too_small and not on_top:
            self.push_screen(TooSmallScreen())
        elif not too_small and on_top:
            self.pop_screen()


def create_app(config: AppConfig, store: SessionStore | None = None) -> PhrApp:
    """The app as users run it; tests build it the same way."""
    return PhrApp(config, store)
