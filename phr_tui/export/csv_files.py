"""The CSV export: two files for spreadsheets, the ratings and the next steps.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula
(and some read a leading tab or carriage return the same way), so a note such
as `=HYPERLINK(...)` could act when the file is opened. In both CSV files every
such cell starts with an apostrophe instead (`'=HYPERLINK(...)`, `'-5 is
fine`), which spreadsheets show as text; other cells are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from phr_tui.export.common import OVERALL_HEALTH, WHOLE_PARTNERSHIP
from phr_tui.session import Phase, Session

RATING_COLUMNS = (
    "session",
    "date",
    "partnership",
    "participant",
    "organisation",
    "category",
    "indicator",
    "rating id",
    "rating symbol",
    "notes",
    "revised rating",
)
"""The ratings CSV's columns, in order."""

STEP_COLUMNS = (
    "session",
    "date",
    "partnership",
    "next step",
    "owner",
    "due",
    "category",
    "indicator",
    "brought along from",
    "outcome",
)
"""The next steps CSV's columns, in order."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read a cell as a formula for, when the cell starts so."""


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a possible formula gets a leading '."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(head: tuple[str, ...], rows: Iterable[Iterable[str]]) -> str:
    """CSV text, UTF-8 with a byte-order mark so spreadsheets detect UTF-8.

    The csv module quotes every field that holds a comma, quote or line
    break, so notes keep their newlines; rows end with CRLF as RFC 4180 and
    spreadsheets expect. Every cell goes through csv_cell, so no text typed in
    a meeting runs as a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(head)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def ratings_csv(session: Session) -> str:
    """One row per participant per indicator, then each one's overall health.

    `revised rating` is the id of a rating revised after the reveal (empty
    when none). Overall health rows have the category "Overall health", the
    level's id as rating id and no symbol.
    """
    # Before the reveal the file holds its column names only: a row per
    # participant with empty ratings would read as "rated nothing", and any
    # rating or note here would leave the room before the group sees it.
    if session.phase is Phase.RATING:
        return _csv(RATING_COLUMNS, [])
    base = (session.title, session.date, session.partnership)
    rows = []
    for participant in session.participants:
        for indicator in session.rubric.indicators:
            answer = participant.answer(indicator.id)
            symbol = ""
            if answer.rating:
                symbol = _lookup(session.rubric.rating, answer.rating, "symbol")
            revision = participant.revisions.get(indicator.id)
            rows.append(
                (
                    *base,
                    participant.name,
                    participant.organisation,
                    indicator.category_name,
                    indicator.name,
                    answer.rating or "",
                    symbol,
                    answer.note,
                    revision.rating if revision else "",
                )
            )
    for participant in session.participants:
        rows.append(
            (
                *base,
                participant.name,
                participant.organisation,
                OVERALL_HEALTH,
                OVERALL_HEALTH,
                participant.health or "",
                "",
                participant.health_note,
                "",
            )
        )
    return _csv(RATING_COLUMNS, rows)


def _lookup(find: Callable[[str], Any], key: str, attribute: str) -> str:
    try:
        return str(getattr(find(key), attribute))
    except KeyError:
        return ""


def next_steps_csv(session: Session) -> str:
    """One row per next step, then the steps brought along with their outcome."""
    base = (session.title, session.date, session.partnership)
    rows = []
    for step in session.next_steps:
        where = _where(session, step)
        rows.append((*base, step.what, step.owner, step.due, *where, "", ""))
    for carried in session.carried_steps:
        rows.append(
            (
                *base,
                carried.what,
                carried.owner,
                carried.due,
                *_where(session, carried),
                f"{carried.from_session} ({carried.from_date})",
                carried.outcome.value if carried.outcome else "",
            )
        )
    return _csv(STEP_COLUMNS, rows)


def _where(session: Session, step: Any) -> tuple[str, str]:
    if step.indicator_id is None:
        return "", WHOLE_PARTNERSHIP
    try:
        indicator = session.rubric.indicator(step.indicator_id)
    except KeyError:
        return "", step.indicator_id
    return indicator.category_name, indicator.name
