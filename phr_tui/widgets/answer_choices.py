"""The rating screen's page: the question's words, and its choices.

Each choice has a key and a click. Nothing is chosen until the participant
chooses: there is no cursor or highlight that could be mistaken for a
pre-selected answer.

Moving to another page must take one frame. Textual lays the screen out a
second time, a frame after the first, whenever a Static changes size; so
text here either keeps one height (SteadyText) or is a Line API widget that
gives its own height (PageText).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, VisualType, visualize
from textual.widgets import Static

CHOSEN_MARK = "▶"
"""Marks the chosen answer in words-and-symbols, so it reads without colour."""


class SteadyText(Static):
    """Text as tall as the tallest it may show at its width, whichever it shows.

    So showing another of its texts only repaints it, with no layout at all.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._texts: Callable[[], Iterable[VisualType]] = lambda: ()
        self._height: int | None = None
        self._width = 0

    def may_show(self, texts: Callable[[], Iterable[VisualType]]) -> None:
        """Say what this may show (every text it will), asked again on a resize."""
        self._texts = texts
        self.fit()

    def texts(self) -> Iterable[VisualType]:
        """Every text this may show."""
        return self._texts()

    def show(self, text: VisualType) -> None:
        """Show one of the texts; once its height is set, without a layout."""
        self.update(text, layout=self._height is None)

    def on_resize(self, event: events.Resize) -> None:
        """A new width: fit the height to it."""
        # Also sent each time it is shown again, or only its height changed:
        # measuring every text costs more than the keystroke that showed it.
        if event.size.width != self._width:
            self.fit(event.size.width)

    def fit(self, width: int | None = None) -> None:
        """Set the height that holds the tallest text at this width."""
        if width is None:
            width = self.size.width
        self._width = width
        gutter = self.styles.gutter
        width -= gutter.width
        if width <= 0:
            return  # not laid out yet: fitted on its first resize
        heights = [
            visualize(self, text, markup=False).get_height(self.styles, width)
            for text in self.texts()
        ]
        if not heights:
            return
        height = max(heights) + gutter.height
        if height != self._height:
            self._height = height
            self.styles.height = height


class PageText(ScrollView, can_focus=False):
    """Words that are as tall as they wrap to, in the frame that shows them.

    A Line API widget sets its own height, so it is laid out once when its
    words change, where a Static changing height is laid out again a frame
    later.
    """

    class Rewrapped(Message):
        """The words were wrapped to a new width: `lines` may have changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Content("")
        self._texts: Callable[[], Iterable[Content]] = lambda: ()
        self._width = 0
        self._strips: tuple[tuple[int, Style], list[Strip]] | None = None
        self.most_lines = 0
        """The most lines that any of the texts it may show wraps to."""

    @property
    def lines(self) -> int:
        """How many lines the words shown wrap to."""
        return self.virtual_size.height

    def may_show(self, texts: Callable[[], Iterable[Content]]) -> None:
        """Say what this may show, for `most_lines`; asked again on a resize."""
        self._texts = texts
        self._measure()

    def show(self, text: Content) -> None:
        """Show these words."""
        self._text = text
        self._strips = None
        self._wrap()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """A new width: wrap the words to it."""
        width = event.size.width - self.styles.gutter.width
        if width != self._width:
            self._width = width
            self._strips = None
            self._measure()
            self._wrap()
            self.post_message(self.Rewrapped())

    def _lines(self, text: Content) -> int:
        return text.get_height(self.styles, self._width) if self._width > 0 else 0

    def _measure(self) -> None:
        self.most_lines = max((self._lines(text) for text in self._texts()), default=0)

    def _wrap(self) -> None:
        # The virtual size is the height it asks for (it does not scroll).
        self.virtual_size = Size(self._width, self._lines(self._text))

    def render_line(self, y: int) -> Strip:
        """One line of the words, drawn in the widget's style."""
        style = self.visual_style
        key = (self._width, style)
        if self._strips is None or self._strips[0] != key:
            strips = Visual.to_strips(
                self, self._text, self._width, None, style, pad=True
            )
            self._strips = (key, strips)
        strips = self._strips[1]
        if y < len(strips):
            return strips[y]
        return Strip.blank(self._width, style.rich_style)


class PageSpace(ScrollView, can_focus=False):
    """Blank lines; a Line API widget, so a new height is laid out once."""

    def render_line(self, y: int) -> Strip:
        """A blank line."""
        return Strip.blank(self.size.width, self.visual_style.rich_style)


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
