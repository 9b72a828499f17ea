"""Demo frames for HP 2027–2030 and one scenario with a finished run. Frames are set below what the candidates
would cost so that the optimiser has to prioritise; Askøy, Alver and Øygarden have earmarked frames in
proportion to their 2019–2029 frames (FACTS §1.1, 4/11 of the period)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from byvekst.assessment.models import WeightSet
from byvekst.cases import services as cases
from byvekst.cases.scripted import Item, hold_meeting
from byvekst.governance.models import CaseKind, Forum, User
from byvekst.portfolio import services
from byvekst.portfolio.models import ActionProgramme, FrameVersion, Run, Scenario
from byvekst.projects.models import Project, SheetStatus

COUNCIL_WHY = "Prioriteringsrådet innstiller handlingsprogrammet til Styringsgruppen (mandatet, ansvar pkt. 1)."
COUNCIL_TEXT = "Prioriteringsrådet innstiller forslaget til handlingsprogram 2027–2030 til Styringsgruppen."
STEERING_TEXT = "Styringsgruppen vedtar handlingsprogram 2027–2030 og sender det til lokalpolitisk behandling."
AMOUNTS: dict[str, list[float]] = {
    "bompenger": [520, 540, 560, 580],
    "statlig_programomrade": [260, 270, 270, 280],
    "statlig_store_kollektiv": [180, 200, 220, 240],
    "belonningsmidler": [90, 90, 95, 95],
    "fylkeskommunal": [120, 120, 125, 125],
    "kommunal": [60, 60, 65, 65],
}


@transaction.atomic
def load_demo_frames() -> FrameVersion | None:
    """The frames as the secretariat drafts them (the Steering Group adopts them in a meeting: overview.demo)."""
    if FrameVersion.objects.exists():
        return None
    actor = User.objects.filter(username="sekretariat").first()
    return services.frame_create(
        actor=actor,
        name="Økonomiske rammer HP 2027–2030",
        first_year=2027,
        amounts=AMOUNTS,
        allocations=[
            {"dimension": "owner", "value": "Askøy", "max_total": 119.0},
            {"dimension": "owner", "value": "Alver", "max_total": 118.0},
            {"dimension": "owner", "value": "Øygarden", "max_total": 155.0},
        ],
    )


@transaction.atomic
def load_demo_run(frame: FrameVersion) -> Run:
    """A scenario on the adopted frames with the aggregate weights, and its finished run."""
    actor = User.objects.get(username="sekretariat")
    scenario = services.scenario_create(
        actor=actor,
        name="HP 2027–2030 alternativ A (samlede vekter)",
        frame=frame,
        projects=list(Project.objects.filter(status=SheetStatus.APPROVED)),
        weight_set=WeightSet.objects.filter(party__isnull=True).first(),
        balance=[{"dimension": "area", "value": a, "min_share": 0.1} for a in ("nordost", "sor", "vest", "sentrum")],
    )
    run = services.run_enqueue(actor=actor, scenario=scenario)
    services.work_once()
    run.refresh_from_db()
    return run


@transaction.atomic
def load_demo_programme(run: Run, council_at: dt.datetime, steering_at: dt.datetime) -> ActionProgramme:
    """The action programme's passage, as the organisation runs it: the coordination function's proposal, the
    Council's recommendation in a meeting, the Steering Group's decision in a meeting, and the approval of the
    city council and the county council (their own references), after which it is adopted."""
    actor = User.objects.get(username="sekretariat")
    programme = services.programme_propose(actor=actor, run=run, name="Handlingsprogram 2027–2030", officer=actor)
    assert programme.case is not None
    council = Forum.objects.get(kind=Forum.Kind.COUNCIL, ended_on__isnull=True)
    steering = Forum.objects.get(kind=Forum.Kind.STEERING, ended_on__isnull=True)
    hold_meeting(
        actor=actor,
        forum=council,
        starts_at=council_at,
        items=[Item(programme.case, CaseKind.INNSTILLING, COUNCIL_TEXT, {"why": COUNCIL_WHY})],
    )
    hold_meeting(
        actor=actor, forum=steering, starts_at=steering_at, items=[Item(programme.case, CaseKind.VEDTAK, STEERING_TEXT)]
    )
    for slug, reference, days in (
        ("bystyret-bergen", "Bystyret sak 2026/214", 4),
        ("fylkestinget-vestland", "FT-sak 2026/88", 3),
    ):
        treatment = programme.case.treatments.get(body__slug=slug)
        cases.treatment_outcome_record(
            actor=actor,
            treatment=treatment,
            outcome="approved",
            on=(steering_at + dt.timedelta(days=days)).date(),
            reference=reference,
        )
    programme.refresh_from_db()
    return programme


def load_scale_scenario(count: int) -> Run | None:
    """For ``byvekst demo --projects N``: a scenario of every quality-assured sheet on the adopted frames, queued for
    the worker (``make run`` starts it; the run page shows its progress). Made once per size."""
    name = f"Skalering: {count} syntetiske ark"
    frame = FrameVersion.objects.filter(status=FrameVersion.Status.ADOPTED).first()
    if frame is None or Scenario.objects.filter(name=name).exists():
        return None
    actor = User.objects.get(username="sekretariat")
    scenario = services.scenario_create(
        actor=actor,
        name=name,
        frame=frame,
        projects=list(Project.objects.filter(status=SheetStatus.APPROVED)),
        weight_set=WeightSet.objects.filter(party__isnull=True).first(),
    )
    return services.run_enqueue(actor=actor, scenario=scenario)
