"""The reveal overview's table: every indicator by every participant.

A big meeting has 60 indicators by 30 participants, and the facilitator moves
the cursor through it a row a keystroke. DataTable renders every visible row
afresh whenever its cursor moves (its row caches are keyed by the cursor), so
each keystroke that scrolls cost a frame's time. RatingsGrid draws with the
Line API instead: each row is rendered once into strips that are kept until
its ratings or the column widths change, a cursor move redraws the two rows
it leaves and enters, and scrolling only crops the kept strips.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from phr_tui.session import Session
from phr_tui.spread import Spread
from phr_tui.widgets.fitting import clip
from phr_tui.widgets.overview_cells import (
    PADDING,
    Column,
    Row,
    columns_of,
    row_of,
)
from phr_tui.widgets.spread_bar import DIFFER_MARK

MIN_NAME_WIDTH = 14
SUMMARY_COLUMNS = 3
"""Indicator, spread and agreed stay in view when participants scroll sideways."""

HEADER_HEIGHT = 1


Line = tuple[Strip, Strip, Style]
"""A row drawn: the fixed columns, the columns that scroll, and the style
that fills the line where the columns end."""


class RatingsGrid(ScrollView, can_focus=True):
    """Indicators as rows; participants as columns grouped by organisation."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("left", "scroll_columns(-1)", "Left", show=False),
        Binding("right", "scroll_columns(1)", "Right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ratings-grid--header",
        "ratings-grid--fixed",
        "ratings-grid--even-row",
        "ratings-grid--odd-row",
        "ratings-grid--cursor",
        "ratings-grid--fixed-cursor",
    }

    # The look of Textual's DataTable, which this grid replaced.
    DEFAULT_CSS = """
    RatingsGrid {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .ratings-grid--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .ratings-grid--header {
                background-tint: $foreground 5%;
            }
            & > .ratings-grid--fixed-cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
        }
        &:dark > .ratings-grid--even-row {
            background: $surface-darken-1 40%;
        }
        & > .ratings-grid--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .ratings-grid--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .ratings-grid--fixed {
            background: $secondary-muted;
            color: $foreground;
        }
        & > .ratings-grid--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .ratings-grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .ratings-grid--fixed-cursor {
            background: $block-cursor-blurred-background;
            color: $foreground;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False)
    """The row of the indicator under the cursor."""

    class IndicatorChosen(Message):
        """The user chose an indicator to look at closely."""

        def __init__(self, indicator_id: str) -> None:
            super().__init__()
            self.indicator_id = indicator_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Row] = []
        self._columns: list[Column] = []
        """The columns after the name, as the session has them (widths unset)."""
        self._layout: list[Column] = []
        """Every column, as wide as the rows and the screen make it."""
        self._starts: list[int] = [0]
        """Where each participant column begins, in cells from the first."""
        self._lines: dict[tuple[int, bool], Line] = {}
        """Lines drawn, by row (-1 for the headings) and whether the cursor is on
        it: kept until the row, the layout or the styles change."""

    @property
    def row_count(self) -> int:
        """How many indicators the grid shows."""
        return len(self._rows)

    @property
    def indicator_id(self) -> str | None:
        """The indicator under the cursor."""
        if not self._rows:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)].indicator_id

    def show(self, session: Session, rows: list[Spread]) -> None:
        """Draw the ratings, keeping the cursor on the same indicator."""
        current = self.indicator_id
        self._columns = columns_of(session)
        before, self._rows = self._rows, [row_of(session, spread) for spread in rows]
        self._lay_out(before)
        if current is not None:
            self.select(current)
        # Validated again, for a session with fewer rows than before.
        self.cursor_row = self.cursor_row

    def select(self, indicator_id: str) -> None:
        """Put the cursor on an indicator."""
        for n, row in enumerate(self._rows):
            if row.indicator_id == indicator_id:
                self.cursor_row = n
                return

    def validate_cursor_row(self, row: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, before: int, after: int) -> None:
        """Redraw the row the cursor left and the one it is on; keep it in view."""
        self._refresh_row(before)
        self._refresh_row(after)
        self._scroll_to_cursor()

    def on_resize(self, event: events.Resize) -> None:
        """Give the indicator names the room a wider or narrower screen has."""
        self._lay_out(self._rows)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        """Draw every row again in the new styles (focus, hover, theme)."""
        super().notify_style_update()
        self._lines.clear()

    # Laying out.

    def _lay_out(self, before: list[Row]) -> None:
        """Fit the columns to the rows and the width; redraw only what changed."""
        widths = {
            column.key: max(
                [cell_len(column.heading)]
                + [cell_len(row.cells[column.key]) for row in self._rows]
            )
            for column in self._columns
        }
        name = Column("name", "  Indicator", self._fit_name(widths), "left")
        layout = [name] + [replace(c, width=widths[c.key]) for c in self._columns]
        if layout != self._layout or len(before) != len(self._rows):
            self._layout = layout
            # Kept with the layout: every line drawn looks them up.
            self._starts = [0]
            for column in layout[SUMMARY_COLUMNS:]:
                self._starts.append(self._starts[-1] + column.width + 2 * PADDING)
            self._lines.clear()
            self.refresh()
        else:
            for n, (old, new) in enumerate(zip(before, self._rows, strict=True)):
                if old != new:
                    self._lines.pop((n, False), None)
                    self._lines.pop((n, True), None)
                    self._refresh_row(n)
        self.virtual_size = Size(
            sum(column.width + 2 * PADDING for column in layout),
            HEADER_HEIGHT + len(self._rows),
        )

    def _fit_name(self, widths: dict[str, int]) -> int:
        # The indicator's name gets what the other columns leave, so a short
        # session fits the screen without scrolling sideways.
        padding = 2 * PADDING
        others = sum(width + padding for width in widths.values())
        longest = max([cell_len(row.name) for row in self._rows] + [9])
        room = self.size.width - others - padding - 2 - 2  # the scrollbar
        # When participants must scroll sideways anyway, names keep a quarter.
        readable = min(longest + 2, self.size.width // 4)
        return max(MIN_NAME_WIDTH, readable, min(longest + 2, room))

    def _refresh_row(self, row: int) -> None:
        # Only a row in view; the headings stay on the line above the rows.
        top = self.scroll_offset.y
        if top <= row < top + self.size.height - HEADER_HEIGHT:
            self.refresh_line(HEADER_HEIGHT + row)

    # Drawing.

    def render_line(self, y: int) -> Strip:
        """One line of the grid: the headings, or a row as scrolled."""
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        row = -1 if y < HEADER_HEIGHT else y - HEADER_HEIGHT + scroll_y
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        key = (row, row == self.cursor_row)
        line = self._lines.get(key)
        if line is None:
            line = self._lines[key] = self._draw_line(*key)
        fixed, rest, end = line
        if fixed.cell_length >= width:
            return fixed.crop(0, width)
        # A column cut by the scroll (at the far right, where scrolling stops
        # short of a column's start) is left blank, heading and cells alike.
        start = next((x for x in self._starts if x >= scroll_x), scroll_x)
        room = width - fixed.cell_length
        cut = min(start - scroll_x, room)
        shown = rest.crop_extend(start, start + room - cut, end)
        if cut:
            shown = Strip.join([Strip.blank(cut, end), shown])
        return Strip.join([fixed, shown])

    def _cells(self, row: int) -> list[tuple[str, bool]]:
        """The text of each cell of a row, fitted, and whether it is bold."""
        data = self._rows[row]
        name = clip(data.name, self._layout[0].width - 2)
        texts = [f"{DIFFER_MARK if data.differ else ' '} {name}"]
        texts += [data.cells[column.key] for column in self._layout[1:]]
        return [
            (column.fit(text), n == 0 and data.differ)
            for n, (column, text) in enumerate(zip(self._layout, texts, strict=True))
        ]

    def _draw_line(self, row: int, cursor: bool) -> Line:
        if row < 0:
            return self._draw_headings()
        return self._draw_cursor(row) if cursor else self._draw_row(row)

    def _draw_headings(self) -> Line:
        style = self.get_component_rich_style("ratings-grid--header")
        cells = [(column.fit(column.heading, "left"), False) for column in self._layout]
        return _draw(cells, style, style)

    def _draw_row(self, row: int) -> Line:
        return _draw(
            self._cells(row),
            self.get_component_rich_style("ratings-grid--fixed"),
            self.get_component_rich_style(_stripe(row)),
        )

    def _draw_cursor(self, row: int) -> Line:
        cursor = self.get_component_rich_style("ratings-grid--cursor")
        on_fixed = cursor + self.get_component_rich_style("ratings-grid--fixed-cursor")
        return _draw(
            self._cells(row),
            self.get_component_rich_style("ratings-grid--fixed") + on_fixed,
            self.get_component_rich_style(_stripe(row)) + cursor,
            # The cursor's colour wins over a cell's own, as in DataTable.
            fixed_over=Style(color=on_fixed.color),
            over=Style(color=cursor.color),
        )

    # Moving.

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_HEIGHT)

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height - HEADER_HEIGHT
        if height <= 0:
            return  # not laid out yet: done again on the first resize
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False)

    def action_cursor_up(self) -> None:
        """Move the cursor up a row."""
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        """Move the cursor down a row."""
        self.cursor_row += 1

    def action_page_up(self) -> None:
        """Move the cursor and the rows a page up."""
        page = self._page
        self.scroll_to(y=self.scroll_offset.y - page, animate=False)
        self.cursor_row -= page

    def action_page_down(self) -> None:
        """Move the cursor and the rows a page down."""
        page = self._page
        self.scroll_to(y=self.scroll_offset.y + page, animate=False)
        self.cursor_row += page

    def action_first(self) -> None:
        """Move the cursor to the first indicator."""
        self.cursor_row = 0

    def action_last(self) -> None:
        """Move the cursor to the last indicator."""
        self.cursor_row = len(self._rows) - 1

    def action_scroll_columns(self, step: int) -> None:
        """Scroll the participants sideways, a column at a time."""
        starts = self._starts
        x = self.scroll_offset.x
        if step > 0:
            target = next((start for start in starts if start > x), x)
        else:
            target = next((start for start in reversed(starts) if start < x), 0)
        self.scroll_to(x=target, animate=False)

    def action_select_cursor(self) -> None:
        """Open the indicator under the cursor."""
        if self.indicator_id is not None:
            self.post_message(self.IndicatorChosen(self.indicator_id))

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a row; a click on the cursor's row opens it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_HEIGHT:
            return
        row = offset.y - HEADER_HEIGHT + self.scroll_offset.y
        if row >= len(self._rows):
            return
        event.stop()
        if row == self.cursor_row:
            self.action_select_cursor()
        else:
            self.cursor_row = row


def _stripe(row: int) -> str:
    return "ratings-grid--odd-row" if row % 2 else "ratings-grid--even-row"


def _draw(
    cells: list[tuple[str, bool]],
    fixed_style: Style,
    style: Style,
    *,
    fixed_over: Style | None = None,
    over: Style | None = None,
) -> Line:
    """A line: the fixed columns' part, the part that scrolls, and what fills it."""
    bold = Style(bold=True)

    def segments(part: list[tuple[str, bool]], base: Style, top: Style | None):
        return [
            Segment(
                text, Style.chain(base, bold if strong else Style(), top or Style())
            )
            for text, strong in part
        ]

    fixed = segments(cells[:SUMMARY_COLUMNS], fixed_style, fixed_over)
    rest = segments(cells[SUMMARY_COLUMNS:], style, over)
    return Strip(fixed).simplify(), Strip(rest).simplify(), style
