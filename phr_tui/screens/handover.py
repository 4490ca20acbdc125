"""The hand-over: whose turn it is, the others look away, how to fill it in, a PIN."""

from __future__ import annotations

import math
from dataclasses import dataclass
from time import monotonic
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Static

from phr_tui.rubric import Rubric
from phr_tui.screens.base import SessionScreen
from phr_tui.session import Participant, Phase, Progress, Session
from phr_tui.words import plural

PIN_LENGTH = 4

PIN_TRIES = 5
"""Wrong PINs in a row after which each further try has to wait."""

PIN_WAIT = 30.0
"""Seconds to wait before the next try, once there have been PIN_TRIES wrong PINs."""


@dataclass
class PinTries:
    """Wrong tries in a row at one PIN; kept in memory only, never in the file."""

    pin_salt: str | None
    """Which PIN these tries were at: a PIN reset or set anew starts afresh."""
    wrong: int = 0
    wait_until: float = 0.0

    def wait_left(self) -> float:
        """Seconds until the next try is allowed; 0 when it is now."""
        return max(0.0, self.wait_until - monotonic())

    def failed(self) -> None:
        """One more wrong PIN; from the PIN_TRIES-th on, the next try waits."""
        self.wrong += 1
        if self.wrong >= PIN_TRIES:
            self.wait_until = monotonic() + PIN_WAIT

    def matched(self) -> None:
        """The right PIN: the count of wrong ones starts again."""
        self.wrong = 0


# One app's tries per participant, for as long as the app runs: leaving the
# hand-over and coming back must not start the count again.
_TRIES: WeakKeyDictionary[App[object], dict[str, PinTries]] = WeakKeyDictionary()


def pin_tries(app: App[object], participant: Participant) -> PinTries:
    """The wrong tries in a row at this participant's PIN, in this app."""
    tries = _TRIES.setdefault(app, {})
    current = tries.get(participant.id)
    if current is None or current.pin_salt != participant.pin_salt:
        current = tries[participant.id] = PinTries(participant.pin_salt)
    return current


