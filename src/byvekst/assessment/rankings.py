"""Rankings computed once and kept until their inputs change (issue 17, ADR 0016).

A criteria set's ranking under each weight set, the points per criterion behind each value, the data coverage
and the stability interval of each weight are computed from the assessed sheets, their scores, the criteria and
the weights. At a thousand sheets that is a few hundred milliseconds of work; a page showing it is read far more
often than its inputs change. So the result is stored in :class:`RankingSnapshot` under a *fingerprint* of the
inputs, read in two narrow aggregate queries (the assessed sheets' number, ids and latest change; the same for
the set's scores) and the criteria and weights the page has loaded anyway. A reading whose fingerprint matches
the stored one uses it; any change to a sheet, a score, a criterion or a weight gives a new fingerprint and the
first reader after it computes and stores the new rankings. Nothing has to remember to invalidate anything."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum

from byvekst.assessment.models import CriteriaSet, Criterion, RankingSnapshot, Score, WeightSet
from byvekst.assessment.selectors import assessed_projects, raw_scores, spec
from byvekst.core.held import Held
from byvekst.engine.mcda import coverage, project_values, ranking, total, weight_stability

FORMAT = 1  # raise when the stored shape changes: every snapshot is then computed again
TOP = 5  # the stability interval keeps this many best projects the same


@dataclass(frozen=True)
class Ranked:
    place: int
    code: str
    title: str
    cost: float | None  # P50, MNOK
    value: float
    breakdown: dict[str, float]  # criterion code -> weighted points; they add up to the value
    coverage: float  # the share of the weight resting on criteria with data for the project

    @property
    def value_per_mnok(self) -> float | None:
        return self.value / self.cost if self.cost else None


class Rankings:
    """The stored rankings of one criteria set, read per weight set."""

    def __init__(self, data: dict[str, Any], key: str) -> None:
        self.data = data
        self.key = key  # the inputs' fingerprint: what is drawn from these rankings may be cached under it
        self._rows: dict[int, list[Ranked]] = {}
        self._places: dict[int, dict[str, int]] = {}

    def _of(self, ws: WeightSet) -> dict[str, Any]:
        return self.data["sets"][str(ws.pk)]

    def rows(self, ws: WeightSet) -> list[Ranked]:
        """Every assessed project, best first, under the weight set (built once per weight set and kept)."""
        if ws.pk not in self._rows:
            self._rows[ws.pk] = self._build(ws)
        return self._rows[ws.pk]

    def _build(self, ws: WeightSet) -> list[Ranked]:
        d, projects, criteria = self._of(ws), self.data["projects"], self.data["criteria"]
        return [
            Ranked(
                i + 1,
                code,
                projects[code][0],
                projects[code][1],
                value,
                dict(zip(criteria, parts, strict=True)),
                known,
            )
            for i, (code, value, parts, known) in enumerate(
                zip(d["order"], d["values"], d["breakdown"], d["coverage"], strict=True)
            )
        ]

    def places(self, ws: WeightSet) -> dict[str, int]:
        if ws.pk not in self._places:
            self._places[ws.pk] = {code: i + 1 for i, code in enumerate(self._of(ws)["order"])}
        return self._places[ws.pk]

    def stability(self, ws: WeightSet) -> dict[str, tuple[float, float]]:
        return {c: (lo, hi) for c, (lo, hi) in self._of(ws)["stability"].items()}


def fingerprint(cs: CriteriaSet, criteria: list[Criterion], weight_sets: list[WeightSet]) -> str:
    sheets = assessed_projects().order_by().aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"))
    scores = Score.objects.filter(criterion__criteria_set=cs).aggregate(
        n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"), total=Sum("value")
    )
    inputs = [
        FORMAT,
        sheets,
        scores,
        [spec(c) for c in criteria],
        [(ws.pk, ws.weights) for ws in weight_sets],
    ]
    return hashlib.sha256(json.dumps(inputs, default=str, sort_keys=True).encode()).hexdigest()


def compute(cs: CriteriaSet, criteria: list[Criterion], weight_sets: list[WeightSet]) -> dict[str, Any]:
    projects = list(assessed_projects())
    specs = [spec(c) for c in criteria]
    codes = [c.code for c in criteria]
    raw = raw_scores(cs, projects)
    sets = {}
    for ws in weight_sets:
        breakdown = project_values(specs, ws.weights, raw)
        known = coverage(specs, ws.weights, raw)
        values = {code: total(b) for code, b in breakdown.items()}
        order = ranking(values)
        sets[str(ws.pk)] = {
            "order": order,
            "values": [values[p] for p in order],
            "breakdown": [[breakdown[p].get(c, 0.0) for c in codes] for p in order],
            "coverage": [known[p] for p in order],
            "stability": weight_stability(specs, ws.weights, raw, top=TOP),
        }
    return {
        "criteria": codes,
        "projects": {p.code: [p.title, float(p.cost_p50) if p.cost_p50 is not None else None] for p in projects},
        "sets": sets,
    }


# The rankings each criteria set gave in this process, by their fingerprint: a reading whose fingerprint matches
# neither fetches nor decodes the stored snapshot again (at 1,000 sheets that is most of a page's time).
HELD: Held[Rankings] = Held(size=8)


def rankings(cs: CriteriaSet, criteria: list[Criterion], weight_sets: list[WeightSet]) -> Rankings:
    """The set's rankings: held in the process or read from the snapshot when the inputs are unchanged, else
    computed and stored."""
    key = fingerprint(cs, criteria, weight_sets)
    return HELD.get(cs.pk, key, lambda: Rankings(_stored(cs, criteria, weight_sets, key), key))


def _stored(cs: CriteriaSet, criteria: list[Criterion], weight_sets: list[WeightSet], key: str) -> dict[str, Any]:
    stored = RankingSnapshot.objects.filter(criteria_set=cs, fingerprint=key).values_list("data", flat=True).first()
    if stored is not None:
        return stored
    data = compute(cs, criteria, weight_sets)
    try:
        with transaction.atomic():
            RankingSnapshot.objects.update_or_create(criteria_set=cs, defaults={"fingerprint": key, "data": data})
    except IntegrityError:
        pass  # another request stored the same rankings at the same moment
    return data
