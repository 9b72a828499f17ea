"""Make static/geo/coast-bergen.geojson: the land of the Bergen region from Natural Earth 1:10m (public domain),
as redistributed in the npm package world-atlas 2.0.2 (land-10m.json, TopoJSON). Run once by hand:
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/coast.py package/land-10m.json src/byvekst/static/geo/coast-bergen.geojson
The output is committed; the map draws it under the areas and projects instead of tiles (no tile server needed)."""

import json
import sys

WEST, EAST, SOUTH, NORTH = 2.5, 9.5, 58.8, 62.0


def arcs_of(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs, indexes):
    pts = []
    for i in indexes:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def clip(points, inside, cut):
    """One Sutherland–Hodgman pass against one edge of the box."""
    out = []
    for i, cur in enumerate(points):
        prev = points[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(cut(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cut(prev, cur))
    return out


def box(points):
    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, cut in (
        (lambda p: p[0] >= WEST, at_x(WEST)),
        (lambda p: p[0] <= EAST, at_x(EAST)),
        (lambda p: p[1] >= SOUTH, at_y(SOUTH)),
        (lambda p: p[1] <= NORTH, at_y(NORTH)),
    ):
        if not points:
            return []
        points = clip(points, inside, cut)
    return points


def main(src, dst):
    with open(src, encoding="utf-8") as f:
        topo = json.load(f)
    arcs = arcs_of(topo)
    polygons = []
    for geom in topo["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            rings = [box(ring(arcs, r)) for r in poly]
            if len(rings[0]) >= 4:
                polygons.append([[[round(x, 4), round(y, 4)] for x, y in r] for r in rings if len(r) >= 4])
    doc = {
        "type": "Feature",
        "properties": {"source": "Natural Earth 1:10m land, v4.1.0 (public domain), via world-atlas 2.0.2"},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
