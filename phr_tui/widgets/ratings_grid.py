"""The reveal overview's table: every indicator by every participant."""

from __future__ import annotations

from collections import Counter

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from phr_tui.session import Participant, Session
from phr_tui.spread import Spread
from phr_tui.widgets.spread_bar import DIFFER_MARK, compact_spread

REVISED_MARK = "→"
"""Between a participant's original and revised rating, as in '✓→★'."""

UNRATED = "·"

MIN_NAME_WIDTH = 14
SUMMARY_COLUMNS = 3
"""Indicator, spread and agreed stay in view when participants scroll sideways."""


def short_names(participants: list[Participant]) -> dict[str, str]:
    """A short, unique column heading for each participant, such as 'AL'."""

    def initials(name: str) -> str:
        # Letters and digits only, so "[bold]Ann[/]" gives "Bo", never "[B".
        words = ["".join(c for c in word if c.isalnum()) for word in name.split()]
        words = [word for word in words if word]
        if not words:
            return "?"
        if len(words) == 1:
            return words[0][:2].title()
        return "".join(word[0] for word in words[:3]).upper()

    labels = {p.id: initials(p.name) for p in participants}
    taken = Counter(labels.values())
    for p in participants:
        if taken[labels[p.id]] > 1:
            first = p.name.split()[0] if p.name.split() else "?"
            labels[p.id] = first[:6]
    seen: Counter[str] = Counter()
    taken = Counter(labels.values())
    for p in participants:
        label = labels[p.id]
        if taken[label] > 1:
            seen[label] += 1
            labels[p.id] = f"{label}{seen[label]}"
    return labels


def by_organisation(session: Session) -> list[tuple[str, list[Participant]]]:
    """The participants grouped by partner organisation, in the session's order."""
    return [
        (org, [p for p in session.participants if p.organisation == org])
        for org in session.organisations
    ]


def rating_cell(session: Session, participant: Participant, indicator_id: str) -> str:
    """A participant's rating as its symbol, revised ones as 'original→revised'."""
    rubric = session.rubric
    original = participant.answer(indicator_id).rating
    revision = participant.revisions.get(indicator_id)
    first = rubric.rating(original).symbol if original else UNRATED
    if revision is None:
        return first
    return f"{first}{REVISED_MARK}{rubric.rating(revision.rating).symbol}"


def clip(text: str, width: int) -> str:
    """Text cut to `width` cells, ending in '…' where it was cut."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"


class RatingsGrid(DataTable[Text]):
    """Indicators as rows; participants as columns grouped by organisation."""

    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    class IndicatorChosen(Message):
        """The user chose an indicator to look at closely."""

        def __init__(self, indicator_id: str) -> None:
            super().__init__()
            self.indicator_id = indicator_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            cursor_type="row",
            fixed_columns=SUMMARY_COLUMNS,
            zebra_stripes=True,
        )
        self._session: Session | None = None
        self._rows: list[Spread] = []
        self._columns: list[tuple[str, str]] = []
        """(key, heading) of each column after the indicator's name."""
        self._table: list[dict[str, str]] = []
        self._differ: list[bool] = []
        self._name_width = MIN_NAME_WIDTH
        self._layout: tuple[object, ...] = ()

    @property
    def indicator_id(self) -> str | None:
        """The indicator under the cursor."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def show(self, session: Session, rows: list[Spread]) -> None:
        """Draw the ratings, keeping the cursor on the same indicator."""
        self._session, self._rows = session, rows
        self._draw()

    def select(self, indicator_id: str) -> None:
        """Put the cursor on an indicator."""
        for n, spread in enumerate(self._rows):
            if spread.indicator.id == indicator_id:
                self.move_cursor(row=n)
                return

    def _draw(self) -> None:
        session = self._session
        if session is None:
            return
        self._columns = _columns(session)
        self._table = [_row(session, spread) for spread in self._rows]
        self._differ = [spread.disagreement for spread in self._rows]
        self._name_width = self._fit_name()
        layout = (
            tuple(s.indicator.id for s in self._rows),
            tuple(self._columns),
            self._name_width,
        )
        current = self.indicator_id
        if layout == self._layout:
            for row in range(len(self._rows)):
                self._update_row(row, ["name", *(key for key, _ in self._columns)])
        else:
            self._rebuild()
            self._layout = layout
        if current is not None:
            self.select(current)

    def _fit_name(self) -> int:
        # The indicator's name gets what the other columns leave, so a short
        # session fits the screen without scrolling sideways.
        padding = 2 * self.cell_padding
        others = sum(
            max([cell_len(heading)] + [cell_len(row[key]) for row in self._table])
            + padding
            for key, heading in self._columns
        )
        longest = max([cell_len(s.indicator.name) for s in self._rows] + [9])
        room = self.size.width - others - padding - 2 - 2  # the scrollbar
        # When participants must scroll sideways anyway, names keep a quarter.
        readable = min(longest + 2, self.size.width // 4)
        return max(MIN_NAME_WIDTH, readable, min(longest + 2, room))

    def _rebuild(self) -> None:
        scroll_x = self.scroll_x
        self.clear(columns=True)
        self.add_column(Text("  Indicator"), key="name", width=self._name_width)
        for key, heading in self._columns:
            self.add_column(Text(heading), key=key)
        for row, spread in enumerate(self._rows):
            self.add_row(
                self._name_cell(row),
                *(self._cell(row, key) for key, _ in self._columns),
                key=spread.indicator.id,
            )
        self.call_after_refresh(self.scroll_to, x=scroll_x, animate=False)

    def _name_cell(self, row: int) -> Text:
        differ = DIFFER_MARK if self._differ[row] else " "
        name = clip(self._rows[row].indicator.name, self._name_width - 2)
        return Text(f"{differ} {name}", style="bold" if self._differ[row] else "")

    def _cell(self, row: int, key: str) -> Text:
        return Text(
            self._table[row][key], justify="left" if key == "spread" else "center"
        )

    def _update_row(self, row: int, keys: list[str]) -> None:
        row_key = self._rows[row].indicator.id
        for key in keys:
            value = self._name_cell(row) if key == "name" else self._cell(row, key)
            if self.get_cell(row_key, key) != value:
                self.update_cell(row_key, key, value, update_width=True)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter or a click on a row opens that indicator."""
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.IndicatorChosen(event.row_key.value))

    def on_resize(self, event: events.Resize) -> None:
        """Give the indicator names the room a wider or narrower screen has."""
        self._draw()


def _columns(session: Session) -> list[tuple[str, str]]:
    """The columns after the name: spread, agreed, then people by organisation."""
    names = short_names(session.participants)
    columns = [("spread", "Spread"), ("agreed", "Agreed")]
    for n, (_, people) in enumerate(by_organisation(session)):
        if n:
            columns.append((f"between-{n}", "│"))
        # Prefixed, so no participant id can be taken for another column's key.
        columns += [(f"person-{p.id}", names[p.id]) for p in people]
    return columns


def _row(session: Session, spread: Spread) -> dict[str, str]:
    """The text of each cell of an indicator's row, by column key."""
    indicator = spread.indicator
    agreed = session.discussion(indicator.id).agreed
    cells = {
        "spread": compact_spread(session, spread),
        "agreed": session.rubric.rating(agreed).symbol if agreed else "",
    }
    for n, (_, people) in enumerate(by_organisation(session)):
        if n:
            cells[f"between-{n}"] = "│"
        for p in people:
            cells[f"person-{p.id}"] = rating_cell(session, p, indicator.id)
    return cells
