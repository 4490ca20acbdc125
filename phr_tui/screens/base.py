"""What every screen of an open session shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.screen import Screen

from phr_tui.session import Session

if TYPE_CHECKING:
    from phr_tui.app import PhrApp
    from phr_tui.store import SessionStore

T = TypeVar("T")


class SessionScreen(Screen[None]):
    """A screen of the open session, redrawn whenever the session changes."""

    EXPORTS: ClassVar[bool] = True
    """Whether the app's export key works on this screen."""

    @property
    def phr(self) -> PhrApp:
        """The app, typed."""
        return cast("PhrApp", self.app)

    @property
    def store(self) -> SessionStore:
        """The open session's file."""
        store = self.phr.store
        assert store is not None, "a session screen needs an open session"
        return store

    @property
    def session(self) -> Session:
        """The open session as it is now (it is replaced when reloaded)."""
        return self.store.session

    def change(
        self, edit: Callable[[Session], T], *, forget_earlier: bool = False
    ) -> T | None:
        """Change and save the session; None when it was refused (and shown)."""
        return self.phr.change(edit, forget_earlier=forget_earlier)

    _stale = False

    def notice_change(self) -> None:
        """The session changed: redraw now if shown, else once uncovered."""
        # Not is_current: that is also true just beneath the top screen. A
        # screen under another redrawing on every keystroke there would slow
        # each one for nothing.
        if self.app.screen is self:
            self._stale = False
            self.session_changed()
        else:
            self._stale = True

    def redraw_if_stale(self) -> None:
        """Catch up with changes made while another screen covered this one."""
        if self._stale and self.phr.store is not None:
            self._stale = False
            self.session_changed()

    def on_screen_resume(self) -> None:
        """Uncovered again: show what changed meanwhile."""
        self.redraw_if_stale()

    def session_changed(self) -> None:
        """Redraw from the session after it changed here or in another program."""
