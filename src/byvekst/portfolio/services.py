"""Writes for frames, scenarios, runs and the action programme; each records its audit event in the same
transaction. :func:`run_execute` is the background work, called by ``byvekst worker``."""

from __future__ import annotations

import hashlib
import json
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from byvekst.assessment.models import WeightSet
from byvekst.assessment.selectors import raw_scores
from byvekst.assessment.selectors import spec as criterion_spec
from byvekst.audit.services import record
from byvekst.cases import services as cases
from byvekst.cases.models import Decision, Treatment
from byvekst.core import jobs
from byvekst.core.decisions import DecisionRef
from byvekst.core.limits import MAX_SEED, money_error, year_error
from byvekst.engine.analysis import LinearValueModel, frontier, gain_over_ranking, price_fixed_frames, robust
from byvekst.engine.format import parse_instance, result_to_dict
from byvekst.engine.mcda import points as criterion_points
from byvekst.engine.milp import optimise
from byvekst.engine.uncertainty import simulate
from byvekst.engine.why import explain_selection
from byvekst.governance.models import CaseKind, Forum, OutsideBody, Subject, User
from byvekst.portfolio.adapter import scenario_to_instance
from byvekst.portfolio.models import ActionProgramme, FrameVersion, ProgrammeVersion, Run, Scenario
from byvekst.projects.models import Project, SheetStatus
from byvekst.projects.services import sheet_set_status

TIME_LIMIT = 30.0
PROGRAMME = "portfolio.actionprogramme"
FRAMES = "portfolio.frameversion"


