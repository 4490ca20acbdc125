"""Figures, their targets, and the table they are printed in."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

HEADER = ("figure", "value", "unit", "target", "result")
NAME_WIDTH = 48

ROW = re.compile(
    r"^(?P<name>\S(?:\S| (?! ))*)\s{2,}(?P<value>-?[\d.]+|error)\s{2,}"
    r"(?P<unit>\S+)\s{2,}(?P<target>[<>]=? [\d.]+)\s{2,}(?P<result>PASS|MISS)$"
)
"""One printed figure line; the smoke test and anyone scripting read it with this."""


@dataclass(frozen=True)
class Target:
    """A limit a figure must stay under (or at most reach)."""

    limit: float
    inclusive: bool = False
    """True for "at most", False for "under"."""

    def met(self, value: float) -> bool:
        """Whether a value meets the target."""
        return value <= self.limit if self.inclusive else value < self.limit

    def __str__(self) -> str:
        return f"{'<=' if self.inclusive else '<'} {self.limit:g}"


@dataclass(frozen=True)
class Figure:
    """One measured figure; value None means it could not be measured."""

    name: str
    value: float | None
    unit: str
    target: Target

    @property
    def passed(self) -> bool:
        """Whether the figure was measured and meets its target."""
        return self.value is not None and self.target.met(self.value)

    def row(self) -> str:
        """The figure as one line of the table."""
        value = "error" if self.value is None else _number(self.value)
        return (
            f"{self.name:<{NAME_WIDTH}}  {value:>9}  {self.unit:<5}  "
            f"{str(self.target):<8}  {'PASS' if self.passed else 'MISS'}"
        )


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def header() -> str:
    """The table's heading line."""
    name, value, unit, target, result = HEADER
    return f"{name:<{NAME_WIDTH}}  {value:>9}  {unit:<5}  {target:<8}  {result}"


def median(values: Sequence[float]) -> float:
    """The middle value."""
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """The value `share` (0 to 1) of the values are at or below (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def growth_exponent(points: Sequence[tuple[float, float]]) -> float:
    """The slope of log(cost) against log(size): 1 is linear, 2 quadratic.

    A least-squares fit over (size, cost) points; costs of zero are skipped.
    """
    logs = [(math.log(s), math.log(c)) for s, c in points if s > 0 and c > 0]
    if len(logs) < 2:
        return 0.0
    mean_x = statistics.fmean(x for x, _ in logs)
    mean_y = statistics.fmean(y for _, y in logs)
    spread = sum((x - mean_x) ** 2 for x, _ in logs)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in logs) / spread