class HandoverScreen(SessionScreen):
    """Asks the room to look away, then starts one participant's turn."""

    AUTO_FOCUS = "#handover-pin"
    EXPORTS = False
    # Priority, so the footer shows these keys rather than the PIN field's own
    # (which do nothing here): a one-line field has no use for the arrows.
    BINDINGS = [
        Binding("down", "read('down')", "Read on", key_display="↓", priority=True),
        Binding("enter", "enter", "Begin", priority=True),
        Binding("escape", "back", "Back"),
        Binding("up", "read('up')", "Read back", show=False, priority=True),
        Binding("pagedown", "read('page_down')", show=False, priority=True),
        Binding("pageup", "read('page_up')", show=False, priority=True),
    ]

    def __init__(self, participant_id: str) -> None:
        super().__init__()
        self.participant_id = participant_id
        self._timer: Timer | None = None

    @property
    def participant(self) -> Participant:
        """Whose turn it is."""
        return self.session.participant(self.participant_id)

    def compose(self) -> ComposeResult:
        """Whose turn, a request to look away, the guidance, the PIN, and begin."""
        yield Static("Hand-over", classes="screen-title")
        with Vertical(id="handover-card"):
            yield Static("", id="handover-name", markup=False)
            yield Static("", id="handover-organisation", markup=False)
            yield Static(
                "Everyone else, please look away from the screen until the "
                "keyboard comes back to the facilitator.",
                id="handover-look-away",
            )
            guide = VerticalScroll(id="handover-guide", can_focus=False)
            guide.border_title = "Before you begin"
            guide.border_subtitle = "↑ ↓ to read"
            with guide:
                yield Static("", id="handover-about", markup=False)
                yield Static(guidance(self.session.rubric), id="handover-rubric")
            yield Static("", id="handover-pin-label", markup=False)
            with Horizontal(id="handover-buttons"):
                yield Input(
                    placeholder="PIN",
                    password=True,
                    restrict=r"[0-9]*",
                    max_length=12,
                    id="handover-pin",
                )
                yield Button("Begin (enter)", id="handover-begin", variant="primary")
                yield Button("Back (escape)", id="handover-back")
            yield Static("", id="handover-problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Draw the hand-over for this participant, with nobody else's toasts."""
        # A "Thank you" to the one before must not greet the next participant.
        self.app.clear_notifications()
        self.query_one("#handover-problem").display = False
        self.redraw()

    def action_read(self, how: str) -> None:
        """Scroll the guidance on filling in the reflection."""
        guide = self.query_one("#handover-guide", VerticalScroll)
        if how == "down":
            guide.scroll_down(animate=False)
        elif how == "up":
            guide.scroll_up(animate=False)
        elif how == "page_down":
            guide.scroll_page_down(animate=False)
        else:
            guide.scroll_page_up(animate=False)

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
        self._count_down()

    # Beginning.

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Begin or go back."""
        event.stop()
        if event.button.id == "handover-begin":
            await self.action_begin()
        else:
            self.action_back()

    async def action_enter(self) -> None:
        """Enter presses the focused button; anywhere else it begins."""
        if self.focused is self.query_one("#handover-back", Button):
            self.action_back()
        else:
            await self.action_begin()

    async def action_begin(self) -> None:
        """Check the PIN (or set one) and open the participant's rating screen."""
        from phr_tui.screens.rating import RatingScreen

        pin_input = self.query_one("#handover-pin", Input)
        pin = pin_input.value.strip()
        pid = self.participant_id
        if self.participant.has_pin:
            tries = pin_tries(self.app, self.participant)
            if tries.wait_left() or pin_input.disabled:
                # Still waiting; or the wait is just over, and the field opens.
                self._count_down()
                return
            if not pin:
                # Enter pressed too soon is not a wrong PIN.
                self._problem("Type your PIN, then press Enter.")
                return
            if not self.session.pin_matches(pid, pin):
                pin_input.value = ""
                tries.failed()
                if tries.wait_left():
                    self._count_down()
                    return
                self._problem(
                    "That PIN is not right. Try again, or ask the facilitator to "
                    "reset it (that clears your answers)."
                )
                return
            tries.matched()
        elif pin and (len(pin) < PIN_LENGTH or not pin.isdigit()):
            # Cleared, or digits typed next would join the refused ones.
            pin_input.value = ""
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

    def _count_down(self) -> None:
        """While the next PIN try has to wait, say why and for how long."""
        if self.phr.store is None:
            return
        pin_input = self.query_one("#handover-pin", Input)
        participant = self.participant
        tries = pin_tries(self.app, participant)
        waiting = participant.has_pin and tries.wait_left()
        if not waiting:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            if pin_input.disabled:
                pin_input.disabled = False
                self._problem("You can try your PIN again now.")
            return
        if self._timer is None:
            self._timer = self.set_interval(1, self._count_down)
        # The field takes no digits meanwhile, so none are typed for nothing;
        # Enter, on Begin, says again how long is left.
        if not pin_input.disabled:
            pin_input.disabled = True
            self.set_focus(self.query_one("#handover-begin", Button))
        seconds = plural(math.ceil(waiting), "second")
        problem = self.query_one("#handover-problem", Static)
        problem.update(
            Text(
                f"{tries.wrong} wrong PINs in a row: please wait {seconds} before "
                "the next try. If the PIN is forgotten, the facilitator can reset "
                "it from the lobby (k); that clears your answers."
            )
        )
        problem.display = True

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


def guidance(rubric: Rubric) -> Text:
    """The form's introduction, instructions and purpose, as the paper gives them."""
    text = Text()
    blocks: list[Text] = []
    if rubric.introduction:
        blocks.append(Text(rubric.introduction))
    if rubric.instructions:
        block = Text("Instructions", style="bold")
        for n, step in enumerate(rubric.instructions, start=1):
            block.append(f"\n{n}. {step}")
        block.append("\nThe rating scale:")
        for rating in rubric.scale:
            block.append(f"\n   {rating.badge}")
        blocks.append(block)
    purpose = rubric.purpose
    if purpose.text:
        block = Text("Using the results", style="bold")
        block.append(f"\n{purpose.text}")
        for use in purpose.uses:
            block.append(f"\n• {use}")
        if purpose.closing:
            block.append(f"\n\n{purpose.closing}")
        blocks.append(block)
    for n, block in enumerate(blocks):
        if n:
            text.append("\n\n")
        text.append_text(block)
    return text


def _start(session: Session, pid: str, pin: str) -> bool:
    """Start the turn with the PIN given; a new PIN is set once the turn starts."""
    if session.participant(pid).has_pin:
        session.start_turn(pid, pin)
    else:
        session.start_turn(pid)
        if pin:
            session.set_pin(pid, pin)
    return True
