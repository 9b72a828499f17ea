"""Lay out the forums as a tree (who reports to whom) for an inline SVG. Pure arithmetic on plain data."""

from __future__ import annotations

from dataclasses import dataclass

from byvekst.governance.models import Forum

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 224, 54, 16, 46, 10


@dataclass(frozen=True)
class Box:
    forum: Forum
    x: int
    y: int

    @property
    def cx(self) -> int:
        return self.x + BOX_W // 2


@dataclass(frozen=True)
class Diagram:
    boxes: list[Box]
    edges: list[tuple[int, int, int, int]]
    width: int
    height: int
    box_w: int = BOX_W
    box_h: int = BOX_H


def layout(forums: list[Forum]) -> Diagram:
    by_id = {f.pk: f for f in forums}
    depth: dict[int, int] = {}

    def level(f: Forum, seen: frozenset[int] = frozenset()) -> int:
        if f.pk not in depth:
            parent = by_id.get(f.reports_to_id or -1)
            depth[f.pk] = 0 if parent is None or parent.pk in seen else level(parent, seen | {f.pk}) + 1
        return depth[f.pk]

    rows: dict[int, list[Forum]] = {}
    for f in forums:
        rows.setdefault(level(f), []).append(f)
    widest = max((len(r) for r in rows.values()), default=1)
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    boxes: dict[int, Box] = {}
    for d, row in sorted(rows.items()):
        row_w = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - row_w) // 2
        for i, f in enumerate(row):
            boxes[f.pk] = Box(f, x0 + i * (BOX_W + GAP_X), MARGIN + d * (BOX_H + GAP_Y))
    edges = [
        (boxes[f.reports_to_id].cx, boxes[f.reports_to_id].y + BOX_H, boxes[f.pk].cx, boxes[f.pk].y)
        for f in forums
        if f.reports_to_id in boxes
    ]
    height = MARGIN * 2 + len(rows) * BOX_H + max(len(rows) - 1, 0) * GAP_Y
    return Diagram(list(boxes.values()), edges, width, height)
