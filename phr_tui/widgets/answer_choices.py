"""The choices of one question on the rating screen: a key and a click each.

Nothing is chosen until the participant chooses: there is no cursor or
highlight that could be mistaken for a pre-selected answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

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
    """A choice as plain text: mark, key, symbol, name, and its words below."""
    text = Text()
    text.append(f"{CHOSEN_MARK} " if chosen else "  ")
    text.append(f"({choice.key}) ", style="bold")
    if choice.symbol:
        text.append(f"{choice.symbol} ", style="bold")
    text.append(choice.name, style="bold" if choice.description else "")
    if chosen:
        text.append("  (chosen)")
    if not choice.description:
        return text
    return Group(text, Padding(Text(choice.description), (0, 0, 0, 6)))


class AnswerChoice(Static):
    """One choice, drawn with its key; a click chooses it."""

    def __init__(self, choice: Choice) -> None:
        super().__init__(choice_text(choice, False), classes="answer-choice")
        self.choice = choice
        self.chosen = False

    def show_chosen(self, chosen: bool) -> None:
        """Draw this choice as chosen or not."""
        if chosen == self.chosen:
            return
        self.chosen = chosen
        self.set_class(chosen, "-chosen")
        self.update(choice_text(self.choice, chosen))

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
