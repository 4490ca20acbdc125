"""The next steps the group agrees: what, who owns it, by when, and from where."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
)

from phr_tui.errors import PhrError
from phr_tui.screens.dialogs import (
    CANCEL_KEY,
    ConfirmDialog,
    dialog_box,
    discard_dialog,
)
from phr_tui.screens.reveal import RevealedScreen
from phr_tui.session import NextStep, Session, check_due
from phr_tui.words import plural

WHOLE = ""
"""The indicator choice meaning the partnership as a whole."""

WHOLE_WORDS = "the partnership as a whole"


def step_source(session: Session, indicator_id: str | None) -> str:
    """Where a next step came from, in words."""
    if indicator_id is None:
        return WHOLE_WORDS
    return session.rubric.indicator(indicator_id).title


@dataclass(frozen=True)
class StepFields:
    """What the next-step dialog was filled in with."""

    what: str
    owner: str
    due: str
    indicator_id: str | None


class NextStepDialog(ModalScreen[StepFields | None]):
    """Add or change a next step; checks it before it closes.

    As in the other text dialogs, Escape keeps what was typed (and asks first
    when it cannot be saved as it is); only Cancel (F3) leaves things as they were.
    """

    BINDINGS = [
        Binding("escape", "save", "Save"),
        Binding(CANCEL_KEY, "cancel", "Cancel"),
    ]

    def __init__(
        self,
        session: Session,
        step: NextStep | None = None,
        indicator_id: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.step = step
        self.indicator_id = step.indicator_id if step else indicator_id

    def compose(self) -> ComposeResult:
        """The four fields of a next step."""
        step = self.step
        indicators = [(Content(WHOLE_WORDS), WHOLE)] + [
            (Content(i.title), i.id) for i in self.session.rubric.indicators
        ]
        with dialog_box(id="step-dialog"):
            yield Static(
                "Change the next step" if step else "A new next step",
                classes="dialog-title",
            )
            with Horizontal(classes="field"):
                yield Label("What")
                yield Input(step.what if step else "", id="step-what")
            with Horizontal(classes="field"):
                yield Label("Owner")
                yield Input(step.owner if step else "", id="step-owner")
            with Horizontal(classes="field"):
                yield Label("Due")
                yield Input(
                    step.due if step else "",
                    placeholder="YYYY-MM-DD, or leave empty",
                    id="step-due",
                )
            yield Static(id="step-warning", markup=False)
            with Horizontal(classes="field"):
                yield Label("From")
                yield Select(
                    indicators,
                    value=self.indicator_id or WHOLE,
                    allow_blank=False,
                    id="step-from",
                )
            yield Static(id="step-problem", classes="problem", markup=False)
            yield Static(
                f"Enter or Esc saves · Tab moves · {CANCEL_KEY.upper()} leaves "
                "without saving",
                classes="hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (esc)", id="save", variant="primary")
                yield Button(f"Cancel ({CANCEL_KEY})", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        """Start with what is to be done."""
        self.query_one("#step-problem").display = False
        self._warn_about_due(self.query_one("#step-due", Input).value)
        self.query_one("#step-what", Input).focus()

    def _fields(self) -> StepFields:
        source = self.query_one("#step-from", Select).value
        return StepFields(
            self.query_one("#step-what", Input).value,
            self.query_one("#step-owner", Input).value,
            self.query_one("#step-due", Input).value,
            str(source) if source not in (WHOLE, Select.NULL) else None,
        )

    def _changed(self, fields: StepFields) -> bool:
        step = self.step
        before = (
            (step.what, step.owner, step.due) if step else ("", "", ""),
            self.indicator_id,
        )
        typed = (fields.what, fields.owner, fields.due)
        return (tuple(t.strip() for t in typed), fields.indicator_id) != before

    def _problem(self, fields: StepFields) -> tuple[str, str] | None:
        """What stops these fields being saved, and the field to put it right in."""
        if not fields.what.strip():
            return "Say what will be done.", "#step-what"
        try:
            check_due(fields.due)
        except PhrError as error:
            return str(error), "#step-due"
        return None

    def _show_problem(self, text: str, field: str) -> None:
        problem = self.query_one("#step-problem", Static)
        problem.update(text)
        problem.display = True
        self.query_one(field, Input).focus()

    def _save(self) -> None:
        fields = self._fields()
        problem = self._problem(fields)
        if problem is not None:
            self._show_problem(*problem)
            return
        self.dismiss(replace(fields, due=check_due(fields.due)))

    def _warn_about_due(self, due: str) -> None:
        # Allowed, since a team may agree on something already late; but said,
        # in case the year was mistyped.
        warning = self.query_one("#step-warning", Static)
        warning.display = self.session.due_before_session(due)
        if warning.display:
            warning.update(
                f"{check_due(due)} is before this session's date "
                f"({self.session.date}), so this step is already overdue. "
                "It can still be saved."
            )

    def on_input_changed(self, event: Input.Changed) -> None:
        """Warn while the due date typed is before the session's date."""
        if event.input.id == "step-due":
            self._warn_about_due(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field saves."""
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or leave things as they were."""
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        """Keep what was typed; ask first when it cannot be saved as it is."""
        fields = self._fields()
        if not self._changed(fields):
            self.dismiss(None)
            return
        problem = self._problem(fields)
        if problem is None:
            self._save()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self._show_problem(*problem)

        title = "Discard your changes?" if self.step else "Discard this next step?"
        self.app.push_screen(discard_dialog(title, problem[0]), answered)

    def action_cancel(self) -> None:
        """Leave things as they were."""
        self.dismiss(None)


class NextStepsScreen(RevealedScreen):
    """The table of next steps, to add to, change and remove from."""

    VIEW = "Next steps"
    EDITS = frozenset({"add", "edit", "remove"})
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("r", "remove", "Remove"),
        Binding("delete", "remove", "Remove", show=False),
        Binding("b,escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        """The table, and the highlighted step in full below it."""
        yield Header(icon="")
        yield Static(id="steps-heading", classes="screen-title")
        yield DataTable(id="steps-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="steps-current", markup=False)
        yield Footer()

    def redraw(self) -> None:
        """Fill the table, keeping the cursor on the same step."""
        session = self.session
        table = self.query_one(DataTable)
        current = self._step_id()
        row = table.cursor_row
        table.clear(columns=True)
        what_width = max(20, self.size.width - 12 - 10 - 20 - 10)
        table.add_column(Text("What"), key="what", width=what_width)
        table.add_column(Text("Owner"), key="owner", width=12)
        table.add_column(Text("Due"), key="due", width=10)
        table.add_column(Text("From"), key="from", width=20)
        for step in session.next_steps:
            table.add_row(
                _cell(step.what.replace("\n", " ")),
                _cell(step.owner),
                _cell(step.due),
                _cell(step_source(session, step.indicator_id)),
                key=step.id,
            )
        heading = plural(len(session.next_steps), "next step")
        if not self.read_only:
            heading += " · a adds one · Enter or e changes the highlighted one"
        self.query_one("#steps-heading", Static).update(heading)
        ids = [s.id for s in session.next_steps]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        elif ids:
            table.move_cursor(row=min(row, len(ids) - 1))
        self._show_current()

    def _step_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _show_current(self) -> None:
        current = self.query_one("#steps-current", Static)
        step_id = self._step_id()
        if step_id is None:
            hint = "" if self.read_only else " Press a to add one."
            current.update(f"No next steps yet.{hint}")
            return
        step = self.session.step(step_id)
        due = step.due or "no date"
        if self.session.due_before_session(step.due):
            due += " (before this session's date: overdue)"
        current.update(
            Content.assemble(
                ("What: ", "bold"),
                step.what,
                ("\nOwner: ", "bold"),
                step.owner or "nobody yet",
                ("   Due: ", "bold"),
                due,
                ("\nFrom: ", "bold"),
                step_source(self.session, step.indicator_id),
            )
        )

    def on_data_table_row_highlighted(self) -> None:
        """Show the highlighted step in full."""
        self._show_current()

    def on_data_table_row_selected(self) -> None:
        """Enter or a click on a step changes it."""
        if not self.read_only:
            self.action_edit()

    def on_resize(self, event: events.Resize) -> None:
        """Give the What column the room the screen has."""
        self.redraw()

    def action_add(self) -> None:
        """Add a next step."""

        def done(fields: StepFields | None) -> None:
            if fields is not None:
                self.change(
                    lambda s: s.add_step(
                        fields.what, fields.owner, fields.due, fields.indicator_id
                    )
                )
                self.query_one(DataTable).move_cursor(
                    row=len(self.session.next_steps) - 1
                )

        self.app.push_screen(NextStepDialog(self.session), done)

    def action_edit(self) -> None:
        """Change the highlighted next step."""
        step_id = self._step_id()
        if step_id is None:
            return

        def done(fields: StepFields | None) -> None:
            if fields is not None:
                self.change(
                    lambda s: s.edit_step(
                        step_id,
                        fields.what,
                        fields.owner,
                        fields.due,
                        fields.indicator_id,
                    )
                )

        step = self.session.step(step_id)
        self.app.push_screen(NextStepDialog(self.session, step), done)

    def action_remove(self) -> None:
        """Remove the highlighted next step, after asking."""
        step_id = self._step_id()
        if step_id is None:
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.change(lambda s: s.remove_step(step_id))

        what = self.session.step(step_id).what
        self.app.push_screen(
            ConfirmDialog("Remove this next step?", what, yes="Remove", no="Keep"),
            done,
        )


def _cell(text: str) -> Text:
    # The highlighted step is shown in full below the table, so a cell that
    # does not fit ends in an ellipsis rather than being cut mid-word silently.
    return Text(text, overflow="ellipsis", no_wrap=True)
