"""The spread of ratings on each indicator, and where participants disagree."""

from __future__ import annotations

from dataclasses import dataclass

from phr_tui.rubric import Indicator, Rubric
from phr_tui.session import Session


@dataclass(frozen=True)
class Spread:
    """How the participants' ratings of one indicator fall across the scale."""

    indicator: Indicator
    counts: tuple[tuple[str, int], ...]
    """(rating id, how many) for every rating of the scale, strongest first."""
    by_organisation: tuple[tuple[str, tuple[str, ...]], ...]
    """(organisation, the rating ids its participants gave)."""
    unrated: int
    """Participants with no rating for this indicator."""

    @property
    def rated(self) -> int:
        """How many participants rated the indicator."""
        return sum(count for _, count in self.counts)

    @property
    def distinct(self) -> int:
        """How many different ratings were given."""
        return sum(1 for _, count in self.counts if count)

    @property
    def width(self) -> int:
        """Steps on the scale between the strongest and weakest rating given."""
        given = [n for n, (_, count) in enumerate(self.counts) if count]
        return given[-1] - given[0] if given else 0

    @property
    def disagreement(self) -> bool:
        """Whether the participants gave more than one rating."""
        return self.distinct > 1

    @property
    def organisations_differ(self) -> bool:
        """Whether partner organisations, taken as wholes, see it differently."""
        views = {frozenset(ratings) for _, ratings in self.by_organisation if ratings}
        return len(views) > 1

    @property
    def score(self) -> tuple[int, int, int, int]:
        """Sorts the most disagreement first: widest, most ratings, split by partner."""
        counts = [count for _, count in self.counts]
        minority = self.rated - max(counts) if counts else 0
        return (self.width, self.distinct, int(self.organisations_differ), minority)


def spread_of(session: Session, indicator: Indicator) -> Spread:
    """The spread of current ratings (revised where given) on one indicator."""
    rubric = session.rubric
    counts = {rating.id: 0 for rating in rubric.scale}
    unrated = 0
    by_org: dict[str, list[str]] = {org: [] for org in session.organisations}
    for participant in session.participants:
        rating = participant.current_rating(indicator.id)
        if rating is None or rating not in counts:
            unrated += 1
            continue
        counts[rating] += 1
        by_org[participant.organisation].append(rating)
    return Spread(
        indicator,
        tuple(counts.items()),
        tuple((org, tuple(ratings)) for org, ratings in by_org.items()),
        unrated,
    )


def spreads(session: Session, *, most_disagreement_first: bool = False) -> list[Spread]:
    """Every indicator's spread, in rubric order or most disagreement first."""
    result = [spread_of(session, i) for i in session.rubric.indicators]
    if most_disagreement_first:
        # sorted() is stable, so ties keep rubric order.
        result = sorted(result, key=lambda s: s.score, reverse=True)
    return result


def health_counts(session: Session) -> list[tuple[str, int]]:
    """How many participants chose each overall-health level, in rubric order."""
    rubric: Rubric = session.rubric
    return [
        (level.id, sum(1 for p in session.participants if p.health == level.id))
        for level in rubric.health_levels
    ]


def bar(count: int, total: int, width: int = 10) -> str:
    """A bar of full blocks that reads without colour, such as '███░░░░░░░'."""
    if total <= 0:
        return "░" * width
    full = round(width * count / total)
    return "█" * full + "░" * (width - full)
