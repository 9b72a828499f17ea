"""Chart geometry for inline SVG (charts render on the server: no JavaScript, readable without it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scatter:
    points: list[tuple[str, float, float, str]]  # (label, x, y, title) in SVG coordinates
    max_x: float
    max_y: float


def value_cost_scatter(items: list[tuple[str, float, float, str]]) -> Scatter:
    """(label, cost, value, title) → points in a 600×320 frame with the origin at (40, 290)."""
    max_x = max((c for _l, c, _v, _t in items), default=1.0) or 1.0
    max_y = max((v for _l, _c, v, _t in items), default=1.0) or 1.0
    points = [
        (label, 40 + 520 * cost / max_x, 290 - 260 * max(value, 0) / max_y, title)
        for label, cost, value, title in items
    ]
    return Scatter(points, max_x, max_y)
