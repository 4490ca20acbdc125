"""The review page of a private turn: the participant's own answers, and submit.

It is only ever shown to the participant whose answers it lists.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Static

from phr_tui.session import Session
from phr_tui.widgets.fitting import clip

NOT_RATED = "(not rated yet)"


class ReviewTable(DataTable[Text]):
    """One row per answer; enter goes to its page, left back a page as elsewhere.

    Home and end go to the first and last rows.
    """

    BINDINGS = [
        Binding("left", "screen.previous", "Back", show=False),
        Binding("right", "screen.next", "Next", show=False),
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]


class AnswerReview(Vertical):
    """What the participant has answered, what is still to rate, and submit.

    Each row's key is the number of the page it came from.
    """

    def compose(self) -> ComposeResult:
        """A status line, the answers, and the buttons."""
        yield Static("", id="review-status", markup=False)
        yield ReviewTable(id="review-table", cursor_type="row")
        with Horizontal(id="review-buttons"):
            yield Button(
                "Submit (s)", id="review-submit", variant="primary", compact=True
            )
            yield Button("Leave (escape)", id="review-leave", compact=True)

    _shown: tuple[Session, str] | None = None
    _widths: tuple[int, int, int] = (0, 0, 0)

    def column_widths(self) -> tuple[int, int, int]:
        """The indicator, rating and notes columns, fitted to the width."""
        # Every column has a cell of padding each side, and the scrollbar two.
        room = (self.size.width or self.app.size.width) - 3 - 2 * 4 - 2
        notes = max(12, room // 3)
        indicator = max(10, min(26, (room - notes) // 2))
        rating = max(10, min(26, room - notes - indicator))
        # The notes (and the closing answer) always keep a column in view.
        return indicator, rating, max(12, room - indicator - rating)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width."""
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, session: Session, participant_id: str) -> None:
        """List this participant's answers (theirs only) and what is missing."""
        self._shown = (session, participant_id)
        rubric = session.rubric
        participant = session.participant(participant_id)
        table = self.query_one(ReviewTable)
        row = table.cursor_row
        widths = self.column_widths()
        if widths != self._widths:
            self._widths = widths
            table.clear(columns=True)
            table.add_column(Text("#"), key="number", width=3)
            for heading, key, width in zip(
                ("Indicator", "Your rating", "Notes"),
                ("indicator", "rating", "notes"),
                widths,
                strict=True,
            ):
                table.add_column(Text(heading), key=key, width=width)
        else:
            table.clear()
        name_width, rating_width, note_width = widths

        def add(number: str, name: str, rating: str, note: str, page: int) -> None:
            table.add_row(
                Text(number),
                Text(clip(name, name_width)),
                Text(clip(rating, rating_width)),
                Text(clip(first_line(note), note_width)),
                key=str(page),
            )

        for n, indicator in enumerate(rubric.indicators):
            answer = participant.answer(indicator.id)
            rating = rubric.rating(answer.rating).badge if answer.rating else NOT_RATED
            add(str(n + 1), indicator.name, rating, answer.note, n)
        health = participant.health
        level = rubric.health_level(health).name if health else NOT_RATED
        pages = len(rubric.indicators)
        add("", "Overall health", level, participant.health_note, pages)
        answer = first_line(participant.implications) or "(no answer)"
        add("", "Closing question", "", answer, pages + 1)
        table.move_cursor(row=min(row, table.row_count - 1))

        gaps = session.unanswered(participant_id)
        if gaps:
            status = f"Still to rate before you can submit: {gap_words(gaps)}. "
            status += "Pick a row and press enter to go there."
        elif participant.submitted_at:
            status = (
                "Submitted. You can still change anything: pick a row and press "
                "enter. Press s to submit again, or escape to hand back."
            )
        else:
            status = (
                "Everything is rated. Press s to submit, or pick a row and press "
                "enter to change it first."
            )
        self.query_one("#review-status", Static).update(Text(status))
        self.query_one("#review-submit", Button).disabled = bool(gaps)

    def focus_answers(self) -> None:
        """Give the keyboard to the list of answers."""
        self.screen.set_focus(self.query_one(ReviewTable))


def gap_words(gaps: list[str]) -> str:
    """What is unrated, named when short, counted when long."""
    if len(gaps) <= 2:
        return " and ".join(gaps)
    indicators = [gap for gap in gaps if gap != "Overall health"]
    words = f"{len(indicators)} indicators"
    if len(indicators) < len(gaps):
        words += " and the overall health"
    return words


def first_line(text: str) -> str:
    """The first line of a note; the column it goes in cuts it to fit."""
    return text.strip().splitlines()[0] if text.strip() else ""
