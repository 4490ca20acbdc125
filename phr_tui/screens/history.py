"""Review saved sessions: one opens read-only, several show how ratings moved."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

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

SESSION_WIDTH = 12
"""Room a session's column takes: a date, and the padding between columns."""
MIN_TITLE_WIDTH, MAX_TITLE_WIDTH = 14, 32
"""Indicator titles wrap within these widths."""


class SessionsTable(DataTable):
    """The sessions of one series; enter (or a second click) opens one."""


class HistoryScreen(Screen[None]):
    """Read-only review of saved sessions and how their ratings moved."""

    BINDINGS = [
        Binding("o", "open_session", "Open session"),
        Binding("escape,b", "back", "Back"),
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
            "Enter, or a second click, on a session opens it read-only.",
            classes="hint",
        )
        if count < 2:
            yield Static(
                "With one session there is no movement to show: review more "
                "sessions of this partnership to see how ratings moved.",
                classes="hint",
            )
            return
        yield Static(
            "Ratings given (strongest first) and the agreed rating, session by session",
            classes="history-subheading",
        )
        yield Static(self._legend(series), classes="hint", markup=False)
        yield self._indicator_table(series, series.indicators, f"moves-{n}")
        if series.apart:
            yield Static(
                "Not in every session (the rubric changed; matched by id)",
                classes="history-subheading",
            )
            yield self._indicator_table(series, series.apart, f"apart-{n}")
        yield Static(
            "Overall health: participants per level, session by session "
            "(◆ the level the group agreed)",
            classes="history-subheading",
        )
        yield self._health_table(series, n)

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

    def _session_columns(self, table: DataTable, series: Series) -> None:
        for saved in series.sessions:
            table.add_column(saved.session.date)

    def _indicator_table(
        self, series: Series, indicators: Sequence[IndicatorHistory], name: str
    ) -> DataTable[Text]:
        table: DataTable[Text] = DataTable(
            id=name, cursor_type="row", classes="history-table"
        )
        # Each session's column is a date wide; the titles take what is left
        # of the screen, so a few sessions fit in 80 columns without scrolling.
        columns = len(series.sessions) + 1  # the sessions, and the change
        spare = self.size.width - 6 - columns * SESSION_WIDTH
        width = max(MIN_TITLE_WIDTH, min(MAX_TITLE_WIDTH, spare))
        table.add_column("Indicator", width=width)
        self._session_columns(table, series)
        table.add_column("Change")
        for indicator in indicators:
            title = textwrap.wrap(indicator.title, width) or [""]
            cells = [_point_cell(p) for p in indicator.points]
            table.add_row(
                Text("\n".join(title)),
                *cells,
                Text(trend(indicator)),
                height=max(2, len(title)),
                key=indicator.id,
            )
        return table

    def _health_table(self, series: Series, n: int) -> DataTable[Text]:
        table: DataTable[Text] = DataTable(
            id=f"health-{n}", cursor_type="row", classes="history-table"
        )
        table.add_column("Overall health")
        self._session_columns(table, series)
        levels: dict[str, str] = {}
        for saved in series.sessions:
            for level in saved.session.rubric.health_levels:
                levels.setdefault(level.id, level.name)
        for level_id, name in levels.items():
            cells = []
            for point in series.health:
                if point.counts is None:
                    cells.append(Text(HIDDEN))
                    continue
                total = sum(count for _, count in point.counts)
                count = next((c for lv, c in point.counts if lv.id == level_id), 0)
                mark = " ◆" if point.agreed and point.agreed.id == level_id else ""
                cells.append(Text(f"{bar(count, total, 5)} {count}{mark}"))
            table.add_row(Text(name), *cells, key=level_id)
        return table

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


def _point_cell(point: IndicatorPoint | None) -> Text:
    """The ratings given in one session, and below them the agreed rating."""
    if point is None or point.counts is None:
        return Text(ratings_glyphs(point))
    return Text(f"{ratings_glyphs(point)}\nagreed {agreed_glyph(point)}")


def _cut(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
