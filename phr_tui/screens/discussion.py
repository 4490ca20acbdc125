"""The discussion: dialogs for notes, agreed and revised ratings, and overall health."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Footer,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from phr_tui.rubric import Indicator
from phr_tui.screens.dialogs import CANCEL_KEY, dialog_box, discard_dialog
from phr_tui.session import Participant, Session

CLEAR = "clear"
"""The option that takes an agreed rating or level away."""

SAVE_HINT = "Esc saves what you typed · F3 leaves without saving"


def said(text: str) -> Content:
    """What someone wrote, exactly as written, or a plain word that it is empty."""
    if not text.strip():
        return Content("(no notes)").stylize("dim italic")
    return Content(text)


class TextDialog(ModalScreen[str | None]):
    """Write or change a longer text; dismisses with the new text, or None.

    Escape keeps what was typed, as it does in a participant's notes box;
    only Cancel (or its key) leaves the text as it was.
    """

    BINDINGS = [
        Binding("escape", "save", "Save"),
        Binding(CANCEL_KEY, "cancel", "Cancel"),
        # A shortcut where the terminal passes it on.
        Binding("ctrl+s", "save", "Save", show=False),
    ]

    def __init__(self, title: str, text: str, prompt: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        """A text area and two buttons."""
        with dialog_box():
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.prompt:
                yield Static(self.prompt, classes="hint", markup=False)
            yield TextArea(self.text, id="discussion-text")
            yield Static(SAVE_HINT, classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (esc)", id="save", variant="primary")
                yield Button(f"Cancel ({CANCEL_KEY})", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        """Start typing at the end of what is there."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save keeps the text; Cancel leaves it as it was."""
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        """Keep the text (None when it is as it was, so nothing is saved)."""
        text = self.query_one(TextArea).text
        self.dismiss(None if text == self.text else text)

    def action_cancel(self) -> None:
        """Leave the text as it was."""
        self.dismiss(None)


@dataclass(frozen=True)
class Choice:
    """One thing to choose in a ChoiceDialog, with the digit that chooses it."""

    key: str
    value: str
    label: str


@dataclass(frozen=True)
class Chosen:
    """What was chosen in a ChoiceDialog; None when the choice was cleared."""

    value: str | None


class ChoiceDialog(ModalScreen[Chosen | None]):
    """Choose one of a few things by its digit, or clear the choice."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("x", "clear", "Clear"),
    ]

    def __init__(
        self, title: str, choices: list[Choice], current: str | None, clear: str
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current
        self.clear_label = clear

    def compose(self) -> ComposeResult:
        """The choices as a list; a digit or Enter picks one."""
        options = [
            Option(Content(f"{c.key}  {c.label}"), id=c.value) for c in self.choices
        ]
        # Worded as the footer's "x Clear" is.
        cleared = self.clear_label[:1].lower() + self.clear_label[1:]
        options.append(Option(Content(f"x  Clear: {cleared}"), id=CLEAR))
        with dialog_box():
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(*options, id="choice-list")
            yield Static("A digit or Enter chooses · Esc to cancel", classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        """Start on the current choice."""
        values = [c.value for c in self.choices]
        options = self.query_one(OptionList)
        options.highlighted = (
            values.index(self.current) if self.current in values else 0
        )
        options.focus()

    def on_key(self, event: events.Key) -> None:
        """A choice's digit picks it."""
        for choice in self.choices:
            if event.key == choice.key:
                event.stop()
                self.dismiss(Chosen(choice.value))
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click picks the option."""
        value = event.option.id
        self.dismiss(Chosen(None if value == CLEAR else value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Cancel leaves things as they were."""
        self.dismiss(None)

    def action_clear(self) -> None:
        """Take the choice away."""
        self.dismiss(Chosen(None))

    def action_cancel(self) -> None:
        """Leave things as they were."""
        self.dismiss(None)


def rating_choices(session: Session) -> list[Choice]:
    """The rubric's ratings, to choose from."""
    return [Choice(r.key, r.id, r.badge) for r in session.rubric.scale]


def level_choices(session: Session) -> list[Choice]:
    """The rubric's overall-health levels, to choose from."""
    return [Choice(lv.key, lv.id, lv.name) for lv in session.rubric.health_levels]


@dataclass(frozen=True)
class RevisionChange:
    """A participant's revised rating and why; rating None takes it back."""

    participant_id: str
    rating_id: str | None
    note: str


