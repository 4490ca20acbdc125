"""Small dialogs shared by many screens: confirm, and a message.

Every dialog is laid out the same way (see the shared section of app.tcss): a
box whose body scrolls when the terminal is short, with its title docked at
the top and its buttons docked at the bottom, so they always show; and a
footer with the dialog's keys.
"""

from __future__ import annotations

from functools import cache

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

CANCEL_KEY = "f3"
"""Leaves a form without saving: a key that types nothing, and reaches tmux."""


def dialog_box(*, readable: bool = False, id: str | None = None) -> VerticalScroll:
    """The box of a dialog, which scrolls its body when the terminal is short.

    A `readable` box takes the keyboard itself, so the arrows scroll a long
    message; a form's box leaves the keyboard to its fields.
    """
    return VerticalScroll(classes="dialog", id=id, can_focus=readable)


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes-or-no question; dismisses with True for yes."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __new__(
        cls, title: str, message: str, *, yes: str = "Yes", no: str = "No"
    ) -> ConfirmDialog:
        """A dialog whose footer names its keys with its buttons' words."""
        return super().__new__(_worded(cls, yes, no))

    def __init__(self, title: str, message: str, *, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        """A question with two buttons."""
        with dialog_box(readable=True):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")
                yield Button(f"{self.no_label} (n)", id="no")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers the question."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """A key answers the question."""
        self.dismiss(answer)


@cache
def _worded(cls: type[ConfirmDialog], yes: str, no: str) -> type[ConfirmDialog]:
    # Textual takes the footer's words from a screen's class, so each pair of
    # words gets a class of its own: "y Remove  n Keep", as the buttons say.
    if (yes, no) == ("Yes", "No"):
        return cls
    bindings = [
        Binding("y", "answer(True)", yes),
        Binding("n,escape", "answer(False)", no),
    ]
    namespace = {"BINDINGS": bindings, "__module__": cls.__module__}
    return type(cls)(cls.__name__, (cls,), namespace)


def discard_dialog(title: str, problem: str) -> ConfirmDialog:
    """Ask before dropping what was typed into a form that cannot be saved yet."""
    # Escape (and n) goes back to the form: a second Escape loses nothing.
    message = f"{problem}\n\nDiscard what you typed, or go back and put it right."
    return ConfirmDialog(title, message, yes="Discard", no="Go back")


class MessageDialog(ModalScreen[None]):
    """Tell the user something that needs reading, such as a damaged file."""

    BINDINGS = [Binding("escape,enter,o", "close", "OK")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        """The message and an OK button."""
        with dialog_box(readable=True):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (o)", id="ok", variant="primary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """OK closes the message."""
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the message."""
        self.dismiss(None)
