"""Reads for criteria: the value table (raw → points → weighted breakdown). The stored rankings of a whole set
are in :mod:`byvekst.assessment.rankings`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from byvekst.assessment.models import CriteriaSet, Criterion, Score
from byvekst.engine.mcda import CriterionSpec, coverage, project_values, ranking, total
from byvekst.projects.models import Project, SheetStatus

ASSESSED = (
    SheetStatus.APPROVED,
    SheetStatus.IN_PROGRAMME,
    SheetStatus.NOT_PRIORITISED,
    SheetStatus.SUBMITTED,
    SheetStatus.IN_REVIEW,
)


def current_set() -> CriteriaSet | None:
    return CriteriaSet.objects.filter(status=CriteriaSet.Status.ADOPTED).order_by("-number").first()


def spec(c: Criterion) -> CriterionSpec:
    return CriterionSpec(c.code, c.kind, c.scale_min, c.scale_max, c.higher_is_better, c.reference, c.missing)


def computed_value(project: Project, source: str) -> float | None:
    """A computed criterion's quantity, read from the sheet (None when the sheet does not say)."""
    if source == "car_trips_reduced":
        return None if project.car_trips_per_day is None else -float(project.car_trips_per_day)
    if source == "vehicle_km_reduced":
        return None if project.vehicle_km_per_day is None else -float(project.vehicle_km_per_day)
    if source == "sustainable_trips":
        parts = [project.walk_trips_per_day, project.cycle_trips_per_day, project.pt_trips_per_day]
        return None if all(p is None for p in parts) else float(sum(p or 0 for p in parts))
    if source == "net_benefit":
        return None if project.net_benefit is None else float(project.net_benefit)
    return None


@dataclass(frozen=True)
class Row:
    project: Project
    breakdown: dict[str, float]
    value: float
    coverage: float  # the share of the weight resting on criteria with data for this project

    @property
    def value_per_mnok(self) -> float | None:
        cost = self.project.cost_p50
        return self.value / float(cost) if cost else None


def raw_scores(cs: CriteriaSet, projects: list[Project]) -> dict[str, dict[str, float | None]]:
    criteria = list(cs.criteria.all())
    scores = {
        (s.project_id, s.criterion_id): s.value
        for s in Score.objects.filter(criterion__criteria_set=cs, project__in=projects)
    }
    return {
        p.code: {
            c.code: (
                computed_value(p, c.source_field) if c.kind == Criterion.Kind.COMPUTED else scores.get((p.pk, c.pk))
            )
            for c in criteria
        }
        for p in projects
    }


def assessed_projects() -> QuerySet[Project]:
    return Project.objects.filter(status__in=ASSESSED).select_related("owner").order_by("code")


def value_table(cs: CriteriaSet, weights: dict[str, float], projects: list[Project] | None = None) -> list[Row]:
    projects = projects if projects is not None else list(assessed_projects())
    specs = [spec(c) for c in cs.criteria.all()]
    raw = raw_scores(cs, projects)
    breakdown = project_values(specs, weights, raw)
    known = coverage(specs, weights, raw)
    by_code = {p.code: p for p in projects}
    values = {code: total(b) for code, b in breakdown.items()}
    return [Row(by_code[code], breakdown[code], values[code], known[code]) for code in ranking(values)]
