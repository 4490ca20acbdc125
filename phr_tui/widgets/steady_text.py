"""Text that never makes Textual lay the screen out a second time.

Textual lays a screen out again, a frame after the first layout, whenever a
plain widget such as a Static changes size (it sets the widget's virtual size,
which asks for another layout). So text that changes with each keystroke
either keeps one height (SteadyText) or is a Line API widget that gives its
own height (PageText, PageSpace).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, VisualType, visualize
from textual.widgets import Static


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
