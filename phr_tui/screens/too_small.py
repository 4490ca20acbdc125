"""Shown instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Covers everything, so nothing private shows in a cramped layout either."""

    def compose(self) -> ComposeResult:
        """One plain request."""
        from phr_tui.app import MIN_HEIGHT, MIN_WIDTH

        yield Static(
            f"This terminal is too small for phr.\n\nMake it at least {MIN_WIDTH} "
            f"columns by {MIN_HEIGHT} rows; it carries on where it was.",
            id="too-small",
        )

    def on_screen_resume(self) -> None:
        """A message left under later screens goes once it is uncovered."""
        if not getattr(self.app, "too_small", False):
            self.dismiss()
