"""Review saved sessions: one opens read-only, several show how ratings moved."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from phr_tui.history import (
    ABSENT,
    HIDDEN,
    NONE_AGREED,
    NOT_RATED,
    HealthPoint,
    History,
    IndicatorHistory,
    IndicatorPoint,
    Series,
    agreed_glyph,
    history,
    ratings_glyphs,
    trend,
)
from phr_tui.spread import bar
from phr_tui.words import plural

if TYPE_CHECKING:
    from phr_tui.app import PhrApp

MIN_LABEL_WIDTH, MAX_LABEL_WIDTH = 12, 32
"""Indicator titles and health level names wrap within these widths."""
CELL_PADDING = 2
"""A table column's padding: one cell each side."""
SCROLLBARS = 2
"""Room the body's scrollbar and a table's own take beside the columns (app.tcss)."""
CHANGE = "Change"


class SessionsTable(DataTable):
    """The sessions of one series; enter (or a second click) opens one."""


class HistoryScreen(Screen[None]):
    """Read-only review of saved sessions and how their ratings moved."""

    BINDINGS = [
        Binding("o", "open_session", "Open session"),
        Binding("escape,b", "back", "Back"),
        # Before the focused table's own keys, so they move through the whole
        # review (down to overall health), not inside one table.
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True),
        Binding("end", "to_end(True)", "End", show=False, priority=True),
        Binding("home", "to_end(False)", "Top", show=False, priority=True),
    ]

    class Loaded(Message):
        """The session files have been read."""

        def __init__(self, found: History) -> None:
            super().__init__()
            self.history = found

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self.paths = tuple(paths)
        self.history: History | None = None
        """What was read, once the files are loaded."""

    @property
    def phr(self) -> PhrApp:
        """The app, typed."""
        return cast("PhrApp", self.app)

    def compose(self) -> ComposeResult:
        """A title, the history as it loads, and the keys."""
        yield Static("Review and history", classes="screen-title")
        with VerticalScroll(id="history-body"):
            yield Static(f"Reading {self._files()}…", id="history-loading")
        yield Footer()

    def _files(self) -> str:
        count = len(self.paths)
        return "1 session file" if count == 1 else f"{count} session files"

    def on_mount(self) -> None:
        """One file opens at once; several are read off the event loop."""
        if len(self.paths) == 1:
            self.call_after_refresh(self._open_only)
        else:
            self._load()

    def _open_only(self) -> None:
        if not self.phr.open_session(self.paths[0], read_only=True):
            # The app explains the damaged file; this screen then lists it.
            self._load()

    def _load(self) -> None:
        paths = self.paths

        def read() -> None:
            self.post_message(self.Loaded(history(paths)))

        self.run_worker(read, thread=True, exclusive=True, group="history")

    async def on_history_screen_loaded(self, message: Loaded) -> None:
        """Show the series of sessions and the files that could not be read."""
        self.history = message.history
        body = self.query_one("#history-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(list(self._widgets(message.history)))
        first = self.query(SessionsTable)
        if first:
            first.first().focus(scroll_visible=False)
        body.scroll_home(animate=False)

    # Building the view.

    def _widgets(self, found: History) -> Iterator[Widget]:
        if found.unreadable:
            yield Static("Could not be opened", classes="history-heading")
            lines = [f"✗ {u.path.name}: {u.problem}" for u in found.unreadable]
            yield Static("\n".join(lines), classes="history-unreadable", markup=False)
        if found.duplicates:
            yield Static(
                "Skipped as duplicates (the same session as another file)",
                classes="history-heading",
            )
            lines = [
                f"= {_file(d.path, d.kept)}: the same session as "
                f"{_file(d.kept, d.path)}"
                for d in found.duplicates
            ]
            yield Static("\n".join(lines), classes="history-unreadable", markup=False)
        if not found.series:
            yield Static(
                "No session could be opened, so there is no history to show.",
                classes="hint",
            )
            return
        for n, series in enumerate(found.series):
            yield from self._series_widgets(series, n)

    @staticmethod
    def _legend(series: Series) -> str:
        scale = series.sessions[-1].session.rubric.scale
        ratings = " · ".join(r.badge for r in scale)
        return (
            f"{ratings} · {NOT_RATED} not rated · {NONE_AGREED} none agreed · "
            f"{HIDDEN}: not revealed yet · {ABSENT} not in that session's rubric"
        )

    def _series_widgets(self, series: Series, n: int) -> Iterator[Widget]:
        count = len(series.sessions)
        yield Static(
            f"{series.partnership} · {series.rubric_title} · "
            + plural(count, "session"),
            classes="history-heading",
            markup=False,
        )
        yield self._sessions_table(series, n)
        yield Static(
            "o, enter or a second click on a session opens it read-only.",
            classes="hint",
        )
        if count < 2:
            yield Static(
                "With one session there is no movement to show: review more "
                "sessions of this partnership to see how ratings moved.",
                classes="hint",
            )
            return
        layout = _Columns.of(series, self.size.width - SCROLLBARS)
        yield Static(
            "Ratings given (strongest first) and the agreed rating, session by session",
            classes="history-subheading",
        )
        yield Static(self._legend(series), classes="hint", markup=False)
        if not layout.fit:
            yield Static(
                "← and → show the sessions that do not fit beside the titles.",
                classes="hint",
            )
        yield self._indicator_table(series.indicators, layout, f"moves-{n}")
        if series.apart:
            yield Static(
                "Not in every session (the rubric changed; matched by id)",
                classes="history-subheading",
            )
            yield self._indicator_table(series.apart, layout, f"apart-{n}")
        yield Static(
            "Overall health: participants per level, session by session "
            "(◆ the level the group agreed)",
            classes="history-subheading",
        )
        yield self._health_table(series, layout, n)

    def _sessions_table(self, series: Series, n: int) -> SessionsTable:
        table = SessionsTable(
            id=f"sessions-{n}", cursor_type="row", classes="history-table"
        )
        table.add_columns("#", "Date", "Title", "Phase", "Rubric", "Next steps")
        for number, saved in enumerate(series.sessions, start=1):
            session = saved.session
            table.add_row(
                str(number),
                Text(session.date),
                Text(_cut(session.title, 30)),
                Text(session.phase.value),
                Text(_cut(f"v{session.rubric.version}", 8)),
                Text(str(len(session.next_steps))),
                key=str(saved.path),
            )
        return table

    def _table(self, name: str, layout: _Columns, fixed: int) -> DataTable[Text]:
        return DataTable(
            id=name,
            cursor_type="row",
            classes="history-table",
            header_height=2 if layout.two_line_dates else 1,
            fixed_columns=fixed,
        )

    def _indicator_table(
        self, indicators: Sequence[IndicatorHistory], layout: _Columns, name: str
    ) -> DataTable[Text]:
        # The change sits beside the title, and both stay when the sessions
        # scroll sideways, so the change is never cut off however many there are.
        table = self._table(name, layout, fixed=2)
        width = layout.indicator_width
        table.add_column(Text("Indicator"), width=width)
        table.add_column(Text(CHANGE), width=layout.change_width)
        layout.add_session_columns(table, layout.indicator_sessions)
        for indicator in indicators:
            title = self._wrapped(indicator.title, width)
            table.add_row(
                title,
                Text(trend(indicator)),
                *[_point_cell(p) for p in indicator.points],
                height=max(2, _lines(title)),
                key=indicator.id,
            )
        return table

    def _health_table(
        self, series: Series, layout: _Columns, n: int
    ) -> DataTable[Text]:
        table = self._table(f"health-{n}", layout, fixed=1)
        width = layout.health_width
        table.add_column(Text("Overall health"), width=width)
        layout.add_session_columns(table, layout.health_sessions)
        for level_id, name in _levels(series).items():
            label = self._wrapped(name, width)
            cells = [_health_cell(point, level_id) for point in series.health]
            table.add_row(label, *cells, height=_lines(label), key=level_id)
        return table

    def _wrapped(self, text: str, width: int) -> Text:
        """Text wrapped to a width in terminal cells (CJK letters take two)."""
        lines = Text(text).wrap(self.app.console, width)
        return Text("\n").join(lines) if lines else Text("")

    # Moving through the review.

    def action_page(self, pages: int) -> None:
        """Scroll the whole review a page down (1) or up (-1)."""
        body = self.query_one("#history-body", VerticalScroll)
        page = body.scrollable_content_region.height
        body.scroll_to(y=body.scroll_y + pages * page, animate=False, immediate=True)
        self._focus_shown_table(body)

    def action_to_end(self, end: bool) -> None:
        """Scroll to the end of the review (overall health) or back to the top."""
        body = self.query_one("#history-body", VerticalScroll)
        if end:
            body.scroll_end(animate=False, immediate=True)
        else:
            body.scroll_home(animate=False, immediate=True)
        tables = list(self.query(DataTable))
        if tables:
            tables[-1 if end else 0].focus(scroll_visible=False)

    def _focus_shown_table(self, body: VerticalScroll) -> None:
        """Keep the focus on a table the user can see, without scrolling again."""
        top, bottom = (
            body.scroll_y,
            body.scroll_y + body.scrollable_content_region.height,
        )
        shown = [
            table
            for table in self.query(DataTable)
            if table.virtual_region.y < bottom and table.virtual_region.bottom > top
        ]
        if shown and self.focused not in shown:
            shown[0].focus(scroll_visible=False)

    # Actions.

    @on(SessionsTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.phr.open_session(Path(event.row_key.value), read_only=True)

    def action_open_session(self) -> None:
        """Open the highlighted session read-only."""
        tables = list(self.query(SessionsTable))
        if not tables:
            return
        focused = self.focused
        table = focused if isinstance(focused, SessionsTable) else tables[0]
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value:
            self.phr.open_session(Path(row_key.value), read_only=True)

    def action_back(self) -> None:
        """Back to the home screen."""
        self.dismiss()


class _Columns:
    """How wide each column of a series' tables is, to fit the screen."""

    def __init__(self, series: Series, room: int, two_line_dates: bool) -> None:
        self.dates = [saved.session.date for saved in series.sessions]
        self.two_line_dates = two_line_dates
        indicators = (*series.indicators, *series.apart)
        self.indicator_sessions = self._session_widths(
            [[_point_cell(p) for p in i.points] for i in indicators]
        )
        self.health_sessions = self._session_widths(
            [
                [_health_cell(p, level) for p in series.health]
                for level in _levels(series)
            ]
        )
        self.change_width = max(
            [len(CHANGE), *(_width(Text(trend(i))) for i in indicators)]
        )
        self.indicator_width, indicator_fit = _label_width(
            [i.title for i in indicators],
            room
            - _total(self.indicator_sessions)
            - self.change_width
            - 2 * CELL_PADDING,
        )
        self.health_width, health_fit = _label_width(
            list(_levels(series).values()),
            room - _total(self.health_sessions) - CELL_PADDING,
        )
        self.fit = indicator_fit and health_fit
        """Whether every session's column fits on the screen beside the labels."""

    @classmethod
    def of(cls, series: Series, room: int) -> _Columns:
        """Dates on one line when everything fits so, else on two lines."""
        wide = cls(series, room, two_line_dates=False)
        return wide if wide.fit else cls(series, room, two_line_dates=True)

    def _session_widths(self, rows: list[list[Text]]) -> list[int]:
        labels = [_date_label(date, self.two_line_dates) for date in self.dates]
        return [
            max([_width(label), *(_width(row[n]) for row in rows)])
            for n, label in enumerate(labels)
        ]

    def add_session_columns(self, table: DataTable[Text], widths: list[int]) -> None:
        """A column for each session, headed by its date."""
        for date, width in zip(self.dates, widths, strict=True):
            table.add_column(_date_label(date, self.two_line_dates), width=width)


def _total(widths: list[int]) -> int:
    return sum(width + CELL_PADDING for width in widths)


def _label_width(labels: Sequence[str], spare: int) -> tuple[int, bool]:
    """The width labels wrap to in the room left, and whether they fit in it."""
    longest = max((cell_len(label) for label in labels), default=1)
    wanted = min(MAX_LABEL_WIDTH, longest)
    least = min(MIN_LABEL_WIDTH, wanted)
    return max(least, min(wanted, spare)), spare >= least


def _levels(series: Series) -> dict[str, str]:
    """Every health level of the series' rubrics, id to name, in rubric order."""
    levels: dict[str, str] = {}
    for saved in series.sessions:
        for level in saved.session.rubric.health_levels:
            levels.setdefault(level.id, level.name)
    return levels


def _date_label(date: str, two_lines: bool) -> Text:
    """A session column's heading: its date, the year above the day if need be."""
    year, dash, day = date.partition("-")
    return Text(f"{year}\n{day}" if two_lines and dash else date)


def _width(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _lines(text: Text) -> int:
    return text.plain.count("\n") + 1


def _point_cell(point: IndicatorPoint | None) -> Text:
    """The ratings given in one session, and below them the agreed rating."""
    if point is None or point.counts is None:
        return Text(ratings_glyphs(point))
    return Text(f"{ratings_glyphs(point)}\nagreed {agreed_glyph(point)}")


def _health_cell(point: HealthPoint, level_id: str) -> Text:
    """How many chose one level in one session, as a bar; ◆ if the group agreed."""
    if point.counts is None:
        return Text(HIDDEN)
    total = sum(count for _, count in point.counts)
    count = next((c for level, c in point.counts if level.id == level_id), 0)
    mark = " ◆" if point.agreed and point.agreed.id == level_id else ""
    return Text(f"{bar(count, total, 5)} {count}{mark}")


def _file(path: Path, other: Path) -> str:
    """A file's name, or its whole path when the other file has the same name."""
    return str(path) if path.name == other.name else path.name


def _cut(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