@transaction.atomic
def frame_create(
    *,
    actor: Any,
    name: str,
    first_year: int,
    amounts: Mapping[str, Sequence[float | None]],
    years: int = 4,
    allocations: list[dict[str, Any]] | None = None,
    carry_over: bool = True,
    price_basis: str = "2026-kroner",
    totals: dict[str, float] | None = None,
    year_totals: list[float | None] | None = None,
) -> FrameVersion:
    """Frames as the sources give them: per source and year (a year may be ``None``: no frame of its own), a total
    per source over the period, a total per year over all sources, or a mix."""
    totals = totals or {}
    amounts = {**{s: [None] * years for s in totals if s not in amounts}, **{s: list(v) for s, v in amounts.items()}}
    errors = {
        s: _("Give one amount for each of the %(n)s years.") % {"n": years}
        for s, v in amounts.items()
        if len(v) != years
    }
    if year_totals is not None and len(year_totals) != years:
        errors["year_totals"] = _("Give one amount for each of the %(n)s years.") % {"n": years}
    unlimited = [s for s, v in amounts.items() if any(x is None for x in v) and s not in totals]
    if unlimited and year_totals is None:
        errors["amounts"] = _("%(s)s has years without a frame: give its total over the period.") % {"s": unlimited[0]}
    problems = [
        money_error(x)
        for x in [*(x for v in amounts.values() for x in v), *totals.values(), *(year_totals or [])]
        if x is not None
    ]
    if any(problems):
        errors["amounts"] = next(p for p in problems if p)
    for entry in allocations or []:
        for key in ("min_total", "max_total"):
            if entry.get(key) is not None and money_error(entry[key]):
                errors["earmarked"] = str(money_error(entry[key]))
    if not name.strip() or len(name) > 200:
        errors["name"] = _("Give a name of at most 200 characters.")
    if year_error(first_year) or not 1 <= years <= 12:
        errors["first_year"] = year_error(first_year) or _("A programme period has 1 to 12 years.")
    if errors:
        raise ValidationError(errors)
    number = (FrameVersion.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    frame = FrameVersion.objects.create(
        number=number,
        name=name,
        first_year=first_year,
        years=years,
        amounts=amounts,
        totals=totals,
        year_totals=year_totals,
        allocations=allocations or [],
        carry_over=carry_over,
        price_basis=price_basis,
    )
    record(
        actor=actor,
        event_type="frames.created",
        obj=frame,
        new={"amounts": amounts, "totals": totals, "year_totals": year_totals, "first_year": first_year},
    )
    return frame


@transaction.atomic
def frame_adopt(*, actor: Any, frame: FrameVersion, decision: DecisionRef) -> FrameVersion:
    """The Steering Group's decision adopts the frames; they never change again (a new version replaces them)."""
    frame = FrameVersion.objects.select_for_update().get(pk=frame.pk)
    if frame.status == FrameVersion.Status.ADOPTED:
        raise ValidationError({"status": _("These frames are already adopted.")})
    frame.status, frame.decision = FrameVersion.Status.ADOPTED, Decision.objects.get(number=decision.number)
    frame.save()
    record(actor=actor, event_type="frames.adopted", obj=frame, new={"decision": decision.number})
    return frame


@transaction.atomic
def scenario_create(
    *,
    actor: Any,
    name: str,
    frame: FrameVersion,
    projects: list[Project],
    cost_basis: str = "p50",
    weight_set: WeightSet | None = None,
    mandatory: list[str] | None = None,
    excluded: list[str] | None = None,
    balance: list[dict[str, Any]] | None = None,
    capacity: list[dict[str, Any]] | None = None,
    owner_capacity: dict[str, float] | None = None,
    revision: dict[str, Any] | None = None,
) -> Scenario:
    if not name.strip() or len(name) > 200:
        raise ValidationError({"name": _("Give the scenario a name of at most 200 characters.")})
    if any(money_error(v) for v in (owner_capacity or {}).values()):
        raise ValidationError({"owner_capacity": _("Give each capacity as a number of person-months.")})
    if not projects:
        raise ValidationError({"projects": _("Choose at least one candidate project.")})
    scenario = Scenario.objects.create(
        name=name.strip(),
        frame=frame,
        cost_basis=cost_basis,
        weight_set=weight_set,
        criteria_set=weight_set.criteria_set if weight_set else None,
        mandatory=mandatory or [],
        excluded=excluded or [],
        balance=balance or [],
        capacity=capacity or [],
        owner_capacity=owner_capacity or {},
        revision=revision or {},
        created_by=actor,
    )
    scenario.projects.set(projects)
    try:
        scenario_to_instance(scenario)
    except Exception as exc:  # an invalid rule (e.g. a balance share above 1) is the user's input
        raise ValidationError({"balance": str(exc)}) from exc
    record(
        actor=actor,
        event_type="scenario.created",
        obj=scenario,
        new={"name": scenario.name, "frame": frame.number, "projects": [p.code for p in projects]},
    )
    return scenario


@transaction.atomic
def run_enqueue(
    *,
    actor: Any,
    scenario: Scenario,
    fixed: dict[str, int | None] | None = None,
    base_run: Run | None = None,
    seed: int = 2027,
) -> Run:
    errors = run_input_errors(scenario, fixed or {}, seed)
    if errors:
        raise ValidationError(errors)
    run = Run.objects.create(
        scenario=scenario,
        fixed=fixed or {},
        base_run=base_run,
        seed=seed,
        created_by=actor,
        message=_("Waiting for the worker"),
    )
    record(actor=actor, event_type="run.queued", obj=run, new={"scenario": scenario.pk, "fixed": run.fixed})
    return run


def run_input_errors(scenario: Scenario, fixed: dict[str, int | None], seed: int) -> dict[str, str]:
    """Adjustments name the scenario's own projects and start years in its period; the seed is in range."""
    errors: dict[str, str] = {}
    if not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        errors["seed"] = _("The seed is a whole number from 0 to %(n)s.") % {"n": MAX_SEED}
    windows = {
        code: (earliest, latest)
        for code, earliest, latest in scenario.projects.values_list("code", "earliest_start", "latest_start")
    }
    years = scenario.frame.year_list
    for code, start in fixed.items():
        if code not in windows:
            errors["fixed"] = _("%(code)s is not a candidate in this scenario.") % {"code": code}
            continue
        earliest, latest = windows[code]
        first, last = max(years[0], earliest or years[0]), min(years[-1], latest or years[-1])
        if start is not None and not first <= start <= last:
            window = f"{first}–{last}" if first < last else str(first)
            errors["fixed"] = (
                _("%(code)s can only be forced to start in %(years)s.") % {"code": code, "years": window}
                if first <= last
                else _("%(code)s cannot start inside this period.") % {"code": code}
            )
    return errors


def _audit_reclaim(run: Run, outcome: str) -> None:
    record(actor=None, event_type=f"run.{outcome}", obj=run, new={"attempts": run.attempts, "message": run.message})


def claim_next() -> Run | None:
    """Take back runs whose worker died, then take the oldest queued run."""
    jobs.reclaim_stale(Run, _audit_reclaim)
    return jobs.claim(Run)


def _progress(run: Run) -> Callable[[int, str], None]:
    def report(percent: int, message: str) -> None:
        jobs.report_progress(run, percent, message)

    return report


def _weight_sets(scenario: Scenario) -> list[WeightSet]:
    if scenario.criteria_set is None:
        return []
    return list(scenario.criteria_set.weight_sets.select_related("party").filter(party__isnull=False))


def run_execute(run: Run) -> Run:
    """The background work: build the instance, optimise, explain, and analyse. Stores everything on the run."""
    report = _progress(run)
    try:
        report(5, _("Building the instance from the sheets"))
        doc, notes = scenario_to_instance(run.scenario)
        inst = parse_instance(doc)
        report(15, _("Optimising"))
        result = optimise(inst, time_limit=TIME_LIMIT, gap=1e-4, fixed=run.fixed or None)
        why = explain_selection(inst, result, fixed=run.fixed or None) if result.selected else {}
        analysis: dict[str, Any] = {"notes": notes, "why": {pid: r.as_dict() for pid, r in why.items()}}
        if result.status in ("optimal", "feasible"):
            report(40, _("Comparing with ranking by value per krone"))
            gain = gain_over_ranking(inst, optimum=result)
            analysis["baseline"] = {
                "objective": gain.baseline.objective,
                "gain": gain.gain,
                "gain_share": gain.gain_share,
            }
            report(55, _("Simulating cost uncertainty"))
            sim = simulate(inst, result.starts, draws=5000, correlation=0.3, seed=run.seed)
            analysis["simulation"] = {k: v for k, v in sim.__dict__.items()}
            report(70, _("Computing the efficient frontier"))
            points = frontier(inst, [round(f, 2) for f in np.linspace(0.6, 1.4, 9)], time_limit=10, gap=1e-3)
            analysis["frontier"] = [
                {"factor": p.factor, "budget": p.budget_total, "value": p.objective} for p in points
            ]
            weight_sets = _weight_sets(run.scenario)
            if weight_sets and run.scenario.criteria_set is not None:
                report(85, _("Core index across the parties' weights"))
                cs = run.scenario.criteria_set
                specs = {c.code: criterion_spec(c) for c in cs.criteria.all()}
                raw = raw_scores(cs, list(run.scenario.projects.all()))
                scores = {pid: {c: criterion_points(specs[c], v) for c, v in row.items()} for pid, row in raw.items()}
                rb = robust(
                    inst,
                    LinearValueModel(scores),
                    {ws.label: ws.weights for ws in weight_sets},
                    time_limit=10,
                    gap=1e-3,
                )
                analysis["core_index"] = rb.core_index
                analysis["core_sets"] = len(weight_sets)  # how many parties' weight sets the index is over
            owners = {p.owner for p in inst.projects}
            share = {o: sum(sum(p.cost_profile) for p in inst.projects if p.owner == o) for o in owners}
            total_cost = sum(share.values()) or 1.0
            budget = inst.frames_total()
            frames = {o: budget * c / total_cost for o, c in share.items()}
            ff = price_fixed_frames(inst, frames, time_limit=10, gap=1e-3)
            analysis["fixed_frames"] = {"frames": frames, "loss": ff.loss, "loss_share": ff.loss_share}
        run.instance, run.result, run.analysis = doc, result_to_dict(result), analysis
        run.status, run.progress, run.message = Run.Status.DONE, 100, _("Done")
    except Exception as exc:  # the run must end visibly, whatever failed; the trace is kept for the admin
        run.status, run.message, run.error = Run.Status.FAILED, str(exc)[:200], traceback.format_exc()
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        stored: dict[str, Any] = run.result or {}
        record(
            actor=run.created_by,
            event_type="run.finished",
            obj=run,
            new={
                "status": run.status,
                "result_status": stored.get("status"),
                "objective": stored.get("objective"),
                "selected": len(stored.get("selected", [])),
                "result_sha256": hashlib.sha256(json.dumps(stored, sort_keys=True, default=str).encode()).hexdigest(),
            },
        )
    return run


def work_once(stop: jobs.Stop | None = None) -> int:
    """Process queued runs until the queue is empty (or a stop is requested); return how many were processed.
    A stop request lets the run in hand finish: runs are bounded by their solver time limits."""
    count = 0
    while not (stop and stop.requested) and (run := claim_next()) is not None:
        with jobs.beating(run):
            run_execute(run)
        count += 1
    return count


# ----------------------------------------------------------------------------------------- action programme


def _selection(run: Run, starts: dict[str, int]) -> list[dict[str, Any]]:
    projects = {p.code: p for p in Project.objects.filter(code__in=list(starts)).select_related("owner")}
    return [
        {
            "code": code,
            "start": start,
            "title": projects[code].title,
            "owner": projects[code].owner.short_name,
            "area": projects[code].area_code,
            "programme_area": projects[code].programme_area_code,
            "cost_p50": float(projects[code].cost_p50 or 0),
            "profile": projects[code].cost_profile,
            "funding": projects[code].funding,
        }
        for code, start in sorted(starts.items())
    ]


def _add_version(
    actor: Any,
    programme: ActionProgramme,
    stage: str,
    run: Run | None,
    starts: dict[str, int],
    reason: str,
    *,
    treatment: Treatment | None = None,
    decision: Decision | None = None,
) -> ProgrammeVersion:
    ActionProgramme.objects.select_for_update().filter(pk=programme.pk).first()  # one new version at a time
    number = (programme.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    previous = programme.versions.first()
    source = run or (previous.run if previous else None)
    version = ProgrammeVersion.objects.create(
        programme=programme,
        number=number,
        stage=stage,
        run=source,
        selection=_selection(source, starts) if source else [],
        reason=reason,
        treatment=treatment,
        decision=decision,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    programme.stage = stage
    programme.save(update_fields=["stage"])
    return version


@transaction.atomic
def programme_propose(*, actor: Any, run: Run, name: str, officer: User) -> ActionProgramme:
    """Samordningsfunksjonen's proposal: a programme from a run, and its case, sent to Prioriteringsrådet for a
    recommendation. From here the programme moves only by decisions (``cases.effects``)."""
    if run.status != Run.Status.DONE or not run.result or run.result["status"] not in ("optimal", "feasible"):
        raise ValidationError({"run": _("Only a finished run with a portfolio can become a proposal.")})
    frame = run.scenario.frame
    revised = (run.scenario.revision or {}).get("programme")
    programme = ActionProgramme.objects.create(
        name=name,
        first_year=frame.first_year,
        last_year=frame.first_year + frame.years - 1,
        replaces=ActionProgramme.objects.filter(pk=revised).first() if revised else None,
    )
    case = cases.case_open(
        actor=actor,
        title=name,
        subject=Subject.ACTION_PROGRAMME,
        officer=officer,
        projects=list(run.scenario.projects.all()),
        targets=[(PROGRAMME, str(programme.pk))],
    )
    programme.case = case
    programme.save(update_fields=["case"])
    council = Forum.objects.get(kind=Forum.Kind.COUNCIL, ended_on__isnull=True)
    cases.treatment_add(actor=actor, case=case, kind=CaseKind.INNSTILLING, forum=council)
    starts = {s["id"]: s["start"] for s in run.result["selected"]}
    version = _add_version(
        actor,
        programme,
        ActionProgramme.Stage.PROPOSAL,
        run,
        starts,
        _("Proposal from the coordination function, run %(r)s.") % {"r": run.pk},
    )
    record(
        actor=actor,
        event_type="programme.proposed",
        obj=programme,
        new={"version": version.number, "case": case.number, "projects": len(starts)},
    )
    return programme


@transaction.atomic
def programme_amend(
    *, actor: Any, programme: ActionProgramme, changes: dict[str, int | None], reason: str
) -> ProgrammeVersion:
    """A change to the proposal before the Council decides (code -> new start, or None to take it out): a new
    version with its reason; the Council's recommendation is on the newest version."""
    if programme.stage != ActionProgramme.Stage.PROPOSAL:
        raise ValidationError({"stage": _("Only a proposal can be changed; after that, decisions move it.")})
    if not changes:
        raise ValidationError({"changes": _("Choose at least one change.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the changes.")})
    current = programme.versions.first()
    assert current is not None
    years = range(programme.first_year, programme.last_year + 1)
    starts = {s["code"]: s["start"] for s in current.selection}
    for code, start in changes.items():
        if start is None:
            starts.pop(code, None)
        elif start not in years:
            raise ValidationError({"changes": _("A start must lie in %(a)s–%(b)s.") % {"a": years[0], "b": years[-1]}})
        else:
            starts[code] = start
    version = _add_version(actor, programme, ActionProgramme.Stage.PROPOSAL, None, starts, reason.strip())
    record(
        actor=actor,
        event_type="programme.amended",
        obj=programme,
        new={"version": version.number, "changes": changes, "reason": version.reason},
    )
    return version


def _decision(ref: DecisionRef) -> Decision:
    return Decision.objects.select_related("item__treatment").get(number=ref.number)


def programme_recommend(actor: Any, ref: DecisionRef, programme: ActionProgramme) -> str:
    """Effect of the Council's recommendation: the newest version, recommended; the case goes on to the
    Steering Group."""
    decision = _decision(ref)
    current = programme.versions.first()
    assert current is not None
    version = _add_version(
        actor,
        programme,
        ActionProgramme.Stage.RECOMMENDATION,
        None,
        {s["code"]: s["start"] for s in current.selection},
        current.reason,
        treatment=decision.item.treatment,
        decision=decision,
    )
    if programme.case:
        steering = Forum.objects.get(kind=Forum.Kind.STEERING, ended_on__isnull=True)
        cases.treatment_add(actor=actor, case=programme.case, kind=CaseKind.VEDTAK, forum=steering)
    record(
        actor=actor,
        event_type="programme.recommended",
        obj=programme,
        new={"version": version.number, "decision": ref.number},
    )
    return programme.get_absolute_url()


def programme_decide(actor: Any, ref: DecisionRef, programme: ActionProgramme) -> str:
    """Effect of the Steering Group's decision: the decided version, and the case sent to the outside bodies
    that must approve it (configuration: ``OutsideBody.required_for_programme``)."""
    decision = _decision(ref)
    current = programme.versions.first()
    assert current is not None
    version = _add_version(
        actor,
        programme,
        ActionProgramme.Stage.DECISION,
        None,
        {s["code"]: s["start"] for s in current.selection},
        current.reason,
        treatment=decision.item.treatment,
        decision=decision,
    )
    bodies = list(OutsideBody.objects.filter(required_for_programme=True))
    for body in bodies:
        if programme.case:
            cases.treatment_add(actor=actor, case=programme.case, kind=CaseKind.VEDTAK, body=body)
    record(
        actor=actor,
        event_type="programme.decided",
        obj=programme,
        new={"version": version.number, "decision": ref.number, "local": [b.name for b in bodies]},
    )
    if not bodies:
        programme_adopt(actor=actor, programme=programme)
    return programme.get_absolute_url()


def programme_outside_outcome(actor: Any, treatment: Treatment) -> None:
    """An outside body's outcome on a programme's case: adopted once every required body has approved."""
    programme = ActionProgramme.objects.filter(case=treatment.case_id).first()
    if programme is None or programme.stage != ActionProgramme.Stage.DECISION:
        return
    required = set(OutsideBody.objects.filter(required_for_programme=True).values_list("pk", flat=True))
    latest = programme.versions.first()
    assert latest is not None
    outcomes = {
        t.body_id: t.outcome_status
        for t in programme.case.treatments.filter(body__isnull=False, created_at__gte=latest.created_at)  # type: ignore[union-attr]
    }
    approved = {Treatment.Outcome.APPROVED, Treatment.Outcome.CHANGED}
    if all(outcomes.get(pk) in approved for pk in required):
        programme_adopt(actor=actor, programme=programme, last=treatment)


@transaction.atomic
def programme_adopt(*, actor: Any, programme: ActionProgramme, last: Treatment | None = None) -> ProgrammeVersion:
    """Adopted after the required local political treatment: the version projects are followed up against. Each
    sheet moves to "in the action programme" or "not prioritised" through the sheet services."""
    if programme.stage != ActionProgramme.Stage.DECISION:
        raise ValidationError({"stage": _("A programme is adopted after the Steering Group's decision.")})
    current = programme.versions.first()
    assert current is not None
    version = _add_version(
        actor,
        programme,
        ActionProgramme.Stage.ADOPTED,
        None,
        {s["code"]: s["start"] for s in current.selection},
        current.reason,
        treatment=last or current.treatment,
        decision=current.decision,
    )
    programme.is_public = True
    programme.save(update_fields=["is_public"])
    chosen = {s["code"] for s in version.selection}
    reason = _("Adopted in %(p)s, version %(v)s") % {"p": programme, "v": version.number}
    for project in Project.objects.filter(code__in=chosen).exclude(status=SheetStatus.IN_PROGRAMME):
        sheet_set_status(actor=actor, project=project, status=SheetStatus.IN_PROGRAMME, reason=reason)
    candidates = Project.objects.filter(cases=programme.case) if programme.case else Project.objects.none()
    left_out = _("Not prioritised in %(p)s, version %(v)s") % {"p": programme, "v": version.number}
    # A revision may also take out a sheet that was in the programme it replaces.
    for project in candidates.exclude(code__in=chosen).filter(
        status__in=[SheetStatus.APPROVED, SheetStatus.IN_PROGRAMME]
    ):
        sheet_set_status(actor=actor, project=project, status=SheetStatus.NOT_PRIORITISED, reason=left_out)
    record(
        actor=actor,
        event_type="programme.adopted",
        obj=programme,
        new={"version": version.number, "projects": sorted(chosen)},
    )
    return version


def programme_compare(a: ProgrammeVersion, b: ProgrammeVersion) -> dict[str, list[Any]]:
    sa = {s["code"]: s for s in a.selection}
    sb = {s["code"]: s for s in b.selection}
    return {
        "added": [sb[c] for c in sorted(set(sb) - set(sa))],
        "removed": [sa[c] for c in sorted(set(sa) - set(sb))],
        "moved": [(sa[c], sb[c]) for c in sorted(set(sa) & set(sb)) if sa[c]["start"] != sb[c]["start"]],
    }
