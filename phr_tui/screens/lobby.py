"""The shared screen of the private phase: who has rated, and who goes next.

It shows how far each participant is and nothing of what anyone answered.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from phr_tui.screens.base import SessionScreen
from phr_tui.session import Participant, Phase, Progress, Session
from phr_tui.widgets.fitting import clip, clip_middle
from phr_tui.widgets.key_footer import KeyFooter

PROGRESS_MARKS = {
    Progress.NOT_STARTED: "○",
    Progress.IN_PROGRESS: "◐",
    Progress.SUBMITTED: "●",
}
"""A mark for each state, so progress reads without colour."""


def progress_words(
    session: Session, participant: Participant, *, short: bool = False
) -> str:
    """How far a participant is, without a word of what they answered.

    `short` leaves out "in progress," where the mark ◐ says it, for a narrow
    screen.
    """
    progress = participant.progress
    if progress is not Progress.IN_PROGRESS:
        return f"{PROGRESS_MARKS[progress]} {progress.value}"
    total = len(session.rubric.indicators)
    rated = f"{participant.rated_count(session.rubric)} of {total} rated"
    if short:
        return f"{PROGRESS_MARKS[progress]} {rated}"
    return f"{PROGRESS_MARKS[progress]} {progress.value}, {rated}"


def session_line(session: Session) -> str:
    """The partnership, date and facilitator on one line."""
    parts = [session.partnership, session.date]
    if session.facilitator:
        parts.append(f"facilitator {session.facilitator}")
    return "  ·  ".join(parts)


HEADINGS = ("Participant", "Partner organisation", "Progress", "PIN")
SHORT_HEADINGS = ("Participant", "Organisation", "Progress", "PIN")
GAP = 2
"""Cells between columns."""
MIN_COLUMN = 8
"""The least a name or an organisation is cut to on a narrow screen."""


def people_columns(session: Session, width: int) -> list[tuple[str, ...]]:
    """The heading and a row per participant, each cell padded to its column.

    On a narrow screen the progress and the organisation heading are said in
    fewer words, then organisations and, last, names are cut.
    """
    for short in (False, True):
        rows = [SHORT_HEADINGS if short else HEADINGS] + [
            (
                p.name,
                p.organisation,
                progress_words(session, p, short=short),
                "set" if p.has_pin else "",
            )
            for p in session.participants
        ]
        widths = [max(cell_len(row[n]) for row in rows) for n in range(4)]
        spare = width - sum(widths) - GAP * (len(widths) - 1)
        if spare >= 0:
            break
    # The wider of name and organisation gives way, the organisation first
    # when they are even: a name tells whose turn it is.
    while spare < 0 and max(widths[0], widths[1]) > MIN_COLUMN:
        widths[0 if widths[0] > widths[1] else 1] -= 1
        spare += 1
    heading, *people = rows
    return [
        tuple(_fit(cell, widths[n], middle=False) for n, cell in enumerate(heading))
    ] + [tuple(_fit(cell, widths[n]) for n, cell in enumerate(row)) for row in people]


def _fit(text: str, width: int, *, middle: bool = True) -> str:
    """Text cut to `width` cells with '…' (in the middle for names), padded."""
    text = (clip_middle if middle else clip)(text.strip(), width)
    return text + " " * max(width - cell_len(text), 0)


class PeopleList(OptionList):
    """The participants, a row each; enter or a click begins a turn."""

    BINDINGS = [Binding("enter", "select", "Begin turn")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No turns begin in a session opened read-only."""
        store = getattr(self.app, "store", None)
        if action == "select" and store is not None and store.read_only:
            return False
        return super().check_action(action, parameters)

    # Stopping at the ends, as the app's tables do, rather than wrapping round:
    # a facilitator pressing down to the last participant stays on them.
    def action_cursor_down(self) -> None:
        """The next participant, if there is one."""
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """The participant before, if there is one."""
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()


