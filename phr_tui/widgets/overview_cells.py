"""What each cell of the reveal overview says: headings, ratings and names.

Text only, fitted to columns in cells; `RatingsGrid` draws it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

from phr_tui.session import Participant, Session
from phr_tui.spread import Spread
from phr_tui.widgets.fitting import clip
from phr_tui.widgets.spread_bar import compact_spread

REVISED_MARK = "→"
"""Between a participant's original and revised rating, as in '✓→★'."""

UNRATED = "·"

PADDING = 1
"""Blank cells on each side of every cell."""


def short_names(participants: list[Participant]) -> dict[str, str]:
    """A short, unique column heading for each participant, such as 'AL'."""

    def words_of(name: str) -> list[str]:
        # Letters and digits only, so "[bold]Ann[/]" gives "Bo", never "[B".
        words = ["".join(c for c in word if c.isalnum()) for word in name.split()]
        return [word for word in words if word]

    def initials(words: list[str]) -> str:
        if not words:
            return "?"
        if len(words) == 1:
            return words[0][:2].title()
        # A number is kept whole: "Participant 10" is P10, not P1 like
        # "Participant 1".
        return "".join(w if w.isdigit() else w[0].upper() for w in words[:3])

    def longer(words: list[str]) -> str:
        # Two people with the same initials: "Ann Lee" and "Ann Li" become
        # AnnLe and AnnLi.
        if len(words) < 2:
            return initials(words)
        return words[0][:3].title() + words[-1][:2].title()

    words = {p.id: words_of(p.name) for p in participants}
    labels = {p.id: initials(words[p.id]) for p in participants}
    taken = Counter(labels.values())
    for p in participants:
        if taken[labels[p.id]] > 1:
            labels[p.id] = longer(words[p.id])
    seen: Counter[str] = Counter()
    taken = Counter(labels.values())
    for p in participants:
        label = labels[p.id]
        if taken[label] > 1:
            seen[label] += 1
            labels[p.id] = f"{label}{seen[label]}"
    return labels


def rating_cell(session: Session, participant: Participant, indicator_id: str) -> str:
    """A participant's rating as its symbol, revised ones as 'original→revised'."""
    rubric = session.rubric
    original = participant.answer(indicator_id).rating
    revision = participant.revisions.get(indicator_id)
    first = rubric.rating(original).symbol if original else UNRATED
    if revision is None:
        return first
    return f"{first}{REVISED_MARK}{rubric.rating(revision.rating).symbol}"


@dataclass(frozen=True)
class Column:
    """One column of the grid: its key, heading, width and alignment."""

    key: str
    heading: str
    width: int = 0
    """In cells, without the padding on each side."""
    justify: Literal["left", "center"] = "center"

    def fit(self, text: str, justify: Literal["left", "center"] | None = None) -> str:
        """The text fitted to the column, with the padding on each side."""
        text = clip(text, self.width)
        gap = self.width - cell_len(text)
        # As Rich centres: the odd cell goes to the right.
        left = gap // 2 if (justify or self.justify) == "center" else 0
        return f"{' ' * (PADDING + left)}{text}{' ' * (gap - left + PADDING)}"


@dataclass(frozen=True)
class Row:
    """What one indicator's row says: its name and each cell by column key."""

    indicator_id: str
    name: str
    differ: bool
    cells: dict[str, str]


def columns_of(session: Session) -> list[Column]:
    """The columns after the name: spread, agreed, then people by organisation."""
    names = short_names(session.participants)
    columns = [Column("spread", "Spread", justify="left"), Column("agreed", "Agreed")]
    for n, (_, people) in enumerate(session.by_organisation()):
        if n:
            columns.append(Column(f"between-{n}", "│"))
        # Prefixed, so no participant id can be taken for another column's key.
        columns += [Column(f"person-{p.id}", names[p.id]) for p in people]
    return columns


def row_of(session: Session, spread: Spread) -> Row:
    """What an indicator's row says, by column key."""
    indicator = spread.indicator
    agreed = session.discussion(indicator.id).agreed
    cells = {
        "spread": compact_spread(session, spread),
        "agreed": session.rubric.rating(agreed).symbol if agreed else "",
    }
    for n, (_, people) in enumerate(session.by_organisation()):
        if n:
            cells[f"between-{n}"] = "│"
        for p in people:
            cells[f"person-{p.id}"] = rating_cell(session, p, indicator.id)
    return Row(indicator.id, indicator.name, spread.disagreement, cells)
