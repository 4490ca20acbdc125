"""Setting up a new session: its details, the rubric, and who takes part."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DirectoryTree, Footer, Input, Static

from phr_tui.errors import PhrError, RubricError
from phr_tui.rubric import Rubric
from phr_tui.rubric_file import load_rubric
from phr_tui.screens.dialogs import ConfirmDialog, dialog_box
from phr_tui.session import MIN_PARTICIPANTS, Session
from phr_tui.store import SessionStore

if TYPE_CHECKING:
    from collections.abc import Iterable

    from phr_tui.app import PhrApp


class ParticipantRow(Horizontal):
    """One participant's name and partner organisation, with a remove button."""

    def __init__(self, number: int, name: str = "", organisation: str = "") -> None:
        super().__init__(classes="setup-person")
        self.number = number
        self.initial = (name, organisation)

    def compose(self) -> ComposeResult:
        """A number, two fields and a button."""
        yield Static(f"{self.number}.", classes="setup-person-number")
        yield Input(
            self.initial[0],
            placeholder="Name",
            classes="setup-person-name",
            compact=True,
        )
        yield Input(
            self.initial[1],
            placeholder="Partner organisation",
            classes="setup-person-organisation",
            compact=True,
        )
        yield Button("Remove", classes="setup-person-remove", compact=True)

    @property
    def name_input(self) -> Input:
        """The name field."""
        return self.query_one(".setup-person-name", Input)

    @property
    def organisation_input(self) -> Input:
        """The partner organisation field."""
        return self.query_one(".setup-person-organisation", Input)

    def renumber(self, number: int) -> None:
        """Show this row's place in the list."""
        self.number = number
        self.query_one(".setup-person-number", Static).update(f"{number}.")


