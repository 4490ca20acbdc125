"""Follow up last time's next steps: done, dropped or carried over."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Static

from phr_tui.screens.base import SessionScreen
from phr_tui.session import CarriedStep, Session, StepOutcome

OUTCOME_MARKS = {
    None: "… to decide",
    StepOutcome.DONE: "✔ done",
    StepOutcome.DROPPED: "✘ dropped",
    StepOutcome.CARRIED: "→ carried over",
}
"""Each outcome as a mark and words, so none relies on colour."""

WHAT_WIDTH, OWNER_WIDTH = 36, 14
"""Longer text is cut short in the table; the full step shows below it."""


class FollowUpScreen(SessionScreen):
    """The steps brought along from earlier sessions, each marked by the group."""

    BINDINGS = [
        Binding("1", "mark('done')", "Done"),
        Binding("2", "mark('dropped')", "Dropped"),
        Binding("3", "mark('carried')", "Carried over"),
        Binding("0", "mark('')", "Undecided", show=False),
        Binding("escape,b", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        """The steps, the highlighted one in full, and a button per outcome."""
        yield Static("Next steps from earlier sessions", classes="screen-title")
        yield Static("", id="follow-up-help", classes="hint", markup=False)
        yield DataTable(id="follow-up-table", cursor_type="row")
        with VerticalScroll(id="follow-up-detail"):
            yield Static("", id="follow-up-step", markup=False)
        with Horizontal(id="follow-up-buttons"):
            yield Button("Done (1)", id="done", variant="success")
            yield Button("Dropped (2)", id="dropped")
            yield Button("Carried over (3)", id="carried")
            yield Button("Back (b)", id="back")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table from the session."""
        table = self.query_one(DataTable)
        table.add_columns("Next step", "Owner", "Due", "Outcome")
        self.session_changed()
        table.focus()

    @property
    def read_only(self) -> bool:
        """A closed or read-only session shows its follow-up without changes."""
        return self.store.read_only or self.session.read_only

    def session_changed(self) -> None:
        """Redraw the steps, keeping the highlighted row."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for carried in self.session.carried_steps:
            table.add_row(
                Text(_short(carried.what, WHAT_WIDTH)),
                Text(_short(carried.owner, OWNER_WIDTH)),
                Text(carried.due),
                Text(OUTCOME_MARKS[carried.outcome]),
                key=carried.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_help()
        self._show_detail()
        for button in self.query("#follow-up-buttons Button"):
            button.display = not self.read_only or button.id == "back"
        self.refresh_bindings()

    def _show_help(self) -> None:
        steps = self.session.carried_steps
        if not steps:
            text = "No next steps were brought along from an earlier session."
        elif self.session.read_only:
            text = "This session is closed: the follow-up is shown for review."
        elif self.read_only:
            text = "This session is open read-only: the follow-up is shown for review."
        else:
            open_ = sum(1 for c in steps if c.outcome is None)
            text = (
                f"Mark each step done, dropped or carried over ({open_} of "
                f"{len(steps)} still to decide). Carried-over steps come along "
                "to the next session."
            )
        self.query_one("#follow-up-help", Static).update(text)

    def _highlighted(self) -> CarriedStep | None:
        table = self.query_one(DataTable)
        steps = self.session.carried_steps
        if not steps or table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return next((c for c in steps if c.id == row_key.value), None)

    def _show_detail(self) -> None:
        carried = self._highlighted()
        detail = self.query_one("#follow-up-step", Static)
        if carried is None:
            detail.update("")
            return
        where = "the partnership as a whole"
        if carried.indicator_id:
            try:
                where = self.session.rubric.indicator(carried.indicator_id).title
            except KeyError:
                where = carried.indicator_id
        # The details first, so a long step cannot push them out of sight.
        detail.update(
            f"{OUTCOME_MARKS[carried.outcome]} · From: {carried.from_session} "
            f"({carried.from_date}) · About: {where}\nOwner: "
            f"{carried.owner or 'none named'} · Due: {carried.due or 'no date'}\n"
            f"{carried.what}"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted step in full."""
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Marking is offered only while the session can change."""
        if action == "mark":
            return not self.read_only and bool(self.session.carried_steps)
        return super().check_action(action, parameters)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button marks the highlighted step, or goes back."""
        if event.button.id == "back":
            self.action_back()
        elif event.button.id:
            self.action_mark(event.button.id)
            # Keys go on working on the list after a click.
            self.query_one(DataTable).focus()

    def action_mark(self, outcome: str) -> None:
        """Mark the highlighted step with an outcome ('' for undecided)."""
        carried = self._highlighted()
        if carried is None or self.read_only:
            return
        chosen = {
            "done": StepOutcome.DONE,
            "dropped": StepOutcome.DROPPED,
            "carried": StepOutcome.CARRIED,
        }.get(outcome)
        step_id = carried.id

        def follow_up(session: Session) -> bool:
            session.follow_up(step_id, chosen)
            return True

        if not self.change(follow_up):
            return
        # Move on to the next step, so the group can go down the list.
        table = self.query_one(DataTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_back(self) -> None:
        """Back to the reveal."""
        self.dismiss()


def _short(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
