"""The keys on offer, in one line at the foot of a screen.

Textual's Footer mounts a widget for every key each time a screen's bindings
are refreshed. The new keys then show a frame or two after the keystroke that
changed them (on the rating screen, a rating that moves to the health page),
and building them costs tens of milliseconds at start-up. KeyFooter draws the
same line, in the same look, as one widget that is redrawn in place, in the
same frame as the change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer


@dataclass(frozen=True)
class Item:
    """One key, or one group of keys, as the footer shows it."""

    keys: tuple[tuple[str, str, bool], ...]
    """(key, how it is shown, enabled) of each key."""
    description: str
    grouped: bool = False
    compact: bool = False


def footer_items(screen: Screen[object]) -> tuple[Item, ...]:
    """The screen's shown keys, one item per action, grouped as Footer groups them."""
    by_action: defaultdict[str, list[tuple[Binding, bool]]] = defaultdict(list)
    for active in screen.active_bindings.values():
        if active.binding.show:
            by_action[active.binding.action].append((active.binding, active.enabled))
    app = screen.app
    items: list[Item] = []
    # As Footer does: the first key of each action, and a group's keys together.
    firsts = [bindings[0] for bindings in by_action.values()]
    for group, members in groupby(firsts, lambda pair: pair[0].group):
        shown = list(members)
        if group is not None and len(shown) > 1:
            keys = tuple(
                (b.key, app.get_key_display(b), enabled) for b, enabled in shown
            )
            items.append(Item(keys, group.description, True, group.compact))
            continue
        for binding, enabled in shown:
            key = (binding.key, app.get_key_display(binding), enabled)
            items.append(Item((key,), binding.description))
    return tuple(items)


class KeyFooter(Footer):
    """The screen's keys and what they do; a click on one presses it.

    A Footer still (queries and styles for Footer find it), without its
    widget per key.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--label",
        "key-footer--hover",
    }
    DEFAULT_CSS = """
    KeyFooter {
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--label {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: tuple[Item, ...] | None = None
        self._spans: list[tuple[int, int, str, bool]] = []
        """(start, end, key, enabled) of each key drawn, for clicks."""
        self._hover: int | None = None
        """The start of the key under the mouse, if any."""

    def compose(self) -> ComposeResult:
        """No widget per key: render draws them all."""
        return iter(())

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Redraw at once if the keys on offer changed."""
        # Footer subscribes this to the screen's bindings signal, which calls
        # it as soon as the screen refreshes its bindings: the new keys are
        # drawn in the same frame as whatever changed them.
        if not self.is_attached or screen is not self.screen:
            return
        items = footer_items(screen)
        if items != self._items:
            self._items = items
            self.refresh()

    def render(self) -> Text:
        """The keys in one line, laid out as Textual's Footer lays them out."""
        if self._items is None:
            self._items = footer_items(self.screen)
        key_style = self.get_component_rich_style("key-footer--key")
        about_style = self.get_component_rich_style("key-footer--description")
        label_style = self.get_component_rich_style("key-footer--label")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for item in self._items:
            if not item.grouped:
                ((key, shown, enabled),) = item.keys
                if item.description:
                    parts = [(f" {shown} ", key_style)]
                    parts.append((f"{item.description} ", about_style))
                else:
                    parts = [(shown, key_style)]
                self._draw(line, [(key, enabled, parts)])
                continue
            # A group's keys sit together, then what they do, as in "123 Rate".
            if item.compact:
                line.append(" ")
                keys = [(k, on, [(shown, key_style)]) for k, shown, on in item.keys]
                self._draw(line, keys)
            else:
                for key, shown, enabled in item.keys:
                    line.append(" ")
                    self._draw(line, [(key, enabled, [(shown, key_style)])])
            line.append(" ")
            line.append(item.description, label_style)
            line.append(" ")
        return line

    def _draw(
        self, line: Text, keys: list[tuple[str, bool, list[tuple[str, Style]]]]
    ) -> None:
        # Keys drawn side by side with the same style are one run of text, as
        # Footer's widgets side by side are one run once drawn.
        runs: list[tuple[str, Style]] = []
        x = line.cell_len
        for key, enabled, parts in keys:
            start = x
            extra = Style() if enabled else Style(dim=True)
            if start == self._hover:
                hover = self.get_component_rich_style("key-footer--hover")
                extra += Style(bgcolor=hover.bgcolor)
            for text, style in parts:
                style += extra
                if runs and runs[-1][1] == style and len(parts) == 1:
                    runs[-1] = (runs[-1][0] + text, style)
                else:
                    runs.append((text, style))
                x += cell_len(text)
            self._spans.append((start, x, key, enabled))
        for text, style in runs:
            line.append(text, style)

    def _key_at(self, x: int) -> tuple[int, str, bool] | None:
        for start, end, key, enabled in self._spans:
            if start <= x < end:
                return start, key, enabled
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Show which key a click would press."""
        found = self._key_at(event.x)
        hover = found[0] if found is not None else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        """Nothing is under the mouse any more."""
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it, as in Textual's Footer."""
        found = self._key_at(event.x)
        if found is None:
            return
        _, key, enabled = found
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