class LobbyScreen(SessionScreen):
    """Pick the next participant; reveal when everyone has submitted."""

    _turn_given = False
    _status = ""
    _cut: frozenset[str] | set[str] = frozenset()
    """Participants whose name or organisation was cut to fit the width."""

    BINDINGS = [
        Binding("enter", "begin", "Begin turn"),
        Binding("v", "reveal", "Reveal"),
        Binding("k", "reset_pin", "Reset PIN"),
        Binding("b", "home", "Home"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Opened read-only, the lobby only shows progress."""
        # The app may have closed the session while this screen is going.
        store = self.phr.store
        turns = ("begin", "reveal", "reset_pin")
        return not (action in turns and store is not None and store.read_only)

    def compose(self) -> ComposeResult:
        """The session's details, the participants, and what to do."""
        yield Static("", id="lobby-title", classes="screen-title", markup=False)
        yield Static("", id="lobby-details", classes="hint", markup=False)
        yield Static("", id="lobby-help", markup=False)
        yield Static("", id="lobby-heading", markup=False)
        yield PeopleList(id="lobby-people")
        yield Static("", id="lobby-status", markup=False)
        # No row of buttons: the footer's keys are clicked as easily, and the
        # first screen of `phr open` starts faster with fewer widgets.
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill in the participants, with the cursor on who is likely next."""
        self.redraw()
        self.move_to_next_waiting()
        self.query_one("#lobby-people", PeopleList).focus()

    def on_screen_resume(self) -> None:
        """Redraw; after a turn, move on to whoever has not submitted."""
        if self.phr.store is None:
            return
        self.redraw_if_stale()
        if self._turn_given and self.session.phase is Phase.RATING:
            self.move_to_next_waiting()
        self._turn_given = False

    def move_to_next_waiting(self) -> None:
        """Put the cursor on the next participant who has not submitted."""
        people = self.query_one("#lobby-people", PeopleList)
        participants = self.session.participants
        start = people.highlighted or 0
        for step in range(len(participants)):
            n = (start + step) % len(participants)
            if participants[n].progress is not Progress.SUBMITTED:
                people.highlighted = n
                return

    def session_changed(self) -> None:
        """Redraw; if another program revealed the ratings, move on with it."""
        if self.phr.store is None:
            return
        if self.session.phase is not Phase.RATING:
            self.app.call_later(self._move_on)
            return
        self.redraw()

    def _move_on(self) -> None:
        # Unless this screen has moved on already (its own reveal does, at
        # once): showing the session again would build the overview twice.
        if self.is_attached and self.app.screen is self and self.phr.store is not None:
            self.phr.show_session()

    def redraw(self) -> None:
        """Show the session as it is now."""
        session = self.session
        phase = "read-only" if self.store.read_only else "private rating"
        self.query_one("#lobby-title", Static).update(
            Text(f"{session.title}  —  {phase}")
        )
        self.query_one("#lobby-details", Static).update(Text(session_line(session)))
        if self.store.read_only:
            help_text = "Opened read-only, to look: how far each participant is."
        else:
            help_text = (
                "Each participant rates in private. Pick who goes next and press "
                "enter, or click them; everyone else looks away."
            )
        self.query_one("#lobby-help", Static).update(help_text)
        people = self.query_one("#lobby-people", PeopleList)
        # The list's own padding and scrollbar take a few cells.
        heading, *rows = people_columns(session, max(self.app.size.width - 6, 40))
        self.query_one("#lobby-heading", Static).update(Text("  ".join(heading)))
        row = people.highlighted or 0
        people.set_options(
            Option(Text("  ".join(cells)), id=p.id)
            for p, cells in zip(session.participants, rows, strict=True)
        )
        self._cut = {
            p.id
            for p, cells in zip(session.participants, rows, strict=True)
            if "…" in cells[0] + cells[1] and "…" not in p.name + p.organisation
        }
        if session.participants:
            people.highlighted = min(row, len(session.participants) - 1)

        missing = session.missing
        done = len(session.participants) - len(missing)
        if self.store.read_only:
            status = (
                f"{done} of {len(session.participants)} submitted. Open read-only: "
                "nobody can rate, and the ratings stay hidden until the reveal."
            )
        elif not missing:
            status = "Everyone has submitted. Press v to reveal the ratings."
        else:
            status = (
                f"{done} of {len(session.participants)} submitted. Reveal with v "
                "once everyone has."
            )
        self._status = status
        self._show_status()

    def _show_status(self) -> None:
        # A name or organisation cut to fit is given whole for the one picked.
        status = self._status
        picked = self.picked()
        if picked is not None and picked.id in self._cut:
            status += f"\nPicked: {picked.name} ({picked.organisation})"
        self.query_one("#lobby-status", Static).update(Text(status))

    def on_option_list_option_highlighted(self) -> None:
        """Name the picked participant in full when their row had to be cut."""
        if self.phr.store is not None and self._cut:
            self._show_status()

    # Who is picked.

    def picked(self) -> Participant | None:
        """The participant under the cursor."""
        people = self.query_one("#lobby-people", PeopleList)
        participants = self.session.participants
        if not participants:
            return None
        return participants[min(people.highlighted or 0, len(participants) - 1)]

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width."""
        if self.phr.store is not None:
            self.redraw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a participant begins their turn."""
        event.stop()
        if not self.store.read_only:
            self.action_begin()

    # Actions.

    def action_begin(self) -> None:
        """Hand the keyboard to the picked participant."""
        from phr_tui.screens.handover import HandoverScreen

        participant = self.picked()
        if participant is not None:
            self._turn_given = True
            self.app.push_screen(HandoverScreen(participant.id))

    def action_reveal(self) -> None:
        """Reveal everyone's answers, after saying who has not submitted."""
        from phr_tui.screens.dialogs import ConfirmDialog

        session = self.session
        missing = session.missing
        if missing:
            names = "\n".join(
                f"  {p.name} ({progress_words(session, p)})" for p in missing
            )
            message = (
                f"Not everyone has submitted. Still missing:\n{names}\n\n"
                "After the reveal, private answers are locked: nobody can finish "
                "or change theirs. Reveal anyway?"
            )
            title = "Reveal before everyone has submitted?"
        else:
            message = (
                "Everyone has submitted. Show every participant's ratings and "
                "notes to the room? Private answers are locked from then on."
            )
            title = "Reveal the ratings?"
        self.app.push_screen(
            ConfirmDialog(title, message, yes="Reveal", no="Not yet"),
            self._reveal_answered,
        )

    def _reveal_answered(self, reveal: bool | None) -> None:
        if not reveal:
            return
        if self.change(lambda s: s.reveal() or True):
            self.app.clear_notifications()
            self.phr.show_session()

    def action_reset_pin(self) -> None:
        """Reset a forgotten PIN; the answers go too, so nobody else sees them."""
        from phr_tui.screens.dialogs import ConfirmDialog

        participant = self.picked()
        if participant is None:
            return
        if not participant.has_pin:
            self.notify(
                f"{participant.name} has no PIN to reset.",
                title="No PIN",
                timeout=4,
                markup=False,
            )
            return
        name, pid = participant.name, participant.id
        message = (
            f"{name}'s PIN will be removed. So that nobody sees answers meant to be "
            f"private, {name}'s answers are cleared too, and {name} starts again "
            "from the beginning."
        )

        def answered(reset: bool | None) -> None:
            if not reset:
                return
            # Else the file's backup would still hold the cleared answers.
            if self.change(lambda s: s.reset_pin(pid) or True, forget_earlier=True):
                self.notify(
                    f"{name}'s PIN is reset and their answers are cleared.",
                    title="PIN reset",
                    markup=False,
                )

        self.app.push_screen(
            ConfirmDialog(
                f"Reset {name}'s PIN?", message, yes="Reset and clear", no="Keep"
            ),
            answered,
        )

    def action_home(self) -> None:
        """Back to the list of sessions; everything is already saved."""
        self.phr.close_session()
