"""Re-prioritisation and the annual revision (rullering): a scenario that starts from the programme in force.

Projects under way (their adopted start has come, or money has been spent) are kept: their start is fixed at the
revision's first year and their cost is what remains of the newest forecast after the spend to date, spread over
the years their profile has left. Projects not yet started come back as candidates with their newest forecast.
Quality-assured sheets that are not in the programme compete for what is left. The engine then re-optimises the
open part, and the run page shows what changes against the programme in force (``portfolio.summary``).
docs/decisions/0013-revision.md."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.audit.services import record
from byvekst.followup import selectors
from byvekst.followup.models import StatusReport
from byvekst.portfolio import services as portfolio
from byvekst.portfolio.models import FrameVersion, Run, Scenario
from byvekst.projects.models import Project, SheetStatus


def _spread(profile: list[float], amount: float) -> list[float]:
    """``amount`` over the years of ``profile`` in its proportions (evenly when the profile is all zero)."""
    if not profile:
        return [round(amount, 4)]
    total = sum(profile)
    shares = [p / total for p in profile] if total > 0 else [1 / len(profile)] * len(profile)
    return [round(amount * s, 4) for s in shares]


def override(
    project: Project, adopted_start: int, first_year: int, report: StatusReport | None, this_year: int
) -> dict[str, Any]:
    """How the revision sees one programme project: fixed at its remaining cost when under way, else a candidate
    with its newest forecast."""
    profile = [float(x) for x in project.cost_profile] or [float(project.cost_p50 or 0)]
    p50 = float(report.forecast_p50) if report else float(project.cost_p50 or sum(profile))
    p85 = float(report.forecast_p85) if report and report.forecast_p85 else float(project.cost_p85 or p50)
    spent = float(report.spent_to_date) if report else 0.0
    under_way = adopted_start <= this_year or spent > 0
    if not under_way:
        return {
            "fixed": False,
            "start": adopted_start,
            "cost_profile": _spread(profile, p50),
            "cost_p85_profile": _spread(profile, p85),
        }
    passed = max(0, first_year - adopted_start)
    rest = profile[passed:] or profile[-1:]
    return {
        "fixed": True,
        "start": first_year,
        "spent": spent,
        "cost_profile": _spread(rest, max(p50 - spent, 0.0)),
        "cost_p85_profile": _spread(rest, max(p85 - spent, 0.0)),
    }


@transaction.atomic
def revision_start(*, actor: Any, frame: FrameVersion, name: str, reason: str) -> Run:
    """A revision scenario from the programme in force on the given frames, queued for the worker."""
    version = selectors.adopted_version()
    errors = {}
    if version is None:
        errors["programme"] = _("No action programme is adopted, so there is nothing to revise.")
    if not reason.strip():
        errors["reason"] = _("Say why the programme is revised (a deviation, the annual revision).")
    if errors:
        raise ValidationError(errors)
    assert version is not None
    adopted = {s["code"]: s["start"] for s in version.selection}
    in_programme = list(Project.objects.filter(code__in=list(adopted)))
    newest: dict[str, StatusReport] = {}
    for r in selectors.reports().filter(project__code__in=list(adopted)).order_by("-year", "-period", "-version"):
        newest.setdefault(r.project.code, r)
    this_year = timezone.localdate().year
    overrides = {
        p.code: override(p, adopted[p.code], frame.first_year, newest.get(p.code), this_year) for p in in_programme
    }
    others = list(Project.objects.filter(status__in=[SheetStatus.APPROVED, SheetStatus.NOT_PRIORITISED]))
    base = version.run.scenario if version.run else None
    scenario: Scenario = portfolio.scenario_create(
        actor=actor,
        name=name,
        frame=frame,
        projects=in_programme + others,
        cost_basis=base.cost_basis if base else "p50",
        weight_set=base.weight_set if base else None,
        balance=base.balance if base else [],
        revision={
            "programme": version.programme_id,
            "version": version.pk,
            "reason": reason.strip(),
            "overrides": overrides,
        },
    )
    record(
        actor=actor,
        event_type="programme.revision_started",
        obj=version.programme,
        new={
            "scenario": scenario.name,
            "frames": str(frame),
            "reason": reason.strip(),
            "under_way": sorted(c for c, o in overrides.items() if o["fixed"]),
        },
    )
    return portfolio.run_enqueue(actor=actor, scenario=scenario)
