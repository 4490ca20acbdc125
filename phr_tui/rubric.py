"""Rubrics: the indicators, rating scale and health levels a session is rated on.

These are the rubric's typed, immutable objects; `phr_tui.rubric_file` reads
and checks a rubric file, or the copy a session file keeps, into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phr_tui.errors import UnknownIdError

DEFAULT_RUBRIC_NAME = "partnership-health.yaml"


@dataclass(frozen=True)
class Rating:
    """One point of the rating scale, such as ★ Working well overall."""

    id: str
    symbol: str
    key: str
    label: str

    @property
    def badge(self) -> str:
        """The symbol with its words, so a rating never relies on colour."""
        return f"{self.symbol} {self.label}"


@dataclass(frozen=True)
class Indicator:
    """One thing each participant rates, within a category."""

    id: str
    name: str
    description: str
    measures: tuple[str, ...]
    category_id: str
    category_name: str

    @property
    def title(self) -> str:
        """The category and indicator names, as the paper form writes them."""
        if self.name == self.category_name:
            return self.name
        return f"{self.category_name} - {self.name}"


@dataclass(frozen=True)
class Category:
    """A group of indicators, such as Customer or Process."""

    id: str
    name: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class HealthLevel:
    """One of the levels of the partnership's overall health."""

    id: str
    name: str
    key: str
    description: str


@dataclass(frozen=True)
class Purpose:
    """What the reflection is for, as the form explains it."""

    text: str
    uses: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class Rubric:
    """A whole rubric, with look-ups by id."""

    id: str
    version: str
    title: str
    introduction: str
    instructions: tuple[str, ...]
    purpose: Purpose
    scale: tuple[Rating, ...]
    categories: tuple[Category, ...]
    health_prompt: str
    health_levels: tuple[HealthLevel, ...]
    closing_question: str
    data: dict[str, Any] = field(repr=False, compare=False, hash=False)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator in rubric order."""
        return tuple(i for category in self.categories for i in category.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise UnknownIdError(f"There is no indicator '{indicator_id}' in this rubric.")

    def rating(self, rating_id: str) -> Rating:
        """The rating with this id."""
        for rating in self.scale:
            if rating.id == rating_id:
                return rating
        raise UnknownIdError(
            f"There is no rating '{rating_id}' on this rubric's scale."
        )

    def health_level(self, level_id: str) -> HealthLevel:
        """The health level with this id."""
        for level in self.health_levels:
            if level.id == level_id:
                return level
        raise UnknownIdError(f"There is no health level '{level_id}' in this rubric.")

    def rating_rank(self, rating_id: str) -> int:
        """The rating's place on the scale, 0 for the strongest."""
        return [rating.id for rating in self.scale].index(rating_id)


def default_rubric_path() -> Path:
    """The rubric that ships with phr-tui."""
    # Imported here: opening a session never needs it, and start-up counts.
    from importlib import resources

    # An install carries the rubric/ folder as the phr_tui.rubrics package; a
    # checkout run in place (python -m phr_tui, pytest) has only the folder.
    try:
        installed = resources.files("phr_tui.rubrics") / DEFAULT_RUBRIC_NAME
        if installed.is_file():
            return Path(str(installed))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "rubric" / DEFAULT_RUBRIC_NAME