class RevisionDialog(ModalScreen[RevisionChange | None]):
    """Record a participant's changed mind; their original rating is kept.

    As in the other text dialogs, Escape keeps what was chosen and typed (and
    asks first when it cannot be saved as it is); only Cancel (F3) leaves things as
    they were.
    """

    BINDINGS = [
        Binding("escape", "save", "Save"),
        Binding(CANCEL_KEY, "cancel", "Cancel"),
    ]

    def __init__(self, session: Session, indicator: Indicator) -> None:
        super().__init__()
        self.session = session
        self.indicator = indicator
        self._shown: str | None = None
        """The participant whose revision the fields hold."""
        self._drafts: dict[str, tuple[object, str]] = {}
        """What was chosen and typed for another participant, kept while the
        dialog is open so switching back to them finds it again."""

    def compose(self) -> ComposeResult:
        """Who, the new rating, and why."""
        people = [
            (Content(f"{p.name} ({p.organisation})"), p.id)
            for p in self.session.participants
        ]
        ratings = [(Content(r.badge), r.id) for r in self.session.rubric.scale]
        keys = "/".join(r.key for r in self.session.rubric.scale)
        with dialog_box(id="revision-dialog"):
            yield Static(
                f"Revised rating: {self.indicator.title}",
                classes="dialog-title",
                markup=False,
            )
            with Horizontal(classes="field"):
                yield Label("Participant")
                yield Select(people, id="revision-who", allow_blank=False)
            yield Static(id="revision-original", classes="hint", markup=False)
            with Horizontal(classes="field"):
                yield Label("Revised to")
                yield Select(
                    ratings, id="revision-rating", prompt=f"Choose a rating ({keys})"
                )
            yield Label("Why they changed their mind")
            yield TextArea(id="revision-note")
            yield Static(id="revision-problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (esc)", id="save", variant="primary")
                yield Button("Take back", id="withdraw")
                yield Button(f"Cancel ({CANCEL_KEY})", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        """Show the first participant's original rating."""
        self.query_one("#revision-problem").display = False
        self._show_participant(self.session.participants[0])

    def on_key(self, event: events.Key) -> None:
        """A rating's digit chooses it, unless the note is being written."""
        if isinstance(self.focused, TextArea):
            return
        for rating in self.session.rubric.scale:
            if event.key == rating.key:
                event.stop()
                self.query_one("#revision-rating", Select).value = rating.id
                return

    def _participant(self) -> Participant:
        value = self.query_one("#revision-who", Select).value
        return self.session.participant(str(value))

    def _show_participant(self, participant: Participant) -> None:
        rubric = self.session.rubric
        original = participant.answer(self.indicator.id).rating
        words = rubric.rating(original).badge if original else "not rated"
        revision = participant.revisions.get(self.indicator.id)
        text = f"Original rating, kept as it is: {words}"
        rating = self.query_one("#revision-rating", Select)
        note = self.query_one("#revision-note", TextArea)
        if self._shown is not None and self._shown != participant.id:
            if self._changed(self.session.participant(self._shown)):
                self._drafts[self._shown] = (rating.value, note.text)
            else:
                self._drafts.pop(self._shown, None)
        self._shown = participant.id
        if revision is not None:
            text += f"\nRevised already to {rubric.rating(revision.rating).badge}"
            rating.value = revision.rating
            note.text = revision.note
        else:
            rating.clear()
            note.text = ""
        if participant.id in self._drafts:
            chosen, typed = self._drafts.pop(participant.id)
            if chosen is Select.NULL:
                rating.clear()
            else:
                rating.value = chosen
            note.text = typed
        self.query_one("#revision-original", Static).update(text)
        self.query_one("#withdraw", Button).display = revision is not None

    def _changed(self, participant: Participant | None = None) -> bool:
        participant = participant or self._participant()
        revision = participant.revisions.get(self.indicator.id)
        rating = self.query_one("#revision-rating", Select).value
        note = self.query_one("#revision-note", TextArea).text
        if revision is None:
            return rating is not Select.NULL or bool(note.strip())
        return rating != revision.rating or note != revision.note

    def _outcome(self) -> RevisionChange | str:
        """The change to save, or in words why it cannot be saved."""
        participant = self._participant()
        note = self.query_one("#revision-note", TextArea).text
        rating = self.query_one("#revision-rating", Select).value
        if rating is Select.NULL:
            return "Choose the rating they would give now."
        if rating == participant.answer(self.indicator.id).rating:
            # Back to where they started: that is no revision at all.
            if self.indicator.id in participant.revisions:
                return RevisionChange(participant.id, None, note)
            return "That is the rating they gave. Choose the one they would give now."
        return RevisionChange(participant.id, str(rating), note)

    def _show_problem(self, text: str) -> None:
        problem = self.query_one("#revision-problem", Static)
        problem.update(text)
        problem.display = True
        self.query_one("#revision-rating", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Choosing a participant shows their original rating."""
        if event.select.id == "revision-who":
            self._show_participant(self._participant())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, take the revision back, or leave things as they were."""
        if event.button.id == "withdraw":
            note = self.query_one("#revision-note", TextArea).text
            self.dismiss(RevisionChange(self._participant().id, None, note))
        elif event.button.id == "save":
            outcome = self._outcome()
            if isinstance(outcome, str):
                self._show_problem(outcome)
            else:
                self.dismiss(outcome)
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        """Keep what was chosen and typed; ask first when it cannot be saved."""
        if not self._changed():
            self.dismiss(None)
            return
        outcome = self._outcome()
        if not isinstance(outcome, str):
            self.dismiss(outcome)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self._show_problem(outcome)

        title = f"Discard {self._participant().name}'s revised rating?"
        self.app.push_screen(discard_dialog(title, outcome), answered)

    def action_cancel(self) -> None:
        """Leave things as they were."""
        self.dismiss(None)
