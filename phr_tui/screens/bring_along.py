"""Offer a new session the open next steps of the partnership's earlier session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from phr_tui.errors import PhrError
from phr_tui.history import load_session, open_steps
from phr_tui.screens.dialogs import dialog_box
from phr_tui.session import CarriedStep, NextStep, Session
from phr_tui.words import plural

if TYPE_CHECKING:
    from phr_tui.app import PhrApp


class BringAlongDialog(ModalScreen[bool]):
    """List an earlier session's open next steps; True when they were brought."""

    BINDINGS = [
        Binding("y", "answer(True)", "Bring them along"),
        Binding("n,escape", "answer(False)", "Not now"),
    ]

    def __init__(self, earlier_path: Path) -> None:
        super().__init__()
        self.earlier_path = earlier_path
        self.earlier: Session | None = None
        """The earlier session, when its file could be read."""
        self.problem = ""
        try:
            self.earlier = load_session(earlier_path).session
        except PhrError as error:
            self.problem = str(error)

    @property
    def phr(self) -> PhrApp:
        """The app, typed."""
        return cast("PhrApp", self.app)

    def compose(self) -> ComposeResult:
        """The earlier session, its open steps, and the question."""
        earlier = self.earlier
        steps = open_steps(earlier) if earlier is not None else []
        with dialog_box(readable=True):
            yield Static("Next steps from last time", classes="dialog-title")
            if earlier is None or not steps:
                yield Static(
                    self.problem or "The earlier session has no open next steps.",
                    classes="dialog-body",
                    markup=False,
                )
                with Horizontal(classes="dialog-buttons"):
                    yield Button("OK (n)", id="no", variant="primary")
            else:
                yield Static(
                    f"{earlier.title} ({earlier.date}) left "
                    f"{plural(len(steps), 'next step')} open. Bring them along, "
                    "so the group can mark each done, dropped or carried over at "
                    "the start of the discussion?",
                    classes="dialog-body",
                    markup=False,
                )
                yield Static(
                    "\n".join(_step_line(s) for s in steps),
                    id="bring-along-steps",
                    markup=False,
                )
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Bring them along (y)", id="yes", variant="primary")
                    yield Button("Not now (n)", id="no")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.action_answer(event.button.id == "yes")

    def action_answer(self, bring: bool) -> None:
        """Bring the steps along (when asked and possible), then close."""
        earlier = self.earlier
        if not bring or earlier is None or not open_steps(earlier):
            self.dismiss(False)
            return
        added = self.phr.change(lambda s: s.bring_along(earlier))
        if added is None:
            # The app has shown why it was refused.
            self.dismiss(False)
            return
        self.phr.notify(
            f"Brought along {plural(added, 'next step')} from {earlier.title}.",
            title="Next steps from last time",
            markup=False,
        )
        self.dismiss(True)


def _step_line(step: NextStep | CarriedStep) -> str:
    extra = [
        f"owner {step.owner}" if step.owner else "",
        step.due and f"due {step.due}",
    ]
    extra = [e for e in extra if e]
    text = step.what if len(step.what) <= 200 else step.what[:199] + "…"
    return f"• {text}" + (f" ({', '.join(extra)})" if extra else "")
