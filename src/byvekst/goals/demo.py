"""The demo's indicator history, through the same services as the pages. Values the sources give (FACTS.md §2:
the RVU mode shares, the byindeks changes Miljøløftet reported) carry their source; the rest are made up and
marked as demo data. The 2024 byindeks is computed from a small synthetic set of registration points."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from byvekst.followup.selectors import adopted_version
from byvekst.goals import services
from byvekst.goals.configuration import load_indicators
from byvekst.goals.models import BenefitPlan, Indicator, IndicatorValue
from byvekst.goals.selectors import plan_from_sheet
from byvekst.governance.models import User
from byvekst.governance.selectors import group_leaders
from byvekst.projects.models import Project

SOURCED = [
    ("byindeks", 2019, 0.98, "Miljøløftet: −2 % 2018→2019"),
    ("byindeks", 2020, 0.902, "Miljøløftet: −9,8 % (pandemien)"),
    ("byindeks", 2023, 1.011, "Årsmelding 2023: +1,1 %"),
    ("rvu-bilandel", 2020, 62, "RVU"),
    ("rvu-bilandel", 2022, 56, "RVU"),
    ("rvu-bilandel", 2023, 54, "RVU 2023"),
    ("rvu-kollektivandel", 2023, 15, "RVU 2023"),
    ("rvu-gangandel", 2023, 24, "RVU 2023"),
    ("rvu-sykkelandel", 2023, 4, "RVU 2023"),
]
MADE_UP = [
    ("byindeks", 2021, 1.06),
    ("byindeks", 2022, 1.055),  # with the sourced years: 2023 level ≈ 2018 ("nådd, så vidt")
    ("pastigninger", 2021, 52.0),
    ("pastigninger", 2022, 61.5),
    ("pastigninger", 2023, 66.0),
    ("sykkelindeks", 2022, 104.0),
    ("sykkelindeks", 2023, 108.0),
    ("klimagass-veg", 2021, 402.0),
    ("klimagass-veg", 2022, 391.0),
    ("klimagass-veg", 2023, 377.0),
]
POINTS = 8


def point_csv(year: int, growth: dict[str, float], seed: int) -> str:
    """Hourly light-vehicle counts at the demo points, every hour of January–April of ``year`` (quieter at night;
    now and then an hour the equipment did not count in full)."""
    rng = random.Random(seed)
    rows = ["punkt;tidspunkt;lengdeklasse;antall;fulltallighet"]
    day = dt.date(year, 1, 1)
    while day < dt.date(year, 5, 1):
        for p in range(1, POINTS + 1):
            point = f"BRG-{p:02d}"
            base = 150 + 40 * p
            for hour in range(24):
                night = 0.2 if hour < 6 or hour > 21 else 1.0
                volume = round(base * night * growth[point] * (0.8 + 0.4 * rng.random()))
                complete = 100 if rng.random() > 0.01 else 95
                rows.append(f"{point};{day.isoformat()}T{hour:02d}:00;<5.6;{volume};{complete}")
        day += dt.timedelta(days=1)
    return "\n".join(rows)


@transaction.atomic
def load_demo_indicators() -> None:
    load_indicators()
    if IndicatorValue.objects.exists():
        return
    actor = User.objects.get(username="sekretariat")
    codes = {i.code: i for i in Indicator.objects.all()}
    for code, year, value, note in SOURCED:
        services.value_set(actor=actor, indicator=codes[code], year=year, month=None, value=value, note=note)
    for code, year, value in MADE_UP:
        services.value_set(
            actor=actor, indicator=codes[code], year=year, month=None, value=value, note="Demodata", is_demo=True
        )
    flat = {f"BRG-{p:02d}": 1.0 for p in range(1, POINTS + 1)}
    grown = {point: 1.0 + (0.02 if i % 3 else -0.015) for i, point in enumerate(flat)}
    services.byindeks_import(
        actor=actor, year=2024, current=point_csv(2024, grown, 2024), previous=point_csv(2023, flat, 2023), is_demo=True
    )


@transaction.atomic
def load_demo_benefit_plans() -> None:
    """Benefit plans from the sheets' expected effects on the programme's projects (the first eight with effect
    figures); two of them with a first measurement."""
    if BenefitPlan.objects.exists():
        return
    version = adopted_version()
    if version is None:
        return
    actor = User.objects.get(username="sekretariat")
    pt = Indicator.objects.filter(code="pastigninger").first()
    projects = Project.objects.filter(code__in=[s["code"] for s in version.selection]).order_by("code")
    made = 0
    for project in projects:
        data = plan_from_sheet(project)
        if not data or made >= 8:
            continue
        leader = group_leaders(project.area_code).first()
        data["responsible"] = str(leader.person) if leader else "Sekretariatet"
        plan = services.plan_create(actor=actor, project=project, indicator=pt, data=data)
        made += 1
        if made <= 2:
            services.realisation_add(
                actor=actor,
                plan=plan,
                year=plan.baseline_year,
                value=plan.baseline + plan.expected * 0.4,
                source="measurement",
                note="Demodata: første telling etter åpning",
            )
