"""The hand-over: whose turn it is, everyone else looks away, and the PIN."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from phr_tui.screens.base import SessionScreen
from phr_tui.session import Participant, Phase, Progress, Session

PIN_LENGTH = 4


class HandoverScreen(SessionScreen):
    """Asks the room to look away, then starts one participant's turn."""

    AUTO_FOCUS = "#handover-pin"
    EXPORTS = False
    BINDINGS = [
        Binding("enter", "begin", "Begin"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, participant_id: str) -> None:
        super().__init__()
        self.participant_id = participant_id

    @property
    def participant(self) -> Participant:
        """Whose turn it is."""
        return self.session.participant(self.participant_id)

    def compose(self) -> ComposeResult:
        """Whose turn, a request to look away, the PIN, and begin."""
        yield Static("Hand-over", classes="screen-title")
        with Center(), Vertical(id="handover-card"):
            yield Static("", id="handover-name", markup=False)
            yield Static("", id="handover-organisation", markup=False)
            yield Static(
                "Everyone else, please look away from the screen until the "
                "keyboard comes back to the facilitator.",
                id="handover-look-away",
            )
            yield Static("", id="handover-about", markup=False)
            yield Static("", id="handover-pin-label", markup=False)
            yield Input(
                placeholder="PIN",
                password=True,
                restrict=r"[0-9]*",
                max_length=12,
                id="handover-pin",
            )
            yield Static("", id="handover-problem", markup=False)
            with Horizontal(id="handover-buttons"):
                yield Button("Begin (enter)", id="handover-begin", variant="primary")
                yield Button("Back (escape)", id="handover-back")
        yield Footer()

    def on_mount(self) -> None:
        """Draw the hand-over for this participant."""
        self.query_one("#handover-problem").display = False
        self.redraw()

    def session_changed(self) -> None:
        """Another program may have revealed or reset this participant."""
        if self.phr.store is None:
            return
        if self.session.phase is not Phase.RATING:
            if self.is_current:
                self.app.call_later(self.phr.show_session)
            return
        self.redraw()

    def redraw(self) -> None:
        """Show whose turn it is and what they need to do to begin."""
        participant = self.participant
        self.query_one("#handover-name", Static).update(
            Text(f"Over to {participant.name}")
        )
        self.query_one("#handover-organisation", Static).update(
            Text(participant.organisation)
        )
        self.query_one("#handover-about", Static).update(
            Text(_about(self.session, participant))
        )
        if participant.has_pin:
            label = "Enter your PIN to continue."
        else:
            label = (
                "Optional: a PIN of 4 or more digits, so only you can reopen your "
                "answers. Leave it empty for none."
            )
        self.query_one("#handover-pin-label", Static).update(Text(label))

    # Beginning.

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the PIN field begins."""
        event.stop()
        await self.action_begin()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Begin or go back."""
        event.stop()
        if event.button.id == "handover-begin":
            await self.action_begin()
        else:
            self.action_back()

    async def action_begin(self) -> None:
        """Check the PIN (or set one) and open the participant's rating screen."""
        from phr_tui.screens.rating import RatingScreen

        pin_input = self.query_one("#handover-pin", Input)
        pin = pin_input.value.strip()
        pid = self.participant_id
        if self.participant.has_pin:
            if not self.session.pin_matches(pid, pin):
                pin_input.value = ""
                self._problem(
                    "That PIN is not right. Try again, or ask the facilitator to "
                    "reset it (that clears your answers)."
                )
                return
        elif pin and (len(pin) < PIN_LENGTH or not pin.isdigit()):
            self._problem("A PIN is 4 or more digits. Or leave it empty for none.")
            return
        if not self.change(lambda s: _start(s, pid, pin)):
            return
        self.app.switch_screen(RatingScreen(pid))

    def _problem(self, text: str) -> None:
        problem = self.query_one("#handover-problem", Static)
        problem.update(Text(text))
        problem.display = bool(text)
        self.set_focus(self.query_one("#handover-pin", Input))

    def action_back(self) -> None:
        """Back to the lobby without starting."""
        self.dismiss()


def _about(session: Session, participant: Participant) -> str:
    count = len(session.rubric.indicators)
    if participant.progress is Progress.SUBMITTED:
        return (
            "You have submitted your answers. You can look at them and change "
            "them until the facilitator reveals the ratings."
        )
    if participant.progress is Progress.IN_PROGRESS:
        return "Welcome back: carry on where you left off."
    return (
        f"You will rate {count} indicators, one key each, and the overall health. "
        "Your answers stay private until the reveal."
    )


def _start(session: Session, pid: str, pin: str) -> bool:
    """Start the turn with the PIN given; a new PIN is set once the turn starts."""
    if session.participant(pid).has_pin:
        session.start_turn(pid, pin)
    else:
        session.start_turn(pid)
        if pin:
            session.set_pin(pid, pin)
    return True
