"""Chart specifications for ``static/byvekst-charts.js`` (Apache ECharts), built from plain numbers.

A :class:`Chart` is data, not markup: the page writes it with ``json_script`` and the script draws it, with
numbers formatted in the reader's language. The same chart renders as a table (:meth:`Chart.table`) beside the
figure, for screen readers, print and people who prefer numbers. Nothing here formats a number into SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Series:
    name: str
    type: str  # bar | line | scatter
    data: list[Any]  # values per category; or [x, y, label] points for a scatter
    stack: str = ""
    dashed: bool = False
    step: bool = False
    color: str = ""


@dataclass
class Chart:
    id: str
    title: str
    description: str
    x_label: str
    y_label: str
    series: list[Series]
    categories: list[str] | None = None  # category axis (x, or y when horizontal); None: numeric x
    unit: str = ""
    decimals: int = 1
    horizontal: bool = False
    height: int = 320
    point_label: str = ""  # the name of a scatter point in the table ("Project")
    notes: list[str] = field(default_factory=list)

    def spec(self) -> dict[str, Any]:
        category = {"type": "category", "label": self.x_label, "categories": self.categories}
        value = {"type": "value", "label": self.y_label}
        x: dict[str, Any] = category if self.categories is not None else {"type": "value", "label": self.x_label}
        return {
            "description": self.description,
            "unit": self.unit,
            "decimals": self.decimals,
            "horizontal": self.horizontal,
            "x": x,
            "y": value,
            "series": [
                {k: v for k, v in s.__dict__.items() if v not in ("", False) or k in ("name", "type", "data")}
                for s in self.series
            ],
        }

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """(headers, rows): categories down, one column per series; or one row per scatter point."""
        if self.categories is None:
            headers = [self.point_label or self.title, self.x_label, self.y_label]
            if len(self.series) > 1:
                headers.append("")
            rows = []
            for s in self.series:
                for point in s.data:
                    rows.append(
                        [
                            point[2] if len(point) > 2 else "",
                            point[0],
                            point[1],
                            *([s.name] if len(self.series) > 1 else []),
                        ]
                    )
            return headers, rows
        headers = [self.x_label, *[s.name for s in self.series]]
        rows = [
            [c, *[s.data[i] if i < len(s.data) else None for s in self.series]] for i, c in enumerate(self.categories)
        ]
        return headers, rows


def value_cost(
    chart_id: str, points: list[tuple[str, float, float, bool]], *, cost_label: str, value_label: str, labels: Any
) -> Chart:
    """Each project's value against its cost; ``labels`` names the two groups (chosen, not chosen) and the
    description. Points: (label, cost, value, chosen)."""
    chosen = [[round(c, 1), round(v, 2), label] for label, c, v, sel in points if sel]
    others = [[round(c, 1), round(v, 2), label] for label, c, v, sel in points if not sel]
    series = [Series(labels["chosen"], "scatter", chosen, color="#00563f")] if chosen else []
    series.append(Series(labels["others"], "scatter", others, color="#d55e00"))
    return Chart(
        id=chart_id,
        title=labels["title"],
        description=labels["description"],
        x_label=cost_label,
        y_label=value_label,
        series=series,
        unit="",
        decimals=1,
        point_label=labels["point"],
    )
