"""A straight line through a few points that one odd point cannot drag: Theil-Sen.

The slope is the median of the slopes between every pair of points; the intercept the
median of ``y - slope * x``. Up to about 29% of the points can be wild without moving
it far (its breakdown point), where a least-squares line follows a single outlier.
With the handful of points a board has, that matters: one month's backlog clearance
should not set the projection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True, slots=True)
class Line:
    slope: float
    intercept: float
    points: int

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


def theil_sen(points: Sequence[tuple[float, float]]) -> Line | None:
    """The Theil-Sen line through ``(x, y)`` points; None without two distinct ``x``."""
    slopes = [(y2 - y1) / (x2 - x1) for (x1, y1), (x2, y2) in combinations(points, 2) if x2 != x1]
    if not slopes:
        return None
    slope = median(slopes)
    intercept = median([y - slope * x for x, y in points])
    return Line(slope, intercept, len(points))


def median(values: list[float]) -> float:
    """statistics.median of a list that is not empty, without its checks: a line is drawn
    for every target not yet due."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
