"""What each page of a participant's turn says, and where its notes are kept.

A turn is a page per indicator, then the overall health, the closing question
and a review; the rating screen shows them.
"""

from __future__ import annotations

from textual.content import Content

from phr_tui.rubric import Indicator, Rubric
from phr_tui.session import Session
from phr_tui.widgets.answer_choices import Choice


def scale_choices(rubric: Rubric) -> list[Choice]:
    """The rating scale as choices, one key each."""
    return [Choice(r.id, r.key, r.label, symbol=r.symbol) for r in rubric.scale]


def level_choices(rubric: Rubric) -> list[Choice]:
    """The health levels as choices, with their descriptions."""
    return [
        Choice(level.id, level.key, level.name, description=level.description)
        for level in rubric.health_levels
    ]


def indicator_text(indicator: Indicator) -> Content:
    """An indicator's title, its description, and what measures it."""
    about = indicator.description
    if indicator.measures:
        about += "\nMeasures: " + "; ".join(indicator.measures)
    return Content.assemble((indicator.title, "bold"), "\n", about)


def health_text(rubric: Rubric) -> Content:
    """The overall health page's question."""
    return Content.styled(rubric.health_prompt, "bold")


def closing_text(rubric: Rubric) -> Content:
    """The closing question, which may be left unanswered."""
    return Content.assemble(
        (rubric.closing_question, "bold"),
        "\nOptional: a few words for the group's discussion.",
    )


NOTES_LABELS = {
    "indicator": "Your notes or examples",
    "health": "Your notes on overall health",
    "closing": "Your answer",
}
"""The notes box's label on each kind of page."""

NOTES_LINES = {"indicator": 6, "health": 4, "closing": 10}
"""The notes box's height on each kind of page."""


def notes_label(kind: str, editing: bool) -> str:
    """The notes box's label, with the key that starts or ends writing."""
    hint = "escape or tab when done" if editing else "n to write"
    return f"{NOTES_LABELS[kind]} ({hint}):"


def write_text(session: Session, pid: str, page: int, text: str) -> bool:
    """Save the text of one page's box where that page keeps it."""
    indicators = session.rubric.indicators
    if page < len(indicators):
        session.write_note(pid, indicators[page].id, text)
    elif page == len(indicators):
        session.rate_health(pid, session.participant(pid).health, text)
    else:
        session.answer_implications(pid, text)
    return True


def stored_text(session: Session, pid: str, page: int) -> str:
    """The text one page's box holds: a note, the health note or the answer."""
    participant = session.participant(pid)
    indicators = session.rubric.indicators
    if page < len(indicators):
        return participant.answer(indicators[page].id).note
    if page == len(indicators):
        return participant.health_note
    if page == len(indicators) + 1:
        return participant.implications
    return ""
