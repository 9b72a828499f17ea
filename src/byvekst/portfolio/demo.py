"""Demo frames for HP 2027–2030 and one scenario with a finished run. Frames are set below what the candidates
would cost so that the optimiser has to prioritise; Askøy, Alver and Øygarden have earmarked frames in
proportion to their 2019–2029 frames (FACTS §1.1, 4/11 of the period)."""

from __future__ import annotations

from django.db import transaction

from byvekst.assessment.models import WeightSet
from byvekst.governance.models import User
from byvekst.portfolio import services
from byvekst.portfolio.models import FrameVersion
from byvekst.projects.models import Project, SheetStatus

AMOUNTS: dict[str, list[float]] = {
    "bompenger": [520, 540, 560, 580],
    "statlig_programomrade": [260, 270, 270, 280],
    "statlig_store_kollektiv": [180, 200, 220, 240],
    "belonningsmidler": [90, 90, 95, 95],
    "fylkeskommunal": [120, 120, 125, 125],
    "kommunal": [60, 60, 65, 65],
}


@transaction.atomic
def load_demo_portfolio() -> bool:
    if FrameVersion.objects.exists():
        return False
    actor = User.objects.filter(username="sekretariat").first()
    frame = services.frame_create(
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
    services.frame_adopt(actor=actor, frame=frame, decision_ref="Styringsgruppen, sak 2026/52 (SG-2026-12)")
    scenario = services.scenario_create(
        actor=actor,
        name="HP 2027–2030 alternativ A (samlede vekter)",
        frame=frame,
        projects=list(Project.objects.filter(status=SheetStatus.APPROVED)),
        weight_set=WeightSet.objects.filter(party__isnull=True).first(),
        balance=[{"dimension": "area", "value": a, "min_share": 0.1} for a in ("nordost", "sor", "vest", "sentrum")],
    )
    services.run_enqueue(actor=actor, scenario=scenario)
    services.work_once()
    return True