class RubricPicker(ModalScreen[Path | None]):
    """Choose a rubric YAML file from the folders below the current one."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """A folder tree showing only folders and YAML files."""
        with dialog_box(id="rubric-picker"):
            yield Static("Choose a rubric file", classes="dialog-title")
            yield Static(
                "Arrows move, enter opens a folder or picks a file.", classes="hint"
            )
            yield YamlTree(Path.cwd(), id="rubric-tree")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (escape)", id="rubric-cancel")
        yield Footer()

    def on_directory_tree_file_selected(
        self, event: DirectoryTree.FileSelected
    ) -> None:
        """A file was picked."""
        event.stop()
        self.dismiss(event.path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Cancel closes the picker."""
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Close the picker without choosing."""
        self.dismiss(None)


class YamlTree(DirectoryTree):
    """A folder tree of rubric candidates: folders and .yaml or .yml files."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        """Hide hidden entries and files that cannot be rubrics."""
        return [
            path
            for path in paths
            if not path.name.startswith(".")
            and (path.is_dir() or path.suffix.lower() in (".yaml", ".yml"))
        ]


class SetupScreen(Screen[None]):
    """The facilitator sets up a new session."""

    BINDINGS = [
        # A function key, as letters type into the fields; it works from any.
        Binding("f2", "create", "Create"),
        Binding("escape", "cancel", "Cancel"),
        # Priority: the scrolling form would otherwise take the arrows.
        Binding("down", "app.focus_next", "Next field", key_display="↓", priority=True),
        Binding(
            "up", "app.focus_previous", "Previous field", key_display="↑", priority=True
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rubric_checked: tuple[str, Rubric | None] | None = None
        self._untouched: tuple[str, ...] = ()
        """What the fields held when the form opened, to see if anything was typed."""

    @property
    def phr(self) -> PhrApp:
        """The app, typed."""
        return cast("PhrApp", self.app)

    def compose(self) -> ComposeResult:
        """The session's details, then the participants, then create."""
        rubric_path = self.phr.config.rubric_path
        yield Static("New session", classes="screen-title")
        with VerticalScroll(id="setup-form"):
            yield from self._field("Title", "setup-title", "e.g. Autumn review")
            yield from self._field(
                "Partnership", "setup-partnership", "e.g. Acme Learning & Beta Schools"
            )
            yield from self._field(
                "Date", "setup-date", "YYYY-MM-DD", date.today().isoformat()
            )
            yield from self._field("Facilitator", "setup-facilitator", "your name")
            with Horizontal(classes="setup-field"):
                yield Static("Rubric", classes="setup-label")
                yield Input(
                    str(rubric_path) if rubric_path else "",
                    placeholder="the default rubric (or type a YAML file's path)",
                    id="setup-rubric",
                    compact=True,
                )
                yield Button("Choose…", id="setup-choose-rubric", compact=True)
            yield Static("", id="setup-rubric-status", markup=False)
            yield Static(
                "Participants: a name and a partner organisation each; enter on "
                "the last row adds another.",
                classes="setup-heading",
            )
            with Vertical(id="setup-people"):
                for number in range(1, MIN_PARTICIPANTS + 1):
                    yield ParticipantRow(number)
            yield Button("Add participant", id="setup-add", compact=True)
            yield Static("", id="setup-problems", markup=False)
            with Horizontal(id="setup-buttons"):
                yield Button(
                    "Create session (f2)", id="setup-create", variant="primary"
                )
                yield Button("Cancel (escape)", id="setup-cancel")
        yield Footer()

    def _field(
        self, label: str, field_id: str, hint: str, value: str = ""
    ) -> ComposeResult:
        with Horizontal(classes="setup-field"):
            yield Static(label, classes="setup-label")
            yield Input(value, placeholder=hint, id=field_id, compact=True)

    def on_mount(self) -> None:
        """Start at the title, with the rubric already checked."""
        self.query_one("#setup-problems", Static).display = False
        self.query_one("#setup-title", Input).focus()
        self._untouched = self._typed()
        self._check_rubric()

    # The rubric.

    def _rubric_path(self) -> Path | None:
        text = self.query_one("#setup-rubric", Input).value.strip()
        return Path(text).expanduser() if text else None

    def _check_rubric(self) -> Rubric | None:
        """Load the chosen rubric and say what it is, or what is wrong with it."""
        path = self._rubric_path()
        key = str(path)
        if self._rubric_checked is not None and self._rubric_checked[0] == key:
            return self._rubric_checked[1]
        status = self.query_one("#setup-rubric-status", Static)
        rubric: Rubric | None
        try:
            rubric = load_rubric(path)
        except RubricError as error:
            rubric = None
            status.update(Text(_rubric_problems(error)))
            status.add_class("-problem")
        else:
            indicators = len(rubric.indicators)
            categories = len(rubric.categories)
            status.update(
                Text(
                    f"{rubric.title}, version {rubric.version}: {indicators} "
                    f"indicators in {categories} categories"
                )
            )
            status.remove_class("-problem")
        self._rubric_checked = (key, rubric)
        return rubric

    @on(Input.Blurred, "#setup-rubric")
    def _rubric_left(self) -> None:
        self._check_rubric()

    def _rubric_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        try:
            shown = path.relative_to(Path.cwd())
        except ValueError:
            shown = path
        self.query_one("#setup-rubric", Input).value = str(shown)
        self._check_rubric()

    # Participants.

    @property
    def rows(self) -> list[ParticipantRow]:
        """The participant rows, in order."""
        return list(self.query(ParticipantRow))

    async def add_row(self) -> ParticipantRow:
        """Add an empty participant row at the end and focus its name."""
        row = ParticipantRow(len(self.rows) + 1)
        await self.query_one("#setup-people", Vertical).mount(row)
        self.set_focus(row.name_input)
        return row

    def remove_row(self, row: ParticipantRow) -> None:
        """Take a participant row away (the last one is only cleared)."""
        rows = self.rows
        if len(rows) == 1:
            row.name_input.value = row.organisation_input.value = ""
            self.set_focus(row.name_input)
            return
        index = rows.index(row)
        row.remove()
        rest = [r for r in rows if r is not row]
        for number, other in enumerate(rest, start=1):
            other.renumber(number)
        self.set_focus(rest[min(index, len(rest) - 1)].name_input)

    def people(self) -> list[tuple[str, str]]:
        """The names and partner organisations typed so far."""
        return [
            (row.name_input.value, row.organisation_input.value) for row in self.rows
        ]

    # Moving through the form with enter.

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on; at the end of the participants it adds a row or finishes."""
        event.stop()
        field = event.input
        rows = self.rows
        row = next(
            (r for r in rows if field in (r.name_input, r.organisation_input)), None
        )
        if row is None:
            if field.id == "setup-rubric":
                self._check_rubric()
            self._next_field(field)
            return
        last = row is rows[-1]
        blank = not (
            row.name_input.value.strip() or row.organisation_input.value.strip()
        )
        if field is row.organisation_input and last:
            if blank:
                self.set_focus(self.query_one("#setup-create", Button))
            else:
                await self.add_row()
            return
        if field is row.name_input and last and blank:
            filled = [p for p in self.people() if p[0].strip() or p[1].strip()]
            if len(filled) >= MIN_PARTICIPANTS:
                self.set_focus(self.query_one("#setup-create", Button))
                return
        self._next_field(field)

    def _next_field(self, field: Input) -> None:
        """Focus the field after this one, skipping the buttons between."""
        fields = list(self.query(Input))
        index = fields.index(field)
        if index + 1 < len(fields):
            self.set_focus(fields[index + 1])
        else:
            self.set_focus(self.query_one("#setup-create", Button))

    # Buttons and keys.

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Each button does what it says."""
        event.stop()
        button = event.button
        if button.id == "setup-create":
            self.create()
        elif button.id == "setup-cancel":
            self.action_cancel()
        elif button.id == "setup-add":
            await self.add_row()
        elif button.id == "setup-choose-rubric":
            self.app.push_screen(RubricPicker(), self._rubric_chosen)
        elif button.has_class("setup-person-remove"):
            row = next(r for r in self.rows if button in r.query(Button))
            self.remove_row(row)

    def action_create(self) -> None:
        """Create the session from wherever the keyboard is in the form."""
        self.create()

    def action_cancel(self) -> None:
        """Back to the home screen without creating anything, asking first."""
        if not self._changed():
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(
            ConfirmDialog(
                "Discard this new session?",
                "What you typed in the form will be lost; no session is created.",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )

    def _typed(self) -> tuple[str, ...]:
        """The text of every field that is not empty, in order."""
        return tuple(field.value for field in self.query(Input) if field.value.strip())

    def _changed(self) -> bool:
        """Whether anything was typed since the form opened."""
        return self._typed() != self._untouched

    # Creating the session.

    def create(self) -> None:
        """Check everything, save the new session, and open it."""
        value = self._value
        problems: list[str] = []
        self._rubric_checked = None
        rubric = self._check_rubric()
        if rubric is None:
            problems.append("The rubric cannot be used; see the problems under it.")
        session = None
        try:
            session = Session.create(
                rubric or load_rubric(),
                title=value("#setup-title"),
                partnership=value("#setup-partnership"),
                facilitator=value("#setup-facilitator"),
                participants=self.people(),
                on=value("#setup-date"),
            )
        except PhrError as error:
            problems.extend(str(error).splitlines())
        if problems or session is None:
            self._show_problems(problems)
            return
        try:
            store = SessionStore.create(self.phr.config.sessions_folder, session)
        except (PhrError, OSError) as error:
            self._show_problems([f"The session could not be saved: {error}"])
            return
        self.phr.store = store
        self._after_create(store)

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _show_problems(self, problems: list[str]) -> None:
        box = self.query_one("#setup-problems", Static)
        box.update(Text("\n".join(f"• {problem}" for problem in problems)))
        box.display = True
        self.call_after_refresh(box.scroll_visible)
        count = len(problems)
        self.notify(
            "The session was not created: "
            + (
                "one thing needs fixing."
                if count == 1
                else f"{count} things need fixing."
            )
            + " They are listed above the Create button.",
            title="Not yet",
            severity="warning",
        )

    def _after_create(self, store: SessionStore) -> None:
        """Offer the partnership's earlier next steps, then open the session."""
        from phr_tui.history import find_earlier_session

        session = store.session
        earlier = find_earlier_session(
            self.phr.config.sessions_folder, session.partnership, exclude=store.path
        )
        if earlier is None:
            self.phr.show_session()
            return
        from phr_tui.screens.bring_along import BringAlongDialog

        self.app.push_screen(
            BringAlongDialog(earlier), lambda _brought: self.phr.show_session()
        )


def _rubric_problems(error: RubricError) -> str:
    """The rubric's problems, each naming the file (shortened) and the line."""
    # The full path is in the rubric field just above; the name is enough here.
    head = str(error).splitlines()[0]
    lines = [str(replace(p, path=Path(p.path.name))) for p in error.problems]
    return "\n".join([head, *lines])
