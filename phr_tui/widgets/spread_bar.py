"""The spread of ratings or health levels, drawn as bars that read without colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from phr_tui.session import Session
from phr_tui.spread import Spread, bar, health_counts

BAR_WIDTH = 10

DIFFER_MARK = "≠"
"""Marks an indicator the participants rated differently, in every view."""


def compact_spread(session: Session, spread: Spread) -> str:
    """Counts per rating in a few cells, such as '★2 ✓1 ?0'."""
    rubric = session.rubric
    return " ".join(
        f"{rubric.rating(rating_id).symbol}{count}"
        for rating_id, count in spread.counts
    )


def verdict(spread: Spread) -> str:
    """In words: whether the participants agree on an indicator."""
    if not spread.rated:
        return "Nobody rated this indicator."
    unrated = f" ({spread.unrated} did not rate it)" if spread.unrated else ""
    if not spread.disagreement:
        return f"Everyone who rated it gave the same rating{unrated}."
    text = f"{DIFFER_MARK} The ratings differ"
    if spread.organisations_differ:
        text += ", and the partner organisations see it differently"
    return text + unrated + "."


class SpreadBars(Static):
    """A bar, a count and the words for each rating or health level."""

    def show_ratings(self, session: Session, spread: Spread) -> None:
        """Draw how the current ratings of one indicator fall on the scale."""
        rubric = session.rubric
        total = spread.rated + spread.unrated
        width = len(str(total))
        lines = [
            Content.assemble(
                (bar(count, total, BAR_WIDTH), ""),
                f" {count:>{width}}  ",
                (rubric.rating(rating_id).badge, "bold" if count else ""),
            )
            for rating_id, count in spread.counts
        ]
        lines.append(Content(verdict(spread)))
        self.update(Content("\n").join(lines))

    def show_health(self, session: Session) -> None:
        """Draw how the participants' health levels fall."""
        rubric = session.rubric
        total = len(session.participants)
        width = len(str(total))
        counts = health_counts(session)
        lines = [
            Content.assemble(
                bar(count, total, BAR_WIDTH),
                f" {count:>{width}}  ",
                (rubric.health_level(level_id).name, "bold" if count else ""),
            )
            for level_id, count in counts
        ]
        given = sum(1 for _, count in counts if count)
        if given > 1:
            lines.append(
                Content(f"{DIFFER_MARK} The participants chose different levels.")
            )
        self.update(Content("\n").join(lines))
