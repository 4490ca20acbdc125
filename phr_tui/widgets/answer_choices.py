"""The rating screen's page: the question's words, and its choices.

Each choice has a key and a click. Nothing is chosen until the participant
chooses: there is no cursor or highlight that could be mistaken for a
pre-selected answer.

Moving to another page must take one frame, so each choice keeps one height
(see steady_text.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from phr_tui.widgets.steady_text import SteadyText

CHOSEN_MARK = "▶"
"""Marks the chosen answer in words-and-symbols, so it reads without colour."""


@dataclass(frozen=True)
class Choice:
    """One answer: its id, the key that picks it, a symbol, a name and words."""

    id: str
    key: str
    name: str
    symbol: str = ""
    description: str = ""


def choice_text(choice: Choice, chosen: bool) -> RenderableType:
    """A choice as plain text: mark, key, symbol, name, and its words below.

    The name and words wrap under the name, not under the key, so a long
    answer on a narrow screen still reads as one answer.
    """
    prefix = Text(f"{CHOSEN_MARK} " if chosen else "  ")
    prefix.append(f"({choice.key}) ", style="bold")
    if choice.symbol:
        prefix.append(f"{choice.symbol} ", style="bold")
    name = Text(choice.name, style="bold" if choice.description else "")
    if chosen:
        name.append("  (chosen)")
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    about = Group(name, Text(choice.description)) if choice.description else name
    grid.add_row(prefix, about)
    return grid


class AnswerChoice(SteadyText):
    """One choice, drawn with its key; a click chooses it.

    Chosen or not, it keeps its height ("(chosen)" may wrap a line).
    """

    COMPONENT_CLASSES = {"answer-choice--chosen"}

    def __init__(self, choice: Choice) -> None:
        super().__init__(classes="answer-choice")
        self.choice = choice
        self.chosen = False
        self.update(choice_text(choice, False))

    def texts(self) -> Iterable[RenderableType]:
        """The choice as it is drawn chosen, and not."""
        return (choice_text(self.choice, False), choice_text(self.choice, True))

    def show_chosen(self, chosen: bool) -> None:
        """Draw this choice as chosen or not."""
        if chosen == self.chosen:
            return
        self.chosen = chosen
        self.show(self._drawn())

    def notify_style_update(self) -> None:
        """Styles changed (the theme, say): the chosen look too."""
        super().notify_style_update()
        if self.chosen:
            self.show(self._drawn())

    def _drawn(self) -> RenderableType:
        text = choice_text(self.choice, self.chosen)
        if not self.chosen:
            return text
        # The chosen look is drawn, not a CSS class: a class that changes has
        # Textual match the whole stylesheet against the widget again, which
        # costs a keystroke more than drawing it.
        style = self.get_component_rich_style("answer-choice--chosen")
        return Padding(text, 0, style=style, expand=True)

    def on_click(self) -> None:
        """A click chooses this answer."""
        self.post_message(AnswerChoices.Chosen(self.choice.id))


class AnswerChoices(Vertical):
    """A question's choices; posts Chosen when one is clicked."""

    class Chosen(Message):
        """The participant clicked a choice."""

        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    def __init__(self, choices: list[Choice], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="answer-choices")
        self.choices = choices

    def compose(self) -> ComposeResult:
        """One line (or more) per choice."""
        for choice in self.choices:
            yield AnswerChoice(choice)

    def by_key(self, key: str) -> Choice | None:
        """The choice this key picks, if any."""
        return next((c for c in self.choices if c.key == key), None)

    def show_chosen(self, choice_id: str | None) -> None:
        """Mark the chosen answer (None: nothing chosen yet)."""
        for widget in self.query(AnswerChoice):
            widget.show_chosen(widget.choice.id == choice_id)
