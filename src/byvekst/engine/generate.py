"""Generated instances shaped like Miljøløftet's portfolio, for benchmarks and property tests.

Costs are lognormal around a median of 40 MNOK with a long tail (a few large public-transport projects of
several hundred MNOK), durations of 1–5 years with a hump-shaped profile, P85 15–45 % above P50, funding split
between two or three of four sources, value = cost × a benefit-per-krone ratio drawn lognormal (NNB-like, median
1.2) so that value-per-krone ranking is a sensible baseline. About 8 % of projects require another, about 10 %
come in pairs of alternatives, 5 % are mandatory (ongoing). Frames are about 45 % of what the candidates would
cost in the horizon, with balance rules per area and capacity for the largest owner.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from byvekst.engine.format import FORMAT

AREAS = ["Nordøst", "Sør", "Vest", "Bergen sentrum"]
FOCUS = ["Gange og sykkel", "Kollektivtrafikk", "Innfartsparkering", "Miljøvennlig teknologi"]
OWNERS = [
    "Bergen kommune",
    "Vestland fylkeskommune",
    "Statens vegvesen",
    "Askøy kommune",
    "Alver kommune",
    "Bjørnafjorden kommune",
    "Øygarden kommune",
]
OWNER_WEIGHTS = [0.35, 0.25, 0.15, 0.06, 0.06, 0.06, 0.07]
SOURCES = ["bompenger", "statlige_midler", "belonningsmidler", "fylkeskommunale_midler"]


def generate(
    n: int, horizon: int = 4, seed: int = 1, first_year: int = 2027, tightness: float = 0.45
) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    years = list(range(first_year, first_year + horizon))
    projects: list[dict[str, Any]] = []
    for i in range(n):
        total = float(np.exp(rng.normal(np.log(40), 1.0)))
        duration = int(rng.integers(1, 6))
        shape = np.sin(np.linspace(0.4, 2.7, duration)) + 0.2
        profile = (total * shape / shape.sum()).round(2)
        p85 = (profile * (1.15 + 0.3 * rng.random())).round(2)
        k = int(rng.integers(1, 4))
        chosen = rng.choice(len(SOURCES), size=k, replace=False)
        raw = rng.random(k) + 0.2
        shares = np.round(raw / raw.sum(), 3)
        shares[-1] = round(1.0 - shares[:-1].sum(), 3)
        funding = {SOURCES[j]: float(s) for j, s in zip(chosen, shares, strict=True)}
        earliest = first_year + int(rng.integers(0, max(1, horizon - 1)))
        latest = min(first_year + horizon - 1, earliest + int(rng.integers(0, 4)))
        projects.append(
            {
                "id": f"P{i:04d}",
                "name": f"Tiltak {i}",
                "owner": str(rng.choice(OWNERS, p=OWNER_WEIGHTS)),
                "area": AREAS[i % len(AREAS)],
                "focus_area": FOCUS[int(rng.integers(0, len(FOCUS)))],
                "cost_profile": [float(x) for x in profile],
                "cost_p85_profile": [float(x) for x in p85],
                "funding": funding,
                "value": round(float(total * np.exp(rng.normal(np.log(1.2), 0.6))), 2),
                "earliest_start": earliest,
                "latest_start": latest,
                "status": "candidate",
                "requires": [],
            }
        )
    ids = [p["id"] for p in projects]
    for i in range(n):
        u = rng.random()
        if u < 0.08 and i > 0:
            j = int(rng.integers(0, i))
            if projects[j]["earliest_start"] <= projects[i]["latest_start"]:
                projects[i]["requires"] = [ids[j]]
        elif u < 0.13 and i + 1 < n:
            projects[i]["exclusive_group"] = f"G{i}"
            projects[i + 1]["exclusive_group"] = f"G{i}"
        elif u < 0.18 and not projects[i]["requires"]:
            projects[i]["status"] = "mandatory"
            projects[i]["earliest_start"] = projects[i]["latest_start"] = first_year
            projects[i]["value"] = round(projects[i]["value"] * 0.3, 2)
    spend = {s: np.zeros(horizon) for s in SOURCES}
    for p in projects:
        for k, c in enumerate(p["cost_profile"]):
            t = p["earliest_start"] - first_year + k
            if t < horizon:
                for s, share in p["funding"].items():
                    spend[s][t] += share * c
    per_year = {s: float(v.sum()) / horizon for s, v in spend.items()}
    mandatory = {s: np.zeros(horizon) for s in SOURCES}
    for p in projects:
        if p["status"] == "mandatory":
            for k, c in enumerate(p["cost_profile"][:horizon]):
                for s, share in p["funding"].items():
                    mandatory[s][k] += share * c
    budget = {
        s: [round(max(tightness * per_year[s], float(mandatory[s][t]) * 1.05) + 1.0, 1) for t in range(horizon)]
        for s in SOURCES
    }
    bergen_year = tightness * sum(per_year.values()) * 0.45
    bergen_committed = [
        sum(
            c
            for p in projects
            if p["status"] == "mandatory" and p["owner"] == "Bergen kommune"
            for k, c in enumerate(p["cost_profile"])
            if k == t
        )
        for t in range(horizon)
    ]
    return {
        "format": FORMAT,
        "name": f"Generert {n} prosjekter, {horizon} år (frø {seed})",
        "currency_unit": "MNOK",
        "price_basis": "2026-kroner",
        "years": years,
        "funding_sources": SOURCES,
        "budget": budget,
        "carry_over": True,
        "discount_rate": 0.04,
        "cost_basis": "p50",
        "projects": projects,
        "balance": [{"dimension": "area", "value": a, "min_share": 0.1} for a in AREAS],
        "capacity": [
            {"owner": "Bergen kommune", "year": y, "max_spend": round(max(bergen_year, 1.1 * bergen_committed[t]), 1)}
            for t, y in enumerate(years)
        ],
    }
